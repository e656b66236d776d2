package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"heard/feedback"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// Rounds and "You said, we did" posts, like accounts, are few and small:
// each kind is one bucket, or one Redis hash, of JSON by code, id or email.
// The JSON helpers at the end serve all three.

func (e *Embedded) CreateRound(ctx context.Context, r feedback.Round) error {
	return e.putJSON(ctx, kindRounds, r.Code, r, true)
}

func (e *Embedded) PutRound(ctx context.Context, r feedback.Round) error {
	return e.putJSON(ctx, kindRounds, r.Code, r, false)
}

func (e *Embedded) GetRound(ctx context.Context, code string) (feedback.Round, bool, error) {
	return getJSON[feedback.Round](ctx, e, kindRounds, code)
}

func (e *Embedded) Rounds(ctx context.Context) ([]feedback.Round, error) {
	rounds, err := allJSON[feedback.Round](ctx, e, kindRounds)
	sortRounds(rounds)
	return rounds, err
}

func (e *Embedded) AddPost(ctx context.Context, p feedback.Post) error {
	return e.putJSON(ctx, kindPosts, p.ID, p, true)
}

func (e *Embedded) Posts(ctx context.Context) ([]feedback.Post, error) {
	posts, err := allJSON[feedback.Post](ctx, e, kindPosts)
	sortPosts(posts)
	return posts, err
}

func (e *Embedded) DeletePost(ctx context.Context, id string) error {
	return e.delete(ctx, kindPosts, id)
}

// putJSON keeps v under key in a bucket; when create is set, a key already
// there is ErrExists.
func (e *Embedded) putJSON(ctx context.Context, kind, key string, v any, create bool) error {
	value, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return e.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kind))
		if create && b.Get([]byte(key)) != nil {
			return ErrExists
		}
		return b.Put([]byte(key), value)
	})
}

// getJSON reads the value under key in a bucket.
func getJSON[T any](ctx context.Context, e *Embedded, kind, key string) (v T, found bool, err error) {
	err = e.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kind)).Get([]byte(key))
		if b == nil {
			return nil
		}
		found = true
		return decodeJSON(kind, key, b, &v)
	})
	return v, found, err
}

// decodeJSON names what is damaged when a stored value does not decode.
func decodeJSON(kind, key string, b []byte, v any) error {
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("store: %s %s is damaged: %w", kind, key, err)
	}
	return nil
}

// allJSON reads every value in a bucket, in key order.
func allJSON[T any](ctx context.Context, e *Embedded, kind string) ([]T, error) {
	var out []T
	err := e.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kind)).ForEach(func(k, v []byte) error {
			var item T
			if err := decodeJSON(kind, string(k), v, &item); err != nil {
				return err
			}
			out = append(out, item)
			return nil
		})
	})
	return out, err
}

func sortRounds(rounds []feedback.Round) {
	slices.SortFunc(rounds, func(a, b feedback.Round) int {
		return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(a.Code, b.Code))
	})
}

func sortPosts(posts []feedback.Post) {
	slices.SortFunc(posts, func(a, b feedback.Post) int {
		return cmp.Or(b.Published.Compare(a.Published), cmp.Compare(a.ID, b.ID))
	})
}

func (r *Redis) CreateRound(ctx context.Context, round feedback.Round) error {
	return r.hashPut(ctx, r.prefix+kindRounds, round.Code, round, true)
}

func (r *Redis) PutRound(ctx context.Context, round feedback.Round) error {
	return r.hashPut(ctx, r.prefix+kindRounds, round.Code, round, false)
}

func (r *Redis) GetRound(ctx context.Context, code string) (feedback.Round, bool, error) {
	return hashGet[feedback.Round](ctx, r, r.prefix+kindRounds, code)
}

func (r *Redis) Rounds(ctx context.Context) ([]feedback.Round, error) {
	rounds, err := hashAll[feedback.Round](ctx, r, r.prefix+kindRounds)
	sortRounds(rounds)
	return rounds, err
}

func (r *Redis) AddPost(ctx context.Context, p feedback.Post) error {
	return r.hashPut(ctx, r.prefix+kindPosts, p.ID, p, true)
}

func (r *Redis) Posts(ctx context.Context) ([]feedback.Post, error) {
	posts, err := hashAll[feedback.Post](ctx, r, r.prefix+kindPosts)
	sortPosts(posts)
	return posts, err
}

func (r *Redis) DeletePost(ctx context.Context, id string) error {
	if err := r.client.HDel(ctx, r.prefix+kindPosts, id).Err(); err != nil {
		return fail(err)
	}
	return nil
}

// hashPut keeps v under field of the hash key; when create is set, a field
// already there is ErrExists.
func (r *Redis) hashPut(ctx context.Context, key, field string, v any, create bool) error {
	value, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if !create {
		if err := r.client.HSet(ctx, key, field, value).Err(); err != nil {
			return fail(err)
		}
		return nil
	}
	added, err := r.client.HSetNX(ctx, key, field, value).Result()
	if err != nil {
		return fail(err)
	}
	if !added {
		return ErrExists
	}
	return nil
}

// hashGet reads field of the hash key.
func hashGet[T any](ctx context.Context, r *Redis, key, field string) (v T, found bool, err error) {
	b, err := r.client.HGet(ctx, key, field).Bytes()
	if errors.Is(err, redis.Nil) {
		return v, false, nil
	}
	if err != nil {
		return v, false, fail(err)
	}
	return v, true, decodeJSON(key, field, b, &v)
}

// hashAll reads every field of the hash key, in no order.
func hashAll[T any](ctx context.Context, r *Redis, key string) ([]T, error) {
	raw, err := r.client.HGetAll(ctx, key).Result()
	if err != nil {
		return nil, fail(err)
	}
	out := make([]T, 0, len(raw))
	for field, v := range raw {
		var item T
		if err := decodeJSON(key, field, []byte(v), &item); err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}
