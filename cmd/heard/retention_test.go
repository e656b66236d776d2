package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"heard/audit"
	"heard/feedback"
	"heard/store"
)

// A comment older than HEARD_COMMENT_MONTHS is gone from the disk once Heard's retention
// job has run: from heard.db and from a backup taken afterwards, not only from what Heard
// shows. The comment is aged by its date, not by waiting.
func TestRetentionLeavesNoTraceOnDisk(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	old := give(fmt.Sprintf("fourteen months old, to be forgotten %d", now.UnixNano()))
	recent := give(fmt.Sprintf("from last week, to be kept %d", now.UnixNano()))
	seed(t, dir, func(st *store.Embedded) error {
		for _, r := range []feedback.Response{
			{Round: feedback.Standing, Channel: "web", Lang: "en", At: now.AddDate(0, -14, 0), Answers: map[string]int{"safe": 2}, Comment: old},
			{Round: feedback.Standing, Channel: "web", Lang: "en", At: now.AddDate(0, 0, -7), Answers: map[string]int{"safe": 4}, Comment: recent},
		} {
			if err := st.SaveResponse(t.Context(), r); err != nil {
				return err
			}
		}
		return nil
	})
	for name, b := range afterRetention(t, dir, old) {
		if bytes.Contains(b, []byte(old)) {
			t.Errorf("%s still holds the comment retention forgot", name)
		}
		if !bytes.Contains(b, []byte(recent)) {
			t.Errorf("%s lost a comment that is kept", name)
		}
	}
}

// An audit entry older than two years is gone from the disk once the retention job has run,
// from heard.db and from a backup taken afterwards, even when no comment was old enough to
// forget; one from this week stays. Entries are aged by their date, not by waiting.
func TestRetentionForgetsAuditEntriesAfterTwoYearsLeavingNoTrace(t *testing.T) {
	dir := t.TempDir()
	now := time.Now().UTC().Truncate(time.Minute)
	old := fmt.Sprintf("old-%d@example.org", now.UnixNano())
	recent := fmt.Sprintf("recent-%d@example.org", now.UnixNano())
	seed(t, dir, func(st *store.Embedded) error {
		for _, e := range []audit.Entry{
			{Who: old, What: audit.ExportedCSV, Round: "OLDROUND", Team: "Leeds", At: now.AddDate(-2, -1, 0)},
			{Who: recent, What: audit.ExportedCSV, Round: "NEWROUND", Team: "Leeds", At: now.AddDate(0, 0, -7)},
		} {
			if err := st.AddAudit(t.Context(), e); err != nil {
				return err
			}
		}
		return nil
	})
	files := afterRetention(t, dir, old)
	for name, b := range files {
		if bytes.Contains(b, []byte(old)) || bytes.Contains(b, []byte("OLDROUND")) {
			t.Errorf("%s still holds the audit entry retention forgot", name)
		}
		if !bytes.Contains(b, []byte(recent)) {
			t.Errorf("%s lost an audit entry that is kept", name)
		}
	}
	restored, err := store.OpenEmbedded(dirOf(t, files[theBackup]))
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	page, err := restored.ListAudit(t.Context(), audit.Query{Team: "Leeds"})
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Who != recent {
		t.Errorf("the backup's trail: %+v, %v", page.Entries, err)
	}
}

// seed writes to the embedded store in dir with fill, and closes it, before any Heard runs on it.
func seed(t *testing.T, dir string, fill func(*store.Embedded) error) {
	t.Helper()
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := fill(st); err != nil {
		t.Fatal(err)
	}
}

// theBackup names the backup among what afterRetention returns.
const theBackup = "the backup"

// afterRetention runs Heard on the store in dir until its retention job has rewritten the
// data file, backs it up, stops Heard, and returns what heard.db and the backup hold, by
// name. It first checks that heard.db holds forgotten: if not, the test would prove nothing.
func afterRetention(t *testing.T, dir, forgotten string) map[string][]byte {
	t.Helper()
	file := filepath.Join(dir, "heard.db")
	if b, _ := os.ReadFile(file); !bytes.Contains(b, []byte(forgotten)) {
		t.Fatal("what retention should forget is not in the file to begin with: the test would prove nothing")
	}
	env := []string{"HEARD_DATA=" + dir}
	heard := startHeard(t, env...)
	waitForLog(t, heard, "retention: rewrote the data file")
	backup := filepath.Join(t.TempDir(), "after-retention.db")
	if out, err := runHeard(t, env, "backup", backup); err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}
	heard.stop(syscall.SIGTERM)
	files := map[string][]byte{}
	for name, path := range map[string]string{"heard.db": file, theBackup: backup} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	return files
}

// dirOf puts a copy of a backup in a folder of its own, as heard.db, to open it.
func dirOf(t *testing.T, backup []byte) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "heard.db"), backup, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}
