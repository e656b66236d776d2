package main

import (
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Slow requests (slowloris) are cut off by the header and body timeouts,
// and while hundreds are held open the site keeps answering everyone else.
func TestSlowRequestsAreCutOffAndDoNotBlockOthers(t *testing.T) {
	heard := startHeard(t, "HEARD_DATA="+t.TempDir())
	addr := strings.TrimPrefix(heard.URL, "http://")
	// dripFor sends start, then a byte a second, and returns how long the
	// server kept the connection open.
	dripFor := func(start string) time.Duration {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Error(err)
			return 0
		}
		defer conn.Close()
		began := time.Now()
		io.WriteString(conn, start)
		closed := make(chan struct{})
		go func() {
			io.Copy(io.Discard, conn) // returns when the server closes
			close(closed)
		}()
		for {
			select {
			case <-closed:
				return time.Since(began)
			case <-time.After(time.Second):
				if _, err := io.WriteString(conn, "x"); err != nil {
					return time.Since(began)
				}
				if time.Since(began) > 30*time.Second {
					return time.Since(began)
				}
			}
		}
	}
	var wg sync.WaitGroup
	var header, body time.Duration
	wg.Go(func() { header = dripFor("GET /en/ HTTP/1.1\r\nHost: x\r\nX-Slow: ") })
	wg.Go(func() {
		body = dripFor("POST /en/feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ncomment=")
	})
	// Hundreds of idle half-requests, as an attacker would hold.
	var held []net.Conn
	for range 300 {
		if c, err := net.Dial("tcp", addr); err == nil {
			io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n")
			held = append(held, c)
		}
	}
	defer func() {
		for _, c := range held {
			c.Close()
		}
	}()
	client := &http.Client{Timeout: 2 * time.Second}
	for i := range 20 {
		resp, err := client.Get(heard.URL + "/en/help")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("request %d while 300 slow connections are held: %v", i, err)
		}
		resp.Body.Close()
	}
	wg.Wait()
	if header > 7*time.Second {
		t.Errorf("a header sent a byte a second was held %s (limit 5 s)", header)
	}
	if body > 12*time.Second {
		t.Errorf("a body sent a byte a second was held %s (limit 10 s)", body)
	}
	t.Logf("slow header cut off after %s, slow body after %s", header.Round(100*time.Millisecond), body.Round(100*time.Millisecond))
}
