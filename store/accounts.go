package store

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// Workers' accounts are kept without expiry; sessions expire like
// conversations. In Redis the accounts are one hash (one key, one slot).

func (e *Embedded) PutUser(_ context.Context, u User) error {
	return e.putJSON(kindUsers, u.Email, u, false)
}

func (e *Embedded) GetUser(_ context.Context, email string) (User, bool, error) {
	return getJSON[User](e, kindUsers, email)
}

// Users come sorted by email: bbolt keeps keys in order.
func (e *Embedded) Users(_ context.Context) ([]User, error) {
	return allJSON[User](e, kindUsers)
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

// usersKey is the one hash that holds every account.
func (r *Redis) usersKey() string { return r.key(kindUsers, "all") }

func (r *Redis) PutUser(ctx context.Context, u User) error {
	return r.hashPut(ctx, r.usersKey(), u.Email, u, false)
}

func (r *Redis) GetUser(ctx context.Context, email string) (User, bool, error) {
	return hashGet[User](ctx, r, r.usersKey(), email)
}

func (r *Redis) Users(ctx context.Context) ([]User, error) {
	users, err := hashAll[User](ctx, r, r.usersKey())
	slices.SortFunc(users, func(a, b User) int { return strings.Compare(a.Email, b.Email) })
	return users, err
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
