// Command loadgen runs Heard under mixed traffic, as a busy day would bring
// it, and reports what it measured: 70% page views, 20% signed Twilio
// webhooks, 10% feedback (the form, then the answers). It starts heard
// itself (to time its start-up and read its memory), on loopback only, for
// a bounded time:
//
//	go run ./e2e/loadgen -bin ./heard -duration 60s -rate 1000 [-redis redis://127.0.0.1:16379/0]
//
// It exits non-zero when a target is missed: any error, p99 of 25 ms or
// more, RSS of 60 MB or more, or start-up of 300 ms or more.
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"heard/e2e/twiliotest"
)

const (
	token     = "loadgen twilio auth token, not a real one"
	secret    = "loadgen secret that is long enough to use"
	publicURL = "https://heard.load"
)

var pages = []string{"/en/", "/en/help", "/pl/", "/pl/help", "/ro/warning-signs", "/ur/", "/ur/help", "/en/not-your-fault",
	"/en/telling-someone", "/ro/help", "/en/you-said-we-did", "/static/nope", "/en/online"}

func main() {
	bin := flag.String("bin", "./heard", "the heard binary")
	duration := flag.Duration("duration", 60*time.Second, "how long to run (at most 5 minutes)")
	rate := flag.Int("rate", 1000, "requests started per second")
	redisURL := flag.String("redis", "", "use this Redis instead of the embedded store")
	flag.Parse()
	if *duration > 5*time.Minute {
		*duration = 5 * time.Minute
	}
	if err := run(*bin, *duration, *rate, *redisURL); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// kind is one sort of request, with its latencies and errors.
type kind struct {
	name   string
	mu     sync.Mutex
	took   []time.Duration
	errors atomic.Int64
	sample atomic.Value // the first error, to show
}

func (k *kind) record(d time.Duration, err error) {
	if err != nil {
		if k.errors.Add(1) == 1 {
			k.sample.Store(err.Error())
		}
		return
	}
	k.mu.Lock()
	k.took = append(k.took, d)
	k.mu.Unlock()
}

func (k *kind) percentile(p float64) time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.took) == 0 {
		return 0
	}
	slices.Sort(k.took)
	return k.took[min(len(k.took)-1, int(float64(len(k.took))*p))]
}

