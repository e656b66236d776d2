package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// Workers' accounts are kept without expiry; sessions expire like
// conversations. In Redis the accounts are one hash (one key, one slot).

func (e *Embedded) PutUser(_ context.Context, u User) error {
	value, err := json.Marshal(u)
	if err != nil {
		return err
	}
	return e.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kindUsers)).Put([]byte(u.Email), value)
	})
}

func (e *Embedded) GetUser(_ context.Context, email string) (u User, found bool, err error) {
	err = e.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte(kindUsers)).Get([]byte(email))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &u)
	})
	return u, found, err
}

func (e *Embedded) Users(_ context.Context) ([]User, error) {
	var users []User
	err := e.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kindUsers)).ForEach(func(_, v []byte) error {
			var u User
			if err := json.Unmarshal(v, &u); err != nil {
				return err
			}
			users = append(users, u)
			return nil
		})
	})
	return users, err
}

func (e *Embedded) PutSession(_ context.Context, id, email string, ttl time.Duration) error {
	return e.put(kindSession, id, []byte(email), ttl)
}

func (e *Embedded) GetSession(_ context.Context, id string) (email string, found bool, err error) {
	err = e.db.View(func(tx *bolt.Tx) error {
		if v, ok := live(tx.Bucket([]byte(kindSession)).Get([]byte(id)), time.Now()); ok {
			email, found = string(bytes.Clone(v)), true
		}
		return nil
	})
	return email, found, err
}

func (e *Embedded) DeleteSession(_ context.Context, id string) error {
	return e.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kindSession)).Delete([]byte(id))
	})
}

func (r *Redis) PutUser(ctx context.Context, u User) error {
	value, err := json.Marshal(u)
	if err != nil {
		return err
	}
	if err := r.client.HSet(ctx, r.key(kindUsers, "all"), u.Email, value).Err(); err != nil {
		return fail(err)
	}
	return nil
}

func (r *Redis) GetUser(ctx context.Context, email string) (User, bool, error) {
	v, err := r.client.HGet(ctx, r.key(kindUsers, "all"), email).Bytes()
	if errors.Is(err, redis.Nil) {
		return User{}, false, nil
	}
	if err != nil {
		return User{}, false, fail(err)
	}
	var u User
	if err := json.Unmarshal(v, &u); err != nil {
		return User{}, false, fmt.Errorf("store: account %s is damaged: %w", email, err)
	}
	return u, true, nil
}

func (r *Redis) Users(ctx context.Context) ([]User, error) {
	all, err := r.client.HGetAll(ctx, r.key(kindUsers, "all")).Result()
	if err != nil {
		return nil, fail(err)
	}
	users := make([]User, 0, len(all))
	for email, v := range all {
		var u User
		if err := json.Unmarshal([]byte(v), &u); err != nil {
			return nil, fmt.Errorf("store: account %s is damaged: %w", email, err)
		}
		users = append(users, u)
	}
	sort.Slice(users, func(i, j int) bool { return users[i].Email < users[j].Email })
	return users, nil
}

func (r *Redis) PutSession(ctx context.Context, id, email string, ttl time.Duration) error {
	return r.set(ctx, r.key(kindSession, id), []byte(email), ttl)
}

func (r *Redis) GetSession(ctx context.Context, id string) (string, bool, error) {
	v, err := r.client.Get(ctx, r.key(kindSession, id)).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fail(err)
	}
	return v, true, nil
}

func (r *Redis) DeleteSession(ctx context.Context, id string) error {
	if err := r.client.Del(ctx, r.key(kindSession, id)).Err(); err != nil {
		return fail(err)
	}
	return nil
}
