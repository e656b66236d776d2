// Package storetest is the contract every store.Store must pass, run against each implementation.
package storetest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// ttl is the lifetime in the expiry tests: long enough to read a value back under -race on a
// busy machine, short enough to keep the suite quick.
const ttl = time.Second

// Run runs the contract against the stores made by open. Each call of open must return an
// empty store and arrange for it to be closed and cleaned up when t ends (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	texts(t, open)

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

	t.Run("Ping", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		must(t, s.Ping(t.Context()))
	})

	t.Run("FeedbackResponsesAndTalliesAgree", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		at := time.Date(2026, 11, 18, 10, 0, 0, 0, time.UTC)
		first := feedback.Response{Round: "r1", Channel: "web", Lang: "ur", At: at,
			Answers: map[string]int{"listened": 4, "safe": 0}, Service: "police", Comment: "kind <b>people</b>", Flag: "disclosure"}
		second := feedback.Response{Round: "r1", Channel: "sms", Lang: "en", At: at.AddDate(0, 0, 7), Answers: map[string]int{"listened": 4}}
		other := feedback.Response{Round: "r2", Channel: "web", Lang: "en", At: at}
		for _, r := range []feedback.Response{first, second, other} {
			must(t, s.SaveResponse(ctx, r))
		}
		got := allResponses(t, s, "r1")
		if len(got) != 2 || got[0].Comment != first.Comment || got[0].Answers["safe"] != 0 || got[1].Channel != "sms" || !got[0].At.Equal(at) {
			t.Fatalf("responses: %+v", got)
		}
		tallies, err := s.Tallies(ctx, "r1")
		must(t, err)
		want := map[string]int64{"total": 2, "q:listened:4": 2, "q:safe:0": 1, "channel:web": 1, "channel:sms": 1,
			"lang:ur": 1, "lang:en": 1, "service:police": 1, "comments": 1, "flag:disclosure": 1,
			"week:2026-W47": 1, "week:2026-W48": 1}
		if len(tallies) != len(want) {
			t.Errorf("tallies %v, want %v", tallies, want)
		}
		for k, v := range want {
			if tallies[k] != v {
				t.Errorf("tally %s = %d, want %d", k, tallies[k], v)
			}
		}
		comments, err := s.Comments(ctx, "r1", 10)
		must(t, err)
		if len(comments) != 1 || comments[0].Comment != first.Comment {
			t.Errorf("comments: %+v", comments)
		}
		if empty, err := s.Tallies(ctx, "no-such-round"); err != nil || len(empty) != 0 {
			t.Errorf("unknown round: %v %v", empty, err)
		}
	})

	t.Run("AccountsRoundTripSortedAndReplaced", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		created := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
		for _, email := range []string{"zed@example.org", "amy@example.org"} {
			must(t, s.PutUser(ctx, store.User{Email: email, Role: "worker", PasswordHash: "$argon2id$x", Created: created}))
		}
		must(t, s.PutUser(ctx, store.User{Email: "amy@example.org", Role: "admin", PasswordHash: "$argon2id$y", Disabled: true, Created: created}))
		u, found, err := s.GetUser(ctx, "amy@example.org")
		must(t, err)
		if !found || u.Role != "admin" || !u.Disabled || u.PasswordHash != "$argon2id$y" || !u.Created.Equal(created) {
			t.Errorf("got %+v found=%v", u, found)
		}
		if _, found, _ := s.GetUser(ctx, "nobody@example.org"); found {
			t.Error("found an account never made")
		}
		users, err := s.Users(ctx)
		must(t, err)
		if len(users) != 2 || users[0].Email != "amy@example.org" || users[1].Email != "zed@example.org" {
			t.Errorf("users %+v", users)
		}
	})

	t.Run("SessionsExpireAndEnd", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		must(t, s.PutSession(ctx, "long", "amy@example.org", time.Hour))
		must(t, s.PutSession(ctx, "short", "amy@example.org", 300*time.Millisecond))
		if email, found, err := s.GetSession(ctx, "long"); err != nil || !found || email != "amy@example.org" {
			t.Errorf("session: %q %v %v", email, found, err)
		}
		must(t, s.DeleteSession(ctx, "long"))
		must(t, s.DeleteSession(ctx, "never-made"))
		if _, found, _ := s.GetSession(ctx, "long"); found {
			t.Error("a deleted session is still found")
		}
		eventually(t, 10*time.Second, "the short session to expire", func() bool {
			_, found, err := s.GetSession(ctx, "short")
			must(t, err)
			return !found
		})
	})

	t.Run("AnAccountsSessionsEndTogether", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		must(t, s.PutSession(ctx, "amy-phone", "amy@example.org", time.Hour))
		must(t, s.PutSession(ctx, "amy-laptop", "amy@example.org", 2*time.Hour))
		must(t, s.PutSession(ctx, "bo-laptop", "bo@example.org", time.Hour))
		must(t, s.DeleteUserSessions(ctx, "amy@example.org"))
		must(t, s.DeleteUserSessions(ctx, "nobody@example.org"))
		for _, id := range []string{"amy-phone", "amy-laptop"} {
			if _, found, err := s.GetSession(ctx, id); err != nil || found {
				t.Errorf("%s still works after its account's sessions ended: %v", id, err)
			}
		}
		if email, found, err := s.GetSession(ctx, "bo-laptop"); err != nil || !found || email != "bo@example.org" {
			t.Errorf("another account's session: %q %v %v", email, found, err)
		}
		// A session begun afterwards works, and ends with the next call.
		must(t, s.PutSession(ctx, "amy-again", "amy@example.org", time.Hour))
		if _, found, err := s.GetSession(ctx, "amy-again"); err != nil || !found {
			t.Errorf("a new session after the end: %v %v", found, err)
		}
		must(t, s.DeleteUserSessions(ctx, "amy@example.org"))
		if _, found, _ := s.GetSession(ctx, "amy-again"); found {
			t.Error("the new session did not end with the second call")
		}
	})

	t.Run("AResponseWithAnIDIsKeptOnce", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		r := feedback.Response{ID: "form-nonce-1", Round: "once", Channel: "web", Lang: "en", At: time.Now(),
			Answers: map[string]int{"safe": 5}, Comment: "sent twice"}
		parallel(t, 5, func() error { return s.SaveResponse(ctx, r) })
		other := r
		other.ID = "form-nonce-2"
		must(t, s.SaveResponse(ctx, other))
		tallies, err := s.Tallies(ctx, "once")
		must(t, err)
		got := allResponses(t, s, "once")
		comments, err := s.Comments(ctx, "once", 10)
		must(t, err)
		if tallies["total"] != 2 || tallies["q:safe:5"] != 2 || len(got) != 2 || len(comments) != 2 {
			t.Errorf("one ID saved five times and another once: tallies %v, %d responses, %d comments", tallies, len(got), len(comments))
		}
	})

	t.Run("CommentsNewestFirstUpToALimit", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		for i := range 5 {
			must(t, s.SaveResponse(ctx, feedback.Response{Round: "c", Channel: "web", Lang: "en", At: time.Now().Add(time.Duration(i) * time.Second),
				Comment: fmt.Sprint("comment ", i)}))
			must(t, s.SaveResponse(ctx, feedback.Response{Round: "c", Channel: "web", Lang: "en", At: time.Now()}))
		}
		got, err := s.Comments(ctx, "c", 3)
		must(t, err)
		if len(got) != 3 || got[0].Comment != "comment 4" || got[2].Comment != "comment 2" {
			t.Errorf("comments %+v", got)
		}
		if none, err := s.Comments(ctx, "no-such-round", 3); err != nil || len(none) != 0 {
			t.Errorf("unknown round: %v %v", none, err)
		}
	})

	t.Run("EachResponseReadsPageAfterPageAndStopsWhenAsked", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		const n = 2345 // over two pages
		parallel(t, n, func() error {
			return s.SaveResponse(ctx, feedback.Response{Round: "big", Channel: "web", Lang: "en", At: time.Now(), Comment: "hi"})
		})
		got := allResponses(t, s, "big")
		ids := map[string]bool{}
		for _, r := range got {
			if r.ID == "" || r.Comment != "hi" {
				t.Fatalf("response %+v lost its id or comment", r)
			}
			ids[r.ID] = true
		}
		if len(got) != n || len(ids) != n {
			t.Errorf("read %d responses, %d ids; want %d", len(got), len(ids), n)
		}
		stop := errors.New("enough")
		seen := 0
		err := s.EachResponse(ctx, "big", func(feedback.Response) error {
			if seen++; seen == 10 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || seen != 10 {
			t.Errorf("stopping: err %v after %d", err, seen)
		}
		if none := allResponses(t, s, "no-such-round"); len(none) != 0 {
			t.Errorf("unknown round: %d responses", len(none))
		}
	})

	t.Run("ForgettingOldCommentsKeepsAnswersAndTallies", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		cutoff := time.Date(2025, 10, 22, 0, 0, 0, 0, time.UTC)
		for i, at := range []time.Time{cutoff.Add(-48 * time.Hour), cutoff.Add(-time.Millisecond), cutoff, cutoff.Add(time.Hour)} {
			must(t, s.SaveResponse(ctx, feedback.Response{Round: "old", Channel: "sms", Lang: "pl", At: at,
				Answers: map[string]int{"safe": 4}, Comment: fmt.Sprint("said ", i), Flag: "danger"}))
		}
		must(t, s.SaveResponse(ctx, feedback.Response{Round: "old", Channel: "web", Lang: "en", At: cutoff.Add(-72 * time.Hour)}))
		before, err := s.Tallies(ctx, "old")
		must(t, err)
		n, err := s.ForgetComments(ctx, "old", cutoff)
		must(t, err)
		if n != 2 {
			t.Errorf("forgot %d comments, want the 2 made before the cutoff", n)
		}
		kept, err := s.Comments(ctx, "old", 10)
		must(t, err)
		if len(kept) != 2 || kept[0].Comment != "said 3" || kept[1].Comment != "said 2" {
			t.Errorf("comments kept: %+v", kept)
		}
		var comments []string
		for _, r := range allResponses(t, s, "old") {
			if r.Answers["safe"] != 4 && r.Channel == "sms" {
				t.Errorf("an answer went with its comment: %+v", r)
			}
			comments = append(comments, r.Comment)
		}
		if strings.Join(comments, "|") != "||said 2|said 3|" {
			t.Errorf("responses' comments after forgetting: %q", comments)
		}
		after, err := s.Tallies(ctx, "old")
		must(t, err)
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("tallies changed: %v, were %v", after, before)
		}
		if n, err := s.ForgetComments(ctx, "old", cutoff); err != nil || n != 0 {
			t.Errorf("forgetting again: %d %v", n, err)
		}
		if n, err := s.ForgetComments(ctx, "no-such-round", cutoff); err != nil || n != 0 {
			t.Errorf("unknown round: %d %v", n, err)
		}
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

	t.Run("RoundsAreCreatedOnceAndReplaced", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		created := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
		youth := feedback.Round{Code: "YOUTH24", Title: "Youth club", Questions: []string{"safe"}, Own: "Was it warm?", OwnPrinciple: 7,
			Opens: created, Channels: []string{"web", "sms"}, Created: created, CreatedBy: "amy@example.org"}
		school := feedback.Round{Code: "SCHOOL", Title: "School", Questions: []string{"listened"}, Opens: created,
			Closes: created.AddDate(0, 1, 0), Channels: []string{"web"}, Created: created.Add(time.Hour)}
		must(t, s.CreateRound(ctx, youth))
		must(t, s.CreateRound(ctx, school))
		if err := s.CreateRound(ctx, feedback.Round{Code: "YOUTH24", Title: "Taken"}); !errors.Is(err, store.ErrExists) {
			t.Errorf("creating a taken code: %v, want ErrExists", err)
		}
		got, found, err := s.GetRound(ctx, "YOUTH24")
		must(t, err)
		if !found || got.Title != "Youth club" || got.Own != "Was it warm?" || !got.Opens.Equal(created) || !got.Closes.IsZero() || len(got.Channels) != 2 {
			t.Errorf("round %+v found %v", got, found)
		}
		got.Closes = created.Add(2 * time.Hour)
		must(t, s.PutRound(ctx, got))
		if again, _, _ := s.GetRound(ctx, "YOUTH24"); !again.Closes.Equal(got.Closes) {
			t.Errorf("closing did not stick: %+v", again)
		}
		if _, found, err := s.GetRound(ctx, "NOPE"); found || err != nil {
			t.Errorf("unknown round: %v %v", found, err)
		}
		rounds, err := s.Rounds(ctx)
		must(t, err)
		if len(rounds) != 2 || rounds[0].Code != "SCHOOL" || rounds[1].Code != "YOUTH24" {
			t.Errorf("rounds, newest first: %+v", rounds)
		}
	})

	t.Run("PostsNewestFirstAndTakenDown", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		at := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
		for i, id := range []string{"a", "b", "c"} {
			must(t, s.AddPost(ctx, feedback.Post{ID: id, Round: "YOUTH24", Said: map[string]string{"en": "said " + id, "ur": "کہا"},
				Did: map[string]string{"en": "did " + id}, Published: at.Add(time.Duration(i) * time.Hour), By: "amy@example.org"}))
		}
		if err := s.AddPost(ctx, feedback.Post{ID: "a"}); !errors.Is(err, store.ErrExists) {
			t.Errorf("adding a post id twice: %v", err)
		}
		must(t, s.DeletePost(ctx, "b"))
		must(t, s.DeletePost(ctx, "never"))
		posts, err := s.Posts(ctx)
		must(t, err)
		if len(posts) != 2 || posts[0].ID != "c" || posts[1].ID != "a" || posts[0].Said["ur"] != "کہا" || !posts[1].Published.Equal(at) {
			t.Errorf("posts %+v", posts)
		}
	})

	t.Run("FeedbackConcurrentResponsesCountExactly", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		parallel(t, 40, func() error {
			return s.SaveResponse(ctx, feedback.Response{Round: "busy", Channel: "web", Lang: "en", At: time.Now(),
				Answers: map[string]int{"safe": 5}})
		})
		tallies, err := s.Tallies(ctx, "busy")
		must(t, err)
		got := allResponses(t, s, "busy")
		if tallies["total"] != 40 || tallies["q:safe:5"] != 40 || len(got) != 40 {
			t.Errorf("40 responses: tallies %v, %d stored", tallies, len(got))
		}
	})

	seriesContract(t, open)
}

func allResponses(t *testing.T, s store.Store, round string) []feedback.Response {
	t.Helper()
	var got []feedback.Response
	must(t, s.EachResponse(t.Context(), round, func(r feedback.Response) error {
		got = append(got, r)
		return nil
	}))
	return got
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

func mustHit(t *testing.T, s store.Store, key string, window time.Duration, want int64) {
	t.Helper()
	n, err := s.Hit(t.Context(), key, window)
	must(t, err)
	if n != want {
		t.Fatalf("Hit(%q) = %d, want %d", key, n, want)
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
func BenchmarkSaveResponse(b *testing.B, s store.Store) {
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
