package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// feedbackSender gives feedback as many young people would: each from its
// own address (behind a trusted proxy, so the rate limit counts each
// apart), each with a comment that names it.
type feedbackSender struct {
	t         testing.TB
	base      string
	n         atomic.Int64
	tryAgain  bool         // send again when told to, as a young person would
	toldAgain atomic.Int64 // how often Heard said to try again
}

// send gives one response; acked says the young person was thanked.
func (f *feedbackSender) send(client *http.Client) (marker string, acked bool, err error) {
	n := f.n.Add(1)
	addr := fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
	get, _ := http.NewRequest("GET", f.base+"/en/feedback", nil)
	resp, err := client.Do(get)
	if err != nil {
		return "", false, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token, ok := fieldIn(string(page), "token")
	if !ok {
		return "", false, fmt.Errorf("form without a token: %d", resp.StatusCode)
	}
	marker = give(fmt.Sprintf("fault-test-%d", n))
	for try := 0; ; try++ {
		form := url.Values{"token": {token}, "q.safe": {"4"}, "comment": {marker}}
		post, _ := http.NewRequest("POST", f.base+"/en/feedback", strings.NewReader(form.Encode()))
		post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		post.Header.Set("Sec-Fetch-Site", "same-origin")
		post.Header.Set("X-Forwarded-For", addr)
		resp, err = client.Do(post)
		if err != nil {
			return marker, false, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusSeeOther:
			return marker, true, nil
		case resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "try again"):
			return marker, false, fmt.Errorf("feedback: %d", resp.StatusCode)
		}
		// Told plainly to try again: a young person who does presses send
		// again on the page that came back, with its token.
		f.toldAgain.Add(1)
		if !f.tryAgain || try == 60 {
			return marker, false, nil
		}
		if token, _ = fieldIn(string(body), "token"); token == "" {
			return marker, false, fmt.Errorf("the try-again page has no token")
		}
		f.untilReady(client)
	}
}

// untilReady waits, at most a few seconds, until Heard says it is ready
// (/readyz 200), so a young person's next try is not sent into the same
// outage at once; the test does not depend on how long that takes.
func (f *feedbackSender) untilReady(client *http.Client) {
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := client.Get(f.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// load sends feedback from n young people at once until the returned stop
// is called (once or more); acked hears of each response they were thanked for.
func (f *feedbackSender) load(n int, acked func(marker string)) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			client := noRedirects()
			for {
				select {
				case <-done:
					return
				default:
				}
				if marker, ok, _ := f.send(client); ok { // errors are expected once Heard is killed
					acked(marker)
				}
			}
		})
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			close(done)
			wg.Wait()
		})
	}
}

func noRedirects() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// storedComments reads every comment a store holds for the standing round.
func storedComments(t testing.TB, st store.Store) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	err := st.EachResponse(context.Background(), feedback.Standing, func(r feedback.Response) error {
		seen[r.Comment] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seen
}

// SIGKILL in the middle of feedback: every response a young person was
// thanked for is in the file when Heard starts again.
func TestEmbeddedStoreKeepsEveryAcknowledgedResponseThroughSIGKILL(t *testing.T) {
	dir := t.TempDir()
	env := []string{"HEARD_DATA=" + dir, "HEARD_TRUSTED_PROXIES=127.0.0.1"}
	heard := startHeard(t, env...)
	sender := &feedbackSender{t: t, base: heard.URL}
	var mu sync.Mutex
	var acked []string
	stop := sender.load(16, func(marker string) {
		mu.Lock()
		acked = append(acked, marker)
		mu.Unlock()
	})
	defer stop()
	waitFor(t, 30*time.Second, "50 responses acknowledged", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= 50
	})
	heard.stop(syscall.SIGKILL)
	stop()
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatalf("the file did not open after SIGKILL: %v", err)
	}
	defer st.Close()
	stored := storedComments(t, st)
	for _, m := range acked {
		if !stored[m] {
			t.Errorf("acknowledged %s is lost", m)
		}
	}
	t.Logf("%d acknowledged before SIGKILL, all stored (%d stored)", len(acked), len(stored))
}

