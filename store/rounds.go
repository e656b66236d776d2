package store

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"slices"

	"heard/feedback"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// Rounds and "You said, we did" posts are few and small: each kind is one
// bucket, or one Redis hash, of JSON by code or id.

func (e *Embedded) CreateRound(_ context.Context, r feedback.Round) error {
	return e.putJSON(kindRounds, r.Code, r, true)
}

func (e *Embedded) PutRound(_ context.Context, r feedback.Round) error {
	return e.putJSON(kindRounds, r.Code, r, false)
}

func (e *Embedded) GetRound(_ context.Context, code string) (r feedback.Round, found bool, err error) {
	err = e.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket([]byte(kindRounds)).Get([]byte(code))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &r)
	})
	return r, found, err
}

func (e *Embedded) Rounds(_ context.Context) ([]feedback.Round, error) {
	rounds, err := allJSON[feedback.Round](e, kindRounds)
	sortRounds(rounds)
	return rounds, err
}

func (e *Embedded) AddPost(_ context.Context, p feedback.Post) error {
	return e.putJSON(kindPosts, p.ID, p, true)
}

func (e *Embedded) Posts(_ context.Context) ([]feedback.Post, error) {
	posts, err := allJSON[feedback.Post](e, kindPosts)
	sortPosts(posts)
	return posts, err
}

func (e *Embedded) DeletePost(_ context.Context, id string) error {
	return e.db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(kindPosts)).Delete([]byte(id)) })
}

// putJSON keeps v under key in a bucket; when create is set, a key already
// there is ErrExists.
func (e *Embedded) putJSON(kind, key string, v any, create bool) error {
	value, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return e.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kind))
		if create && b.Get([]byte(key)) != nil {
			return ErrExists
		}
		return b.Put([]byte(key), value)
	})
}

func allJSON[T any](e *Embedded, kind string) ([]T, error) {
	var out []T
	err := e.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kind)).ForEach(func(_, v []byte) error {
			var item T
			if err := json.Unmarshal(v, &item); err != nil {
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
	return r.hashPut(ctx, kindRounds, round.Code, round, true)
}

func (r *Redis) PutRound(ctx context.Context, round feedback.Round) error {
	return r.hashPut(ctx, kindRounds, round.Code, round, false)
}

func (r *Redis) GetRound(ctx context.Context, code string) (round feedback.Round, found bool, err error) {
	v, err := r.client.HGet(ctx, r.prefix+kindRounds, code).Bytes()
	if errors.Is(err, redis.Nil) {
		return round, false, nil
	}
	if err != nil {
		return round, false, fail(err)
	}
	return round, true, json.Unmarshal(v, &round)
}

func (r *Redis) Rounds(ctx context.Context) ([]feedback.Round, error) {
	rounds, err := hashAll[feedback.Round](ctx, r, kindRounds)
	sortRounds(rounds)
	return rounds, err
}

func (r *Redis) AddPost(ctx context.Context, p feedback.Post) error {
	return r.hashPut(ctx, kindPosts, p.ID, p, true)
}

func (r *Redis) Posts(ctx context.Context) ([]feedback.Post, error) {
	posts, err := hashAll[feedback.Post](ctx, r, kindPosts)
	sortPosts(posts)
	return posts, err
}

func (r *Redis) DeletePost(ctx context.Context, id string) error {
	if err := r.client.HDel(ctx, r.prefix+kindPosts, id).Err(); err != nil {
		return fail(err)
	}
	return nil
}

func (r *Redis) hashPut(ctx context.Context, kind, field string, v any, create bool) error {
	value, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if !create {
		if err := r.client.HSet(ctx, r.prefix+kind, field, value).Err(); err != nil {
			return fail(err)
		}
		return nil
	}
	added, err := r.client.HSetNX(ctx, r.prefix+kind, field, value).Result()
	if err != nil {
		return fail(err)
	}
	if !added {
		return ErrExists
	}
	return nil
}

func hashAll[T any](ctx context.Context, r *Redis, kind string) ([]T, error) {
	raw, err := r.client.HGetAll(ctx, r.prefix+kind).Result()
	if err != nil {
		return nil, fail(err)
	}
	out := make([]T, 0, len(raw))
	for _, v := range raw {
		var item T
		if err := json.Unmarshal([]byte(v), &item); err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}
