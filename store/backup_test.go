package store_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"heard/accounts"
	"heard/store"
)

// backupOf writes a checked backup of s to a new file and returns its path.
func backupOf(t *testing.T, s *store.Embedded) string {
	t.Helper()
	snapshot, err := s.Snapshot(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer snapshot.Close()
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := store.WriteChecked(path, func(w io.Writer) error { _, err := io.Copy(w, snapshot); return err }); err != nil {
		t.Fatal(err)
	}
	return path
}

// Each restore keeps what it replaced under a name of its own, so a second restore never
// overwrites the first one's copy; a damaged file can be restored over; a file in use cannot.
func TestEveryRestoreKeepsItsOwnCopyOfWhatItReplaced(t *testing.T) {
	source := openEmbedded(t, t.TempDir())
	if err := source.PutUser(t.Context(), accounts.User{Email: "from@example.org", PasswordHash: "the backup"}); err != nil {
		t.Fatal(err)
	}
	backup := backupOf(t, source)
	// The snapshot left nothing behind in the data folder.
	if entries, _ := os.ReadDir(filepath.Dir(store.FilePath(source))); len(entries) != 1 {
		t.Errorf("the data folder holds %d files after a snapshot, want only heard.db", len(entries))
	}

	dir := filled(t, 20)
	damage(t, dir, "garbage")
	live := filepath.Join(dir, "heard.db")
	damaged, _ := os.ReadFile(live)
	first, err := store.Restore(backup, dir)
	if err != nil {
		t.Fatal(err)
	}
	restored, _ := os.ReadFile(live)
	second, err := store.Restore(backup, dir)
	if err != nil {
		t.Fatal(err)
	}
	if first == "" || second == "" || first == second {
		t.Fatalf("the copies kept: %q and %q", first, second)
	}
	for path, want := range map[string][]byte{first: damaged, second: restored} {
		got, err := os.ReadFile(path)
		if err != nil || string(got) != string(want) {
			t.Errorf("%s does not hold the file it replaced (%v)", path, err)
		}
		if !strings.HasPrefix(filepath.Base(path), "heard.db.before-restore-") {
			t.Errorf("kept as %s", path)
		}
	}
	s := openEmbedded(t, dir)
	if u, _, err := s.GetUser(t.Context(), "from@example.org"); err != nil || u.PasswordHash != "the backup" {
		t.Errorf("after restoring: %q %v", u.PasswordHash, err)
	}
	if _, err := store.Restore(backup, dir); !errors.Is(err, store.ErrInUse) {
		t.Errorf("restoring over a file in use: %v", err)
	}
}
