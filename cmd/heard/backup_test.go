package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"heard/store"
)

func runHeard(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(heardBinary(t), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// heard backup takes a consistent copy while Heard serves feedback, and
// heard restore brings it back into a new folder that Heard then serves.
func TestBackupWhileServingAndRestore(t *testing.T) {
	dir, metricsAddr := t.TempDir(), freeAddr(t)
	env := []string{"HEARD_DATA=" + dir, "HEARD_METRICS_ADDR=" + metricsAddr, "HEARD_TRUSTED_PROXIES=127.0.0.1"}
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
}
