package handlers

import (
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"heard/feedback"
	"heard/metrics"
	"heard/store"
)

// storeHits reads from the metrics how many rate-counter writes were made.
func storeHits(t *testing.T, m *metrics.Metrics) int {
	t.Helper()
	scrape := httptest.NewRecorder()
	m.Handler().ServeHTTP(scrape, httptest.NewRequest("GET", "/metrics", nil))
	for line := range strings.Lines(scrape.Body.String()) {
		if rest, ok := strings.CutPrefix(line, `heard_store_duration_seconds_count{op="hit"} `); ok {
			n, err := strconv.Atoi(strings.TrimSpace(rest))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	return 0
}

// The feedback limit counts a subscriber, not an address: every address of
// one IPv6 /64 is one home or phone. Two instances on one store count
// together, and past the limit neither writes to the store again.
func TestFeedbackLimitCountsAnIPv6SubscriberAcrossInstancesAndStopsWritingPastIt(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		lib, bundle := loadWords(t)
		var instances []http.Handler
		var counts []*metrics.Metrics
		for range 2 {
			m := metrics.New()
			h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
				Store: m.Store(st), Secret: testSecret, Metrics: m}, lib, bundle)
			if err != nil {
				t.Fatal(err)
			}
			instances, counts = append(instances, h), append(counts, m)
		}
		// A /64 and a round of this run's own: tests share one Redis.
		var b [4]byte
		rand.Read(b[:])
		subscriber := fmt.Sprintf("2001:db8:%x:%x", b[:2], b[2:])
		code := uniqueCode("LIM")
		if err := st.CreateRound(t.Context(), feedback.Round{Code: code, Title: "Limits", Questions: []string{"safe"},
			Opens: time.Now().Add(-time.Hour), Channels: []string{"web"}, Created: time.Now()}); err != nil {
			t.Fatal(err)
		}
		send := func(i int) int {
			h := instances[i%2]
			page := httptest.NewRecorder()
			h.ServeHTTP(page, httptest.NewRequest("GET", "/en/feedback/"+code, nil))
			form := url.Values{"token": {field(t, page.Body.String(), "token")}, "q.safe": {"4"}}
			req := httptest.NewRequest("POST", "/en/feedback/"+code, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = net.JoinHostPort(fmt.Sprintf("%s:%x::1", subscriber, i), "40000") // a new address each time
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		for i := range feedbackRateLimit {
			if code := send(i); code != http.StatusSeeOther {
				t.Fatalf("response %d: %d", i+1, code)
			}
		}
		for i := feedbackRateLimit; i < feedbackRateLimit+2; i++ {
			if code := send(i); code != http.StatusTooManyRequests {
				t.Fatalf("response %d from one /64, across two instances: %d, want 429", i+1, code)
			}
		}
		hits := storeHits(t, counts[0]) + storeHits(t, counts[1])
		for i := range 40 {
			if code := send(i); code != http.StatusTooManyRequests {
				t.Fatalf("past the limit: %d", code)
			}
		}
		if more := storeHits(t, counts[0]) + storeHits(t, counts[1]) - hits; more != 0 {
			t.Errorf("40 responses past the limit made %d store writes, want none", more)
		}
	})
}
