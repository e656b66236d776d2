package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Embedded keeps everything in one bbolt file, heard.db: the default store, for one machine.
// Every write is one fsynced transaction, so what was written survives a crash or restart.
//
// Every call honours its context's deadline (defaultCallTimeout when it has none): bbolt
// itself cannot be interrupted, so the work runs beside the caller, who stops waiting when
// the deadline passes and gets an error wrapping ErrUnavailable, as from a Redis that is
// down. Once the file has been stuck a while, calls fail at once (Embedded.progress).
type Embedded struct {
	path string
	// swap is held for reading by every call while it uses db, and for writing while a
	// compacted file takes the old one's place (Compact).
	swap sync.RWMutex
	// writes is held for reading by every write, and for writing while Compact copies the
	// file: readers carry on meanwhile.
	writes sync.RWMutex
	db     *bolt.DB
	// inFlight bounds the calls at work at once, so a stuck file holds at most this many
	// goroutines; later callers wait for a place until their deadline, then give up.
	inFlight chan struct{}
	// progress is how the reads ([0]) and the writes ([1]) are getting on: when calls of a
	// kind are at work and none has finished for stuckAfter, the file is stuck for them, and
	// the next ones fail at once rather than each wait their deadline out. Calls that are
	// only slow (a busy disk, a queue of writers) keep finishing, and stop nobody.
	progress [2]progress
	// compacting is set while Compact holds writes: they are held, not stuck.
	compacting atomic.Bool
	stop       chan struct{} // closed by Close to end the sweeper
	done       chan struct{} // closed by the sweeper when it has ended
	once       sync.Once
	texts      texts // claims and rate counters of texts, in memory only (texts.go)
}

// progress follows the calls of one kind (see Embedded.progress).
type progress struct {
	working  atomic.Int64 // calls at work now
	lastDone atomic.Int64 // when one last finished, or work began after none, in Unix nanoseconds
}

func (p *progress) begin() {
	if p.working.Add(1) == 1 {
		p.lastDone.Store(time.Now().UnixNano())
	}
}

func (p *progress) end() {
	p.lastDone.Store(time.Now().UnixNano())
	p.working.Add(-1)
}

// stuck reports whether calls are at work and none has finished for stuckAfter.
func (p *progress) stuck() bool {
	return p.working.Load() > 0 && time.Now().UnixNano()-p.lastDone.Load() > int64(stuckAfter)
}

var _ Store = (*Embedded)(nil)

// defaultCallTimeout bounds a call whose caller set no deadline. Callers that answer people
// set their own: the web and SMS handlers wait at most 1 to 5 seconds, which on a busy disk
// is time enough for feedback to be kept rather than refused.
const defaultCallTimeout = 5 * time.Second

// stuckAfter is how long calls may be at work with none finishing before the file counts
// as stuck for them (see Embedded.progress). It is the longest a caller waits when it sets
// no deadline: by then every such call has given up anyway, so failing the next ones at
// once costs nobody an answer. At 2 s a single fsync held up by a busy disk (32 writers
// racing under the race detector, with every package's tests running) once counted as
// stuck.
const stuckAfter = defaultCallTimeout

// maxInFlight is how many calls may be at work at once (see Embedded.inFlight): as many as
// bbolt puts in one batch (a burst of feedback shares one fsync), and few enough that a
// stuck file holds no more than a few megabytes of waiting goroutines.
const maxInFlight = 1000

// sweepEvery is how often expired entries are deleted. Reads already treat them as absent,
// so sweeping only keeps the file from growing and old data from lingering on disk.
const sweepEvery = time.Minute

// sweepTimeout bounds one sweep: a long one would hold up the writes behind it.
const sweepTimeout = 10 * time.Second

// batchDelay is how long a response waits for others to share its fsync.
const batchDelay = time.Millisecond

// lockWait is how long opening waits for the file's lock: a second Heard on the same folder
// gets ErrInUse rather than a hang.
const lockWait = time.Second

// expiringKinds are the buckets whose values start with an expiry.
var expiringKinds = []string{kindConversation, kindMessage, kindRate, kindSession, kindInvites, kindInviteOf}

