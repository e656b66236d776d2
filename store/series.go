package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"

	"heard/feedback"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// A round's series (see feedback.Response.SeriesFields) count its answers by
// day and by month. SaveResponse adds each response to them in the same
// transaction as its tallies, and marks the response as counted (kept).
// Days are read a month at a time: in the embedded store by seeking to the
// month in the bucket of days, in Redis from a hash of each month's days.
// Responses kept before the series existed carry no mark: BackfillSeries
// counts those, from scratch each time, into a second set of counters, and
// Series adds the two. Since a response is either marked and counted live,
// or unmarked and counted only by the backfill, none is counted twice, even
// while an older Heard is still saving responses beside a newer one.

// kept is a response as the store writes it: Counted says its answers are
// in the round's series.
type kept struct {
	feedback.Response
	Counted bool `json:"counted,omitempty"`
}

// seriesBuckets names the embedded store's buckets of a round's series by p:
// the live counters and the backfilled ones.
func seriesBuckets(round string, p feedback.Period) (live, backfill []byte) {
	return []byte("series:" + string(p) + ":" + round), []byte("backfill:" + string(p) + ":" + round)
}

// addCounts adds one to each field of a bucket of big-endian counters.
func addCounts(b *bolt.Bucket, fields []string) error {
	for _, field := range fields {
		var n uint64
		if v := b.Get([]byte(field)); len(v) == 8 {
			n = binary.BigEndian.Uint64(v)
		}
		if err := b.Put([]byte(field), binary.BigEndian.AppendUint64(nil, n+1)); err != nil {
			return err
		}
	}
	return nil
}

// readCounts adds a bucket's counters (if it exists) into out.
func readCounts(b *bolt.Bucket, out map[string]int64) error {
	if b == nil {
		return nil
	}
	return b.ForEach(func(k, v []byte) error {
		if len(v) == 8 {
			out[string(k)] += int64(binary.BigEndian.Uint64(v))
		}
		return nil
	})
}

// saveSeries counts a response in its round's series, inside SaveResponse's
// transaction.
func saveSeries(tx *bolt.Tx, r feedback.Response) error {
	for _, p := range feedback.Periods {
		live, _ := seriesBuckets(r.Round, p)
		b, err := tx.CreateBucketIfNotExists(live)
		if err != nil {
			return err
		}
		if err := addCounts(b, r.SeriesFields(p)); err != nil {
			return err
		}
	}
	return nil
}

func (e *Embedded) SeriesByMonth(ctx context.Context, round string) (map[string]int64, error) {
	out := map[string]int64{}
	live, backfill := seriesBuckets(round, feedback.ByMonth)
	err := e.view(ctx, func(tx *bolt.Tx) error {
		if err := readCounts(tx.Bucket(live), out); err != nil {
			return err
		}
		return readCounts(tx.Bucket(backfill), out)
	})
	return out, err
}

// SeriesByDay seeks to the month's first day: the days' keys start with
// the day, so a month's are together and in order.
func (e *Embedded) SeriesByDay(ctx context.Context, round, month string) (map[string]int64, error) {
	out := map[string]int64{}
	prefix := []byte(month + "-")
	live, backfill := seriesBuckets(round, feedback.ByDay)
	err := e.view(ctx, func(tx *bolt.Tx) error {
		for _, name := range [][]byte{live, backfill} {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			c := b.Cursor()
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
				if len(v) == 8 {
					out[string(k)] += int64(binary.BigEndian.Uint64(v))
				}
			}
		}
		return nil
	})
	return out, err
}

