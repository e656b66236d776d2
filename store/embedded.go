package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Embedded keeps everything in one bbolt file, heard.db: the default store, for one machine.
// Every write is one fsynced transaction, so what was written survives a crash or restart.
// It does not use ctx: its calls are local and short.
type Embedded struct {
	db    *bolt.DB
	stop  chan struct{} // closed by Close to end the sweeper
	done  chan struct{} // closed by the sweeper when it has ended
	once  sync.Once
	texts texts // claims and rate counters of texts, in memory only (texts.go)
}

var _ Store = (*Embedded)(nil)

// sweepEvery is how often expired entries are deleted. Reads already treat them as absent,
// so sweeping only keeps the file from growing and old data from lingering on disk.
const sweepEvery = time.Minute

// batchDelay is how long a response waits for others to share its fsync.
const batchDelay = time.Millisecond

// expiringKinds are the buckets whose values start with an expiry.
var expiringKinds = []string{kindConversation, kindMessage, kindRate, kindSession}

// OpenEmbedded opens (or creates) dir/heard.db, readable only by its owner.
func OpenEmbedded(dir string) (*Embedded, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// The lock timeout turns a second Heard on the same folder into an error, not a hang.
	db, err := bolt.Open(filepath.Join(dir, "heard.db"), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, kind := range []string{kindConversation, kindMessage, kindRate, kindSession, kindUsers, kindRounds, kindPosts} {
			if _, err := tx.CreateBucketIfNotExists([]byte(kind)); err != nil {
				return err
			}
		}
		if tx.Bucket([]byte(kindOptOut)) != nil {
			return tx.DeleteBucket([]byte(kindOptOut))
		}
		return nil
	})
	if err == nil {
		err = sweep(db, time.Now())
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	// Feedback responses from concurrent requests share one fsync (group
	// commit, SaveResponse). One waits at most batchDelay for others to join
	// it: bbolt's 10 ms default added 10 ms to every response.
	db.MaxBatchDelay = batchDelay
	e := &Embedded{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	go e.sweepLoop()
	return e, nil
}

func (e *Embedded) sweepLoop() {
	defer close(e.done)
	tick := time.NewTicker(sweepEvery)
	defer tick.Stop()
	for {
		select {
		case <-e.stop:
			return
		case now := <-tick.C:
			// A failed sweep is harmless (reads skip expired entries); the next tick retries.
			_ = sweep(e.db, now)
		}
	}
}

// sweep deletes every entry that expired before now.
func sweep(db *bolt.DB, now time.Time) error {
	return db.Update(func(tx *bolt.Tx) error {
		for _, kind := range expiringKinds {
			b := tx.Bucket([]byte(kind))
			// Collect first: deleting under a moving cursor can skip keys.
			var expired [][]byte
			err := b.ForEach(func(k, v []byte) error {
				if _, ok := live(v, now); !ok {
					expired = append(expired, bytes.Clone(k))
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, k := range expired {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// pack prefixes payload with its expiry (Unix nanoseconds), so reads can tell expired values
// from live ones without waiting for a sweep.
func pack(expires time.Time, payload []byte) []byte {
	v := make([]byte, 8, 8+len(payload))
	binary.BigEndian.PutUint64(v, uint64(expires.UnixNano()))
	return append(v, payload...)
}

// live returns the payload of a packed value and whether it is present and unexpired at now.
func live(v []byte, now time.Time) ([]byte, bool) {
	if len(v) < 8 {
		return nil, false
	}
	return v[8:], now.UnixNano() < int64(binary.BigEndian.Uint64(v))
}

func (e *Embedded) Hit(_ context.Context, key string, window time.Duration) (count int64, err error) {
	if err := checkTTL(window); err != nil {
		return 0, err
	}
	err = e.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(kindRate))
		now := time.Now()
		v := b.Get([]byte(key))
		expires := now.Add(window)
		count = 1
		if n, ok := live(v, now); ok {
			// Same window: keep its end, so steady hits cannot stretch it.
			expires = time.Unix(0, int64(binary.BigEndian.Uint64(v)))
			count = int64(binary.BigEndian.Uint64(n)) + 1
		}
		return b.Put([]byte(key), pack(expires, binary.BigEndian.AppendUint64(nil, uint64(count))))
	})
	if err != nil {
		return 0, err
	}
	return count, nil
}

func (e *Embedded) ClearHits(_ context.Context, key string) error {
	return e.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kindRate)).Delete([]byte(key))
	})
}

// Ping fails once the store is closed.
func (e *Embedded) Ping(context.Context) error {
	return e.db.View(func(*bolt.Tx) error { return nil })
}

// Close stops the sweeper and closes the file; closing twice is harmless.
func (e *Embedded) Close() error {
	e.once.Do(func() {
		close(e.stop)
		<-e.done
	})
	return e.db.Close()
}

func (e *Embedded) put(kind, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return err
	}
	return e.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kind)).Put([]byte(key), pack(time.Now().Add(ttl), value))
	})
}