func run(bin string, duration time.Duration, rate int, redisURL string) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	l.Close()
	data, err := os.MkdirTemp("", "heard-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(data)
	cmd := exec.Command(bin, "serve")
	cmd.Env = []string{"HEARD_ADDR=" + addr, "HEARD_DATA=" + filepath.Join(data, "data"), "HEARD_PUBLIC_URL=" + publicURL,
		"TWILIO_AUTH_TOKEN=" + token, "HEARD_TRUSTED_PROXIES=127.0.0.1", "HEARD_SECRET=" + secret}
	if redisURL != "" {
		cmd.Env = append(cmd.Env, "REDIS_URL="+redisURL)
	}
	logs, _ := os.Create(filepath.Join(data, "heard.log"))
	cmd.Stdout, cmd.Stderr = logs, logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer cmd.Process.Kill()
	base := "http://" + addr
	startup, err := waitReady(base, start)
	if err != nil {
		return err
	}

	transport := &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: false}
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	kinds := map[string]*kind{"page": {name: "page"}, "sms": {name: "sms"}, "feedback": {name: "feedback"}}
	var seq atomic.Int64
	runID := time.Now().UnixNano() % 1e9
	do := func() {
		n := seq.Add(1)
		switch r := rand.IntN(100); {
		case r < 70:
			t0 := time.Now()
			err := get(client, base+pages[rand.IntN(len(pages))], "gzip, br")
			kinds["page"].record(time.Since(t0), err)
		case r < 90:
			t0 := time.Now()
			err := text(client, base, fmt.Sprintf("SM%012d%020d", runID, n), fmt.Sprintf("+44770%07d", n%10_000_000), []string{"HELP", "INFO", "2", "hello", "LANG", "SAY"}[n%6])
			kinds["sms"].record(time.Since(t0), err)
		default:
			t0 := time.Now()
			err := feedback(client, base, n)
			kinds["feedback"].record(time.Since(t0), err)
		}
	}
	// Open loop: a request starts every 1/rate seconds whether or not the
	// others have finished, as young people do not wait for each other.
	deadline := time.Now().Add(duration)
	tick := time.NewTicker(time.Second / time.Duration(rate))
	var wg sync.WaitGroup
	limit := make(chan struct{}, 512) // bounds the generator, not Heard
	for now := range tick.C {
		if now.After(deadline) {
			break
		}
		select {
		case limit <- struct{}{}:
			wg.Go(func() { do(); <-limit })
		default:
			kinds["page"].record(0, fmt.Errorf("generator saturated"))
		}
	}
	tick.Stop()
	wg.Wait()
	rss := peakRSS(cmd.Process.Pid)
	anon, file := procStatus(cmd.Process.Pid, "RssAnon:"), procStatus(cmd.Process.Pid, "RssFile:")
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()

	store := "embedded"
	if redisURL != "" {
		store = "redis"
	}
	total, failed := 0, int64(0)
	var all []time.Duration
	fmt.Printf("store %s, %s at %d requests/s started, start-up %s, peak RSS %.1f MB (at the end: %.1f MB heap and stacks, %.1f MB mapped files)\n",
		store, duration, rate, startup.Round(time.Millisecond), float64(rss)/1024, float64(anon)/1024, float64(file)/1024)
	for _, name := range []string{"page", "sms", "feedback"} {
		k := kinds[name]
		total += len(k.took)
		failed += k.errors.Load()
		all = append(all, k.took...)
		first, _ := k.sample.Load().(string)
		fmt.Printf("  %-8s %7d ok, %d errors, p50 %6s, p99 %6s %s\n", name, len(k.took), k.errors.Load(),
			k.percentile(0.5).Round(10*time.Microsecond), k.percentile(0.99).Round(10*time.Microsecond), first)
	}
	slices.Sort(all)
	p99 := all[min(len(all)-1, len(all)*99/100)]
	fmt.Printf("  all      %7d ok (%.0f/s), %d errors, p99 %s\n", total, float64(total)/duration.Seconds(), failed, p99.Round(10*time.Microsecond))
	var missed []string
	if failed > 0 {
		missed = append(missed, "errors")
	}
	if p99 >= 25*time.Millisecond {
		missed = append(missed, "p99 under 25 ms")
	}
	if rss >= 60*1024 {
		missed = append(missed, "RSS under 60 MB")
	}
	if startup >= 300*time.Millisecond {
		missed = append(missed, "start-up under 300 ms")
	}
	if len(missed) > 0 {
		return fmt.Errorf("missed: %s", strings.Join(missed, ", "))
	}
	fmt.Println("  every target met")
	return nil
}

func waitReady(base string, start time.Time) (time.Duration, error) {
	for time.Since(start) < 10*time.Second {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return time.Since(start), nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return 0, fmt.Errorf("heard did not get ready")
}

func get(client *http.Client, target, encoding string) error {
	req, _ := http.NewRequest("GET", target, nil)
	req.Header.Set("Accept-Encoding", encoding)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode >= 500 {
		return fmt.Errorf("%s: %d", target, resp.StatusCode)
	}
	return nil
}

func text(client *http.Client, base, sid, from, body string) error {
	form := twiliotest.Form(sid, from, body)
	req, _ := http.NewRequest("POST", base+"/sms/twilio", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", twiliotest.Sign(token, publicURL+"/sms/twilio", form))
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	reply, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(reply), "<Message>") {
		return fmt.Errorf("sms: %d %.80s", resp.StatusCode, reply)
	}
	return nil
}

// feedback fetches the form and sends answers from an address of its own
// (through the trusted-proxy header), so the per-address limit counts each
// young person apart.
func feedback(client *http.Client, base string, n int64) error {
	resp, err := client.Get(base + "/en/feedback")
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, rest, ok := strings.Cut(string(page), `name="token" value="`)
	tok, _, _ := strings.Cut(rest, `"`)
	if !ok {
		return fmt.Errorf("feedback form: %d, no token", resp.StatusCode)
	}
	form := url.Values{"token": {tok}, "q.safe": {strconv.Itoa(1 + int(n%5))}, "q.listened": {"4"}, "service": {"school"},
		"comment": {"load test comment " + strconv.FormatInt(n, 10)}}
	req, _ := http.NewRequest("POST", base+"/en/feedback", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255))
	resp, err = client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("feedback: %d", resp.StatusCode)
	}
	return nil
}

// peakRSS is the process's high-water resident memory, in KB (VmHWM).
func peakRSS(pid int) int64 { return procStatus(pid, "VmHWM:") }

// procStatus reads one figure, in KB, from /proc/PID/status.
func procStatus(pid int, field string) int64 {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return -1
}
