package sms

import (
	"cmp"
	"context"
	"crypto/rand"
	"log/slog"
	"time"

	"heard/feedback"
)

// Counter counts what the service does, never who: a text answered (by
// channel, the kind of reply and its language), a safety flag, a survey
// kept.
type Counter interface {
	Text(channel, kind, lang string)
	Flag(kind, channel string)
	Response(channel string)
}

// Limits of the SMS channel.
const (
	RetryWindow     = 48 * time.Hour   // a MessageSid retried within this gets the same reply
	ConversationTTL = 24 * time.Hour   // forget a number a day after its last text
	RateWindow      = 10 * time.Minute // per number: RateLimit texts in this window
	RateLimit       = 30               // then one kind reply, then silence
	// Deadline is how long a text may take to answer, well inside Twilio's
	// 15 s. A message is claimed for no longer: if the one answering it
	// crashes, its retries are answered once the claim lapses.
	Deadline    = 5 * time.Second
	pendingWait = 100 * time.Millisecond
)

// Inbound is one text as the service takes it: the channel it came by,
// Twilio's id for it, the number it came from, its words, and how many
// pictures or other files came with them (never where they are: Heard
// does not open them).
type Inbound struct {
	Channel         Channel
	Sid, From, Body string
	Pictures        int
}

// Config is what a Service is made from.
type Config struct {
	Engine  *Engine
	Store   Store
	Secret  []byte                                         // keys the phone-number hashes
	Posts   func(context.Context) ([]feedback.Post, error) // "You said, we did", newest first
	Counter Counter                                        // nil counts nothing
	Log     *slog.Logger
	// ConversationTTL is how long a conversation outlives its last text,
	// and Deadline how long a text may take; zero means the constants of
	// the same names. Tests shorten them.
	ConversationTTL, Deadline time.Duration
}

// Service answers texts: it claims each message once, keeps the number's
// rate, conversation and finished surveys, and remembers the reply so that
// Twilio's retries of a message get the same answer. It only ever answers
// a message it was given: it has no way to send one of its own.
type Service struct {
	Config
	engines map[Channel]*Engine
}

// NewService makes the service.
func NewService(cfg Config) *Service {
	cfg.ConversationTTL = cmp.Or(cfg.ConversationTTL, ConversationTTL)
	cfg.Deadline = cmp.Or(cfg.Deadline, Deadline)
	if cfg.Counter == nil {
		cfg.Counter = noCount{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Service{Config: cfg, engines: map[Channel]*Engine{SMS: cfg.Engine.For(SMS), WhatsApp: cfg.Engine.For(WhatsApp)}}
}

// Answer works out the reply to a text ("" means send nothing), once per
// MessageSid: the reply is sent only once it and the conversation it leads
// to are kept. When the store fails, the reply leads with 999 and Childline.
func (s *Service) Answer(ctx context.Context, in Inbound) string {
	ctx, cancel := context.WithTimeout(ctx, s.Deadline)
	defer cancel()
	if !in.Channel.Valid() {
		in.Channel = SMS // the plainest replies, for a channel not known here
	}
	start := TextStart{Key: NumberKey(s.Secret, in.Channel, in.From), Sid: MessageKey(s.Secret, in.Sid), Token: rand.Text(), Claim: s.Deadline, Window: RateWindow}
	for {
		got, err := s.Store.StartText(ctx, start)
		switch {
		case err != nil:
			s.Log.Error("sms: store", "err", err.Error())
			return s.stateless(in)
		case got.Claimed:
			return s.answer(ctx, in, start, got)
		case !got.Pending:
			return got.Reply // a retry: the same reply again
		}
		// A retry while the first is being answered: wait for its reply, or
		// for its claim to lapse. Twilio retries only what it got no answer
		// to, so a retry that cannot wait longer gets 999 and Childline.
		select {
		case <-ctx.Done():
			return s.stateless(in)
		case <-time.After(pendingWait):
		}
	}
}

// answer answers a text this call has claimed, and keeps what it leaves
// behind before the reply goes.
func (s *Service) answer(ctx context.Context, in Inbound, start TextStart, got Started) string {
	engine := s.engines[in.Channel]
	conv := DecodeConversation(got.Conversation)
	finish := TextFinish{Key: start.Key, Sid: start.Sid, Token: start.Token, ReplyFor: in.Channel.retryFor(), ConversationFor: s.ConversationTTL}
	// Past the limit a number hears from us once, kindly, then not until the
	// window passes, unless it says it is in danger. Its conversation stays.
	if got.Count > RateLimit && !Dangerous(in.Body) {
		if got.Count == RateLimit+1 {
			finish.Reply = engine.RateLimited(conv)
		}
		if !s.keep(ctx, finish) {
			return s.stateless(in)
		}
		return finish.Reply
	}
	var next Conversation
	var reply Reply
	if in.Pictures > 0 {
		next, reply = engine.Picture(conv, in.Body)
	} else {
		next, reply = engine.HandleFrom(conv, in.Body, source{ctx: ctx, s: s})
	}
	// Feedback first: if it cannot be kept, the survey is not forgotten either.
	if reply.Feedback != nil {
		if err := s.Store.SaveResponse(ctx, *reply.Feedback); err != nil {
			s.Log.Error("sms: store", "err", err.Error())
			return s.stateless(in)
		}
		s.Counter.Response(string(in.Channel))
		if reply.Feedback.Flag != "" {
			s.Counter.Flag(reply.Feedback.Flag, string(in.Channel))
		}
	}
	finish.Reply, finish.Forget = reply.Text, reply.Forget
	if !reply.Forget {
		finish.Conversation = next.Encode()
	}
	if !s.keep(ctx, finish) {
		return s.stateless(in)
	}
	s.count(in.Channel, reply, next.Lang)
	return reply.Text
}

// keep keeps what a text leaves behind: the reply goes only once it is kept.
func (s *Service) keep(ctx context.Context, finish TextFinish) bool {
	if err := s.Store.FinishText(ctx, finish); err != nil {
		s.Log.Error("sms: store", "err", err.Error())
		return false
	}
	return true
}

// stateless answers when the store cannot be read: 999 and Childline, and
// a plain word to text again later (or the danger reply, as always).
func (s *Service) stateless(in Inbound) string {
	reply := s.engines[in.Channel].Unavailable(in.Body)
	s.count(in.Channel, reply, "")
	return reply.Text
}

// count adds a reply to the metrics: its channel, kind and language, and a
// safety flag when the text sounded unsafe.
func (s *Service) count(c Channel, reply Reply, lang string) {
	s.Counter.Text(string(c), reply.Kind, cmp.Or(lang, "en"))
	switch reply.Kind {
	case "danger", "selfharm", "disclosure":
		s.Counter.Flag(reply.Kind, string(c))
	}
}

// source gives the engine the rounds workers made and the news. A store
// that fails reads as none: the text still gets a reply.
type source struct {
	ctx context.Context
	s   *Service
}

func (src source) Round(code string) (feedback.Round, bool) {
	r, found, err := src.s.Store.GetRound(src.ctx, code)
	if err != nil {
		src.s.Log.Error("sms: reading a round", "err", err.Error())
	}
	return r, found && err == nil
}

func (src source) Posts() []feedback.Post {
	if src.s.Posts == nil {
		return nil
	}
	posts, err := src.s.Posts(src.ctx)
	if err != nil {
		src.s.Log.Error("sms: reading news", "err", err.Error())
	}
	return posts
}

type noCount struct{}

func (noCount) Text(string, string, string) {}
func (noCount) Flag(string, string)         {}
func (noCount) Response(string)             {}
