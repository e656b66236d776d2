package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/store"
)

const (
	exportWorker   = "exporter@example.org"
	exportPassword = "a long password for exports"
	exportRows     = 6_000
)

// exportComment is every seeded response's comment, after its number.
var exportComment = strings.Repeat("the room was warm and they listened ", 112)[:4000]

// seedExport gives st a round of rows responses, each with a 4,000-byte
// comment, and a worker who may export it: 6,000 rows are about 24 MB of
// CSV, far more than the sockets between heard and a reader hold (about
// 4 MB on loopback).
func seedExport(t *testing.T, st store.Store, code string, rows int) {
	t.Helper()
	ctx := context.Background()
	hash, err := accounts.HashPassword(exportPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutUser(ctx, accounts.User{Email: exportWorker, Role: accounts.RoleWorker, PasswordHash: hash, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateRound(ctx, feedback.Round{Code: code, Title: "Export", Questions: []string{"safe"},
		Opens: time.Now().Add(-time.Hour), Channels: []string{"web"}, Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 64 {
		wg.Go(func() {
			for i := w; i < rows; i += 64 {
				if err := st.SaveResponse(ctx, feedback.Response{Round: code, Channel: "web", Lang: "en", At: time.Now(),
					Answers: map[string]int{"safe": 4}, Comment: fmt.Sprintf("%06d %s", i, exportComment)}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// exportClient signs the worker in and returns a client whose connections
// take bytes in slowly: a small receive buffer, so heard's writes wait on
// the reader rather than on the kernel. local hears each connection's own
// address, to look for in the logs.
func exportClient(t *testing.T, base string, local func(string)) *client {
	t.Helper()
	dialer := &net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 32<<10) })
		return err
	}}
	worker := newClient()
	worker.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dialer.DialContext(ctx, network, addr)
		if err == nil && local != nil {
			local(conn.LocalAddr().String())
		}
		return conn, err
	}}
	_, page, _ := worker.do(t, "GET", base+"/workers/sign-in", nil)
	if code, _, _ := worker.do(t, "POST", base+"/workers/sign-in", url.Values{"csrf": {hidden(t, page, "csrf")},
		"email": {exportWorker}, "password": {exportPassword}}); code != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", code)
	}
	return worker
}

// startExport asks for a round's CSV and returns the response as it starts.
func (c *client) startExport(t *testing.T, base, code string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/workers/rounds/"+code+"/export.csv", nil)
	req.Header.Set("Cookie", c.cookie)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	return resp
}

// A long export read slowly, as over a poor connection, takes longer than
// the server's 15-second write timeout and still arrives whole: each chunk
// gives the connection more time.
func TestAnExportCompletesForASlowReaderPastTheWriteTimeout(t *testing.T) {
	dir, code := t.TempDir(), "SLOWREADER"
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	seedExport(t, st, code, exportRows)
	st.Close()
	heard := startHeard(t, "HEARD_DATA="+dir)
	began := time.Now()
	resp := exportClient(t, heard.URL, nil).startExport(t, heard.URL, code)
	defer resp.Body.Close()
	// About 1 MB a second: 64 KB, then a pause, as a slow link takes it.
	lines, last := 0, ""
	body := bufio.NewReaderSize(resp.Body, 64<<10)
	chunk := time.Now()
	read := 0
	for {
		line, err := body.ReadString('\n')
		if err != nil {
			if !errors.Is(err, io.EOF) || line != "" {
				t.Fatalf("the export broke after %d lines and %s: %v", lines, time.Since(began).Round(time.Second), err)
			}
			break
		}
		lines++
		last = line
		if read += len(line); read >= 64<<10 {
			time.Sleep(time.Until(chunk.Add(64 * time.Millisecond)))
			chunk, read = time.Now(), 0
		}
	}
	took := time.Since(began)
	t.Logf("%d lines in %s", lines, took.Round(100*time.Millisecond))
	if lines != exportRows+1 || !strings.HasSuffix(last, exportComment+"\n") {
		t.Errorf("the export has %d lines, want %d, the last ending %q", lines, exportRows+1, last[max(0, len(last)-40):])
	}
	if took < 16*time.Second {
		t.Errorf("the export took %s: too fast to show anything about a 15 s write timeout", took)
	}
}

// When the store fails in the middle of an export, the download fails
// visibly (the connection is cut, not ended), rather than ending cleanly
// with rows missing. A reader who stops reading is let go after 15 s. And
// what is logged for any of them never holds the reader's address.
func TestAnExportCutShortFailsVisiblyAndLogsNoAddress(t *testing.T) {
	redis := startRedisServer(t)
	st, err := store.OpenRedis(redis.redisURL)
	if err != nil {
		t.Fatal(err)
	}
	seedExport(t, st, "CUTSHORT", 2_000)
	st.Close()
	heard := startHeard(t, "REDIS_URL="+redis.redisURL, "HEARD_SECRET="+processSecret, "HEARD_DATA="+t.TempDir())
	var mu sync.Mutex
	var locals []string
	worker := exportClient(t, heard.URL, func(addr string) {
		mu.Lock()
		defer mu.Unlock()
		locals = append(locals, addr)
	})
	cutShort := func(n int, reason string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for strings.Count(heard.logs.String(), reason) < n {
			if time.Now().After(deadline) {
				t.Fatalf("heard did not log %q %d times: %s", reason, n, heard.logs)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	const readerGone = "the reader stopped taking the download"

	// A reader who stops reading, and stays.
	stalled := worker.startExport(t, heard.URL, "CUTSHORT")
	defer stalled.Body.Close()
	began := time.Now()
	if _, err := io.ReadFull(stalled.Body, make([]byte, 64<<10)); err != nil {
		t.Fatal(err)
	}

	// A reader who goes away after the first rows.
	gone := worker.startExport(t, heard.URL, "CUTSHORT")
	io.ReadFull(gone.Body, make([]byte, 64<<10))
	gone.Body.Close()
	cutShort(1, readerGone)

	// The store stopping under a reader who reads on.
	resp := worker.startExport(t, heard.URL, "CUTSHORT")
	if _, err := io.ReadFull(resp.Body, make([]byte, 64<<10)); err != nil {
		t.Fatal(err)
	}
	redis.stop()
	rest, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil {
		t.Errorf("the export ended cleanly after %d more bytes with the store stopped, so it looks complete", len(rest))
	}

	cutShort(2, readerGone)
	if took := time.Since(began); took < 14*time.Second || took > 30*time.Second {
		t.Errorf("a reader who stopped was let go after %s, want about 15 s", took.Round(time.Second))
	}
	logs := heard.logs.String()
	if n := strings.Count(logs, "export: cut short"); n != 3 {
		t.Errorf("%d exports logged as cut short, want 3: %s", n, logs)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, addr := range locals {
		if strings.Contains(logs, addr) {
			t.Errorf("a log holds the reader's address %s", addr)
		}
	}
}
