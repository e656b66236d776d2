package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"heard/sms"
)

// Texts is the contract of sms.Store: StartText and FinishText.
func Texts(t *testing.T, open func(t *testing.T) sms.Store) {
	t.Run("TextFirstClaimCountsAndFindsNoConversation", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		got := mustStart(t, s, "k", "SM1")
		if !got.Claimed || got.Pending || got.Count != 1 || got.Conversation != nil {
			t.Fatalf("first text: %+v", got)
		}
	})

	t.Run("TextFinishedKeepsItsReplyForRetriesAndTheConversationForTheNext", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustText(t, s, "k", "SM1", "the reply", []byte("state"))
		for range 2 {
			if got := mustStart(t, s, "k", "SM1"); got.Claimed || got.Pending || got.Reply != "the reply" || got.Count != 0 {
				t.Fatalf("a retry: %+v", got)
			}
		}
		next := mustStart(t, s, "k", "SM2")
		if !next.Claimed || next.Count != 2 || string(next.Conversation) != "state" {
			t.Fatalf("the next text: %+v", next)
		}
		next.Conversation[0] = 'X' // the caller owns what it was given
		mustFinish(t, s, finish("k", "SM2", "", nil))
		if again := mustStart(t, s, "k", "SM3"); string(again.Conversation) != "state" {
			t.Fatalf("after changing a returned value: %q", again.Conversation)
		}
	})

	t.Run("TextRetriedWhileClaimedIsPendingAndNotCounted", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustStart(t, s, "k", "SM1")
		if got := mustStartFor(t, s, "k", "SM1", "a retry", time.Hour); got.Claimed || !got.Pending {
			t.Fatalf("a retry while claimed: %+v", got)
		}
		if got := mustStart(t, s, "k", "SM2"); got.Count != 2 {
			t.Fatalf("a retry was counted: the next text is number %d", got.Count)
		}
	})

	// A call whose answer was lost (a timeout) is sent again under the same
	// token: it must not count twice, or refuse the reply it kept.
	t.Run("TextStartedOrFinishedAgainUnderItsTokenIsTheSameText", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustStart(t, s, "k", "SM1")
		if again := mustStart(t, s, "k", "SM1"); !again.Claimed || again.Count != 1 {
			t.Fatalf("started again under its token: %+v", again)
		}
		mustFinish(t, s, finish("k", "SM1", "the reply", []byte("v")))
		mustFinish(t, s, finish("k", "SM1", "the reply", []byte("v")))
		if got := mustStart(t, s, "k", "SM1"); got.Reply != "the reply" {
			t.Fatalf("a retry after two finishes: %+v", got)
		}
		if next := mustStart(t, s, "k", "SM2"); next.Count != 2 || string(next.Conversation) != "v" {
			t.Fatalf("the next text: %+v", next)
		}
		late := finish("k", "SM1", "another reply", nil)
		if err := s.FinishText(t.Context(), late); !errors.Is(err, sms.ErrClaimLapsed) {
			t.Fatalf("finishing a kept text with another reply: %v", err)
		}
	})

	t.Run("TextSavedEmptyReplyIsNotPending", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustText(t, s, "k", "SM1", "", []byte("v"))
		if got := mustStart(t, s, "k", "SM1"); got.Claimed || got.Pending || got.Reply != "" {
			t.Fatalf("a retry of a text answered with nothing: %+v", got)
		}
	})

	t.Run("TextConversationIsPutLeftOrForgotten", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustText(t, s, "k", "SM1", "r", []byte("first"))
		mustText(t, s, "k", "SM2", "r", nil) // nil: left as it was
		got := mustStart(t, s, "k", "SM3")
		if string(got.Conversation) != "first" {
			t.Fatalf("a finish without a conversation changed it: %q", got.Conversation)
		}
		f := finish("k", "SM3", "", nil)
		f.Forget = true
		mustFinish(t, s, f)
		if got := mustStart(t, s, "k", "SM4"); got.Conversation != nil {
			t.Fatalf("forgotten, yet found: %q", got.Conversation)
		}
	})

	t.Run("TextClaimLapsesAfterItsTimeAndItsHolderKeepsNothing", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		const claim = 300 * time.Millisecond
		mustStartFor(t, s, "k", "SM1", "crashed", claim)
		var retry sms.Started
		waitFor(t, time.Now().Add(5*time.Second), "the claim to lapse", func() bool {
			retry = mustStartFor(t, s, "k", "SM1", "retry", claim)
			return retry.Claimed
		})
		if retry.Count != 2 {
			t.Errorf("the retry that claimed again is text %d in the window, want 2", retry.Count)
		}
		late := finish("k", "SM1", "late", []byte("late"))
		late.Token = "crashed"
		if err := s.FinishText(t.Context(), late); !errors.Is(err, sms.ErrClaimLapsed) {
			t.Fatalf("the lapsed holder's finish: %v, want ErrClaimLapsed", err)
		}
		f := finish("k", "SM1", "on time", []byte("kept"))
		f.Token = "retry"
		mustFinish(t, s, f)
		if got := mustStart(t, s, "k", "SM1"); got.Reply != "on time" {
			t.Fatalf("kept reply %+v", got)
		}
		if got := mustStart(t, s, "k", "SM2"); string(got.Conversation) != "kept" {
			t.Fatalf("kept conversation %q", got.Conversation)
		}
	})

	t.Run("TextFinishUnderAnotherTokenKeepsNothing", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		mustStart(t, s, "k", "SM1")
		f := finish("k", "SM1", "r", []byte("v"))
		f.Token = "someone else"
		if err := s.FinishText(t.Context(), f); !errors.Is(err, sms.ErrClaimLapsed) {
			t.Fatalf("finish under another token: %v", err)
		}
		if got := mustStartFor(t, s, "k", "SM1", "a retry", time.Hour); !got.Pending {
			t.Fatalf("after a refused finish: %+v", got)
		}
		f = finish("k", "never-claimed", "r", []byte("v"))
		if err := s.FinishText(t.Context(), f); !errors.Is(err, sms.ErrClaimLapsed) {
			t.Fatalf("finish of a text never claimed: %v", err)
		}
	})

	t.Run("TextConcurrentRetriesHaveOneWinner", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		var claimed, pending atomic.Int64
		var n atomic.Int64
		parallel(t, 20, func() error {
			got, err := s.StartText(t.Context(), start("k", "SM1", fmt.Sprint("token", n.Add(1)), time.Hour))
			if got.Claimed {
				claimed.Add(1)
			}
			if got.Pending {
				pending.Add(1)
			}
			return err
		})
		if claimed.Load() != 1 || pending.Load() != 19 {
			t.Fatalf("%d claimed and %d pending, want 1 and 19", claimed.Load(), pending.Load())
		}
	})

	t.Run("TextConcurrentTextsFromOneNumberCountExactly", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		const texts = 60
		var mu sync.Mutex
		var counts []int64
		var n atomic.Int64
		parallel(t, texts, func() error {
			i := n.Add(1)
			got, err := s.StartText(t.Context(), start("k", fmt.Sprint("SM", i), fmt.Sprint("t", i), time.Hour))
			if err != nil {
				return err
			}
			mu.Lock()
			counts = append(counts, got.Count)
			mu.Unlock()
			f := finish("k", fmt.Sprint("SM", i), "r", []byte("v"))
			f.Token = fmt.Sprint("t", i)
			return s.FinishText(t.Context(), f)
		})
		slices.Sort(counts)
		for i, c := range counts {
			if c != int64(i+1) {
				t.Fatalf("counts %v, want each of 1..%d once", counts, texts)
			}
		}
	})

	t.Run("TextTimesRunOut", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		const short = 300 * time.Millisecond
		mustStart(t, s, "conv", "SM1")
		f := finish("conv", "SM1", "r", []byte("v"))
		f.ConversationFor = short
		mustFinish(t, s, f)
		mustStart(t, s, "reply", "SM1")
		f = finish("reply", "SM1", "r", []byte("v"))
		f.ReplyFor = short
		mustFinish(t, s, f)
		deadline := time.Now().Add(5 * time.Second)
		t.Run("ConversationExpires", func(t *testing.T) {
			n := 1
			waitFor(t, deadline, "the conversation to expire", func() bool {
				n++
				got := mustStart(t, s, "conv", fmt.Sprint("SM", n))
				return got.Conversation == nil
			})
		})
		t.Run("ReplyExpiresAndTheTextCanBeClaimedAgain", func(t *testing.T) {
			waitFor(t, deadline, "the kept reply to expire", func() bool {
				got, err := s.StartText(ctx, start("reply", "SM1", "again", time.Hour))
				must(t, err)
				return got.Claimed
			})
		})
		t.Run("RateWindowIsFixedFromTheFirstText", func(t *testing.T) {
			first := time.Now()
			got, err := s.StartText(ctx, sms.TextStart{Key: "rate", Sid: "SM1", Token: "t", Claim: time.Hour, Window: time.Second})
			must(t, err)
			time.Sleep(600 * time.Millisecond)
			n := 1
			waitFor(t, first.Add(1500*time.Millisecond), "the window to end a second after the first text", func() bool {
				n++
				got, err = s.StartText(ctx, sms.TextStart{Key: "rate", Sid: fmt.Sprint("SM", n), Token: "t", Claim: time.Hour, Window: time.Second})
				must(t, err)
				return got.Count == 1
			})
		})
	})

	t.Run("TextNonPositiveTimesAreRefused", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		for _, d := range []time.Duration{0, -time.Second} {
			if _, err := s.StartText(ctx, sms.TextStart{Key: "k", Sid: "SM1", Token: "t", Claim: d, Window: time.Hour}); err == nil {
				t.Errorf("a claim of %v: no error", d)
			}
			if _, err := s.StartText(ctx, sms.TextStart{Key: "k", Sid: "SM1", Token: "t", Claim: time.Hour, Window: d}); err == nil {
				t.Errorf("a rate window of %v: no error", d)
			}
		}
		mustStart(t, s, "k", "SM1")
		for _, d := range []time.Duration{0, -time.Second} {
			f := finish("k", "SM1", "r", []byte("v"))
			f.ReplyFor = d
			if err := s.FinishText(ctx, f); err == nil {
				t.Errorf("a reply kept for %v: no error", d)
			}
			f = finish("k", "SM1", "r", []byte("v"))
			f.ConversationFor = d
			if err := s.FinishText(ctx, f); err == nil {
				t.Errorf("a conversation kept for %v: no error", d)
			}
		}
		if got := mustStartFor(t, s, "k", "SM1", "a retry", time.Hour); !got.Pending {
			t.Errorf("a refused finish kept something: %+v", got)
		}
	})

	t.Run("TextOddKeysAndSids", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		keys := []string{"zażółć gęślą jaźń", "میرا نام", "with spaces", "line\nbreak", "nul\x00byte",
			"colon:star*?[", "{braces}", "}", "\xff\xfe not utf-8", strings.Repeat("long", 256)}
		for i, k := range keys {
			mustText(t, s, k, k, fmt.Sprint("reply ", i), fmt.Appendf(nil, "value %d", i))
		}
		for i, k := range keys {
			if got := mustStart(t, s, k, k); got.Reply != fmt.Sprint("reply ", i) {
				t.Errorf("key %q: retry got %+v", k, got)
			}
			if got := mustStart(t, s, k, k+"next"); string(got.Conversation) != fmt.Sprint("value ", i) || got.Count != 2 {
				t.Errorf("key %q: next text got %+v", k, got)
			}
		}
	})

	t.Run("TextLargeValues", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		big := make([]byte, 64<<10)
		for i := range big {
			big[i] = byte(i * 7)
		}
		mustText(t, s, "k", "SM1", string(big), big)
		if got := mustStart(t, s, "k", "SM1"); got.Reply != string(big) {
			t.Fatalf("a 64 KB reply came back as %d bytes", len(got.Reply))
		}
		if got := mustStart(t, s, "k", "SM2"); !bytes.Equal(got.Conversation, big) {
			t.Fatalf("a 64 KB conversation came back as %d different bytes", len(got.Conversation))
		}
	})
}