// embeddedKinds are the buckets every Heard file has.
var embeddedKinds = []string{kindConversation, kindMessage, kindRate, kindSession, kindUserSessions, kindUsers, kindRounds, kindPosts,
	kindTeams, kindTeamNames, kindInvites, kindInviteOf, kindMeta, kindLocalHelp}

// OpenEmbedded opens (or creates) dir/heard.db, readable only by its owner. It refuses a
// file that is damaged, empty, or not Heard's, with a *DamagedError that says what to do,
// rather than starting over it or crashing on it: every page is read and checked first.
func OpenEmbedded(dir string) (*Embedded, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	path := filepath.Join(dir, "heard.db")
	// A compaction cut short leaves its copy behind: it holds nothing the file lacks.
	os.Remove(path + compactSuffix)
	if _, err := os.Stat(path); err == nil {
		// Checked through a handle of its own, which takes its memory map away when it
		// closes: reading every page does not leave the whole file counted in Heard's memory.
		if _, err := CheckFile(path); err != nil {
			return nil, err
		}
	}
	db, err := openGuarded(path, &bolt.Options{Timeout: lockWait})
	if err != nil {
		return nil, err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, kind := range embeddedKinds {
			if _, err := tx.CreateBucketIfNotExists([]byte(kind)); err != nil {
				return err
			}
		}
		if tx.Bucket([]byte(kindOptOut)) != nil {
			return tx.DeleteBucket([]byte(kindOptOut))
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Feedback responses from concurrent requests share one fsync (group
	// commit, SaveResponse). One waits at most batchDelay for others to join
	// it: bbolt's 10 ms default added 10 ms to every response.
	db.MaxBatchDelay = batchDelay
	e := &Embedded{path: path, db: db, inFlight: make(chan struct{}, maxInFlight),
		stop: make(chan struct{}), done: make(chan struct{})}
	if err := e.sweep(context.Background(), time.Now()); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	go e.sweepLoop()
	return e, nil
}

// openGuarded opens a bbolt file, with a fault or a panic on a damaged page turned into a
// *DamagedError, and the lock held by another process into ErrInUse. A panic inside
// bbolt's Open leaves the file open and locked, which does not matter to a process that
// then stops, as Heard and its commands do.
func openGuarded(path string, opts *bolt.Options) (*bolt.DB, error) {
	var db *bolt.DB
	err := guarded(path, func() error {
		var err error
		db, err = bolt.Open(path, 0o600, opts)
		switch {
		case errors.Is(err, bolterrors.ErrTimeout):
			return fmt.Errorf("%w (%s)", ErrInUse, path)
		case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch):
			return &DamagedError{Path: path, Problem: "is damaged", Detail: err.Error()}
		case err != nil:
			return fmt.Errorf("store: open %s: %w", path, err)
		}
		return nil
	})
	if err != nil && db != nil {
		db.Close()
	}
	return db, err
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
			_ = e.sweep(context.Background(), now)
		}
	}
}

// sweep deletes every entry that expired before now.
func (e *Embedded) sweep(ctx context.Context, now time.Time) error {
	return e.call(ctx, sweepTimeout, true, func(ctx context.Context, db *bolt.DB) error {
		return db.Update(whileWanted(ctx, func(tx *bolt.Tx) error {
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
		}))
	})
}

// view runs fn in a read transaction, within ctx's deadline.
func (e *Embedded) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	return e.call(ctx, defaultCallTimeout, false, func(_ context.Context, db *bolt.DB) error { return db.View(fn) })
}

// update runs fn in a write transaction, within ctx's deadline. A write
// that gets its turn only after the caller has given up is not made.
func (e *Embedded) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	return e.call(ctx, defaultCallTimeout, true, func(ctx context.Context, db *bolt.DB) error {
		return db.Update(whileWanted(ctx, fn))
	})
}

// batch is update by way of bbolt's Batch: concurrent calls share one transaction and its
// fsync. fn may run more than once, so it must only write.
func (e *Embedded) batch(ctx context.Context, fn func(*bolt.Tx) error) error {
	return e.call(ctx, defaultCallTimeout, true, func(ctx context.Context, db *bolt.DB) error {
		return db.Batch(whileWanted(ctx, fn))
	})
}

