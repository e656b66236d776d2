package store_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"

	bolt "go.etcd.io/bbolt"
)

// filled makes a data folder whose file holds n responses with comments, and returns it.
func filled(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	s, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Many at once, as a class answering together: they share fsyncs, so this is quick.
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 32 {
		wg.Go(func() {
			for i := w; i < n; i += 32 {
				r := feedback.Response{Round: feedback.Standing, Channel: "web", Lang: "en", At: time.Now(),
					Answers: map[string]int{"safe": 1 + i%5}, Comment: fmt.Sprintf("comment %d, long enough to fill pages quickly", i)}
				errs <- s.SaveResponse(t.Context(), r)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// damage spoils dir's file in one of the ways a disk or a person does.
func damage(t *testing.T, dir, how string) {
	t.Helper()
	path := filepath.Join(dir, "heard.db")
	switch how {
	case "truncated": // cut short, as by a full disk or a copy stopped halfway
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, fi.Size()/3); err != nil {
			t.Fatal(err)
		}
	case "garbage": // pages overwritten with noise, leaving the two meta pages whole
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		noise := make([]byte, 64*4096)
		r := rand.New(rand.NewPCG(1, 2))
		for i := range noise {
			noise[i] = byte(r.Uint32())
		}
		if _, err := f.WriteAt(noise, 4*4096); err != nil {
			t.Fatal(err)
		}
		f.Close()
	case "garbage entries": // pages whose headers are whole but whose entries point anywhere
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(3, 4))
		noise := make([]byte, 4096-16)
		for page := int64(2); page < 64; page++ {
			for i := range noise {
				noise[i] = byte(r.Uint32())
			}
			if _, err := f.WriteAt(noise, page*4096+16); err != nil {
				t.Fatal(err)
			}
		}
		f.Close()
	case "wild entries": // leaf pages whose entries point far outside the file (a crash, not a panic, unguarded)
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		page := make([]byte, 4096)
		for n := int64(2); ; n++ {
			if _, err := f.ReadAt(page, n*4096); err != nil {
				break
			}
			const leaf = 0x02
			if binary.LittleEndian.Uint16(page[8:]) != leaf {
				continue
			}
			count := int(binary.LittleEndian.Uint16(page[10:]))
			for i := range min(count, (4096-16)/16) {
				binary.LittleEndian.PutUint32(page[16+i*16+4:], 0x70000000) // each entry's position
			}
			if _, err := f.WriteAt(page, n*4096); err != nil {
				t.Fatal(err)
			}
		}
		f.Close()
	case "empty": // emptied, as by a mistaken > heard.db
		if err := os.Truncate(path, 0); err != nil {
			t.Fatal(err)
		}
	case "emptied store": // a store with nothing in it where Heard's data was
		os.Remove(path)
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	case "another program's":
		os.Remove(path)
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("widgets")); return err })
		db.Close()
	default:
		t.Fatalf("no damage %q", how)
	}
}

var damages = []string{"truncated", "garbage", "garbage entries", "wild entries", "empty", "emptied store", "another program's"}

// Heard's store refuses a damaged, emptied or foreign file with one sentence that names it
// and says what to do, never a crash or a new empty store over it; the check says what is
// wrong; and a sound file opens.
func TestEmbeddedRefusesDamagedFiles(t *testing.T) {
	for _, how := range damages {
		t.Run(how, func(t *testing.T) {
			dir := filled(t, 3000)
			damage(t, dir, how)
			path := filepath.Join(dir, "heard.db")
			before, _ := os.ReadFile(path)
			s, err := store.OpenEmbedded(dir)
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			var damaged *store.DamagedError
			if !errors.As(err, &damaged) {
				t.Fatalf("error %v (%T), want a DamagedError", err, err)
			}
			msg := err.Error()
			for _, want := range []string{path, "heard check", "heard restore"} {
				if !strings.Contains(msg, want) {
					t.Errorf("%q does not say %q", msg, want)
				}
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("more than one line: %q", msg)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("opening changed the damaged file")
			}
			// A copy: a panic inside bbolt's Open leaves the file it had opened locked, which
			// does not matter to a process that then stops, as Heard does.
			copied := filepath.Join(t.TempDir(), "copy.db")
			if err := os.WriteFile(copied, before, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := store.CheckFile(copied); !errors.As(err, &damaged) {
				t.Errorf("CheckFile: %v, want a DamagedError", err)
			}
			t.Logf("%s: %s (%s)", how, damaged.Problem, damaged.Detail)
		})
	}
	dir := filled(t, 10)
	summary, err := store.CheckFile(filepath.Join(dir, "heard.db"))
	if err != nil || !strings.Contains(summary, "is sound") || !strings.Contains(summary, "responses: 10") {
		t.Errorf("a sound file: %q %v", summary, err)
	}
	s := openEmbedded(t, dir)
	if summary, err := s.Check(t.Context()); err != nil || !strings.Contains(summary, "responses: 10") {
		t.Errorf("checking the open file: %q %v", summary, err)
	}
}
