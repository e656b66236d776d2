package main

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"heard/store"
)

// runHeardWith runs a heard sub-command with stdin, and returns its output.
func runHeardWith(t *testing.T, env []string, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(heardBinary(t), args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// signInFrom is a worker signing in, each try from an address of its own behind the
// trusted proxy (so only the account's own lock-out counts). It returns the status and,
// on success, the signed-in browser.
var signInFrom atomic.Int64

func signIn(t *testing.T, base, email, password string) (int, *client) {
	t.Helper()
	c := newClient()
	_, page, _ := c.do(t, "GET", base+"/workers/sign-in", nil)
	form := url.Values{"csrf": {hidden(t, page, "csrf")}, "email": {email}, "password": {password}}
	req, _ := http.NewRequest("POST", base+"/workers/sign-in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Cookie", c.cookies())
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.99.%d.%d", signInFrom.Add(1)>>8&255, signInFrom.Load()&255))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "heard_session" {
			c.cookie = ck.Name + "=" + ck.Value
		}
	}
	return resp.StatusCode, c
}

// signedIn reports whether the browser's session still opens the workers' pages.
func signedIn(t *testing.T, base string, c *client) bool {
	t.Helper()
	code, _, _ := c.do(t, "GET", base+"/workers/", nil)
	return code == http.StatusOK
}

// Accounts are looked after while Heard serves on the embedded store (through its socket),
// and with Heard stopped (on the file): add, list, unlock, reset-password, disable,
// enable. Each takes effect at once, and a password never shows in a log.
func TestUserCommandsWhileHeardServesAndWhenStopped(t *testing.T) {
	dir := t.TempDir()
	env := []string{"HEARD_DATA=" + dir, "HEARD_TRUSTED_PROXIES=127.0.0.1"}
	heard := startHeard(t, env...)
	user := func(stdin string, args ...string) string {
		t.Helper()
		out, err := runHeardWith(t, env, stdin, append([]string{"user"}, args...)...)
		if err != nil {
			t.Fatalf("heard user %s: %v %s", strings.Join(args, " "), err, out)
		}
		return out
	}
	first, second := give("first long password"), give("second long password")
	if out, err := runHeardWith(t, env, "", "team", "add", "North Youth"); err != nil {
		t.Fatalf("heard team add: %v %s", err, out)
	}
	user(first+"\n", "add", "--email", "Amy@Example.org", "--role", "worker", "--team", "north youth")
	if out := user("", "list"); !strings.HasPrefix(out, "amy@example.org\tworker\tactive\t") || !strings.HasSuffix(out, "\tNorth Youth\n") {
		t.Errorf("list while serving: %q", out)
	}
	code, amy := signIn(t, heard.URL, "amy@example.org", first)
	if code != http.StatusSeeOther || !signedIn(t, heard.URL, amy) {
		t.Fatalf("sign-in with the password given to heard user add: %d", code)
	}

	// Locked out by wrong passwords, then unlocked by an admin.
	for range 6 {
		signIn(t, heard.URL, "amy@example.org", "not the password at all")
	}
	if code, _ := signIn(t, heard.URL, "amy@example.org", first); code == http.StatusSeeOther {
		t.Fatal("six wrong passwords did not lock the account: the unlock below would prove nothing")
	}
	user("", "unlock", "--email", "amy@example.org")
	if code, _ := signIn(t, heard.URL, "amy@example.org", first); code != http.StatusSeeOther {
		t.Errorf("sign-in after unlock: %d", code)
	}

	// A new password: the old one and every session end.
	user(second+"\n", "reset-password", "--email", "amy@example.org")
	if signedIn(t, heard.URL, amy) {
		t.Error("a session from before the reset still works")
	}
	if code, _ := signIn(t, heard.URL, "amy@example.org", first); code == http.StatusSeeOther {
		t.Error("the old password still signs in")
	}
	code, amy = signIn(t, heard.URL, "amy@example.org", second)
	if code != http.StatusSeeOther {
		t.Fatalf("the new password: %d", code)
	}

	// Disabled at once, sessions included; enabled again.
	user("", "disable", "--email", "amy@example.org")
	if signedIn(t, heard.URL, amy) {
		t.Error("a disabled account's session still works")
	}
	if code, _ := signIn(t, heard.URL, "amy@example.org", second); code == http.StatusSeeOther {
		t.Error("a disabled account signed in")
	}
	user("", "enable", "--email", "amy@example.org")
	if code, _ := signIn(t, heard.URL, "amy@example.org", second); code != http.StatusSeeOther {
		t.Errorf("sign-in once enabled again: %d", code)
	}

	// Refusals are plain, and change nothing.
	for _, c := range []struct{ stdin, want string }{
		{"short\n", "at least 12"},
		{first + "\n", "already has an account"},
	} {
		if out, err := runHeardWith(t, env, c.stdin, "user", "add", "--email", "amy@example.org", "--team", "North Youth"); err == nil || !strings.Contains(out, c.want) {
			t.Errorf("user add: %v %q, want %q", err, out, c.want)
		}
	}
	if out, err := runHeardWith(t, env, "", "user", "disable", "--email", "nobody@example.org"); err == nil || !strings.Contains(out, "no account") {
		t.Errorf("disabling nobody: %v %q", err, out)
	}

	// With Heard stopped, the same commands work on the file.
	heard.stop(syscall.SIGTERM)
	user("", "disable", "--email", "amy@example.org")
	if out := user("", "list"); !strings.HasPrefix(out, "amy@example.org\tworker\tdisabled\t") {
		t.Errorf("list with Heard stopped: %q", out)
	}
}

