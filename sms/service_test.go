package sms_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"heard/content"
	"heard/feedback"
	"heard/locales"
	"heard/metrics"
	"heard/sms"
	"heard/store"
	"heard/store/storetest"
)

const publicURL = "https://heard.example"

var secret = []byte("a test secret that is long enough!!")

// stores runs a test against each real store: the embedded file and Redis.
func stores(t *testing.T, run func(t *testing.T, st store.Store)) {
	t.Run("embedded", func(t *testing.T) {
		st, err := store.OpenEmbedded(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		run(t, st)
	})
	t.Run("redis", func(t *testing.T) {
		st, err := store.OpenRedis(storetest.RedisURL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		run(t, st)
	})
}

func newEngine(t testing.TB) *sms.Engine {
	t.Helper()
	codes := locales.Codes()
	lib, err := content.Load(codes)
	if err != nil {
		t.Fatal(err)
	}
	bundle, err := locales.Bundle()
	if err != nil {
		t.Fatal(err)
	}
	bank, err := feedback.LoadBank(content.QuestionBank(), codes)
	if err != nil {
		t.Fatal(err)
	}
	e, err := sms.NewEngine(lib, bundle, bank, publicURL)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var run = time.Now().UnixNano()

// phone is one young person texting the service: a number of its own, so
// tests sharing a Redis never share a conversation.
type phone struct {
	t       *testing.T
	s       *sms.Service
	channel sms.Channel
	number  string
	n       int
}

var numbers atomic.Int64

func newPhone(t *testing.T, s *sms.Service) *phone {
	return &phone{t: t, s: s, channel: sms.SMS, number: fmt.Sprintf("+447%03d%06d", run%1000, numbers.Add(1))}
}

func (p *phone) text(body string) string {
	p.n++
	return p.textWithSid(fmt.Sprintf("SM%d%s%s%d", run, p.channel, p.number, p.n), body)
}

func (p *phone) textWithSid(sid, body string) string {
	return p.s.Answer(p.t.Context(), sms.Inbound{Channel: p.channel, Sid: sid, From: p.number, Body: body})
}

// conversation reads a number's conversation as the service does: a text
// started and finished without changing it (it counts once against the rate).
func conversation(t *testing.T, st store.Store, number string) (sms.Conversation, bool) {
	t.Helper()
	sid := fmt.Sprintf("SMpeek%d", time.Now().UnixNano())
	key := sms.NumberKey(secret, sms.SMS, number)
	got, err := st.StartText(t.Context(), sms.TextStart{Key: key, Sid: sid, Token: sid, Claim: time.Minute, Window: sms.RateWindow})
	if err == nil {
		err = st.FinishText(t.Context(), sms.TextFinish{Key: key, Sid: sid, Token: sid, ReplyFor: time.Minute, ConversationFor: time.Minute})
	}
	if err != nil {
		t.Fatal(err)
	}
	return sms.DecodeConversation(got.Conversation), got.Conversation != nil
}

func newService(t *testing.T, st store.Store) *sms.Service {
	return sms.NewService(sms.Config{Engine: newEngine(t), Store: st, Secret: secret})
}

func TestServiceKeepsTheConversationBetweenTexts(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		p := newPhone(t, newService(t, st))
		if r := p.text("hello"); !strings.Contains(r, "in trouble for telling") {
			t.Errorf("first text: %s", r)
		}
		if r := p.text("POMOC"); !strings.Contains(r, "0800 1111") || !strings.Contains(r, "/pl/help") {
			t.Errorf("POMOC: %s", r)
		}
		p.text("INFO")
		if r := p.text("hes outside my house right now and im scared"); !strings.Contains(r, "999") {
			t.Errorf("danger in the info menu: %s", r)
		}
		if r := p.text("2"); !strings.Contains(r, "/pl/warning-signs") {
			t.Errorf("topic 2 after danger, in Polish: %s", r)
		}
		if r := p.text("Stop"); r != "" {
			t.Errorf("STOP got a reply (Twilio confirms it): %s", r)
		}
		if r := p.text("hello"); !strings.Contains(r, "in trouble for telling") {
			t.Errorf("after STOP, not welcomed afresh in English: %s", r)
		}
	})
}

func TestServiceRetryGetsTheSameReplyAndChangesNothing(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		p := newPhone(t, newService(t, st))
		p.text("hi")
		sid := fmt.Sprintf("SMretry%d%s", run, p.number)
		first := p.textWithSid(sid, "LANG")
		p.text("POLSKI")
		if again := p.textWithSid(sid, "LANG"); again != first {
			t.Errorf("retry got a different reply:\n%s\n%s", first, again)
		}
		if r := p.text("2"); !strings.Contains(r, "/pl/warning-signs") {
			t.Errorf("the retry reopened the language menu: %s", r)
		}
	})
}

