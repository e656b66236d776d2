package handlers

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"heard/handlers/internal/webtest"
	"heard/localhelp"
	"heard/store"
)

// benchmarkRoundForm serves a team's round's form, with two local cards or
// with none: what reading and drawing local help costs a form.
func benchmarkRoundForm(b *testing.B, st store.Store, cards bool) {
	now := time.Now()
	entries := []localhelp.Input{webtest.Clinic, webtest.YouthService}
	if !cards {
		entries = nil
	}
	_, code := webtest.LocalTeam(b, st, "North", now, entries...)
	path := "/en/feedback/" + code
	lib, bundle := loadWords(b)
	h, err := New(Config{Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Store: st, Secret: testSecret,
		Now: func() time.Time { return now }}, lib, bundle)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := &discardWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
	}
}

func embedded(b *testing.B) store.Store {
	st, err := store.OpenEmbedded(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func BenchmarkRoundFormEmbedded(b *testing.B)              { benchmarkRoundForm(b, embedded(b), false) }
func BenchmarkRoundFormWithLocalHelpEmbedded(b *testing.B) { benchmarkRoundForm(b, embedded(b), true) }
func BenchmarkRoundFormRedis(b *testing.B)                 { benchmarkRoundForm(b, openTestRedis(b), false) }
func BenchmarkRoundFormWithLocalHelpRedis(b *testing.B) {
	benchmarkRoundForm(b, openTestRedis(b), true)
}
