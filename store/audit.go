package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"time"

	"heard/audit"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// The audit trail: who did what to which round, account or team, and when.
// Entries are numbered in the order they are kept, and read newest first, a
// page at a time, from an index of the entries of one round, one person or
// one team, or of all of them: a filter never reads the whole trail, which
// may hold years of entries. Entries are also indexed by their time, for
// ForgetAudit. A page's cursor (audit.Page.Next) is the number of the last
// entry it read.

var (
	_ audit.Store = (*Embedded)(nil)
	_ audit.Store = (*Redis)(nil)
)

// forgetBatch is how many entries ForgetAudit deletes in one transaction:
// a day's worth, so one run never holds the store up for long.
const forgetBatch = 1000

// auditIndex is the index a query reads: the narrowest of its filters. The
// others are checked on each entry read.
func auditIndex(q audit.Query) (kind, value string) {
	switch {
	case q.Round != "":
		return "round", q.Round
	case q.Who != "":
		return "who", q.Who
	case q.Team != "":
		return "team", q.Team
	}
	return "", ""
}

// auditIndexes are the indexes an entry is in, beside all of them.
func auditIndexes(e audit.Entry) map[string]string {
	in := map[string]string{"who": e.Who}
	if e.Round != "" {
		in["round"] = e.Round
	}
	if e.Team != "" {
		in["team"] = e.Team
	}
	return in
}

// parseCursor reads a page's Next; 0 is the newest page.
func parseCursor(s string) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 {
		return 0, audit.ErrBadCursor
	}
	return n, nil
}

// Embedded: a bucket "audit" holding buckets "entries" (number -> JSON), "at"
// (time in Unix seconds, then number -> nothing), and "round", "who" and
// "team" (value, a zero byte, then number -> nothing). Numbers and times are
// 8 bytes, big-endian, so keys sort as they do. The buckets are made with the
// first entry; a file without them has an empty trail. They are in the file,
// so in every backup.

const auditBucket = "audit"

var auditBuckets = []string{"entries", "at", "round", "who", "team"}

