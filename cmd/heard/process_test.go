package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"heard/e2e/twiliotest"
)

// Process tests run the real heard binary, as it runs in production: built
// once per test run, started on loopback ports, stopped by signal.

const (
	processToken     = "a Twilio auth token for process tests"
	processSecret    = "a shared HEARD_SECRET for process tests!!"
	processPublicURL = "https://heard.test" // what Twilio signs, as behind a load balancer
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// heardBinary builds cmd/heard once for the whole test run.
func heardBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "heard-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "heard")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// Everything the process tests send as a young person (numbers, words) and
// every log the processes write: TestMain checks, after every test, that
// no log holds any of it.
var (
	given   sync.Map // string -> true
	logsMu  sync.Mutex
	allLogs []*syncBuffer
)

func give(s string) string {
	given.Store(s, true)
	return s
}

func TestMain(m *testing.M) {
	code := m.Run()
	logsMu.Lock()
	defer logsMu.Unlock()
	leaks, lines := 0, 0
	for _, l := range allLogs {
		text := l.String()
		lines += strings.Count(text, "\n")
		given.Range(func(k, _ any) bool {
			if strings.Contains(text, k.(string)) {
				fmt.Fprintf(os.Stderr, "a heard log holds %q, which a test sent as a young person\n", k)
				leaks++
			}
			return true
		})
	}
	if leaks > 0 && code == 0 {
		code = 1
	}
	if code == 0 && lines > 0 {
		fmt.Printf("logs checked: %d lines from %d processes hold none of what young people sent\n", lines, len(allLogs))
	}
	os.Exit(code)
}

// instance is one running heard process.
type instance struct {
	t    testing.TB
	cmd  *exec.Cmd
	URL  string
	logs *syncBuffer
}

// syncBuffer is a log that the process writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startHeard runs heard serve with env added to a clean environment, and
// waits until it answers /healthz.
func startHeard(t testing.TB, env ...string) *instance {
	t.Helper()
	return startHeardWith(t, heardBinary(t), env...)
}

// startHeardWith is startHeard with another build of heard.
func startHeardWith(t testing.TB, binary string, env ...string) *instance {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(binary, "serve")
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "HEARD_ADDR=" + addr,
		"HEARD_PUBLIC_URL=" + processPublicURL, "TWILIO_AUTH_TOKEN=" + processToken}, env...)
	in := &instance{t: t, cmd: cmd, URL: "http://" + addr, logs: &syncBuffer{}}
	logsMu.Lock()
	allLogs = append(allLogs, in.logs)
	logsMu.Unlock()
	cmd.Stdout, cmd.Stderr = in.logs, in.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.stop(syscall.SIGKILL) })
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(in.URL + "/healthz"); err == nil {
			resp.Body.Close()
			return in
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("heard did not start: %s", in.logs)
	return nil
}

// waitFor polls cond until it holds, and fails the test if it has not
// within limit: tests wait for what they need to have happened, never for
// a fixed time, so a slow machine makes them slower, not flaky. Call it
// from the test's own goroutine.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// scrape reads one unlabelled metric from a Heard's HEARD_METRICS_ADDR; -1
// when it cannot be read.
func scrape(t testing.TB, metricsAddr, name string) float64 {
	t.Helper()
	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for line := range strings.Lines(string(body)) {
		if value, ok := strings.CutPrefix(strings.TrimSpace(line), name+" "); ok {
			v, err := strconv.ParseFloat(value, 64)
			if err != nil {
				t.Fatalf("%s: %q", name, line)
			}
			return v
		}
	}
	return -1
}

// stop signals the process and waits for it to end.
func (in *instance) stop(sig os.Signal) error {
	if in.cmd.ProcessState != nil {
		return nil
	}
	in.cmd.Process.Signal(sig)
	return in.cmd.Wait()
}

// text sends one signed inbound text and returns the TwiML reply.
func (in *instance) text(sid, from, body string) string {
	in.t.Helper()
	return in.send(twiliotest.Form(sid, give(from), body))
}

// send posts a signed form to the webhook and returns the TwiML reply.
func (in *instance) send(form url.Values) string {
	in.t.Helper()
	body := form.Get("Body")
	req, _ := http.NewRequest("POST", in.URL+"/sms/twilio", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", twiliotest.Sign(processToken, processPublicURL+"/sms/twilio", form))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		in.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		in.t.Fatalf("text %q: %d %s", body, resp.StatusCode, b)
	}
	return string(b)
}

// client is a browser: it keeps cookies, does not follow redirects, and
// sends forms as a same-site page would.
type client struct {
	http.Client
	cookie  string
	pending string // a sign-in waiting for its second factor
	mark    string // the cookie the sign-in and one-time link forms need
}

func newClient() *client {
	return &client{Client: http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) do(t testing.TB, method, target string, form url.Values) (int, string, http.Header) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if cookies := c.cookies(); cookies != "" {
		req.Header.Set("Cookie", cookies)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		switch {
		case ck.Name == "heard_session":
			c.cookie = ck.Name + "=" + ck.Value
		case ck.Name == "heard_pending" && ck.MaxAge < 0:
			c.pending = ""
		case ck.Name == "heard_pending":
			c.pending = ck.Name + "=" + ck.Value
		case ck.Name == "heard_signin" && ck.MaxAge < 0:
			c.mark = ""
		case ck.Name == "heard_signin":
			c.mark = ck.Name + "=" + ck.Value
		}
	}
	return resp.StatusCode, string(b), resp.Header
}

// cookies is the Cookie header the browser sends.
func (c *client) cookies() string {
	var kept []string
	for _, ck := range []string{c.cookie, c.pending, c.mark} {
		if ck != "" {
			kept = append(kept, ck)
		}
	}
	return strings.Join(kept, "; ")
}

// hidden reads a hidden field's value from a page.
func hidden(t testing.TB, page, name string) string {
	t.Helper()
	value, ok := fieldIn(page, name)
	if !ok {
		t.Fatalf("no field %q", name)
	}
	return value
}

// fieldIn finds a hidden field's value, for callers that must not stop the test.
func fieldIn(page, name string) (string, bool) {
	_, rest, ok := strings.Cut(page, `name="`+name+`" value="`)
	value, _, _ := strings.Cut(rest, `"`)
	return value, ok && value != ""
}