// SIGTERM during load: requests in flight finish, including a slow upload
// that has only begun; nothing that reached Heard before the signal fails.
func TestSIGTERMDrainsRequestsInFlight(t *testing.T) {
	dir := t.TempDir()
	heard := startHeard(t, "HEARD_DATA="+dir, "HEARD_TRUSTED_PROXIES=127.0.0.1")
	// A slow upload: the headers now, the form over the next second.
	client := noRedirects()
	page, _ := client.Get(heard.URL + "/en/feedback")
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	token, _ := fieldIn(string(body), "token")
	form := url.Values{"token": {token}, "q.safe": {"5"}, "comment": {give("slow upload in flight")}}.Encode()
	reader, writer := io.Pipe()
	post, _ := http.NewRequest("POST", heard.URL+"/en/feedback", reader)
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.Header.Set("Sec-Fetch-Site", "same-origin")
	post.ContentLength = int64(len(form))
	slow := make(chan int, 1)
	go func() {
		resp, err := client.Do(post)
		if err != nil {
			slow <- 0
			return
		}
		resp.Body.Close()
		slow <- resp.StatusCode
	}()
	writer.Write([]byte(form[:10]))

	// Steady page load from 8 clients.
	var started, failed atomic.Int64
	var signalled atomic.Bool
	var wg sync.WaitGroup
	done := make(chan struct{})
	for range 8 {
		wg.Go(func() {
			c := &http.Client{Timeout: 5 * time.Second}
			for {
				select {
				case <-done:
					return
				default:
				}
				before := !signalled.Load()
				resp, err := c.Get(heard.URL + "/en/help")
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if before {
					started.Add(1)
					if err != nil && !isRefused(err) || err == nil && resp.StatusCode != 200 {
						failed.Add(1)
						t.Logf("request before SIGTERM failed: %v", err)
					}
				}
			}
		})
	}
	waitFor(t, 30*time.Second, "page requests under way", func() bool { return started.Load() >= 100 })
	signalled.Store(true)
	heard.cmd.Process.Signal(syscall.SIGTERM)
	waitFor(t, 10*time.Second, "draining (/readyz 503)", func() bool {
		resp, err := http.Get(heard.URL + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	})
	writer.Write([]byte(form[10:])) // the rest of the slow upload, after the signal
	writer.Close()
	exited := make(chan error, 1)
	go func() { exited <- heard.cmd.Wait() }()
	if code := <-slow; code != http.StatusSeeOther {
		t.Errorf("the upload in flight at SIGTERM got %d, want 303 (stored, thanked)", code)
	}
	close(done)
	wg.Wait()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("heard exited with %v after SIGTERM, want 0: %s", err, heard.logs)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("heard did not stop after SIGTERM")
	}
	if failed.Load() > 0 {
		t.Errorf("%d of %d requests sent before SIGTERM failed", failed.Load(), started.Load())
	}
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !storedComments(t, st)["slow upload in flight"] {
		t.Error("the upload in flight at SIGTERM was not stored")
	}
	t.Logf("%d page requests before SIGTERM, none failed", started.Load())
}

// isRefused is the error of a request sent once the listener had closed:
// a load balancer sends those elsewhere, so they are not failures.
func isRefused(err error) bool {
	var op *net.OpError
	return strings.Contains(err.Error(), "connection refused") || (errors.As(err, &op) && op.Op == "dial")
}

// redisServer is a real redis-server of the test's own, on loopback, that
// the test can stop, kill and start again on the same data.
type redisServer struct {
	t        testing.TB
	port     string
	dir      string
	args     []string // before --bind: a config file, --sentinel
	more     []string // after --port and --dir
	cmd      *exec.Cmd
	redisURL string
}

// startRedisServer starts a Redis with append-only persistence.
func startRedisServer(t testing.TB) *redisServer {
	return startRedis(t, nil, "--appendonly", "yes", "--appendfsync", "always", "--save", "")
}

