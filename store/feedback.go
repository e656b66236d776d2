package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"heard/feedback"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// Feedback lives per round. A response's answers and its comment are kept
// apart, under the same id: the answers for as long as the round, the
// comment only until ForgetComments, so forgetting a comment touches one
// place. In the embedded store a round has buckets of responses, comments
// and tallies; in Redis a list, a sorted set (by time) and a hash that share
// a hash tag, so a Cluster keeps them in one slot and one atomic script.

func roundBuckets(round string) (responses, tallies []byte) {
	return []byte("responses:" + round), []byte("tallies:" + round)
}

func commentBucket(round string) []byte { return []byte("comments:" + round) }

// pageSize is how many responses EachResponse reads at a time.
const pageSize = 1000

func decodeResponse(v []byte) (feedback.Response, error) {
	var r feedback.Response
	if err := json.Unmarshal(v, &r); err != nil {
		return r, fmt.Errorf("store: a stored response is damaged: %w", err)
	}
	return r, nil
}

// splitResponse gives the JSON of the answers (no comment) and, when there
// is a comment, of the whole response, each marked as counted in the
// round's series: SaveResponse counts it there in the same transaction.
func splitResponse(r feedback.Response) (answers, whole []byte, err error) {
	if r.Comment != "" {
		if whole, err = json.Marshal(kept{r, true}); err != nil {
			return nil, nil, err
		}
	}
	r.Comment = ""
	answers, err = json.Marshal(kept{r, true})
	return answers, whole, err
}

// SaveResponse uses bbolt's Batch: concurrent responses share one fsync
// (group commit), and each is durable when this returns.
func (e *Embedded) SaveResponse(ctx context.Context, r feedback.Response) error {
	respName, tallyName := roundBuckets(r.Round)
	return e.batch(ctx, func(tx *bolt.Tx) error {
		responses, err := tx.CreateBucketIfNotExists(respName)
		if err != nil {
			return err
		}
		tallies, err := tx.CreateBucketIfNotExists(tallyName)
		if err != nil {
			return err
		}
		if r.ID != "" {
			seen := tx.Bucket([]byte(kindMessage))
			if _, ok := live(seen.Get([]byte("response:"+r.ID)), time.Now()); ok {
				return nil // kept already
			}
			if err := seen.Put([]byte("response:"+r.ID), pack(time.Now().Add(SameResponseFor), nil)); err != nil {
				return err
			}
		}
		seq, _ := responses.NextSequence()
		key := binary.BigEndian.AppendUint64(nil, seq)
		if r.ID == "" {
			r.ID = strconv.FormatUint(seq, 10)
		}
		answers, whole, err := splitResponse(r)
		if err != nil {
			return err
		}
		if err := responses.Put(key, answers); err != nil {
			return err
		}
		if whole != nil {
			comments, err := tx.CreateBucketIfNotExists(commentBucket(r.Round))
			if err != nil {
				return err
			}
			if err := comments.Put(key, whole); err != nil {
				return err
			}
		}
		if err := addCounts(tallies, r.TallyFields()); err != nil {
			return err
		}
		return saveSeries(tx, r)
	})
}

