package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DamagedError means a data file cannot be used as it is. Its message is one sentence that
// names the file and says what to do; Detail is what the check found, for `heard check`.
type DamagedError struct {
	Path    string
	Problem string // "is damaged", "is empty (...)": follows the path in a sentence
	Detail  string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("%s %s; Heard will not use it: run `heard check` to see what is wrong, "+
		"then restore the newest backup with `heard restore FILE`", e.Path, e.Problem)
}

// checkTimeout bounds a check of the live file, which holds a read transaction meanwhile.
const checkTimeout = 5 * time.Minute

// Check reads and checks every page of the live file (as `heard check` does while Heard
// runs), and returns what it checked; a damaged file is a *DamagedError.
func (e *Embedded) Check(ctx context.Context) (string, error) {
	var summary string
	err := e.call(ctx, checkTimeout, false, func(_ context.Context, db *bolt.DB) error {
		return db.View(func(tx *bolt.Tx) error {
			if err := checkTx(e.path, tx); err != nil {
				return err
			}
			summary = describe(e.path, tx)
			return nil
		})
	})
	return summary, err
}

// CheckFile checks every page of a data file that no Heard is running on (a backup, or the
// file of a stopped Heard), and returns what it checked; a damaged file is a *DamagedError.
func CheckFile(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	if fi.Size() == 0 {
		return "", &DamagedError{Path: path, Problem: "is empty (whatever was kept there is gone)"}
	}
	db, err := openGuarded(path, &bolt.Options{ReadOnly: true, Timeout: lockWait})
	if err != nil {
		return "", err
	}
	defer db.Close()
	var summary string
	err = guarded(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			if err := checkTx(path, tx); err != nil {
				return err
			}
			if tx.Bucket([]byte(kindUsers)) == nil {
				return notHeard(path, tx)
			}
			summary = describe(path, tx)
			return nil
		})
	})
	return summary, err
}

// notHeard names what is wrong with a file that lacks Heard's buckets: one that holds
// nothing at all has lost what was kept there; one that holds something else is another
// program's.
func notHeard(path string, tx *bolt.Tx) error {
	if k, _ := tx.Cursor().First(); k == nil {
		return &DamagedError{Path: path, Problem: "is empty (whatever was kept there is gone)"}
	}
	return &DamagedError{Path: path, Problem: "is not a Heard data file"}
}

// checkTx reads every page a transaction can reach, then runs bbolt's own consistency check
// (every page reachable or free, none twice, keys in order). It runs under guarded: the
// first reading, done here, is where a fault on a damaged page happens, so that bbolt's
// check, which runs in a goroutine of its own, meets only pages already read safely.
func checkTx(path string, tx *bolt.Tx) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	if tx.Size() > fi.Size() {
		return &DamagedError{Path: path, Problem: "is damaged", Detail: fmt.Sprintf(
			"the file is %d bytes long but its pages reach to %d: it has been cut short", fi.Size(), tx.Size())}
	}
	var touched byte
	err = tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
		sum, err := readAll(b)
		touched += sum
		return err
	})
	if err != nil {
		return err
	}
	var problems []error
	for err := range tx.Check() {
		problems = append(problems, err)
	}
	if len(problems) > 0 {
		return &DamagedError{Path: path, Problem: "is damaged", Detail: errors.Join(problems...).Error()}
	}
	return nil
}

// readAll touches both ends of every key and value of a bucket and the buckets inside it:
// a damaged page's offsets point outside the file, and touching is what finds them. The sum
// is returned only so that the reads are not optimised away.
func readAll(b *bolt.Bucket) (sum byte, err error) {
	err = b.ForEach(func(k, v []byte) error {
		if v == nil {
			if inner := b.Bucket(k); inner != nil {
				n, err := readAll(inner)
				sum += n
				return err
			}
		}
		for _, s := range [][]byte{k, v} {
			if len(s) > 0 {
				sum += s[0] + s[len(s)-1]
			}
		}
		return nil
	})
	return sum, err
}

// describe says that a file is sound, and what it holds, in a line.
func describe(path string, tx *bolt.Tx) string {
	rounds, responses := 0, 0
	tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		switch n := string(name); {
		case n == kindRounds:
			rounds = b.Stats().KeyN
		case strings.HasPrefix(n, "responses:"):
			responses += b.Stats().KeyN
		}
		return nil
	})
	users := tx.Bucket([]byte(kindUsers)).Stats().KeyN
	return fmt.Sprintf("%s is sound: every page read and checked (%.1f MB); rounds: %d, responses: %d, accounts: %d",
		path, float64(tx.Size())/(1<<20), rounds, responses, users)
}