// When neither a running Heard nor the file can be reached, the command says what is wrong.
func TestUserCommandsSayWhatIsWrongWhenNothingAnswers(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenEmbedded(dir) // holds the file, as a Heard that does not answer would
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out, err := runHeardWith(t, []string{"HEARD_DATA=" + dir}, "", "user", "list")
	if err == nil || !strings.Contains(out, "no Heard answers on "+filepath.Join(dir, "heard.sock")) {
		t.Errorf("with the file held and no socket: %v %q", err, out)
	}
	missing := filepath.Join(t.TempDir(), "nothing-here")
	out, err = runHeardWith(t, []string{"HEARD_DATA=" + missing}, "", "user", "list")
	if err == nil || !strings.Contains(out, "no Heard data in "+missing) {
		t.Errorf("with no data folder: %v %q", err, out)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("listing users made a data folder")
	}
}

// The metrics address hands out nothing kept; the admin socket is readable by Heard's
// user alone, in a folder only it can open, and a socket left by a killed Heard is
// replaced when Heard starts again.
func TestOnlyHeardsUserReachesTheStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o755); err != nil { // as systemd's StateDirectory makes it
		t.Fatal(err)
	}
	metricsAddr := freeAddr(t)
	env := []string{"HEARD_DATA=" + dir, "HEARD_METRICS_ADDR=" + metricsAddr}
	heard := startHeard(t, env...)
	for path, want := range map[string]int{"/metrics": 200, "/backup": 404} {
		resp, err := http.Get("http://" + metricsAddr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s on the metrics address: %d, want %d", path, resp.StatusCode, want)
		}
	}
	socket := filepath.Join(dir, "heard.sock")
	for path, want := range map[string]fs.FileMode{dir: fs.ModeDir | 0o700, socket: fs.ModeSocket | 0o600} {
		fi, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode() & (fs.ModeType | fs.ModePerm); got != want {
			t.Errorf("%s: mode %v, want %v", path, got, want)
		}
	}
	heard.stop(syscall.SIGKILL)
	if _, err := os.Lstat(socket); err != nil {
		t.Fatalf("the killed Heard left no socket: the restart below would prove nothing (%v)", err)
	}
	startHeard(t, env...)
	if out, err := runHeard(t, env, "user", "list"); err != nil {
		t.Errorf("heard user list after a restart over a stale socket: %v %s", err, out)
	}
}

// waitForLog waits until a process's log holds s.
func waitForLog(t *testing.T, in *instance, s string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(in.logs.String(), s); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log: %s", s, in.logs)
		}
	}
}
