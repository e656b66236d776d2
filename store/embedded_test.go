package store_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"heard/sms"
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
	storetest.RunBackfill(t, func(t *testing.T) store.Store { return openEmbedded(t, t.TempDir()) }, store.KeepOldResponse)
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
	text := sms.TextStart{Key: "k", Sid: "SM1", Token: "t", Claim: time.Hour, Window: time.Hour}
	if _, err := s.StartText(ctx, text); err != nil {
		t.Fatal(err)
	}
	err := s.FinishText(ctx, sms.TextFinish{Key: "k", Sid: "SM1", Token: "t", Reply: "reply", ReplyFor: time.Hour,
		Conversation: []byte("v"), ConversationFor: time.Hour})
	if err != nil {
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
	if got, err := s.StartText(ctx, text); err != nil || got.Reply != "reply" {
		t.Errorf("a retry after reopen: %+v, %v", got, err)
	}
	text.Sid = "SM2"
	if got, err := s.StartText(ctx, text); err != nil || string(got.Conversation) != "v" {
		t.Errorf("the next text after reopen: %+v, %v", got, err)
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
	for _, key := range []string{"old", "new"} {
		live := time.Hour
		if key == "old" {
			live = time.Millisecond
		}
		if _, err := s.StartText(ctx, sms.TextStart{Key: key, Sid: "SM1", Token: "t", Claim: time.Hour, Window: live}); err != nil {
			t.Fatal(err)
		}
		err := s.FinishText(ctx, sms.TextFinish{Key: key, Sid: "SM1", Token: "t", ReplyFor: live, Conversation: []byte("v"), ConversationFor: live})
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
	want := map[string]int{"conv": 1, "sid": 1, "rate": 0}
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
	// A file as an older Heard left it: its buckets, and the flags.
	err = db.Update(func(tx *bolt.Tx) error {
		for _, kind := range []string{"conv", "sid", "rate", "session", "users", "rounds", "posts"} {
			if _, err := tx.CreateBucket([]byte(kind)); err != nil {
				return err
			}
		}
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

// A text's claim and its number's rate counter live in memory only: a
// crash or restart mid-reply leaves nothing that holds up the retry.
func TestEmbeddedForgetsClaimsAndRateCountsOnRestart(t *testing.T) {
	dir, ctx := t.TempDir(), t.Context()
	s := openEmbedded(t, dir)
	text := sms.TextStart{Key: "k", Sid: "SM1", Token: "crashed", Claim: time.Hour, Window: time.Hour}
	if got, err := s.StartText(ctx, text); err != nil || !got.Claimed || got.Count != 1 {
		t.Fatalf("first claim: %+v, %v", got, err)
	}
	text.Token = "a retry"
	if got, _ := s.StartText(ctx, text); !got.Pending {
		t.Fatalf("a retry while claimed: %+v", got)
	}
	s.Close()
	s = openEmbedded(t, dir)
	text.Token = "after the restart"
	if got, err := s.StartText(ctx, text); err != nil || !got.Claimed || got.Count != 1 {
		t.Errorf("the retry after a restart: %+v, %v", got, err)
	}
	got, err := store.StoredEntries(s)
	if err != nil || got["sid"] != 0 || got["rate"] != 0 {
		t.Errorf("a claim or count reached the file: %v, %v", got, err)
	}
}