// start names a text; its claim and rate window last claim and an hour.
func start(key, sid, token string, claim time.Duration) sms.TextStart {
	return sms.TextStart{Key: key, Sid: sid, Token: token, Claim: claim, Window: time.Hour}
}

// finish keeps a reply and a conversation, for an hour each, for a text
// mustStart started.
func finish(key, sid, reply string, conv []byte) sms.TextFinish {
	return sms.TextFinish{Key: key, Sid: sid, Token: "token:" + key + ":" + sid, Reply: reply, ReplyFor: time.Hour,
		Conversation: conv, ConversationFor: time.Hour}
}

// mustText starts and finishes a text.
func mustText(t *testing.T, s sms.Store, key, sid, reply string, conv []byte) {
	t.Helper()
	mustStart(t, s, key, sid)
	mustFinish(t, s, finish(key, sid, reply, conv))
}

// mustStart starts a text under the token finish uses.
func mustStart(t *testing.T, s sms.Store, key, sid string) sms.Started {
	t.Helper()
	return mustStartFor(t, s, key, sid, "token:"+key+":"+sid, time.Hour)
}

func mustStartFor(t *testing.T, s sms.Store, key, sid, token string, claim time.Duration) sms.Started {
	t.Helper()
	got, err := s.StartText(t.Context(), start(key, sid, token, claim))
	must(t, err)
	return got
}

func mustFinish(t *testing.T, s sms.Store, f sms.TextFinish) {
	t.Helper()
	must(t, s.FinishText(t.Context(), f))
}

// waitFor checks ok until it holds, failing if deadline passes first.
func waitFor(t *testing.T, deadline time.Time, what string, ok func() bool) {
	t.Helper()
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Benchmark measures what one inbound text costs the store: StartText and
// FinishText, from 32 senders at once (Twilio sends many webhooks at once;
// the embedded store lets concurrent texts share an fsync).
func Benchmark(b *testing.B, s sms.Store) {
	state := bytes.Repeat([]byte("s"), 128)
	reply := strings.Repeat("r", 320)
	run := time.Now().UnixNano()
	var n atomic.Int64
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			sid, key := fmt.Sprintf("SM%d-%d", run, i), fmt.Sprintf("phone%d", i%1000)
			if _, err := s.StartText(b.Context(), start(key, sid, sid, time.Hour)); err != nil {
				b.Error(err)
				return
			}
			f := sms.TextFinish{Key: key, Sid: sid, Token: sid, Reply: reply, ReplyFor: time.Hour, Conversation: state, ConversationFor: time.Hour}
			if err := s.FinishText(b.Context(), f); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
