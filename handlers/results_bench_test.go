package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// roundOfAMillion is the round the results-page benchmark reads: it holds
// a million responses, seeded once (it takes minutes) and kept between
// runs in the embedded store's folder.
const (
	roundOfAMillion = "MILLION"
	million         = 1_000_000
)

// seedMillion fills the round up to a million responses through the
// store's own SaveResponse, as web and SMS answers arrive: answers to every
// question, who they are, and a comment in one of ten.
func seedMillion(b *testing.B, st store.Store) {
	ctx := context.Background()
	tallies, err := st.Tallies(ctx, roundOfAMillion)
	if err != nil {
		b.Fatal(err)
	}
	missing := million - tallies["total"]
	if missing <= 0 {
		return
	}
	bank := testBank(b)
	start := time.Now()
	jobs := make(chan int64)
	var wg sync.WaitGroup
	for range 256 {
		wg.Go(func() {
			for i := range jobs {
				rnd := rand.New(rand.NewPCG(uint64(i), 7))
				r := feedback.Response{Round: roundOfAMillion, Channel: []string{"web", "sms"}[rnd.IntN(2)],
					Lang: []string{"en", "pl", "ro", "ur"}[rnd.IntN(4)], Answers: map[string]int{},
					Service: feedback.Services[rnd.IntN(len(feedback.Services))], Age: feedback.AgeBands[rnd.IntN(len(feedback.AgeBands))],
					Area: feedback.Areas[rnd.IntN(len(feedback.Areas))], At: start.Add(-time.Duration(rnd.IntN(365*24)) * time.Hour)}
				for _, q := range bank.Questions {
					r.Answers[q.ID] = rnd.IntN(6)
				}
				if i%10 == 0 {
					r.Comment = fmt.Sprintf("Comment number %d: they listened, but nobody told me what would happen next.", i)
				}
				if err := st.SaveResponse(ctx, r); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	for i := range missing {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	b.Logf("seeded %d responses in %s", missing, time.Since(start).Round(time.Second))
}

func benchmarkResultsPage(b *testing.B, st store.Store) {
	seedMillion(b, st)
	ctx := context.Background()
	if err := st.CreateRound(ctx, feedback.Round{Code: roundOfAMillion, Title: "A million voices", Questions: []string{
		"listened", "explained", "one-person", "decisions", "safe", "blamed", "know-help"}, Opens: time.Now(), Channels: []string{"web"}}); err != nil && !errors.Is(err, store.ErrExists) {
		b.Fatal(err)
	}
	st.PutUser(ctx, store.User{Email: "bench@example.org", Role: "worker", PasswordHash: "unused"})
	if err := st.PutSession(ctx, "bench-session", "bench@example.org", time.Hour); err != nil {
		b.Fatal(err)
	}
	lib, bundle := loadWords(b)
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Store: st, Secret: testSecret}, lib, bundle)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/workers/rounds/"+roundOfAMillion, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: "bench-session"})
	check := httptest.NewRecorder()
	h.ServeHTTP(check, req)
	if check.Code != http.StatusOK || !strings.Contains(check.Body.String(), "1000000 responses") {
		b.Fatalf("results page: %d", check.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h.ServeHTTP(&discardWriter{h: http.Header{}}, req)
	}
}

// BenchmarkResultsPageOfAMillion measures a worker's results page for a
// round of 1,000,000 responses: the target is under 50 ms.
func BenchmarkResultsPageOfAMillion(b *testing.B) {
	b.Run("embedded", func(b *testing.B) {
		dir := filepath.Join(os.TempDir(), "heard-bench-million")
		st, err := store.OpenEmbedded(dir)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		benchmarkResultsPage(b, st)
	})
	b.Run("redis", func(b *testing.B) {
		benchmarkResultsPage(b, openTestRedis(b))
	})
}
