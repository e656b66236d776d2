package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Backup writes a consistent copy of the whole file to w while Heard keeps
// serving: one read transaction sees the file as it was at one moment, and
// writers carry on beside it.
func (e *Embedded) Backup(w io.Writer) (int64, error) {
	var n int64
	err := e.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// ErrInUse means another process (a running Heard) holds the file.
var ErrInUse = errors.New("store: the data file is in use by a running Heard")

// BackupFile copies dir's store to path when no Heard is running on it.
func BackupFile(dir, path string) error {
	db, err := bolt.Open(filepath.Join(dir, "heard.db"), 0o600, &bolt.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return ErrInUse
	}
	if err != nil {
		return fmt.Errorf("store: %w", err)
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
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
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
	if err := Check(tmp.Name()); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Check opens a store file read-only and checks every page of it.
func Check(path string) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 500 * time.Millisecond})
	if err != nil {
		return fmt.Errorf("store: %s is not a Heard data file: %w", path, err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return fmt.Errorf("store: %s is damaged: %w", path, err)
		}
		if tx.Bucket([]byte(kindUsers)) == nil {
			return fmt.Errorf("store: %s is not a Heard data file", path)
		}
		return nil
	})
}

// Restore puts a checked backup in place as dir's store. Heard must not be
// running on dir; the file it replaces is kept beside it as heard.db.before-restore.
func Restore(backup, dir string) error {
	if err := Check(backup); err != nil {
		return err
	}
	live := filepath.Join(dir, "heard.db")
	if _, err := os.Stat(live); err == nil {
		db, err := bolt.Open(live, 0o600, &bolt.Options{Timeout: 500 * time.Millisecond})
		if errors.Is(err, bolterrors.ErrTimeout) {
			return ErrInUse
		}
		if err == nil {
			db.Close()
		}
		if err := os.Rename(live, live+".before-restore"); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	src, err := os.Open(backup)
	if err != nil {
		return err
	}
	defer src.Close()
	return WriteChecked(live, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
}
