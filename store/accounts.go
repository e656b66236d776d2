package store

import (
	"heard/accounts"

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

func (e *Embedded) PutUser(ctx context.Context, u accounts.User) error {
	return e.putJSON(ctx, kindUsers, u.Email, u, false)
}

func (e *Embedded) GetUser(ctx context.Context, email string) (accounts.User, bool, error) {
	return getJSON[accounts.User](ctx, e, kindUsers, email)
}

// Users come sorted by email: bbolt keeps keys in order.
func (e *Embedded) Users(ctx context.Context) ([]accounts.User, error) {
	return allJSON[accounts.User](ctx, e, kindUsers)
}

func (e *Embedded) PutSession(ctx context.Context, id, email string, ttl time.Duration) error {
	return e.put(ctx, kindSession, sessionKey(id), []byte(email), ttl)
}

func (e *Embedded) GetSession(ctx context.Context, id string) (email string, found bool, err error) {
	err = e.view(ctx, func(tx *bolt.Tx) error {
		if v, ok := live(tx.Bucket([]byte(kindSession)).Get([]byte(sessionKey(id))), time.Now()); ok {
			email, found = string(v), true // string() copies out of bbolt's memory
		}
		return nil
	})
	return email, found, err
}

func (e *Embedded) DeleteSession(ctx context.Context, id string) error {
	return e.delete(ctx, kindSession, sessionKey(id))
}

// DeleteUserSessions reads every session: there are few (one per worker signed in, for
// eight hours), so they need no index by account.
func (e *Embedded) DeleteUserSessions(ctx context.Context, email string) error {
	return e.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kindSession))
		var theirs [][]byte
		err := b.ForEach(func(k, v []byte) error {
			if len(v) >= 8 && string(v[8:]) == email {
				theirs = append(theirs, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range theirs {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
}

// usersKey is the one hash that holds every account.
func (r *Redis) usersKey() string { return r.key(kindUsers, "all") }

func (r *Redis) PutUser(ctx context.Context, u accounts.User) error {
	return r.hashPut(ctx, r.usersKey(), u.Email, u, false)
}

func (r *Redis) GetUser(ctx context.Context, email string) (accounts.User, bool, error) {
	return hashGet[accounts.User](ctx, r, r.usersKey(), email)
}

func (r *Redis) Users(ctx context.Context) ([]accounts.User, error) {
	users, err := hashAll[accounts.User](ctx, r, r.usersKey())
	slices.SortFunc(users, func(a, b accounts.User) int { return strings.Compare(a.Email, b.Email) })
	return users, err
}

// A session is a key of its own (looked up by its id's hash, in any Cluster slot), and its
// hash is also in a set of the account's sessions, so that DeleteUserSessions can find
// them. The set lives as long as the account's newest session.
func (r *Redis) userSessionsKey(email string) string { return r.key(kindUserSessions, email) }

func (r *Redis) PutSession(ctx context.Context, id, email string, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return err
	}
	hash, set := sessionKey(id), r.userSessionsKey(email)
	// The two keys may live in different Cluster slots: a pipeline, not a transaction. If
	// the set is not written, the error means the sign-in fails, and the session is unused.
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, r.key(kindSession, hash), email, ttl)
		p.SAdd(ctx, set, hash)
		p.Do(ctx, "pexpire", set, ttl.Milliseconds(), "gt")
		p.Do(ctx, "pexpire", set, ttl.Milliseconds(), "nx")
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return nil
}

func (r *Redis) GetSession(ctx context.Context, id string) (string, bool, error) {
	v, err := r.client.Get(ctx, r.key(kindSession, sessionKey(id))).Result()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fail(err)
	}
	return v, true, nil
}

func (r *Redis) DeleteSession(ctx context.Context, id string) error {
	if err := r.client.Del(ctx, r.key(kindSession, sessionKey(id))).Err(); err != nil {
		return fail(err)
	}
	return nil
}

func (r *Redis) DeleteUserSessions(ctx context.Context, email string) error {
	set := r.userSessionsKey(email)
	hashes, err := r.client.SMembers(ctx, set).Result()
	if err != nil {
		return fail(err)
	}
	_, err = r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, hash := range hashes {
			p.Del(ctx, r.key(kindSession, hash))
		}
		p.Del(ctx, set)
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return nil
}