func TestServiceRateLimitAnswersOnceKindlyThenSilenceButNeverIgnoresDanger(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		p := newPhone(t, newService(t, st))
		for i := range sms.RateLimit {
			if r := p.text("hello"); r == "" {
				t.Fatalf("text %d got no reply", i+1)
			}
		}
		if r := p.text("hello"); !strings.Contains(r, "pause") || !strings.Contains(r, "999") {
			t.Errorf("first text over the limit: %s", r)
		}
		if r := p.text("hello"); r != "" {
			t.Errorf("second text over the limit was answered: %s", r)
		}
		if r := p.text("i want to kill myself"); !strings.Contains(r, "116 123") {
			t.Errorf("danger over the limit: %s", r)
		}
	})
}

func TestServiceKeepsAFinishedSurveyOnce(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newService(t, st)
		p := newPhone(t, s)
		ctx := context.Background()
		before, _ := st.Tallies(ctx, feedback.Standing)
		p.text("SAY")
		for range 7 {
			p.text("4")
		}
		sid := fmt.Sprintf("SMlast%d%s", run, p.number)
		if r := p.textWithSid(sid, "SKIP"); !strings.Contains(r, "Thank you") {
			t.Fatalf("last answer: %s", r)
		}
		p.textWithSid(sid, "SKIP")
		after, _ := st.Tallies(ctx, feedback.Standing)
		if n := after["channel:sms"] - before["channel:sms"]; n != 1 {
			t.Errorf("a survey finished once, retried once: %d responses kept", n)
		}
	})
}

func TestServiceConversationExpires(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := sms.NewService(sms.Config{Engine: newEngine(t), Store: st, Secret: secret, ConversationTTL: 300 * time.Millisecond})
		p := newPhone(t, s)
		p.text("URDU")
		deadline := time.Now().Add(5 * time.Second)
		for found := true; found; _, found = conversation(t, st, p.number) {
			if time.Now().After(deadline) {
				t.Fatal("the conversation outlived its time by seconds")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if r := p.text("hello"); !strings.Contains(r, "in trouble for telling") {
			t.Errorf("after expiry, not welcomed afresh in English: %s", r)
		}
	})
}

func TestServiceStoreDownStillAnswersWith999(t *testing.T) {
	st, err := store.OpenRedis("redis://127.0.0.1:1/0")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p := newPhone(t, newService(t, st))
	if r := p.text("hello"); !strings.Contains(r, "999") || !strings.Contains(r, "0800 1111") || !strings.Contains(r, "again later") {
		t.Errorf("store down, first text: %s", r)
	}
	if r := p.text("he wont let me leave"); !strings.Contains(r, "999") || !strings.Contains(r, "0800 1111") {
		t.Errorf("store down, danger: %s", r)
	}
}

// crashesAfterClaiming is a store whose holder dies just after claiming a
// message: the claim is made in the real store, and nothing after it is.
type crashesAfterClaiming struct{ store.Store }

func (crashesAfterClaiming) FinishText(context.Context, sms.TextFinish) error {
	return errors.New("the instance crashed")
}

// A crash mid-reply must not leave a message unanswerable: once the claim
// lapses (it lasts as long as a reply may take), a retry is answered.
func TestServiceAnswersARetryOnceACrashedClaimLapses(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		const deadline = 300 * time.Millisecond
		cfg := sms.Config{Engine: newEngine(t), Store: crashesAfterClaiming{st}, Secret: secret, Deadline: deadline}
		crashed := newPhone(t, sms.NewService(cfg))
		sid := fmt.Sprintf("SMcrash%d%s", run, crashed.number)
		crashed.textWithSid(sid, "HELP")

		cfg.Store = st
		p := &phone{t: t, s: sms.NewService(cfg), channel: sms.SMS, number: crashed.number}
		var r string
		for end := time.Now().Add(10 * time.Second); !strings.Contains(r, "/en/help"); {
			if time.Now().After(end) {
				t.Fatalf("10 s after the crash, a retry still gets %q", r)
			}
			r = p.textWithSid(sid, "HELP")
			if !strings.Contains(r, "999") {
				t.Fatalf("a retry got no 999: %q", r)
			}
		}
		if again := p.textWithSid(sid, "HELP"); again != r {
			t.Errorf("the retry's answer was not kept: %q, then %q", r, again)
		}
	})
}

