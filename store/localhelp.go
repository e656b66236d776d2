package store

import (
	"context"
	"encoding/json"
	"errors"

	"heard/localhelp"

	bolt "go.etcd.io/bbolt"
)

// Local help is few and small, like rounds: each team's entries are a
// bucket of JSON by id inside the localhelp bucket, or one Redis hash per
// team (one key, so a Cluster keeps each call in one slot). Every call
// names the team, and the team is part of where an entry lives, so no call
// can reach another team's entries.

// errNoTeamOrID refuses to keep an entry that names no team or has no id:
// it could be read by no team, or by the wrong one.
var errNoTeamOrID = errors.New("store: a local help entry needs a team and an id")

func (e *Embedded) LocalHelp(ctx context.Context, team string) ([]localhelp.Entry, error) {
	var entries []localhelp.Entry
	err := e.view(ctx, func(tx *bolt.Tx) error {
		b := teamBucket(tx, team)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var entry localhelp.Entry
			if err := decodeJSON(kindLocalHelp, team+"/"+string(k), v, &entry); err != nil {
				return err
			}
			entries = append(entries, entry)
			return nil
		})
	})
	return entries, err
}

func (e *Embedded) GetLocalHelp(ctx context.Context, team, id string) (entry localhelp.Entry, found bool, err error) {
	err = e.view(ctx, func(tx *bolt.Tx) error {
		b := teamBucket(tx, team)
		if b == nil || id == "" {
			return nil
		}
		v := b.Get([]byte(id))
		if v == nil {
			return nil
		}
		found = true
		return decodeJSON(kindLocalHelp, team+"/"+id, v, &entry)
	})
	return entry, found, err
}

func (e *Embedded) PutLocalHelp(ctx context.Context, entry localhelp.Entry) error {
	if entry.Team == "" || entry.ID == "" {
		return errNoTeamOrID
	}
	value, err := json.Marshal(entry)
	if err != nil {
		return err
	}
	return e.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.Bucket([]byte(kindLocalHelp)).CreateBucketIfNotExists([]byte(entry.Team))
		if err != nil {
			return err
		}
		return b.Put([]byte(entry.ID), value)
	})
}

func (e *Embedded) DeleteLocalHelp(ctx context.Context, team, id string) error {
	return e.update(ctx, func(tx *bolt.Tx) error {
		b := teamBucket(tx, team)
		if b == nil || id == "" {
			return nil
		}
		return b.Delete([]byte(id))
	})
}

// teamBucket is the bucket of the team's entries, nil when it has none (or
// names no team).
func teamBucket(tx *bolt.Tx, team string) *bolt.Bucket {
	if team == "" {
		return nil
	}
	return tx.Bucket([]byte(kindLocalHelp)).Bucket([]byte(team))
}

// localHelpKey is the hash of the team's entries.
func (r *Redis) localHelpKey(team string) string { return r.key(kindLocalHelp, team) }

func (r *Redis) LocalHelp(ctx context.Context, team string) ([]localhelp.Entry, error) {
	if team == "" {
		return nil, nil
	}
	return hashAll[localhelp.Entry](ctx, r, r.localHelpKey(team))
}

func (r *Redis) GetLocalHelp(ctx context.Context, team, id string) (localhelp.Entry, bool, error) {
	if team == "" || id == "" {
		return localhelp.Entry{}, false, nil
	}
	return hashGet[localhelp.Entry](ctx, r, r.localHelpKey(team), id)
}

func (r *Redis) PutLocalHelp(ctx context.Context, entry localhelp.Entry) error {
	if entry.Team == "" || entry.ID == "" {
		return errNoTeamOrID
	}
	return r.hashPut(ctx, r.localHelpKey(entry.Team), entry.ID, entry, false)
}

// DeleteLocalHelp removes the field; Redis deletes the team's hash with its
// last field.
func (r *Redis) DeleteLocalHelp(ctx context.Context, team, id string) error {
	if team == "" || id == "" {
		return nil
	}
	if err := r.client.HDel(ctx, r.localHelpKey(team), id).Err(); err != nil {
		return fail(err)
	}
	return nil
}
