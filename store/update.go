package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// A record that changes in place (an account's second factor, a team's rule)
// is read, changed and written with nothing in between, so that a change
// made at the same moment is never lost and a one-use code is used once.
// bbolt has one writer at a time, so one transaction does it. Redis has no
// such lock: there the change is optimistic (WATCH, then MULTI/EXEC), which
// writes only if nothing else wrote the key since it was read, and otherwise
// reads and changes again. Workers' changes seldom meet, so trying again
// costs less than a lock, and leaves no lock behind an instance that dies.

// updateJSON runs change on the value under key in a bucket and keeps what
// change leaves; a key not there is missing, and an error from change
// leaves the value as it was.
func updateJSON[T any](ctx context.Context, e *Embedded, kind, key string, missing error, change func(*T) error) error {
	return e.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kind))
		raw := b.Get([]byte(key))
		if raw == nil {
			return missing
		}
		var v T
		if err := decodeJSON(kind, key, raw, &v); err != nil {
			return err
		}
		if err := change(&v); err != nil {
			return err
		}
		value, err := json.Marshal(v)
		if err != nil {
			return err
		}
		return b.Put([]byte(key), value)
	})
}

// changeTries bounds how often hashUpdate starts again when its hash changed
// under it: each start means another change was kept, so running out means
// far more changes at once than workers make.
const changeTries = 100

// hashUpdate is updateJSON on Redis, for field of the hash key.
func hashUpdate[T any](ctx context.Context, r *Redis, key, field string, missing error, change func(*T) error) error {
	return r.watchHash(ctx, key, changeTries, func(tx *redis.Tx) (map[string]any, error) {
		raw, err := tx.HGet(ctx, key, field).Bytes()
		if errors.Is(err, redis.Nil) {
			return nil, missing
		}
		if err != nil {
			return nil, fail(err)
		}
		var v T
		if err := decodeJSON(key, field, raw, &v); err != nil {
			return nil, err
		}
		if err := change(&v); err != nil {
			return nil, err
		}
		value, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return map[string]any{field: value}, nil
	})
}

// watchHash changes the hash key optimistically: read reads it through tx and
// returns the fields to set, which are set only if nothing wrote key since
// read began; if something did, read runs again on what is there now, up to
// tries times. An error from read comes back as it is, so read passes its
// own Redis errors through fail.
func (r *Redis) watchHash(ctx context.Context, key string, tries int, read func(*redis.Tx) (map[string]any, error)) error {
	for range tries {
		var refused error // what read said, as against Redis
		err := r.client.Watch(ctx, func(tx *redis.Tx) error {
			fields, err := read(tx)
			if err != nil || len(fields) == 0 {
				refused = err
				return err
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.HSet(ctx, key, fields)
				return nil
			})
			return err
		}, key)
		switch {
		case refused != nil:
			return refused
		case errors.Is(err, redis.TxFailedErr):
			continue
		case err != nil:
			return fail(err)
		}
		return nil
	}
	return fmt.Errorf("%w: %s kept changing while it was being changed", ErrUnavailable, key)
}
