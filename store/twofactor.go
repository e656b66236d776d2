package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"heard/accounts"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// A worker's second factor lives in their account's record (User.TwoFactor),
// and is changed in one transaction: read, change, write, with nothing in
// between, so two sign-ins at once never both use one code.

var (
	_ accounts.FactorStore = (*Embedded)(nil)
	_ accounts.FactorStore = (*Redis)(nil)
)

func (e *Embedded) ChangeTwoFactor(ctx context.Context, email string, change func(*accounts.TwoFactor) error) error {
	return e.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kindUsers))
		v := b.Get([]byte(email))
		if v == nil {
			return accounts.ErrNoAccount
		}
		var u accounts.User
		if err := decodeJSON(kindUsers, email, v, &u); err != nil {
			return err
		}
		if err := change(&u.TwoFactor); err != nil {
			return err
		}
		value, err := json.Marshal(u)
		if err != nil {
			return err
		}
		return b.Put([]byte(email), value)
	})
}

// changeTries bounds how often ChangeTwoFactor starts again on Redis when the
// accounts changed under it: each start means another change was kept, so
// running out means far more changes at once than workers make.
const changeTries = 100

// ChangeTwoFactor watches the hash of accounts (one key, so one Cluster slot),
// and writes only if nothing changed it since it was read; otherwise it reads
// again and runs change again.
func (r *Redis) ChangeTwoFactor(ctx context.Context, email string, change func(*accounts.TwoFactor) error) error {
	key := r.usersKey()
	for range changeTries {
		var refused error // what change or the record said, as against Redis
		err := r.client.Watch(ctx, func(tx *redis.Tx) error {
			b, err := tx.HGet(ctx, key, email).Bytes()
			if errors.Is(err, redis.Nil) {
				refused = accounts.ErrNoAccount
				return refused
			}
			if err != nil {
				return err
			}
			var u accounts.User
			if refused = decodeJSON(key, email, b, &u); refused != nil {
				return refused
			}
			if refused = change(&u.TwoFactor); refused != nil {
				return refused
			}
			value, err := json.Marshal(u)
			if err != nil {
				refused = err
				return refused
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.HSet(ctx, key, email, value)
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
	return fmt.Errorf("%w: the accounts kept changing while a second factor was being changed", ErrUnavailable)
}
