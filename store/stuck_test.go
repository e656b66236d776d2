package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/store"
)

// quickly is how soon a call on a stuck file must give up: its caller's deadline (here
// 200 ms), with room for a loaded machine. Without a bound it would never come back.
const quickly = 2 * time.Second

// mustFailQuickly checks that call, given a 200 ms deadline, fails with ErrUnavailable in time.
func mustFailQuickly(t *testing.T, what string, call func(ctx context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := call(ctx)
	took := time.Since(start)
	if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("%s on a stuck file: %v, want ErrUnavailable", what, err)
	}
	if took > quickly {
		t.Errorf("%s on a stuck file took %v", what, took)
	}
}

// A write held open (a stuck disk) makes every write, and Ping, fail within the caller's
// deadline; reads carry on; once it is released, writes work again.
func TestEmbeddedStuckWriteFailsQuickly(t *testing.T) {
	s := openEmbedded(t, t.TempDir())
	release, err := store.HoldWrite(s)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	// No deadline of the caller's own: the store's bound (5 s) applies.
	start := time.Now()
	if _, err := s.Hit(context.Background(), "k", time.Hour); !errors.Is(err, store.ErrUnavailable) || time.Since(start) > 8*time.Second {
		t.Errorf("Hit without a deadline on a stuck file: %v after %v", err, time.Since(start))
	}
	mustFailQuickly(t, "SaveResponse", func(ctx context.Context) error {
		return s.SaveResponse(ctx, feedback.Response{Round: feedback.Standing, At: time.Now(), Answers: map[string]int{"safe": 4}})
	})
	mustFailQuickly(t, "Hit", func(ctx context.Context) error { _, err := s.Hit(ctx, "SM1", time.Hour); return err })
	mustFailQuickly(t, "Ping", s.Ping)
	if _, _, err := s.GetUser(t.Context(), "k"); err != nil {
		t.Errorf("a read while a write is stuck: %v", err)
	}
	// Once a write has been stuck a while, the next ones fail at once, not at their deadline.
	failsAtOnce := false
	for deadline := time.Now().Add(10 * time.Second); !failsAtOnce && time.Now().Before(deadline); {
		ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		start := time.Now()
		_, err := s.Hit(ctx, "k", time.Hour)
		cancel()
		failsAtOnce = errors.Is(err, store.ErrUnavailable) && time.Since(start) < 100*time.Millisecond
	}
	if !failsAtOnce {
		t.Error("writes to a file stuck for 10 s still each wait their deadline out")
	}
	release()
	answersAgain(t, "a write once the stuck one ended", func() error { _, err := s.Hit(t.Context(), "SM2", time.Hour); return err })
	// A write that gave up is not made later behind the caller's back.
	if n, err := s.Hit(t.Context(), "SM1", time.Hour); err != nil || n != 1 {
		t.Errorf("SM1, whose hit gave up, was counted since: %d %v", n, err)
	}
}

// A reader that never finishes (as a backup to a stalled client once was) keeps the file
// from growing: the write that must grow it waits, and then so does every read. Each call
// must still come back within its deadline.
func TestEmbeddedGrowthHeldUpByAReaderFailsQuickly(t *testing.T) {
	s := openEmbedded(t, t.TempDir())
	release, err := store.HoldRead(s)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	big := strings.Repeat("x", 256<<10)
	grown := false
	for i := 0; i < 200 && !grown; i++ {
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		err := s.PutUser(ctx, accounts.User{Email: "big" + string(rune('a'+i%26)) + string(rune('a'+i/26)), PasswordHash: big})
		cancel()
		switch {
		case errors.Is(err, store.ErrUnavailable):
			grown = true
		case err != nil:
			t.Fatal(err)
		}
	}
	if !grown {
		t.Fatal("the file grew to 50 MB without waiting for the reader: the test no longer holds growth up")
	}
	mustFailQuickly(t, "GetUser", func(ctx context.Context) error { _, _, err := s.GetUser(ctx, "k"); return err })
	mustFailQuickly(t, "Ping", s.Ping)
	release()
	answersAgain(t, "Ping once the reader ended", func() error { return s.Ping(t.Context()) })
}

// answersAgain waits, a few seconds at most, for call to succeed once a stuck file is
// freed: the calls that gave up while it was stuck end first.
func answersAgain(t *testing.T, what string, call func() error) {
	t.Helper()
	var err error
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if err = call(); err == nil {
			return
		}
	}
	t.Errorf("%s: %v", what, err)
}