// startRedis starts redis-server with args first (a config file, a mode)
// and more after its address and folder.
func startRedis(t testing.TB, args []string, more ...string) *redisServer {
	if _, err := exec.LookPath("redis-server"); err != nil {
		if os.Getenv("HEARD_REQUIRE_REDIS") == "1" {
			t.Fatal("no redis-server: store/redis-test.sh installs it")
		}
		t.Skip("no redis-server")
	}
	_, port, _ := net.SplitHostPort(freeAddr(t))
	r := &redisServer{t: t, port: port, dir: t.TempDir(), args: args, more: more, redisURL: "redis://127.0.0.1:" + port + "/0"}
	r.start()
	t.Cleanup(func() { r.stop() })
	return r
}

func (r *redisServer) start() {
	argv := append(slices.Clone(r.args), "--bind", "127.0.0.1", "--port", r.port, "--dir", r.dir)
	r.cmd = exec.Command("redis-server", append(argv, r.more...)...)
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	waitFor(r.t, 5*time.Second, "redis-server on "+r.port, func() bool {
		c, err := net.Dial("tcp", "127.0.0.1:"+r.port)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

// stop shuts Redis down as an operator would (SIGTERM: it finishes writing
// its append-only file) and waits for it.
func (r *redisServer) stop() { r.signal(syscall.SIGTERM) }

// kill stops Redis as a crash or a lost machine would: at once.
func (r *redisServer) kill() { r.signal(syscall.SIGKILL) }

func (r *redisServer) signal(sig os.Signal) {
	if r.cmd == nil || r.cmd.ProcessState != nil {
		return
	}
	r.cmd.Process.Signal(sig)
	r.cmd.Wait()
}

// mixedLoad is a busy moment for one Heard, as during a store's outage:
// readers of the help page, young people texting (each reply must carry
// 999) and young people giving feedback (each is thanked, and so kept, or
// told plainly to try again, and does).
type mixedLoad struct {
	heard  *instance
	sender *feedbackSender
	done   chan struct{}
	wg     sync.WaitGroup

	mu      sync.Mutex
	acked   []string    // the comment of each response thanked for
	ackedAt []time.Time // and when

	pages, pageFails        atomic.Int64
	texts, textFails        atomic.Int64
	stateless, full         atomic.Int64 // texts answered without the store, and with it
	tries, feedbackFailures atomic.Int64
}

// startMixedLoad sends 4 page readers, 2 texters and 4 feedback givers at
// heard until stop is called.
func startMixedLoad(t *testing.T, heard *instance) *mixedLoad {
	l := &mixedLoad{heard: heard, sender: &feedbackSender{t: t, base: heard.URL, tryAgain: true}, done: make(chan struct{})}
	loop := func(f func()) {
		l.wg.Go(func() {
			for {
				select {
				case <-l.done:
					return
				default:
					f()
				}
			}
		})
	}
	for range 4 {
		client := &http.Client{Timeout: 10 * time.Second}
		loop(func() {
			l.pages.Add(1)
			resp, err := client.Get(heard.URL + "/en/help")
			if err != nil || resp.StatusCode != 200 {
				l.pageFails.Add(1)
			}
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	run := time.Now().UnixNano() % 1e6
	for i := range 2 {
		n := atomic.Int64{}
		loop(func() {
			k := n.Add(1)
			l.texts.Add(1)
			reply := heard.text(fmt.Sprintf("SM%06d%02d%024d", run, i, k), fmt.Sprintf("+4477009%05d", (int64(i)*1000+k)%100000), "hello")
			if !strings.Contains(reply, "999") {
				l.textFails.Add(1)
			}
			if strings.Contains(reply, "again later") {
				l.stateless.Add(1)
				if !strings.Contains(reply, "0800 1111") {
					l.textFails.Add(1)
				}
			} else {
				l.full.Add(1)
			}
		})
	}
	for range 4 {
		client := noRedirects()
		loop(func() {
			l.tries.Add(1)
			marker, ok, err := l.sender.send(client)
			switch {
			case err != nil:
				l.feedbackFailures.Add(1)
				t.Logf("feedback neither stored nor refused plainly: %v", err)
			case ok:
				l.mu.Lock()
				l.acked = append(l.acked, marker)
				l.ackedAt = append(l.ackedAt, time.Now())
				l.mu.Unlock()
			}
		})
	}
	t.Cleanup(l.stop)
	return l
}

// stop ends the load and waits for what is in flight.
func (l *mixedLoad) stop() {
	select {
	case <-l.done:
	default:
		close(l.done)
	}
	l.wg.Wait()
}

// ackedCount is how many responses have been thanked for so far.
func (l *mixedLoad) ackedCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acked)
}

// firstAckAfter is when the first response after t was thanked for.
func (l *mixedLoad) firstAckAfter(t time.Time) (time.Time, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, at := range l.ackedAt {
		if at.After(t) {
			return at, true
		}
	}
	return time.Time{}, false
}

// flowing waits until every kind of traffic has been answered in full
// (with the store) at least n more times than when it was called.
func (l *mixedLoad) flowing(t *testing.T, n int, what string) {
	t.Helper()
	acked, full, pages := l.ackedCount(), l.full.Load(), l.pages.Load()
	waitFor(t, 30*time.Second, what, func() bool {
		return l.ackedCount() >= acked+n && l.full.Load() >= full+int64(n) && l.pages.Load() >= pages+int64(n)
	})
}

// check stops the load and holds it to its promises: no page failed, every
// text carried 999, every response was thanked or refused plainly, and the
// responses thanked for are exactly those stored.
func (l *mixedLoad) check(t *testing.T, st store.Store) {
	t.Helper()
	l.stop()
	stored := storedComments(t, st)
	for _, m := range l.acked {
		if !stored[m] {
			t.Errorf("acknowledged %s is lost", m)
		}
	}
	if len(stored) != len(l.acked) {
		t.Errorf("%d responses stored, %d acknowledged: they must be equal", len(stored), len(l.acked))
	}
	if l.pageFails.Load() > 0 || l.textFails.Load() > 0 || l.feedbackFailures.Load() > 0 {
		t.Errorf("pages: %d of %d failed; texts: %d of %d without 999; feedback: %d neither thanked nor told to try again",
			l.pageFails.Load(), l.pages.Load(), l.textFails.Load(), l.texts.Load(), l.feedbackFailures.Load())
	}
	if l.stateless.Load() == 0 {
		t.Error("no text got the stateless reply: the outage did not reach the SMS channel")
	}
	if l.sender.toldAgain.Load() == 0 {
		t.Errorf("nobody was told to try again: the outage did not happen during the feedback")
	}
	t.Logf("pages %d (0 failed), texts %d (all with 999; %d during the outage, with Childline), feedback %d given, told to try again %d times, %d acknowledged = %d stored",
		l.pages.Load(), l.texts.Load(), l.stateless.Load(), l.tries.Load(), l.sender.toldAgain.Load(), len(l.acked), len(stored))
}

// Redis stopped and started again under load: pages never fail, every text
// gets a reply carrying 999, and every young person is either thanked (and
// their answer kept) or told plainly to try again; those who do are kept
// once, even when the first try was kept though its answer was lost.
// heard_ready says 0 while Redis is away, and 1 again when it is back.
func TestRedisRestartUnderLoad(t *testing.T) {
	redis := startRedisServer(t)
	metricsAddr := freeAddr(t)
	heard := startHeard(t, "REDIS_URL="+redis.redisURL, "HEARD_SECRET="+processSecret, "HEARD_TRUSTED_PROXIES=127.0.0.1",
		"HEARD_DATA="+t.TempDir(), "HEARD_METRICS_ADDR="+metricsAddr)
	load := startMixedLoad(t, heard)
	load.flowing(t, 20, "load flowing before Redis stops")

	redis.stop()
	waitFor(t, 30*time.Second, "the outage seen by texts, feedback and heard_ready", func() bool {
		return load.stateless.Load() > 0 && load.sender.toldAgain.Load() > 0 && scrape(t, metricsAddr, "heard_ready") == 0
	})
	redis.start()
	load.flowing(t, 20, "load flowing again after Redis is back")
	// Each scrape pings the store afresh; on a busy machine one ping can miss
	// its second, so ask until it answers rather than trust a single scrape.
	waitFor(t, 15*time.Second, "heard_ready back to 1 with Redis back", func() bool {
		return scrape(t, metricsAddr, "heard_ready") == 1
	})

	st, err := store.OpenRedis(redis.redisURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	load.check(t, st)
}
