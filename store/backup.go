package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
)

// snapshotTimeout bounds copying the file for a backup. The copy goes to local disk, so it
// is quick, and only it holds a read transaction (which keeps the file from growing).
const snapshotTimeout = 2 * time.Minute

// Snapshot copies the whole file, as it is at one moment, to a temporary file in the data
// folder (readable only by its owner) and returns it, at its start, for the caller to send
// and close. The copy is unlinked at once, so nothing is left behind whatever happens, and
// a slow or stalled reader of the backup holds only that copy, never the store.
func (e *Embedded) Snapshot(ctx context.Context) (*os.File, error) {
	f, err := os.CreateTemp(filepath.Dir(e.path), ".snapshot-*")
	if err != nil {
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	os.Remove(f.Name())
	err = e.call(ctx, snapshotTimeout, false, func(ctx context.Context, db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(writerWhile{ctx, f})
			return err
		})
	})
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	return f, nil
}

// writerWhile stops writing once ctx ends, so a copy that outlives its caller stops.
type writerWhile struct {
	ctx context.Context
	w   io.Writer
}

func (w writerWhile) Write(p []byte) (int, error) {
	if err := w.ctx.Err(); err != nil {
		return 0, err
	}
	return w.w.Write(p)
}

// ErrInUse means another process (a running Heard) holds the file.
var ErrInUse = errors.New("store: the data file is in use by a running Heard")

// BackupFile copies dir's store to path when no Heard is running on it.
func BackupFile(dir, path string) error {
	live := filepath.Join(dir, "heard.db")
	if _, err := CheckFile(live); err != nil {
		return err
	}
	db, err := openGuarded(live, &bolt.Options{ReadOnly: true, Timeout: lockWait})
	if err != nil {
		return err
	}
	defer db.Close()
	return WriteChecked(path, func(w io.Writer) error {
		return db.View(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
}

// WriteChecked writes a backup to path by way of a temporary file, checks
// that it opens and its pages are whole, and only then puts it in place, so
// a failed backup never leaves a broken file where a good one is expected.
func WriteChecked(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".heard-backup-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if _, err := CheckFile(tmp.Name()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Restore puts a checked backup in place as dir's store, and returns where the file it
// replaced was kept (empty when there was none). Heard must not be running on dir. Every
// restore keeps what it replaced under its own dated name, heard.db.before-restore-TIME, so
// a second restore never overwrites the first one's copy.
func Restore(backup, dir string) (kept string, err error) {
	if _, err := CheckFile(backup); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	live := filepath.Join(dir, "heard.db")
	// The lock is taken by hand, not by opening the file: the file being replaced may be
	// damaged, and reading it is not needed.
	if f, err := os.Open(live); err == nil {
		defer f.Close()
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			return "", ErrInUse
		}
		if kept, err = keepAside(live, time.Now()); err != nil {
			return "", err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	src, err := os.Open(backup)
	if err != nil {
		return kept, err
	}
	defer src.Close()
	return kept, WriteChecked(live, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
}

// keepAside renames path to a name of its own, dated now, that no other file has.
func keepAside(path string, now time.Time) (string, error) {
	base := path + ".before-restore-" + now.UTC().Format("20060102T150405Z")
	for n := 1; ; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		// A hard link fails when the name is taken, where a rename would overwrite it.
		err := os.Link(path, name)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return name, os.Remove(path)
	}
}
