package store_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"heard/store"
	"heard/store/storetest"

	bolt "go.etcd.io/bbolt"
)

func openEmbedded(t testing.TB, dir string) *store.Embedded {
	t.Helper()
	s, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestEmbeddedContract(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return openEmbedded(t, t.TempDir()) })
}

func TestEmbeddedFileIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	openEmbedded(t, dir)
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "heard.db"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", path, got, want)
		}
	}
}

func TestEmbeddedSurvivesReopen(t *testing.T) {
	dir, ctx := t.TempDir(), t.Context()
	s := openEmbedded(t, dir)
	if err := s.PutConversation(ctx, "k", []byte("v"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.ClaimMessage(ctx, "SM1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveReply(ctx, "SM1", []byte("reply"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Hit(ctx, "k", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("Ping after Close: no error")
	}

	s = openEmbedded(t, dir)
	if v, found, err := s.GetConversation(ctx, "k"); err != nil || string(v) != "v" {
		t.Errorf("conversation after reopen: %q, %v, %v", v, found, err)
	}
	if claimed, reply, err := s.ClaimMessage(ctx, "SM1", time.Hour); err != nil || claimed || string(reply) != "reply" {
		t.Errorf("claim after reopen: %v, %q, %v", claimed, reply, err)
	}
	if n, err := s.Hit(ctx, "k", time.Hour); err != nil || n != 2 {
		t.Errorf("hit after reopen: %d, %v", n, err)
	}
}

func TestEmbeddedSecondOpenFailsInsteadOfHanging(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	openEmbedded(t, dir)
	start := time.Now()
	if s, err := store.OpenEmbedded(dir); err == nil {
		s.Close()
		t.Fatal("a second open of the same folder succeeded")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("second open took %v", d)
	}
}

func TestEmbeddedSweepsExpiredEntries(t *testing.T) {
	dir, ctx := t.TempDir(), t.Context()
	s := openEmbedded(t, dir)
	for _, err := range []error{
		s.PutConversation(ctx, "old", []byte("v"), time.Millisecond),
		s.PutConversation(ctx, "new", []byte("v"), time.Hour),
		s.SaveReply(ctx, "SM1", []byte("reply"), time.Millisecond),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Hit(ctx, "k", time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	s.Close()

	s = openEmbedded(t, dir) // sweeps once at open, then every minute
	got, err := store.StoredEntries(s)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"conv": 1, "sid": 0, "rate": 0}
	for kind, n := range want {
		if got[kind] != n {
			t.Errorf("%s holds %d entries after the sweep, want %d", kind, got[kind], n)
		}
	}
}

// Older versions kept an HMAC of every number that said STOP, forever;
// nothing read it. Opening the store deletes them.
func TestEmbeddedForgetsOldOptOutFlags(t *testing.T) {
	dir := t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, "heard.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("optout"))
		if err != nil {
			return err
		}
		return b.Put([]byte("an HMAC of a number"), []byte{1})
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	got, err := store.StoredEntries(openEmbedded(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := got["optout"]; ok {
		t.Errorf("the opt-out flags are still there: %d", n)
	}
}
