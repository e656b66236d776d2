package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

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