func (e *Embedded) Tallies(ctx context.Context, round string) (map[string]int64, error) {
	_, tallyName := roundBuckets(round)
	out := map[string]int64{}
	err := e.view(ctx, func(tx *bolt.Tx) error {
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

// EachResponse reads a page per read transaction and calls fn outside it,
// so a slow reader (a download) never holds the file.
func (e *Embedded) EachResponse(ctx context.Context, round string, fn func(feedback.Response) error) error {
	respName, _ := roundBuckets(round)
	var after []byte
	for {
		page := make([]feedback.Response, 0, pageSize)
		err := e.view(ctx, func(tx *bolt.Tx) error {
			b := tx.Bucket(respName)
			if b == nil {
				return nil
			}
			comments := tx.Bucket(commentBucket(round))
			c := b.Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); k != nil && string(k) == string(after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && len(page) < pageSize; k, v = c.Next() {
				if comments != nil {
					if whole := comments.Get(k); whole != nil {
						v = whole
					}
				}
				r, err := decodeResponse(v)
				if err != nil {
					return err
				}
				page = append(page, r)
				after = append(after[:0], k...)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range page {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(page) < pageSize || ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// Comments walks the comments bucket backwards from the newest.
func (e *Embedded) Comments(ctx context.Context, round string, limit int) ([]feedback.Response, error) {
	var out []feedback.Response
	err := e.view(ctx, func(tx *bolt.Tx) error {
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

// ForgetComments reads a page of comments at a time, and deletes that page's old ones in
// a write of their own, so feedback coming in is never held up long, whatever the round's
// size.
func (e *Embedded) ForgetComments(ctx context.Context, round string, cutoff time.Time) (int64, error) {
	var forgotten int64
	var after []byte
	for {
		var old [][]byte
		more := false
		err := e.view(ctx, func(tx *bolt.Tx) error {
			b := tx.Bucket(commentBucket(round))
			if b == nil {
				return nil
			}
			c := b.Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for n := 0; k != nil && n < pageSize; k, v = c.Next() {
				r, err := decodeResponse(v)
				if err != nil || r.At.Before(cutoff) {
					old = append(old, bytes.Clone(k)) // a damaged comment goes too
				}
				after = append(after[:0], k...)
				n++
			}
			more = k != nil
			return nil
		})
		if err == nil && len(old) > 0 {
			err = e.update(ctx, func(tx *bolt.Tx) error {
				b := tx.Bucket(commentBucket(round))
				for _, k := range old {
					if err := b.Delete(k); err != nil {
						return err
					}
				}
				return nil
			})
		}
		if err != nil {
			return forgotten, err
		}
		forgotten += int64(len(old))
		if !more {
			return forgotten, nil
		}
	}
}

// roundKey names one of a round's keys: "responses", "comments", "tallies",
// its series (monthKeys, dayKeys), or "id:ID" for a response ID kept for
// SameResponseFor.
func (r *Redis) roundKey(round, part string) string { return r.prefix + "{fb:" + round + "}:" + part }

// Comments reads the newest entries of the comments set (scored by time).
func (r *Redis) Comments(ctx context.Context, round string, limit int) ([]feedback.Response, error) {
	if limit <= 0 {
		return nil, nil
	}
	raw, err := r.client.ZRevRange(ctx, r.roundKey(round, "comments"), 0, int64(limit-1)).Result()
	if err != nil {
		return nil, fail(err)
	}
	return decodeAll(raw)
}

func decodeAll(raw []string) ([]feedback.Response, error) {
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

// saveResponse is SaveResponse's one atomic step in Redis: remember the
// ID (or stop, if it is known, after writing the ID's key again unchanged:
// that write is replicated after the first try's, so a WAIT after a retry
// also covers the first try), append the answers, add the comment, count
// the tallies and the series. KEYS: responses, comments, tallies, the ID's
// key, the series of the response's month's days, the series by month (one
// hash tag, so one Cluster slot).
// ARGV: answers, whole or "", score, seconds to remember the ID, how many
// tally fields and day fields follow, then the tally, day and month fields.
var saveResponse = redis.NewScript(`
if not redis.call('SET', KEYS[4], '1', 'NX', 'EX', ARGV[4]) then
  redis.call('SET', KEYS[4], '1', 'XX', 'KEEPTTL')
  return 0
end
redis.call('RPUSH', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2]) end
local tallies, days = tonumber(ARGV[5]), tonumber(ARGV[6])
for i = 7, 6 + tallies do redis.call('HINCRBY', KEYS[3], ARGV[i], 1) end
for i = 7 + tallies, 6 + tallies + days do redis.call('HINCRBY', KEYS[5], ARGV[i], 1) end
for i = 7 + tallies + days, #ARGV do redis.call('HINCRBY', KEYS[6], ARGV[i], 1) end
return 1`)

func (r *Redis) SaveResponse(ctx context.Context, resp feedback.Response) error {
	if resp.ID == "" {
		resp.ID = rand.Text()
	}
	answers, whole, err := splitResponse(resp)
	if err != nil {
		return err
	}
	byDay, _ := r.dayKeys(resp.Round, feedback.ByMonth.Key(resp.At))
	byMonth, _ := r.monthKeys(resp.Round)
	keys := []string{r.roundKey(resp.Round, "responses"), r.roundKey(resp.Round, "comments"),
		r.roundKey(resp.Round, "tallies"), r.roundKey(resp.Round, "id:"+resp.ID), byDay, byMonth}
	tallies, days := resp.TallyFields(), resp.SeriesFields(feedback.ByDay)
	args := []any{answers, string(whole), resp.At.UnixMilli(), int(SameResponseFor.Seconds()), len(tallies), len(days)}
	for _, fields := range [][]string{tallies, days, resp.SeriesFields(feedback.ByMonth)} {
		for _, field := range fields {
			args = append(args, field)
		}
	}
	if r.sentinel == nil {
		if err := saveResponse.Run(ctx, r.client, keys, args...).Err(); err != nil {
			return fail(err)
		}
		return nil
	}
	return r.saveReplicated(ctx, keys, args)
}

// replicaWait is how long SaveResponse waits, under Sentinel, for a replica
// to confirm a response. On loopback a replica confirms in well under a
// millisecond, and under heavy load in tens (README, "Failover with
// Sentinel"); past this the young person is asked to try again rather than
// wait on a replica that may be gone. With redisCallTimeout's second for
// the WAIT itself, it leaves room for the call's reply.
const replicaWait = 500 * time.Millisecond

// saveReplicated runs saveResponse and then WAIT 1 on the same connection
// (WAIT counts that connection's writes), and returns ErrUnavailable unless
// a replica confirms. Replication is asynchronous: without this, a response
// the primary took but no replica had yet is lost when Sentinel promotes the
// replica, or when the primary, cut off and replaced, rejoins as a replica.
// A retry with the same ID is not counted again, and is acknowledged once a
// replica has the first try too.
func (r *Redis) saveReplicated(ctx context.Context, keys []string, args []any) error {
	conn := r.sentinel.Conn()
	defer conn.Close()
	if err := saveResponse.Run(ctx, conn, keys, args...).Err(); err != nil {
		return fail(err)
	}
	confirmed, err := conn.Wait(ctx, 1, replicaWait).Result()
	if err != nil {
		return fail(err)
	}
	if confirmed < 1 {
		return fmt.Errorf("%w: no replica confirmed the response within %s", ErrUnavailable, replicaWait)
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
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: tally %s: %w", k, err)
		}
		out[k] = n
	}
	return out, nil
}

// EachResponse reads the kept comments first (at most 13 months' worth),
// then the responses a page at a time, joining each to its comment. New
// responses go on the end of the list, so the pages never shift.
func (r *Redis) EachResponse(ctx context.Context, round string, fn func(feedback.Response) error) error {
	raw, err := r.client.ZRange(ctx, r.roundKey(round, "comments"), 0, -1).Result()
	if err != nil {
		return fail(err)
	}
	withComments, err := decodeAll(raw)
	if err != nil {
		return err
	}
	comments := make(map[string]feedback.Response, len(withComments))
	for _, c := range withComments {
		comments[c.ID] = c
	}
	for start := int64(0); ; start += pageSize {
		raw, err := r.client.LRange(ctx, r.roundKey(round, "responses"), start, start+pageSize-1).Result()
		if err != nil {
			return fail(err)
		}
		page, err := decodeAll(raw)
		if err != nil {
			return err
		}
		for _, resp := range page {
			if c, ok := comments[resp.ID]; ok {
				resp = c
			}
			if err := fn(resp); err != nil {
				return err
			}
		}
		if len(page) < pageSize {
			return nil
		}
	}
}

func (r *Redis) ForgetComments(ctx context.Context, round string, cutoff time.Time) (int64, error) {
	n, err := r.client.ZRemRangeByScore(ctx, r.roundKey(round, "comments"), "-inf", "("+strconv.FormatInt(cutoff.UnixMilli(), 10)).Result()
	if err != nil {
		return 0, fail(err)
	}
	return n, nil
}