// A crash after the survey was kept but before the conversation moved on:
// the retry answers the last question again, and the survey is kept once.
func TestServiceKeepsASurveyOnceWhenItsLastAnswerIsAnsweredAgain(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		const deadline = 300 * time.Millisecond
		cfg := sms.Config{Engine: newEngine(t), Store: st, Secret: secret, Deadline: deadline}
		p := newPhone(t, sms.NewService(cfg))
		before, _ := st.Tallies(t.Context(), feedback.Standing)
		p.text("SAY")
		for range 7 {
			p.text("4")
		}
		cfg.Store = crashesAfterClaiming{st}
		crashed := &phone{t: t, s: sms.NewService(cfg), channel: sms.SMS, number: p.number}
		sid := fmt.Sprintf("SMlastcrash%d%s", run, p.number)
		crashed.textWithSid(sid, "SKIP") // the survey is kept, then the instance dies
		var r string
		for end := time.Now().Add(10 * time.Second); !strings.Contains(r, "Thank you"); r = p.textWithSid(sid, "SKIP") {
			if time.Now().After(end) {
				t.Fatalf("the retry never finished the survey: %q", r)
			}
		}
		after, _ := st.Tallies(t.Context(), feedback.Standing)
		if n := after["channel:sms"] - before["channel:sms"]; n != 1 {
			t.Errorf("one survey, its last answer retried after a crash: %d responses kept", n)
		}
	})
}

// One number on SMS and on WhatsApp is two conversations: each has its own
// language, rate limit and retries, and is counted under its own channel.
func TestServiceKeepsEachChannelApart(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		m := metrics.New()
		s := sms.NewService(sms.Config{Engine: newEngine(t), Store: st, Secret: secret, Counter: m})
		bySMS := newPhone(t, s)
		onWhatsApp := &phone{t: t, s: s, channel: sms.WhatsApp, number: bySMS.number}
		bySMS.text("POLSKI")
		if r := onWhatsApp.text("hello"); !strings.Contains(r, "*In danger now? Call 999.*") {
			t.Errorf("WhatsApp took the language chosen by text, or is not welcomed as WhatsApp: %q", r)
		}
		sid := fmt.Sprintf("SMsame%d%s", run, bySMS.number)
		bySMS.textWithSid(sid, "LANG")
		if r := onWhatsApp.textWithSid(sid, "INFO"); !strings.Contains(r, "1 What is exploitation?") {
			t.Errorf("a sid answered by text was taken for a retry on WhatsApp: %q", r)
		}
		for range sms.RateLimit {
			bySMS.text("hi")
		}
		if r := onWhatsApp.text("HELP"); !strings.Contains(r, "0800 1111") {
			t.Errorf("the SMS rate limit silenced WhatsApp: %q", r)
		}
		scrape := httptest.NewRecorder()
		m.Handler().ServeHTTP(scrape, httptest.NewRequest("GET", "/metrics", nil))
		for _, want := range []string{`heard_sms_messages_total{channel="whatsapp",kind="welcome",lang="en"} 1`,
			`heard_sms_messages_total{channel="sms",kind="lang",lang="pl"} 2`, `heard_sms_messages_total{channel="whatsapp",kind="info",lang="en"} 1`} {
			if !strings.Contains(scrape.Body.String(), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
	})
}

// askedToKeep is a real store that notes which message ids the service
// gives it.
type askedToKeep struct {
	store.Store
	mu   sync.Mutex
	sids []string
}

func (a *askedToKeep) note(sid string) {
	a.mu.Lock()
	a.sids = append(a.sids, sid)
	a.mu.Unlock()
}

func (a *askedToKeep) StartText(ctx context.Context, t sms.TextStart) (sms.Started, error) {
	a.note(t.Sid)
	return a.Store.StartText(ctx, t)
}

func (a *askedToKeep) FinishText(ctx context.Context, t sms.TextFinish) error {
	a.note(t.Sid)
	return a.Store.FinishText(ctx, t)
}

// Twilio's id for a message (its MessageSid) finds the number and the words
// in Twilio's records, so the store is given it only as a keyed hash: a
// copy of the store names no message. A retry still gets the same reply.
func TestTheStoreKeepsAMessageSidOnlyAsAKeyedHash(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		kept := &askedToKeep{Store: st}
		p := newPhone(t, newService(t, kept))
		sid := fmt.Sprintf("SMkept%d%d", run, numbers.Add(1))
		first := p.textWithSid(sid, "LANG")
		p.text("POLSKI")
		if again := p.textWithSid(sid, "LANG"); again != first {
			t.Errorf("a retry got another reply:\n%s\n%s", first, again)
		}
		if len(kept.sids) == 0 {
			t.Fatal("the store was given no message: the check below would prove nothing")
		}
		for _, k := range kept.sids {
			if strings.Contains(k, "SM") { // every id Twilio gives a message starts SM or MM
				t.Errorf("the store was given a message's id as %q", k)
			}
		}
	})
	key := sms.MessageKey(secret, "SM123")
	if key == sms.MessageKey([]byte("another secret, long enough too!!"), "SM123") || key == sms.MessageKey(secret, "SM124") ||
		key == sms.PhoneKey(secret, "SM123") || len(key) != 64 {
		t.Errorf("message key %q: not one of its own under its own secret", key)
	}
}
