package sms

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"heard/feedback"
)

// Store is what the service keeps between texts. Keys are keyed hashes of a
// number (PhoneKey), sids are Twilio's MessageSids: a store never sees a
// number or what was said. Both of Heard's stores implement it.
type Store interface {
	// ClaimMessage de-duplicates Twilio's retries: the first call for a sid
	// claims it for ttl; later calls get the reply saved for it, or nil
	// while the claim is pending. A claim that lapses unanswered (its
	// holder crashed) is claimed again by the next call.
	ClaimMessage(ctx context.Context, sid string, ttl time.Duration) (claimed bool, reply []byte, err error)
	// SaveReply keeps the reply for sid for ttl, so a retry gets the same answer.
	SaveReply(ctx context.Context, sid string, reply []byte, ttl time.Duration) error
	// Hit counts one text from key in a fixed window, and returns the count.
	Hit(ctx context.Context, key string, window time.Duration) (int64, error)
	GetConversation(ctx context.Context, key string) (value []byte, found bool, err error)
	PutConversation(ctx context.Context, key string, value []byte, ttl time.Duration) error
	DeleteConversation(ctx context.Context, key string) error
	// SaveResponse keeps a finished survey.
	SaveResponse(ctx context.Context, r feedback.Response) error
	// GetRound finds the round a code names, for a text that starts one.
	GetRound(ctx context.Context, code string) (feedback.Round, bool, error)
}

// Counter counts what the service does, never who: a text answered (by
// the kind of reply and its language), a safety flag, a survey kept.
type Counter interface {
	Text(kind, lang string)
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

// Inbound is one text as the service takes it: Twilio's id for it, the
// number it came from, and its words.
type Inbound struct {
	Sid, From, Body string
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
// Twilio's retries of a message get the same answer.
type Service struct {
	Config
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
	return &Service{Config: cfg}
}

// Answer works out the reply to a text ("" means send nothing), once per
// MessageSid. When the store fails, the reply leads with 999 and Childline.
func (s *Service) Answer(ctx context.Context, in Inbound) string {
	ctx, cancel := context.WithTimeout(ctx, s.Deadline)
	defer cancel()
	for {
		claimed, saved, err := s.Store.ClaimMessage(ctx, in.Sid, s.Deadline)
		switch {
		case err != nil:
			s.Log.Error("sms: store", "err", err.Error())
			return s.stateless(in)
		case claimed:
			return s.answer(ctx, in)
		case saved != nil:
			return string(saved) // a retry: the same reply again
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

// answer answers a text this call has claimed, and keeps the reply for
// Twilio's retries.
func (s *Service) answer(ctx context.Context, in Inbound) string {
	reply, err := s.converse(ctx, in)
	if err != nil {
		s.Log.Error("sms: store", "err", err.Error())
		return s.stateless(in)
	}
	if err := s.Store.SaveReply(ctx, in.Sid, []byte(reply), RetryWindow); err != nil {
		s.Log.Error("sms: store", "err", err.Error())
	}
	return reply
}

func (s *Service) converse(ctx context.Context, in Inbound) (string, error) {
	key := PhoneKey(s.Secret, in.From)
	count, err := s.Store.Hit(ctx, "sms:"+key, RateWindow)
	if err != nil {
		return "", err
	}
	raw, _, err := s.Store.GetConversation(ctx, key)
	if err != nil {
		return "", err
	}
	conv := DecodeConversation(raw)
	// Past the limit a number hears from us once, kindly, then not until the
	// window passes, unless it says it is in danger.
	if count > RateLimit && !Dangerous(in.Body) {
		if count == RateLimit+1 {
			return s.Engine.RateLimited(conv), nil
		}
		return "", nil
	}
	next, reply := s.Engine.HandleFrom(conv, in.Body, source{ctx: ctx, s: s})
	// Feedback first: if it cannot be kept, the survey is not forgotten either.
	if reply.Feedback != nil {
		if err := s.Store.SaveResponse(ctx, *reply.Feedback); err != nil {
			return "", err
		}
		s.Counter.Response("sms")
		if reply.Feedback.Flag != "" {
			s.Counter.Flag(reply.Feedback.Flag, "sms")
		}
	}
	s.count(reply, next.Lang)
	if reply.Forget {
		err = s.Store.DeleteConversation(ctx, key)
	} else {
		err = s.Store.PutConversation(ctx, key, next.Encode(), s.ConversationTTL)
	}
	if err != nil {
		return "", err
	}
	return reply.Text, nil
}

// stateless answers when the store cannot be read: 999 and Childline, and
// a plain word to text again later (or the danger reply, as always).
func (s *Service) stateless(in Inbound) string {
	reply := s.Engine.Unavailable(in.Body)
	s.count(reply, "")
	return reply.Text
}

// count adds a reply to the metrics: its kind and language, and a safety
// flag when the text sounded unsafe.
func (s *Service) count(reply Reply, lang string) {
	s.Counter.Text(reply.Kind, cmp.Or(lang, "en"))
	switch reply.Kind {
	case "danger", "selfharm", "disclosure":
		s.Counter.Flag(reply.Kind, "sms")
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

func (noCount) Text(string, string) {}
func (noCount) Flag(string, string) {}
func (noCount) Response(string)     {}
