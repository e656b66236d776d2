package workers_test

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

	"heard/accounts"
	"heard/feedback"
	"heard/store"
	"heard/store/storetest"
)

// roundOfAMillion is the round the results-page benchmark reads: it holds
// a million responses, seeded once (it takes minutes) and kept between
// runs in the embedded store's folder.
const (
	roundOfAMillion = "MILLION"
	million         = 1_000_000
	roundBefore     = "BEFOREMIL" // a small round to compare it with
	postOfAMillion  = "bench-post-of-a-million"
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

// millionSite seeds the round of a million (and backfills its series, if it
// was seeded before series existed), a small round to compare it with and
// a post half way through it, and returns the site.
func millionSite(b *testing.B, st store.Store) http.Handler {
	seedMillion(b, st)
	ctx := context.Background()
	start := time.Now()
	if n, err := st.BackfillSeries(ctx, roundOfAMillion); err != nil {
		b.Fatal(err)
	} else if n > 0 {
		b.Logf("backfilled the series of %d responses in %s", n, time.Since(start).Round(time.Second))
	}
	questions := []string{"listened", "explained", "one-person", "decisions", "safe", "blamed", "know-help"}
	if err := st.CreateRound(ctx, feedback.Round{Code: roundOfAMillion, Title: "A million voices", Questions: questions,
		Opens: time.Now(), Channels: []string{"web"}}); err != nil && !errors.Is(err, store.ErrExists) {
		b.Fatal(err)
	}
	if err := st.CreateRound(ctx, feedback.Round{Code: roundBefore, Title: "The round before", Questions: questions,
		Opens: time.Now().AddDate(-1, 0, 0), Channels: []string{"web"}}); err != nil && !errors.Is(err, store.ErrExists) {
		b.Fatal(err)
	}
	if tallies, err := st.Tallies(ctx, roundBefore); err == nil && tallies["total"] < 1000 {
		for i := range 1000 - tallies["total"] {
			r := feedback.Response{Round: roundBefore, Channel: "web", Lang: "en", Answers: map[string]int{}, At: time.Now().AddDate(-1, 0, 0)}
			for j, q := range questions {
				r.Answers[q] = int(i+int64(j))%5 + 1
			}
			if err := st.SaveResponse(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := st.AddPost(ctx, feedback.Post{ID: postOfAMillion, Round: roundOfAMillion, Said: map[string]string{"en": "Nobody said what came next."},
		Did: map[string]string{"en": "We explain the next step."}, Published: time.Now().AddDate(0, -6, 0)}); err != nil && !errors.Is(err, store.ErrExists) {
		b.Fatal(err)
	}
	// The worker reads their own team's rounds, as every worker does.
	team, err := accounts.FindTeam(ctx, st, "Bench Team")
	if errors.Is(err, accounts.ErrNoTeam) {
		team, err = accounts.AddTeam(ctx, st, "Bench Team", time.Now())
	}
	if err != nil {
		b.Fatal(err)
	}
	for _, code := range []string{roundOfAMillion, roundBefore} {
		r, _, err := st.GetRound(ctx, code)
		if err != nil {
			b.Fatal(err)
		}
		r.Team = team.ID
		if err := st.PutRound(ctx, r); err != nil {
			b.Fatal(err)
		}
	}
	st.PutUser(ctx, accounts.User{Email: "bench@example.org", Role: "worker", Team: team.ID, PasswordHash: "unused"})
	st.PutUser(ctx, accounts.User{Email: "bench-admin@example.org", Role: "admin", PasswordHash: "unused"})
	if admin, _, err := st.GetUser(ctx, "bench-admin@example.org"); err != nil || !admin.TwoFactor.Enrolled() {
		enrolAt(b, st, "bench-admin@example.org", time.Now()) // every admin has a second factor, or is sent to set one up
	}
	for session, email := range map[string]string{"bench-session": "bench@example.org", "bench-admin-session": "bench-admin@example.org"} {
		if err := st.PutSession(ctx, session, email, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	lib, bundle := loadWords(b)
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Store: st, Secret: testSecret}, lib, bundle)
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// benchmarkWorkersPage measures one worker's page, signed in, after
// checking once that it answers 200 with want in it.
// discardWriter is a ResponseWriter that keeps nothing, so a benchmark
// measures the handler, not a recorder's buffers.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

func benchmarkWorkersPage(b *testing.B, h http.Handler, session, path, want string) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
	check := httptest.NewRecorder()
	h.ServeHTTP(check, req)
	if check.Code != http.StatusOK || !strings.Contains(check.Body.String(), want) {
		b.Fatalf("%s: %d, without %q", req.URL, check.Code, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h.ServeHTTP(&discardWriter{h: http.Header{}}, req)
	}
}

// millionStores runs a benchmark on the embedded store (the million kept
// between runs in $TMPDIR/heard-bench-million) and on the test Redis (kept
// between runs under its own prefix, heard:bench-million:). Seeding takes
// minutes, and deleting a million keys would block the test Redis past
// every other call's deadline, so neither is deleted: on Redis,
// `redis-cli --scan --pattern 'heard:bench-million:*' | xargs redis-cli del`.
func millionStores(b *testing.B, run func(b *testing.B, st store.Store)) {
	b.Run("embedded", func(b *testing.B) {
		dir := filepath.Join(os.TempDir(), "heard-bench-million")
		st, err := store.OpenEmbedded(dir)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		run(b, st)
	})
	b.Run("redis", func(b *testing.B) {
		st, err := store.OpenRedis(storetest.RedisURL(b), store.WithKeyPrefix("heard:bench-million:"))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		run(b, st)
	})
}

// BenchmarkResultsPageOfAMillion measures a worker's results page for a
// round of 1,000,000 responses: the target is under 50 ms.
func BenchmarkResultsPageOfAMillion(b *testing.B) {
	millionStores(b, func(b *testing.B, st store.Store) {
		benchmarkWorkersPage(b, millionSite(b, st), "bench-session", "/workers/rounds/"+roundOfAMillion, "1000000 responses")
	})
}

// BenchmarkEvidenceOfAMillion measures the pages that answer "did it get
// better?" with a round of 1,000,000 responses among them: comparing it
// with another round (tallies), splitting it at a post (its series by
// day), the trends (every round's series by month), the same two as an
// admin, who sets one team's rounds side by side, the problem profile and
// its report (a split and its months). The target is under 50 ms.
func BenchmarkEvidenceOfAMillion(b *testing.B) {
	millionStores(b, func(b *testing.B, st store.Store) {
		h := millionSite(b, st)
		for _, page := range []struct{ name, session, path, want string }{
			{"compare-rounds", "bench-session", "/workers/compare?before=" + roundBefore + "&after=" + roundOfAMillion, "The round before (BEFOREMIL), then A million voices"},
			{"compare-post", "bench-session", "/workers/compare?post=" + postOfAMillion, "Split at the day the post was published"},
			{"trends", "bench-session", "/workers/trends", "Trends by month"},
			// An admin sets one team's rounds side by side: the team of the
			// round they came from, found by its code.
			{"compare-rounds-admin", "bench-admin-session", "/workers/compare?before=" + roundBefore + "&after=" + roundOfAMillion, "other rounds of Bench Team"},
			{"trends-admin", "bench-admin-session", "/workers/trends?round=" + roundOfAMillion, "the rounds of Bench Team"},
			{"profile", "bench-admin-session", "/workers/profile", "Responses by area, each team"}, // admins only
			{"report", "bench-session", "/workers/rounds/" + roundOfAMillion + "/report", "Month by month"},
		} {
			b.Run(page.name, func(b *testing.B) { benchmarkWorkersPage(b, h, page.session, page.path, page.want) })
		}
	})
}
