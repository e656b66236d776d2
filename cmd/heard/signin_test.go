package main

import (
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// peakRSS is the most memory the process has held (VmHWM), in bytes.
func (in *instance) peakRSS() int64 {
	in.t.Helper()
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", in.cmd.Process.Pid))
	if err != nil {
		in.t.Fatal(err)
	}
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				in.t.Fatal(err)
			}
			return kb << 10
		}
	}
	in.t.Fatal("no VmHWM in /proc status")
	return 0
}

// signInAs posts the sign-in form from addr (behind the trusted proxy).
func signInAs(client *http.Client, base string, browser *client, csrf, addr, email, password string) (int, string, error) {
	form := url.Values{"csrf": {csrf}, "email": {email}, "password": {password}}
	req, _ := http.NewRequest("POST", base+"/workers/sign-in", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", browser.cookies())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), nil
}

// Every password check costs memory on purpose (argon2id), so a crowd of
// sign-ins, each for a made-up account and each from its own address so no
// per-account or per-address limit stops it, is what would exhaust memory.
// Only a few checks run at once; the rest are told kindly to try again in a
// moment, and the help page keeps answering meanwhile.
func TestSignInCrowdKeepsMemoryBoundedAndTheHelpPageAnswering(t *testing.T) {
	heard := startHeard(t, "HEARD_DATA="+t.TempDir(), "HEARD_TRUSTED_PROXIES=127.0.0.1")
	client := noRedirects()
	browser := newClient()
	_, page, _ := browser.do(t, "GET", heard.URL+"/workers/sign-in", nil)
	csrf := hidden(t, page, "csrf")
	before := heard.peakRSS()

	const attempts = 96
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := make(chan struct{})
	for i := range attempts {
		wg.Go(func() {
			<-start
			email := strings.ToLower(rand.Text()) + "@example.org"
			code, body, err := signInAs(client, heard.URL, browser, csrf, fmt.Sprintf("203.0.113.%d", i), email, rand.Text())
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("attempt %d: %v", i, err)
				return
			}
			statuses[code]++
			if code == http.StatusServiceUnavailable && !strings.Contains(body, "try again in a moment") {
				t.Errorf("a busy refusal does not say to try again in a moment: %s", body)
			}
		})
	}
	// The help page, asked again and again while the crowd signs in.
	crowdDone, helpDone := make(chan struct{}), make(chan struct{})
	var slowest time.Duration
	var asked int
	go func() {
		defer close(helpDone)
		help := &http.Client{Timeout: 5 * time.Second}
		for {
			select {
			case <-crowdDone:
				return
			default:
			}
			began := time.Now()
			resp, err := help.Get(heard.URL + "/en/help")
			took := time.Since(began)
			if err != nil {
				t.Errorf("the help page during the sign-in crowd: %v", err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("the help page during the sign-in crowd: %d", resp.StatusCode)
			}
			asked++
			slowest = max(slowest, took)
		}
	}()
	close(start)
	wg.Wait()
	close(crowdDone)
	<-helpDone

	peak := heard.peakRSS()
	t.Logf("%d sign-ins at once: %v; peak RSS %d MB (before %d MB); help page asked %d times, slowest %s",
		attempts, statuses, peak>>20, before>>20, asked, slowest.Round(time.Millisecond))
	if peak > 200<<20 {
		t.Errorf("peak RSS %d MB, want under 200 MB", peak>>20)
	}
	if slowest > time.Second {
		t.Errorf("the help page took %s to answer during the crowd, want well under a second", slowest)
	}
	if statuses[http.StatusUnauthorized] == 0 {
		t.Error("no attempt was checked at all")
	}
	for code, n := range statuses {
		if code != http.StatusUnauthorized && code != http.StatusServiceUnavailable {
			t.Errorf("%d attempts got %d", n, code)
		}
	}
}
