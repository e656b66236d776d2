package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

func runHeard(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(heardBinary(t), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// heard backup takes a consistent copy while Heard serves feedback (through
// its socket), and heard restore brings it back into a new folder that Heard
// then serves.
func TestBackupWhileServingAndRestore(t *testing.T) {
	dir := t.TempDir()
	env := []string{"HEARD_DATA=" + dir, "HEARD_TRUSTED_PROXIES=127.0.0.1"}
	heard := startHeard(t, env...)
	sender := &feedbackSender{t: t, base: heard.URL}
	var acked sync.Map
	var count atomic.Int64
	stop := sender.load(8, func(marker string) {
		acked.Store(marker, time.Now())
		count.Add(1)
	})
	time.Sleep(700 * time.Millisecond)
	before := time.Now()
	backupFile := filepath.Join(t.TempDir(), "heard-backup.db")
	if out, err := runHeard(t, env, "backup", backupFile); err != nil {
		t.Fatalf("backup while serving: %v %s", err, out)
	}
	stop()
	if _, err := store.CheckFile(backupFile); err != nil {
		t.Fatal(err)
	}

	// Everything acknowledged before the backup began is in it.
	restored := t.TempDir()
	if out, err := runHeard(t, []string{"HEARD_DATA=" + restored}, "restore", backupFile); err != nil {
		t.Fatalf("restore: %v %s", err, out)
	}
	if out, err := runHeard(t, env, "restore", backupFile); err == nil || !strings.Contains(out, "stop Heard first") {
		t.Errorf("restoring over a running Heard: %v %s", err, out)
	}
	st, err := store.OpenEmbedded(restored)
	if err != nil {
		t.Fatal(err)
	}
	kept := storedComments(t, st)
	st.Close()
	missing := 0
	acked.Range(func(k, v any) bool {
		if v.(time.Time).Before(before) && !kept[k.(string)] {
			missing++
		}
		return true
	})
	if missing > 0 {
		t.Errorf("%d responses acknowledged before the backup are not in it", missing)
	}
	again := startHeard(t, "HEARD_DATA="+restored)
	if resp, err := http.Get(again.URL + "/readyz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("Heard on the restored folder is not ready: %v", err)
	}
	t.Logf("%d acknowledged during the run; the backup holds %d", count.Load(), len(kept))

	// With Heard stopped, backup reads the file itself.
	heard.stop(os.Interrupt)
	offline := filepath.Join(t.TempDir(), "offline.db")
	if out, err := runHeard(t, []string{"HEARD_DATA=" + dir}, "backup", offline); err != nil {
		t.Fatalf("backup with Heard stopped: %v %s", err, out)
	}
	if out, err := runHeard(t, []string{"HEARD_DATA=" + t.TempDir()}, "restore", filepath.Join(dir, "secret")); err == nil {
		t.Errorf("a file that is not a backup was restored: %s", out)
	}
	// Each restore over a file keeps what it replaced under a name of its own.
	again.stop(os.Interrupt)
	for range 2 {
		if out, err := runHeard(t, []string{"HEARD_DATA=" + restored}, "restore", offline); err != nil {
			t.Fatalf("restoring again: %v %s", err, out)
		}
	}
	copies, _ := filepath.Glob(filepath.Join(restored, "heard.db.before-restore-*"))
	if len(copies) != 2 {
		t.Errorf("copies kept by two restores over a file: %v", copies)
	}
}

// A backup reader that connects and then reads nothing holds nothing up: feedback and
// texts carry on, quickly. (Streamed from a read transaction, as backups once were, the
// backup kept every page written meanwhile from being reused, the file had to grow, and
// growing waited for the reader: hundreds were told to try again, and texts got the
// stateless reply.) The snapshot it was given is unlinked from the start, so the data
// folder holds nothing else.
func TestStalledBackupReaderHoldsNothingUp(t *testing.T) {
	dir := t.TempDir()
	// A file larger than the socket's buffers, so the backup cannot simply be written
	// into them and done with.
	seedResponses(t, dir, 8000)
	heard := startHeard(t, "HEARD_DATA="+dir, "HEARD_TRUSTED_PROXIES=127.0.0.1")
	stalled, err := net.Dial("unix", filepath.Join(dir, "heard.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	io.WriteString(stalled, "GET /backup HTTP/1.1\r\nHost: heard\r\n\r\n") // and never a read
	file := filepath.Join(dir, "heard.db")
	sizeBefore := fileSize(t, file)

	sender := &feedbackSender{t: t, base: heard.URL}
	var acked, slow atomic.Int64
	stop := sender.load(8, func(string) { acked.Add(1) })
	var texts, badTexts atomic.Int64
	textsDone := make(chan struct{})
	go func() {
		defer close(textsDone)
		for i := 0; acked.Load() < 600 && i < 100000; i++ {
			start := time.Now()
			reply := heard.text(fmt.Sprintf("SM%032d", i), fmt.Sprintf("+4477007%05d", i%1000), "hello")
			texts.Add(1)
			if strings.Contains(reply, "again later") || !strings.Contains(reply, "999") {
				badTexts.Add(1)
			}
			if time.Since(start) > time.Second {
				slow.Add(1)
			}
		}
	}()
	for deadline := time.Now().Add(60 * time.Second); acked.Load() < 600; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			break
		}
	}
	<-textsDone
	stop()
	if acked.Load() < 600 || sender.toldAgain.Load() > 0 {
		t.Errorf("with a backup reader stalled: %d responses kept in 60 s, %d told to try again", acked.Load(), sender.toldAgain.Load())
	}
	if badTexts.Load() > 0 || slow.Load() > 0 {
		t.Errorf("texts: %d of %d got the stateless reply or no 999, %d took over a second", badTexts.Load(), texts.Load(), slow.Load())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 { // heard.db, heard.sock, secret
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the data folder holds %v", names)
	}
	t.Logf("with a backup reader stalled: %d responses and %d texts; the file grew from %d to %d bytes",
		acked.Load(), texts.Load(), sizeBefore, fileSize(t, file))
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// seedResponses keeps n responses with comments in dir's store, as a class answering
// together would (so they share fsyncs), before any Heard runs on it.
func seedResponses(t *testing.T, dir string, n int) {
	t.Helper()
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var wg sync.WaitGroup
	var failed atomic.Int64
	for w := range 32 {
		wg.Go(func() {
			for i := w; i < n; i += 32 {
				r := feedback.Response{Round: feedback.Standing, Channel: "web", Lang: "en", At: time.Now(),
					Answers: map[string]int{"safe": 1 + i%5}, Comment: fmt.Sprintf("seeded comment number %d", i)}
				if st.SaveResponse(context.Background(), r) != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.Fatalf("%d of %d seeded responses failed", failed.Load(), n)
	}
}
