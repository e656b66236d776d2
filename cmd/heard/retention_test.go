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
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []feedback.Response{
		{Round: feedback.Standing, Channel: "web", Lang: "en", At: now.AddDate(0, -14, 0), Answers: map[string]int{"safe": 2}, Comment: old},
		{Round: feedback.Standing, Channel: "web", Lang: "en", At: now.AddDate(0, 0, -7), Answers: map[string]int{"safe": 4}, Comment: recent},
	} {
		if err := st.SaveResponse(t.Context(), r); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	file := filepath.Join(dir, "heard.db")
	if b, _ := os.ReadFile(file); !bytes.Contains(b, []byte(old)) {
		t.Fatal("the old comment is not in the file to begin with: the test would prove nothing")
	}

	env := []string{"HEARD_DATA=" + dir}
	heard := startHeard(t, env...)
	waitForLog(t, heard, "retention: rewrote the data file")
	backup := filepath.Join(t.TempDir(), "after-retention.db")
	if out, err := runHeard(t, env, "backup", backup); err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}
	heard.stop(syscall.SIGTERM)
	for _, path := range []string{file, backup} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(old)) {
			t.Errorf("%s still holds the comment retention forgot", path)
		}
		if !bytes.Contains(b, []byte(recent)) {
			t.Errorf("%s lost a comment that is kept", path)
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
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []audit.Entry{
		{Who: old, What: audit.ExportedCSV, Round: "OLDROUND", Team: "Leeds", At: now.AddDate(-2, -1, 0)},
		{Who: recent, What: audit.ExportedCSV, Round: "NEWROUND", Team: "Leeds", At: now.AddDate(0, 0, -7)},
	} {
		if err := st.AddAudit(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	file := filepath.Join(dir, "heard.db")
	if b, _ := os.ReadFile(file); !bytes.Contains(b, []byte(old)) {
		t.Fatal("the old entry is not in the file to begin with: the test would prove nothing")
	}

	env := []string{"HEARD_DATA=" + dir}
	heard := startHeard(t, env...)
	waitForLog(t, heard, "retention: rewrote the data file")
	backup := filepath.Join(t.TempDir(), "after-retention.db")
	if out, err := runHeard(t, env, "backup", backup); err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}
	heard.stop(syscall.SIGTERM)
	for _, path := range []string{file, backup} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(old)) || bytes.Contains(b, []byte("OLDROUND")) {
			t.Errorf("%s still holds the audit entry retention forgot", path)
		}
		if !bytes.Contains(b, []byte(recent)) {
			t.Errorf("%s lost an audit entry that is kept", path)
		}
	}
	restored, err := store.OpenEmbedded(dirOf(t, backup))
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	page, err := restored.ListAudit(t.Context(), audit.Query{Team: "Leeds"})
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Who != recent {
		t.Errorf("the backup's trail: %+v, %v", page.Entries, err)
	}
}

// dirOf puts a copy of a backup file in a folder of its own, as heard.db, to open it.
func dirOf(t *testing.T, backup string) string {
	t.Helper()
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "heard.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}
