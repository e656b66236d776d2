package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/admin"
)

var (
	hooksOnce sync.Once
	hooksPath string
	hooksErr  error
)

// heardBinaryWithHooks builds cmd/heard with its test hooks (-tags heardtesthooks), which
// can hold the store's writes as a stuck disk would; Heard as shipped has none.
func heardBinaryWithHooks(t testing.TB) string {
	t.Helper()
	hooksOnce.Do(func() {
		dir, err := os.MkdirTemp("", "heard-hooks-bin")
		if err != nil {
			hooksErr = err
			return
		}
		hooksPath = filepath.Join(dir, "heard")
		out, err := exec.Command("go", "build", "-tags", "heardtesthooks", "-o", hooksPath, ".").CombinedOutput()
		if err != nil {
			hooksErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if hooksErr != nil {
		t.Fatal(hooksErr)
	}
	return hooksPath
}

// A stuck store (a write that never ends, as on a stuck disk) costs a request its deadline
// at most, and once it has been stuck a moment, nothing: /readyz says 503, feedback says plainly to try again, a text gets the stateless
// reply that leads with 999, and pages are served as ever. When the store frees up, all
// is as before.
func TestStuckStoreGivesQuickAnswers(t *testing.T) {
	dir := t.TempDir()
	heard := startHeardWith(t, heardBinaryWithHooks(t), "HEARD_DATA="+dir, "HEARD_TRUSTED_PROXIES=127.0.0.1")
	hooks := func(command string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := admin.Call(ctx, dir, admin.Request{Command: command}); err != nil {
			t.Fatalf("%s: %v", command, err)
		}
	}
	timed := func(what string, f func() bool) {
		t.Helper()
		start := time.Now()
		ok := f()
		if took := time.Since(start); took > 2*time.Second { // without the bound: never
			t.Errorf("%s took %v on a stuck store", what, took)
		}
		if !ok {
			t.Errorf("%s: not the answer for a stuck store", what)
		}
	}
	status := func(path string) int {
		resp, err := http.Get(heard.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := status("/readyz"); code != 200 {
		t.Fatalf("/readyz before: %d", code)
	}
	hooks("test hold-writes")
	held := true
	defer func() {
		if held {
			hooks("test release-writes")
		}
	}()
	// /readyz gives up at its own deadline (1 s); once the store has been stuck 5 s (the
	// longest any caller waits), every call fails at once.
	timed("/readyz", func() bool { return status("/readyz") == http.StatusServiceUnavailable })
	for deadline := time.Now().Add(15 * time.Second); ; {
		start := time.Now()
		if status("/readyz") == http.StatusServiceUnavailable && time.Since(start) < 200*time.Millisecond {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("/readyz still waits its deadline out after 15 s of a stuck store")
		}
	}
	timed("the help page", func() bool { return status("/en/help") == http.StatusOK })
	sender := &feedbackSender{t: t, base: heard.URL}
	timed("feedback", func() bool {
		_, acked, err := sender.send(noRedirects())
		return err == nil && !acked && sender.toldAgain.Load() == 1
	})
	timed("a text", func() bool {
		reply := heard.text("SM"+strings.Repeat("5", 32), "+447700900555", "hello")
		return strings.Contains(reply, "999") && strings.Contains(reply, "again later")
	})
	hooks("test release-writes")
	held = false
	if code := status("/readyz"); code != 200 {
		t.Errorf("/readyz once the store frees up: %d", code)
	}
	if _, acked, err := sender.send(noRedirects()); err != nil || !acked {
		t.Errorf("feedback once the store frees up: %v %v", acked, err)
	}
}
