// Package storetest is the contract every store.Store must pass, one suite per role, run
// against each implementation.
package storetest

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"testing"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"
	"heard/localhelp"
	"heard/sms"
	"heard/store"
)

// ttl is the lifetime in the expiry tests: long enough to read a value back under -race on a
// busy machine, short enough to keep the suite quick.
const ttl = time.Second

// Run runs the contract of every role, each as a subtest named for it, and
// what spans roles, against the stores made by open. Each call of open must
// return an empty store and arrange for it to be closed and cleaned up when
// t ends (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("Texts", func(t *testing.T) {
		t.Parallel()
		Texts(t, func(t *testing.T) sms.Store { return open(t) })
	})
	t.Run("Limits", func(t *testing.T) {
		t.Parallel()
		Limits(t, func(t *testing.T) store.Limits { return open(t) })
	})
	t.Run("Health", func(t *testing.T) {
		t.Parallel()
		Health(t, func(t *testing.T) store.Health { return open(t) })
	})
	t.Run("Responses", func(t *testing.T) {
		t.Parallel()
		Responses(t, func(t *testing.T) feedback.ResponseStore { return open(t) })
	})
	t.Run("Rounds", func(t *testing.T) {
		t.Parallel()
		Rounds(t, func(t *testing.T) feedback.RoundStore { return open(t) })
	})
	t.Run("Accounts", func(t *testing.T) {
		t.Parallel()
		Accounts(t, func(t *testing.T) accounts.Store { return open(t) })
	})
	t.Run("Teams", func(t *testing.T) {
		t.Parallel()
		Teams(t, func(t *testing.T) accounts.Store { return open(t) })
	})
	t.Run("Invites", func(t *testing.T) {
		t.Parallel()
		Invites(t, func(t *testing.T) accounts.Store { return open(t) })
	})
	t.Run("FirstTeam", func(t *testing.T) {
		t.Parallel()
		FirstTeam(t, open)
	})
	t.Run("TwoFactor", func(t *testing.T) {
		t.Parallel()
		TwoFactor(t, func(t *testing.T) TwoFactorStore { return open(t) })
	})
	t.Run("Audit", func(t *testing.T) {
		t.Parallel()
		Audit(t, func(t *testing.T) audit.Store { return open(t) })
	})
	t.Run("LocalHelp", func(t *testing.T) {
		t.Parallel()
		LocalHelp(t, func(t *testing.T) localhelp.Store { return open(t) })
	})
	// What spans roles: keys of one role never meet another's, and
	// retention reads every round and forgets their comments.
	t.Run("TextKeysAreTheirOwn", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustHit(t, s, "k", time.Hour, 1) // the same name, another kind of key
		mustText(t, s, "sms:k", "SM1", "by text", []byte("sms"))
		other := mustStart(t, s, "whatsapp:k", "SM1")
		if !other.Claimed || other.Count != 1 || other.Conversation != nil {
			t.Fatalf("another key's text: %+v", other)
		}
		mustHit(t, s, "k", time.Hour, 2)
	})

	t.Run("OldCommentsAreForgottenInEveryRound", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
		cutoff := now.AddDate(0, -store.DefaultCommentMonths, 0)
		must(t, s.CreateRound(ctx, feedback.Round{Code: "SPRING", Created: now}))
		for _, round := range []string{feedback.Standing, "SPRING"} {
			must(t, s.SaveResponse(ctx, feedback.Response{Round: round, Channel: "web", Lang: "en", At: cutoff.AddDate(0, 0, -1), Comment: "old"}))
			must(t, s.SaveResponse(ctx, feedback.Response{Round: round, Channel: "web", Lang: "en", At: cutoff.AddDate(0, 0, 1), Comment: "new"}))
		}
		n, err := store.ForgetOldComments(ctx, s, cutoff)
		must(t, err)
		if n != 2 {
			t.Errorf("forgot %d, want one in each round", n)
		}
		for _, round := range []string{feedback.Standing, "SPRING"} {
			if kept, _ := s.Comments(ctx, round, 10); len(kept) != 1 || kept[0].Comment != "new" {
				t.Errorf("%s kept %+v", round, kept)
			}
		}
	})
}

// eventually polls cond until it holds, and fails the test if it has not within limit.
func eventually(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", limit, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// parallel calls f n times from up to 64 goroutines released at once: as
// many callers at a time as a busy instance has requests in flight.
func parallel(t *testing.T, n int, f func() error) {
	t.Helper()
	errs := make(chan error, n)
	calls := make(chan struct{}, n)
	for range n {
		calls <- struct{}{}
	}
	close(calls)
	start := make(chan struct{})
	for range min(n, 64) {
		go func() {
			<-start
			for range calls {
				errs <- f()
			}
		}()
	}
	close(start)
	for range n {
		must(t, <-errs)
	}
}

// BenchmarkSaveResponse stores typical responses from 32 writers at once and
// reports responses per second.
func BenchmarkSaveResponse(b *testing.B, s feedback.ResponseStore) {
	ctx := b.Context()
	round := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	r := feedback.Response{Round: round, Channel: "web", Lang: "en", At: time.Now(), Service: "police", Age: "13-15",
		Answers: map[string]int{"listened": 4, "explained": 3, "one-person": 2, "decisions": 3, "safe": 5, "blamed": 1, "know-help": 5},
		Comment: "They listened to me and explained what would happen next."}
	b.SetParallelism(16)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.SaveResponse(ctx, r); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "responses/s")
}

// RedisURL is the test Redis named by HEARD_TEST_REDIS_URL. Without one the
// test is skipped, unless HEARD_REQUIRE_REDIS=1 (as store/redis-test.sh
// sets), so CI cannot pass by skipping.
func RedisURL(t testing.TB) string { return fromEnv(t, "HEARD_TEST_REDIS_URL") }

// OpenRedis opens the test Redis with keys of this test's own, deleted when
// it ends, so tests in parallel, or several runs on one Redis, never meet.
func OpenRedis(t testing.TB) *store.Redis {
	t.Helper()
	s, err := store.OpenRedis(RedisURL(t), store.WithKeyPrefix("heard:test:"+rand.Text()+":"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer s.Close()
		// t.Context is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.DeleteAll(ctx); err != nil {
			t.Errorf("deleting the test's keys: %v", err)
		}
	})
	return s
}

// RedisClusterURL is the three-node cluster store/redis-test.sh starts,
// named by HEARD_TEST_REDIS_CLUSTER_URL, on the same terms.
func RedisClusterURL(t testing.TB) string { return fromEnv(t, "HEARD_TEST_REDIS_CLUSTER_URL") }

func fromEnv(t testing.TB, name string) string {
	t.Helper()
	url := os.Getenv(name)
	if url == "" {
		if os.Getenv("HEARD_REQUIRE_REDIS") == "1" {
			t.Fatalf("HEARD_REQUIRE_REDIS=1 but %s is not set", name)
		}
		t.Skipf("%s is not set; store/redis-test.sh runs these against a private redis-server", name)
	}
	return url
}
