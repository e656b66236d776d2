package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"heard/localhelp"

	bolt "go.etcd.io/bbolt"
)

// A file an older Heard left, without local help, opens and keeps it.
func TestEmbeddedFileFromBeforeLocalHelpKeepsIt(t *testing.T) {
	dir := t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, "heard.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, kind := range []string{"conv", "sid", "rate", "session", "user-sessions", "users", "rounds", "posts"} {
			if _, err := tx.CreateBucket([]byte(kind)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, ctx := openEmbedded(t, dir), t.Context()
	e := localhelp.Entry{ID: "a1", Team: "north", Name: "Clinic", Phone: "0161 496 0000", Hours: "9am to 5pm",
		CheckedBy: "amy@example.org", CheckedOn: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)}
	if err := s.PutLocalHelp(ctx, e); err != nil {
		t.Fatal(err)
	}
	if got, err := s.LocalHelp(ctx, "north"); err != nil || len(got) != 1 || got[0].Name != "Clinic" {
		t.Errorf("LocalHelp = %+v, %v", got, err)
	}
}
