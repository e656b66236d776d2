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

// A team's rule on second factors is a field of its record, changed in one
// transaction (read, change, write) so nothing else kept in the record is
// lost to a change made at the same moment.

func (e *Embedded) SetTeamTwoFactor(ctx context.Context, id string, required bool) error {
	return e.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kindTeams))
		v := b.Get([]byte(id))
		if v == nil {
			return accounts.ErrNoTeam
		}
		var t accounts.Team
		if err := decodeJSON(kindTeams, id, v, &t); err != nil {
			return err
		}
		t.RequireTwoFactor = required
		value, err := json.Marshal(t)
		if err != nil {
			return err
		}
		return b.Put([]byte(id), value)
	})
}

// SetTeamTwoFactor watches the hash of teams (one key, so one Cluster slot)
// and writes only if nothing changed it since it was read.
func (r *Redis) SetTeamTwoFactor(ctx context.Context, id string, required bool) error {
	key := r.teamsKey()
	for range changeTries {
		var refused error // what the record said, as against Redis
		err := r.client.Watch(ctx, func(tx *redis.Tx) error {
			b, err := tx.HGet(ctx, key, id).Bytes()
			if errors.Is(err, redis.Nil) {
				refused = accounts.ErrNoTeam
				return refused
			}
			if err != nil {
				return err
			}
			var t accounts.Team
			if refused = decodeJSON(key, id, b, &t); refused != nil {
				return refused
			}
			t.RequireTwoFactor = required
			value, err := json.Marshal(t)
			if err != nil {
				refused = err
				return refused
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.HSet(ctx, key, id, value)
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
	return fmt.Errorf("%w: the teams kept changing while a team's rule was being changed", ErrUnavailable)
}
