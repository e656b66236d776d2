package storetest

import (
	"heard/store"
	"slices"
	"sync"
	"testing"
	"time"
)

// Limits is the contract of store.Limits: hits counted in fixed windows.
func Limits(t *testing.T, open func(t *testing.T) store.Limits) {
	t.Run("HitWindowIsFixedFromFirstHit", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		start := time.Now()
		mustHit(t, s, "k", ttl, 1)
		time.Sleep(ttl * 6 / 10)
		mustHit(t, s, "k", ttl, 2)
		// The window ends a ttl after the first hit, not the second.
		waitFor(t, start.Add(ttl*3/2), "the window to end", func() bool {
			n, err := s.Hit(t.Context(), "k", ttl)
			must(t, err)
			return n == 1
		})
	})

	t.Run("NonPositiveWindowIsRefused", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		for _, d := range []time.Duration{0, -time.Second} {
			if _, err := s.Hit(ctx, "k", d); err == nil {
				t.Errorf("Hit with window %v: no error", d)
			}
		}
	})

	t.Run("HitCountsInWindow", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		for want := int64(1); want <= 3; want++ {
			mustHit(t, s, "k", time.Hour, want)
		}
		mustHit(t, s, "other", time.Hour, 1)
	})

	t.Run("ClearHitsStartsANewWindow", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		mustHit(t, s, "k", time.Hour, 1)
		mustHit(t, s, "k", time.Hour, 2)
		mustHit(t, s, "other", time.Hour, 1)
		must(t, s.ClearHits(ctx, "k"))
		mustHit(t, s, "k", time.Hour, 1)
		mustHit(t, s, "other", time.Hour, 2)
		must(t, s.ClearHits(ctx, "never-hit"))
	})

	t.Run("ConcurrentHitsCountExactly", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		const workers, each = 20, 5
		var mu sync.Mutex
		var counts []int64
		parallel(t, workers, func() error {
			for range each {
				n, err := s.Hit(ctx, "k", time.Hour)
				if err != nil {
					return err
				}
				mu.Lock()
				counts = append(counts, n)
				mu.Unlock()
			}
			return nil
		})
		slices.Sort(counts)
		for i, n := range counts {
			if n != int64(i+1) {
				t.Fatalf("counts returned were %v, want each of 1..%d once", counts, workers*each)
			}
		}
		mustHit(t, s, "k", time.Hour, workers*each+1)
	})
}

func mustHit(t *testing.T, s store.Limits, key string, window time.Duration, want int64) {
	t.Helper()
	n, err := s.Hit(t.Context(), key, window)
	must(t, err)
	if n != want {
		t.Fatalf("Hit(%q) = %d, want %d", key, n, want)
	}
}