// BackfillSeries reads the tallies and the monthly series in one read
// transaction, so it sees them agree or not at one moment; then counts the
// unmarked responses a page at a time, and replaces the backfilled
// counters in one write.
func (e *Embedded) BackfillSeries(ctx context.Context, round string) (int64, error) {
	_, tallyName := roundBuckets(round)
	tallies, monthly := map[string]int64{}, map[string]int64{}
	err := e.view(ctx, func(tx *bolt.Tx) error {
		if err := readCounts(tx.Bucket(tallyName), tallies); err != nil {
			return err
		}
		live, backfill := seriesBuckets(round, feedback.ByMonth)
		if err := readCounts(tx.Bucket(live), monthly); err != nil {
			return err
		}
		return readCounts(tx.Bucket(backfill), monthly)
	})
	if err != nil || feedback.SeriesComplete(tallies, monthly) {
		return 0, err
	}
	counts, n, err := e.countUnmarked(ctx, round)
	if err != nil {
		return 0, err
	}
	err = e.update(ctx, func(tx *bolt.Tx) error {
		for _, p := range feedback.Periods {
			_, name := seriesBuckets(round, p)
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
			b, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			for field, c := range counts[p] {
				if err := b.Put([]byte(field), binary.BigEndian.AppendUint64(nil, uint64(c))); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}

// countUnmarked adds up the series of the round's responses that carry no
// mark, reading a page per read transaction.
func (e *Embedded) countUnmarked(ctx context.Context, round string) (map[feedback.Period]map[string]int64, int64, error) {
	counts := newSeriesCounts()
	var n int64
	respName, _ := roundBuckets(round)
	var after []byte
	for {
		read := 0
		err := e.view(ctx, func(tx *bolt.Tx) error {
			b := tx.Bucket(respName)
			if b == nil {
				return nil
			}
			c := b.Cursor()
			k, v := c.First()
			if after != nil {
				if k, v = c.Seek(after); k != nil && string(k) == string(after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && read < pageSize; k, v = c.Next() {
				read++
				after = append(after[:0], k...)
				counted, err := countIfUnmarked(v, counts)
				if err != nil {
					return err
				}
				n += counted
			}
			return nil
		})
		if err != nil || read < pageSize {
			return counts, n, err
		}
	}
}

func newSeriesCounts() map[feedback.Period]map[string]int64 {
	counts := map[feedback.Period]map[string]int64{}
	for _, p := range feedback.Periods {
		counts[p] = map[string]int64{}
	}
	return counts
}

// countIfUnmarked adds a stored response to counts unless it is marked as
// counted already, and says whether it added it (1) or not (0).
func countIfUnmarked(stored []byte, counts map[feedback.Period]map[string]int64) (int64, error) {
	var r kept
	if err := json.Unmarshal(stored, &r); err != nil {
		return 0, fmt.Errorf("store: a stored response is damaged: %w", err)
	}
	if r.Counted {
		return 0, nil
	}
	for p, c := range counts {
		for _, field := range r.SeriesFields(p) {
			c[field]++
		}
	}
	return 1, nil
}

// Each round's series in Redis, under its hash tag: a hash of months, and
// a hash of each month's days, live and backfilled.
func (r *Redis) monthKeys(round string) (live, backfill string) {
	return r.roundKey(round, "series:month"), r.roundKey(round, "backfill:month")
}

func (r *Redis) dayKeys(round, month string) (live, backfill string) {
	return r.roundKey(round, "series:day:"+month), r.roundKey(round, "backfill:day:"+month)
}

func (r *Redis) SeriesByMonth(ctx context.Context, round string) (map[string]int64, error) {
	live, backfill := r.monthKeys(round)
	return r.readCounters(ctx, live, backfill)
}

func (r *Redis) SeriesByDay(ctx context.Context, round, month string) (map[string]int64, error) {
	live, backfill := r.dayKeys(round, month)
	return r.readCounters(ctx, live, backfill)
}

// readCounters adds up hashes of counters, read in one round trip.
func (r *Redis) readCounters(ctx context.Context, keys ...string) (map[string]int64, error) {
	got := make([]*redis.MapStringStringCmd, len(keys))
	_, err := r.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			got[i] = p.HGetAll(ctx, k)
		}
		return nil
	})
	if err != nil {
		return nil, fail(err)
	}
	out := map[string]int64{}
	for _, cmd := range got {
		if err := addHash(out, cmd.Val()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// addHash adds a Redis hash of counters into out.
func addHash(out map[string]int64, hash map[string]string) error {
	for k, v := range hash {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("store: counter %s: %w", k, err)
		}
		out[k] += n
	}
	return nil
}

// BackfillSeries reads the tallies and the monthly series in one MULTI, so
// it sees them at one moment; then counts the unmarked responses a page at
// a time, and replaces the backfilled hashes in one MULTI.
func (r *Redis) BackfillSeries(ctx context.Context, round string) (int64, error) {
	live, backfill := r.monthKeys(round)
	var got [3]*redis.MapStringStringCmd
	_, err := r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		got[0], got[1], got[2] = p.HGetAll(ctx, r.roundKey(round, "tallies")), p.HGetAll(ctx, live), p.HGetAll(ctx, backfill)
		return nil
	})
	if err != nil {
		return 0, fail(err)
	}
	tallies, monthly := map[string]int64{}, map[string]int64{}
	if err := addHash(tallies, got[0].Val()); err != nil {
		return 0, err
	}
	for _, cmd := range got[1:] {
		if err := addHash(monthly, cmd.Val()); err != nil {
			return 0, err
		}
	}
	if feedback.SeriesComplete(tallies, monthly) {
		return 0, nil
	}
	counts, n := newSeriesCounts(), int64(0)
	for start := int64(0); ; start += pageSize {
		page, err := r.client.LRange(ctx, r.roundKey(round, "responses"), start, start+pageSize-1).Result()
		if err != nil {
			return 0, fail(err)
		}
		for _, v := range page {
			counted, err := countIfUnmarked([]byte(v), counts)
			if err != nil {
				return 0, err
			}
			n += counted
		}
		if len(page) < pageSize {
			break
		}
	}
	// Each month's days go in that month's hash. Responses are never taken
	// away, so every month backfilled before is among these again.
	days := map[string]map[string]int64{}
	for field, c := range counts[feedback.ByDay] {
		month := field[:len("2006-01")]
		if days[month] == nil {
			days[month] = map[string]int64{}
		}
		days[month][field] = c
	}
	_, err = r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		setCounters(ctx, p, backfill, counts[feedback.ByMonth])
		for month, fields := range days {
			_, key := r.dayKeys(round, month)
			setCounters(ctx, p, key, fields)
		}
		return nil
	})
	if err != nil {
		return 0, fail(err)
	}
	return n, nil
}

// setCounters replaces a hash of counters, in parts of pageSize fields.
func setCounters(ctx context.Context, p redis.Pipeliner, key string, counts map[string]int64) {
	p.Del(ctx, key)
	args := make([]any, 0, 2*min(len(counts), pageSize))
	for field, n := range counts {
		if args = append(args, field, n); len(args) == 2*pageSize {
			p.HSet(ctx, key, args...)
			args = args[:0]
		}
	}
	if len(args) > 0 {
		p.HSet(ctx, key, args...)
	}
}

// BackfillAllSeries runs BackfillSeries on every round and the standing
// one, and returns how many responses it counted. Every instance may run it
// at start-up: once the series are complete it only reads each round's
// tallies and monthly series.
func BackfillAllSeries(ctx context.Context, s Feedback) (int64, error) {
	rounds, err := s.Rounds(ctx)
	if err != nil {
		return 0, err
	}
	codes := []string{feedback.Standing}
	for _, r := range rounds {
		codes = append(codes, r.Code)
	}
	var total int64
	for _, code := range codes {
		n, err := s.BackfillSeries(ctx, code)
		if err != nil {
			return total, fmt.Errorf("series of round %s: %w", code, err)
		}
		total += n
	}
	return total, nil
}
