package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// compactSuffix names the copy a compaction writes before it takes the file's place.
const compactSuffix = ".compact"

// compactTxSize is how much a compaction writes per transaction: bounded, so a large file
// is copied without holding all of it in memory.
const compactTxSize = 1 << 20

// Compaction is what a Compact did and how long it held calls up.
type Compaction struct {
	Before, After int64         // the file's size, in bytes
	WritesHeld    time.Duration // writes waited this long (reads carried on)
	AllHeld       time.Duration // every call waited this long, for the swap
}

// Compact rewrites the file with only what it holds now, and puts the copy in its place.
//
// bbolt never overwrites a deleted value: its page goes on a free list, and its bytes stay
// in the file (and in every backup, which copies the file) until the page is used again.
// After retention deletes comments, Compact is what makes them gone from the disk: the copy
// is written from the live entries alone, and the old file is unlinked.
//
// Writes wait while the copy is made (reads carry on, from the old file), up to their
// callers' deadlines; every call waits for the swap, a rename. A caller whose deadline
// passes first gets ErrUnavailable. For 100,000 responses, writes wait about half a second.
func (e *Embedded) Compact(ctx context.Context) (Compaction, error) {
	var c Compaction
	if err := ctx.Err(); err != nil {
		return c, err
	}
	started := time.Now()
	e.compacting.Store(true)
	defer e.compacting.Store(false)
	e.writes.Lock()
	defer e.writes.Unlock()
	tmp := e.path + compactSuffix
	os.Remove(tmp)
	dst, err := e.copyInto(tmp, &c)
	if err != nil {
		os.Remove(tmp)
		return c, err
	}
	swapped := time.Now()
	e.swap.Lock()
	err = os.Rename(tmp, e.path)
	if err == nil {
		err = syncDir(filepath.Dir(e.path))
	}
	old := e.db
	if err == nil {
		e.db = dst
	}
	e.swap.Unlock()
	c.AllHeld = time.Since(swapped)
	c.WritesHeld = time.Since(started)
	if err != nil {
		dst.Close()
		os.Remove(tmp)
		return c, fmt.Errorf("store: compact: %w", err)
	}
	// Nothing uses the old file now; closing it releases its pages for good.
	return c, old.Close()
}

// copyInto writes the live entries of the file into a new file at path, synced to disk and
// ready to serve. Writes are held (by Compact); reads carry on beside it.
func (e *Embedded) copyInto(path string, c *Compaction) (*bolt.DB, error) {
	// No fsync per transaction while copying: one at the end is enough, as the copy is
	// thrown away if anything goes wrong before it is in place.
	dst, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockWait, NoSync: true})
	if err != nil {
		return nil, fmt.Errorf("store: compact: %w", err)
	}
	e.swap.RLock()
	err = guarded(e.path, func() error {
		c.Before = fileSize(e.path)
		return bolt.Compact(dst, e.db, compactTxSize)
	})
	e.swap.RUnlock()
	if err == nil {
		dst.NoSync = false
		err = dst.Sync()
	}
	if err != nil {
		dst.Close()
		return nil, fmt.Errorf("store: compact: %w", err)
	}
	dst.MaxBatchDelay = batchDelay
	c.After = fileSize(path)
	return dst, nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