func be64(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// indexKey is an entry's key in an index of the embedded store.
func indexKey(value string, id []byte) []byte {
	return append(append([]byte(value), 0), id...)
}

func (e *Embedded) AddAudit(ctx context.Context, entry audit.Entry) error {
	if err := entry.Check(); err != nil {
		return err
	}
	value, err := json.Marshal(entry)
	if err != nil {
		return err
	}
	// Entries come from many requests at once: they share a transaction and
	// its fsync (a batch, which may run this more than once: it only writes).
	return e.batch(ctx, func(tx *bolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists([]byte(auditBucket))
		if err != nil {
			return err
		}
		b := map[string]*bolt.Bucket{}
		for _, name := range auditBuckets {
			if b[name], err = root.CreateBucketIfNotExists([]byte(name)); err != nil {
				return err
			}
		}
		seq, err := b["entries"].NextSequence()
		if err != nil {
			return err
		}
		id := be64(seq)
		if err := b["entries"].Put(id, value); err != nil {
			return err
		}
		if err := b["at"].Put(append(be64(uint64(entry.At.Unix())), id...), []byte{}); err != nil {
			return err
		}
		for kind, v := range auditIndexes(entry) {
			if err := b[kind].Put(indexKey(v, id), []byte{}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (e *Embedded) ListAudit(ctx context.Context, q audit.Query) (audit.Page, error) {
	before, err := parseCursor(q.Before)
	if err != nil {
		return audit.Page{}, err
	}
	if before == 0 {
		before = math.MaxUint64
	}
	size := q.PageSize()
	var page audit.Page
	err = e.view(ctx, func(tx *bolt.Tx) error {
		page = audit.Page{}
		root := tx.Bucket([]byte(auditBucket))
		if root == nil {
			return nil
		}
		entries := root.Bucket([]byte("entries"))
		index, prefix := entries, []byte(nil)
		if kind, value := auditIndex(q); kind != "" {
			index, prefix = root.Bucket([]byte(kind)), append([]byte(value), 0)
		}
		c := index.Cursor()
		// The first key below the cursor's: Seek finds the first at or above it.
		k, _ := c.Seek(append(bytes.Clone(prefix), be64(before)...))
		if k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
		var last []byte
		for examined := 0; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
			if len(page.Entries) == size || examined == audit.MaxExamined {
				page.Next = strconv.FormatUint(binary.BigEndian.Uint64(last), 10)
				break
			}
			examined++
			last = k[len(k)-8:]
			v := entries.Get(last)
			if v == nil {
				continue
			}
			var entry audit.Entry
			if err := decodeJSON(auditBucket, string(last), v, &entry); err != nil {
				return err
			}
			if q.Matches(entry) {
				page.Entries = append(page.Entries, entry)
			}
		}
		return nil
	})
	return page, err
}

func (e *Embedded) ForgetAudit(ctx context.Context, cutoff time.Time) (int64, error) {
	if cutoff.Unix() < 0 {
		return 0, nil // entries are from 1970 on (audit.Entry.Check)
	}
	// Entries' times are whole minutes: one made before cutoff has a time
	// (s) below cutoff's, rounded up.
	seconds := cutoff.Unix()
	if cutoff.After(time.Unix(seconds, 0)) {
		seconds++
	}
	until := be64(uint64(seconds))
	var total int64
	for {
		var n int64
		err := e.update(ctx, func(tx *bolt.Tx) error {
			n = 0
			root := tx.Bucket([]byte(auditBucket))
			if root == nil {
				return nil
			}
			b := map[string]*bolt.Bucket{}
			for _, name := range auditBuckets {
				b[name] = root.Bucket([]byte(name))
			}
			// Collect first: deleting under a moving cursor can skip keys.
			var old [][]byte
			c := b["at"].Cursor()
			for k, _ := c.First(); k != nil && bytes.Compare(k[:8], until) < 0 && len(old) < forgetBatch; k, _ = c.Next() {
				old = append(old, bytes.Clone(k))
			}
			for _, k := range old {
				id := k[8:]
				if v := b["entries"].Get(id); v != nil {
					var entry audit.Entry
					if err := decodeJSON(auditBucket, string(id), v, &entry); err != nil {
						return err
					}
					for kind, value := range auditIndexes(entry) {
						if err := b[kind].Delete(indexKey(value, id)); err != nil {
							return err
						}
					}
				}
				if err := b["entries"].Delete(id); err != nil {
					return err
				}
				if err := b["at"].Delete(k); err != nil {
					return err
				}
				n++
			}
			return nil
		})
		total += n
		if err != nil || n < forgetBatch {
			return total, err
		}
	}
}

// Redis: every key of the trail shares the hash tag {audit}, so one script
// or MULTI may touch them all on a Cluster (one slot holds the trail).
// {audit}:seq numbers the entries, {audit}:entries is a hash of them by
// number, {audit}:at a sorted set of numbers by time (ms), and {audit}:all,
// {audit}:round:CODE, {audit}:who:EMAIL, {audit}:team:NAME sorted sets of
// numbers scored by themselves.

func (r *Redis) auditKey(part string) string { return r.prefix + "{audit}:" + part }

// addAudit keeps an entry. KEYS: seq, entries, at, all, then its indexes.
// ARGV: the entry's JSON, its time (ms).
var addAudit = redis.NewScript(`
local id = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], id, ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], id)
for i = 4, #KEYS do redis.call('ZADD', KEYS[i], id, id) end
return id`)

func (r *Redis) AddAudit(ctx context.Context, entry audit.Entry) error {
	if err := entry.Check(); err != nil {
		return err
	}
	value, err := json.Marshal(entry)
	if err != nil {
		return err
	}
	keys := []string{r.auditKey("seq"), r.auditKey("entries"), r.auditKey("at"), r.auditKey("all")}
	for kind, v := range auditIndexes(entry) {
		keys = append(keys, r.auditKey(kind+":"+v))
	}
	if err := addAudit.Run(ctx, r.client, keys, value, entry.At.UnixMilli()).Err(); err != nil {
		return fail(err)
	}
	return nil
}

func (r *Redis) ListAudit(ctx context.Context, q audit.Query) (audit.Page, error) {
	before, err := parseCursor(q.Before)
	if err != nil {
		return audit.Page{}, err
	}
	max := "+inf"
	if before != 0 {
		max = "(" + strconv.FormatUint(before, 10)
	}
	index := r.auditKey("all")
	if kind, value := auditIndex(q); kind != "" {
		index = r.auditKey(kind + ":" + value)
	}
	size := q.PageSize()
	var page audit.Page
	var last string // the number of the last entry read
	// Read a page's worth first (with one filter, every entry matches), then
	// four times more each time while the filters pass entries by.
	for examined, batch := 0, size; examined < audit.MaxExamined && len(page.Entries) < size; batch *= 4 {
		batch = min(batch, audit.MaxExamined-examined)
		ids, err := r.client.ZRevRangeByScore(ctx, index, &redis.ZRangeBy{Max: max, Min: "-inf", Count: int64(batch)}).Result()
		if err != nil {
			return audit.Page{}, fail(err)
		}
		if len(ids) == 0 {
			return page, nil // the index has nothing older
		}
		values, err := r.client.HMGet(ctx, r.auditKey("entries"), ids...).Result()
		if err != nil {
			return audit.Page{}, fail(err)
		}
		for i, id := range ids {
			if len(page.Entries) == size {
				break
			}
			examined++
			last = id
			v, ok := values[i].(string)
			if !ok {
				continue // forgotten since the index was read
			}
			var entry audit.Entry
			if err := decodeJSON(auditBucket, id, []byte(v), &entry); err != nil {
				return audit.Page{}, err
			}
			if q.Matches(entry) {
				page.Entries = append(page.Entries, entry)
			}
		}
		max = "(" + last
		if len(ids) < batch && last == ids[len(ids)-1] {
			return page, nil // every entry left in the index was read
		}
	}
	older, err := r.client.ZCount(ctx, index, "-inf", max).Result()
	if err != nil {
		return audit.Page{}, fail(err)
	}
	if older > 0 {
		page.Next = last
	}
	return page, nil
}

func (r *Redis) ForgetAudit(ctx context.Context, cutoff time.Time) (int64, error) {
	// Entries' times are whole minutes: one made before cutoff has a time
	// (ms) below cutoff's, rounded up.
	until := cutoff.UnixMilli()
	if cutoff.After(time.UnixMilli(until)) {
		until++
	}
	entries, at, all := r.auditKey("entries"), r.auditKey("at"), r.auditKey("all")
	var total int64
	for {
		ids, err := r.client.ZRangeByScore(ctx, at, &redis.ZRangeBy{Min: "-inf", Max: "(" + strconv.FormatInt(until, 10), Count: forgetBatch}).Result()
		if err != nil {
			return total, fail(err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		values, err := r.client.HMGet(ctx, entries, ids...).Result()
		if err != nil {
			return total, fail(err)
		}
		members := make([]any, len(ids))
		var indexes, inIndex []string // entry inIndex[i] is in index indexes[i]
		for i, id := range ids {
			members[i] = id
			v, ok := values[i].(string)
			if !ok {
				continue
			}
			var entry audit.Entry
			if err := decodeJSON(auditBucket, id, []byte(v), &entry); err != nil {
				return total, err
			}
			for kind, value := range auditIndexes(entry) {
				indexes, inIndex = append(indexes, r.auditKey(kind+":"+value)), append(inIndex, id)
			}
		}
		var deleted *redis.IntCmd
		_, err = r.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
			for i, key := range indexes {
				p.ZRem(ctx, key, inIndex[i])
			}
			deleted = p.HDel(ctx, entries, ids...)
			p.ZRem(ctx, at, members...)
			p.ZRem(ctx, all, members...)
			return nil
		})
		if err != nil {
			return total, fail(err)
		}
		total += deleted.Val()
	}
}