// whileWanted runs fn only while ctx is live.
func whileWanted(ctx context.Context, fn func(*bolt.Tx) error) func(*bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		if ctx.Err() != nil {
			return unavailable(ctx)
		}
		return fn(tx)
	}
}

// call runs op on the file beside the caller and waits for it until ctx ends, or, when ctx
// has no deadline, until limit passes. A write waits for a compaction in progress (Compact).
// Calls allowed longer than defaultCallTimeout (a sweep, a snapshot, a check) may rightly be
// at work for a long time, so they do not count towards the file being stuck.
func (e *Embedded) call(ctx context.Context, limit time.Duration, write bool, op func(context.Context, *bolt.DB) error) error {
	p := &e.progress[0]
	if write {
		p = &e.progress[1]
	}
	if p.stuck() && !(write && e.compacting.Load()) {
		return fmt.Errorf("%w: the data file is not answering", ErrUnavailable)
	}
	tracked := limit <= defaultCallTimeout
	cancel := context.CancelFunc(func() {})
	if _, ok := ctx.Deadline(); !ok {
		ctx, cancel = context.WithTimeout(ctx, limit)
	}
	defer cancel()
	select {
	case e.inFlight <- struct{}{}:
	case <-ctx.Done():
		return unavailable(ctx)
	}
	result := make(chan error, 1)
	if tracked {
		p.begin()
	}
	go func() {
		defer func() { <-e.inFlight }()
		err := e.run(ctx, write, op)
		if tracked {
			p.end()
		}
		result <- err
	}()
	select {
	case err := <-result:
		return err
	case <-ctx.Done():
		select {
		case err := <-result: // finished just as time ran out: its answer stands
			return err
		default:
			return unavailable(ctx)
		}
	}
}

// run does op under the locks, with a damaged page reported as an error rather than a crash.
func (e *Embedded) run(ctx context.Context, write bool, op func(context.Context, *bolt.DB) error) error {
	if write {
		e.writes.RLock()
		defer e.writes.RUnlock()
	}
	e.swap.RLock()
	defer e.swap.RUnlock()
	if ctx.Err() != nil { // gave up while waiting for a compaction
		return unavailable(ctx)
	}
	return guarded(e.path, func() error { return op(ctx, e.db) })
}

func unavailable(ctx context.Context) error {
	return fmt.Errorf("%w: the data file did not answer in time (%w)", ErrUnavailable, context.Cause(ctx))
}

// guarded runs fn with a fault on a bad page (a damaged or truncated file) turned into a
// panic, and any panic into a *DamagedError, so a damaged file is an error, never a crash.
func guarded(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = &DamagedError{Path: path, Problem: "is damaged", Detail: fmt.Sprint(p)}
		}
	}()
	return fn()
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

func (e *Embedded) Hit(ctx context.Context, key string, window time.Duration) (count int64, err error) {
	if err := checkTTL(window); err != nil {
		return 0, err
	}
	err = e.update(ctx, func(tx *bolt.Tx) error {
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

func (e *Embedded) ClearHits(ctx context.Context, key string) error {
	return e.delete(ctx, kindRate, key)
}

// Ping begins a write and abandons it: the store is ready only when a write could start,
// so a file stuck behind a long write, or closed, is not ready.
func (e *Embedded) Ping(ctx context.Context) error {
	return e.call(ctx, defaultCallTimeout, true, func(_ context.Context, db *bolt.DB) error {
		tx, err := db.Begin(true)
		if err != nil {
			return err
		}
		return tx.Rollback()
	})
}

// Close stops the sweeper and closes the file; closing twice is harmless.
func (e *Embedded) Close() error {
	e.once.Do(func() {
		close(e.stop)
		<-e.done
	})
	e.swap.Lock()
	defer e.swap.Unlock()
	return e.db.Close()
}

func (e *Embedded) put(ctx context.Context, kind, key string, value []byte, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return err
	}
	return e.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kind)).Put([]byte(key), pack(time.Now().Add(ttl), value))
	})
}

func (e *Embedded) delete(ctx context.Context, kind, key string) error {
	return e.update(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(kind)).Delete([]byte(key))
	})
}
