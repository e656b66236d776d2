package store_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// benchResponses is a realistic store for one service: 100,000 responses over a year,
// every question answered, a comment in three.
const benchResponses = 100_000

// seedBench fills dir's store up to benchResponses, once: the folder is kept between runs.
func seedBench(b *testing.B, dir string) {
	s, err := store.OpenEmbedded(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	tallies, err := s.Tallies(ctx, feedback.Standing)
	if err != nil {
		b.Fatal(err)
	}
	missing := benchResponses - int(tallies["total"])
	if missing <= 0 {
		return
	}
	start := time.Now()
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 128 {
		wg.Go(func() {
			for i := range jobs {
				rnd := rand.New(rand.NewPCG(uint64(i), 9))
				r := feedback.Response{Round: feedback.Standing, Channel: "web", Lang: "en", Answers: map[string]int{},
					Service: feedback.Services[rnd.IntN(len(feedback.Services))], Age: feedback.AgeBands[rnd.IntN(len(feedback.AgeBands))],
					Area: feedback.Areas[rnd.IntN(len(feedback.Areas))], At: start.Add(-time.Duration(rnd.IntN(365*24)) * time.Hour)}
				for _, q := range []string{"listened", "explained", "one-person", "decisions", "safe", "blamed", "know-help"} {
					r.Answers[q] = rnd.IntN(6)
				}
				if i%3 == 0 {
					r.Comment = fmt.Sprintf("Comment %d: they listened to me, but nobody told me what would happen next, and I waited weeks.", i)
				}
				for {
					err := s.SaveResponse(ctx, r)
					if err == nil {
						break
					}
					time.Sleep(10 * time.Millisecond) // a busy machine: try again, as a young person would
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

// benchStore copies the seeded store to a folder of the benchmark's own, so what it does
// (compact, forget) leaves the seed as it was.
func benchStore(b *testing.B) string {
	seed := filepath.Join(os.TempDir(), "heard-bench-100k")
	seedBench(b, seed)
	dir := b.TempDir()
	raw, err := os.ReadFile(filepath.Join(seed, "heard.db"))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "heard.db"), raw, 0o600); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkBackup100k measures a backup of a store of 100,000 responses while it runs: the
// snapshot (the only part that holds a read transaction) and the checked copy written out.
func BenchmarkBackup100k(b *testing.B) {
	s := openEmbedded(b, benchStore(b))
	ctx := context.Background()
	var held, size int64
	for b.Loop() {
		start := time.Now()
		snapshot, err := s.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		held += int64(time.Since(start))
		out := filepath.Join(b.TempDir(), "backup.db")
		err = store.WriteChecked(out, func(w io.Writer) error { n, err := io.Copy(w, snapshot); size = n; return err })
		snapshot.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(held)/float64(b.N)/1e6, "ms-snapshot/op")
	b.ReportMetric(float64(size)/(1<<20), "MB")
}

// BenchmarkCompact100k measures compacting a store of 100,000 responses after retention
// deleted a month of comments: how long writes wait, and how long every call waits (the swap).
func BenchmarkCompact100k(b *testing.B) {
	s := openEmbedded(b, benchStore(b))
	ctx := context.Background()
	n, err := store.ForgetOldComments(ctx, s, time.Now().AddDate(0, -11, 0))
	if err != nil {
		b.Fatal(err)
	}
	var writes, all time.Duration
	var first store.Compaction
	for b.Loop() {
		c, err := s.Compact(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if first.Before == 0 {
			first = c
		}
		writes += c.WritesHeld
		all += c.AllHeld
	}
	b.ReportMetric(float64(writes.Milliseconds())/float64(b.N), "ms-writes-held/op")
	b.ReportMetric(float64(all.Microseconds())/float64(b.N)/1000, "ms-all-held/op")
	b.Logf("forgot %d comments; the first compaction took the file from %.1f MB to %.1f MB", n, float64(first.Before)/(1<<20), float64(first.After)/(1<<20))
}

// BenchmarkOpen100k measures opening a store of 100,000 responses, which reads and checks
// every page before Heard serves.
func BenchmarkOpen100k(b *testing.B) {
	dir := benchStore(b)
	for b.Loop() {
		s, err := store.OpenEmbedded(dir)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
