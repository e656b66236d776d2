package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"heard/feedback"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// Feedback lives per round: in the embedded store a bucket of responses and
// one of tallies under the round's name; in Redis a list and a hash that
// share a hash tag, so a Cluster keeps both in one slot and one MULTI.

func roundBuckets(round string) (responses, tallies []byte) {
	return []byte("responses:" + round), []byte("tallies:" + round)
}

func commentBucket(round string) []byte { return []byte("comments:" + round) }

func decodeResponse(v []byte) (feedback.Response, error) {
	var r feedback.Response
	if err := json.Unmarshal(v, &r); err != nil {
		return r, fmt.Errorf("store: a stored response is damaged: %w", err)
	}
	return r, nil
}

// SaveResponse uses bbolt's Batch: concurrent responses share one fsync
// (group commit), and each is durable when this returns.
func (e *Embedded) SaveResponse(_ context.Context, r feedback.Response) error {
	value, err := json.Marshal(r)
	if err != nil {
		return err
	}
	respName, tallyName := roundBuckets(r.Round)
	return e.db.Batch(func(tx *bolt.Tx) error {
		responses, err := tx.CreateBucketIfNotExists(respName)
		if err != nil {
			return err
		}
		tallies, err := tx.CreateBucketIfNotExists(tallyName)
		if err != nil {
			return err
		}
		seq, _ := responses.NextSequence()
		if err := responses.Put(binary.BigEndian.AppendUint64(nil, seq), value); err != nil {
			return err
		}
		if r.Comment != "" {
			comments, err := tx.CreateBucketIfNotExists(commentBucket(r.Round))
			if err != nil {
				return err
			}
			if err := comments.Put(binary.BigEndian.AppendUint64(nil, seq), value); err != nil {
				return err
			}
		}
		for _, field := range r.TallyFields() {
			var n uint64
			if v := tallies.Get([]byte(field)); len(v) == 8 {
				n = binary.BigEndian.Uint64(v)
			}
			if err := tallies.Put([]byte(field), binary.BigEndian.AppendUint64(nil, n+1)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (e *Embedded) Tallies(_ context.Context, round string) (map[string]int64, error) {
	_, tallyName := roundBuckets(round)
	out := map[string]int64{}
	err := e.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(tallyName)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			out[string(k)] = int64(binary.BigEndian.Uint64(v))
			return nil
		})
	})
	return out, err
}

func (e *Embedded) Responses(_ context.Context, round string) ([]feedback.Response, error) {
	respName, _ := roundBuckets(round)
	var out []feedback.Response
	err := e.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(respName)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			r, err := decodeResponse(v)
			out = append(out, r)
			return err
		})
	})
	return out, err
}

// Comments walks the comments bucket backwards from the newest.
func (e *Embedded) Comments(_ context.Context, round string, limit int) ([]feedback.Response, error) {
	var out []feedback.Response
	err := e.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(commentBucket(round))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			r, err := decodeResponse(v)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// roundKey names one of a round's keys: "responses", "comments" or "tallies".
func (r *Redis) roundKey(round, part string) string { return r.prefix + "{fb:" + round + "}:" + part }

// Comments reads the newest entries of the comments list (LPUSH keeps the
// newest first).
func (r *Redis) Comments(ctx context.Context, round string, limit int) ([]feedback.Response, error) {
	if limit <= 0 {
		return nil, nil
	}
	return r.responseList(ctx, r.roundKey(round, "comments"), int64(limit-1))
}

// responseList reads a list of responses from its start to stop (-1: all).
func (r *Redis) responseList(ctx context.Context, key string, stop int64) ([]feedback.Response, error) {
	raw, err := r.client.LRange(ctx, key, 0, stop).Result()
	if err != nil {
		return nil, fail(err)
	}
	out := make([]feedback.Response, 0, len(raw))
	for _, v := range raw {
		resp, err := decodeResponse([]byte(v))
		if err != nil {
			return nil, err
		}
		out = append(out, resp)
	}
	return out, nil
}

func (r *Redis) SaveResponse(ctx context.Context, resp feedback.Response) error {
	value, err := json.Marshal(resp)
	if err != nil {
		return err
	}
	_, err = r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, r.roundKey(resp.Round, "responses"), value)
		if resp.Comment != "" {
			p.LPush(ctx, r.roundKey(resp.Round, "comments"), value)
		}
		for _, field := range resp.TallyFields() {
			p.HIncrBy(ctx, r.roundKey(resp.Round, "tallies"), field, 1)
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return nil
}

func (r *Redis) Tallies(ctx context.Context, round string) (map[string]int64, error) {
	raw, err := r.client.HGetAll(ctx, r.roundKey(round, "tallies")).Result()
	if err != nil {
		return nil, fail(err)
	}
	out := make(map[string]int64, len(raw))
	for k, v := range raw {
		var n int64
		if _, err := fmt.Sscan(v, &n); err != nil {
			return nil, fmt.Errorf("store: tally %s: %w", k, err)
		}
		out[k] = n
	}
	return out, nil
}

func (r *Redis) Responses(ctx context.Context, round string) ([]feedback.Response, error) {
	return r.responseList(ctx, r.roundKey(round, "responses"), -1)
}
