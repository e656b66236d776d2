package handlers

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"heard/feedback"
	"heard/metrics"
	"heard/sms"
	"heard/store"

	"github.com/labstack/echo/v4"
	"github.com/twilio/twilio-go/client"
	"github.com/twilio/twilio-go/twiml"
)

// Protocol facts and our limits for Twilio's inbound-message webhook.
const (
	signatureHeader = "X-Twilio-Signature"
	maxFormBytes    = 64 << 10         // Twilio's forms are a few KB; anything far larger is not Twilio
	maxBodyRunes    = 1600             // Twilio's longest message; we read no further
	retryWindow     = 48 * time.Hour   // a MessageSid retried within this gets the same reply
	conversationTTL = 24 * time.Hour   // forget a number a day after its last text
	rateWindow      = 10 * time.Minute // per number: rateLimit texts in this window
	rateLimit       = 30               // then one kind reply, then silence
	smsDeadline     = 5 * time.Second  // well inside Twilio's 15 s
	pendingWait     = 200 * time.Millisecond
)

// SMS is what the SMS channel needs from outside the web layer.
type SMS struct {
	Engine    *sms.Engine
	AuthToken string // Twilio's; without it every webhook is refused with 503
}

type twilioWebhook struct {
	SMS
	store           store.Store
	news            *newsCache
	metrics         *metrics.Metrics
	secret          []byte // keys phone-number hashes
	publicURL       string
	validator       client.RequestValidator
	log             *slog.Logger
	conversationTTL time.Duration // conversationTTL, shorter in tests
}

// inbound is the part of Twilio's form Heard reads.
type inbound struct {
	sid, from, body string
}

var errMissingField = errors.New("missing MessageSid, From or Body")

// parseInbound reads Twilio's form: the three fields present, and the text
// made valid UTF-8 and cut to Twilio's own maximum.
func parseInbound(form url.Values) (inbound, error) {
	_, hasBody := form["Body"]
	msg := inbound{sid: form.Get("MessageSid"), from: form.Get("From"), body: form.Get("Body")}
	if msg.sid == "" || msg.from == "" || !hasBody {
		return inbound{}, errMissingField
	}
	msg.body = strings.ToValidUTF8(msg.body, "\uFFFD")
	if utf8.RuneCountInString(msg.body) > maxBodyRunes {
		msg.body = string([]rune(msg.body)[:maxBodyRunes])
	}
	return msg, nil
}

// handle answers one text. The signature check comes first: nothing from an
// unsigned request is read further, kept or answered.
func (w *twilioWebhook) handle(c echo.Context) error {
	if w.AuthToken == "" || w.Engine == nil || w.store == nil {
		return c.String(http.StatusServiceUnavailable, "SMS is not set up here.\n")
	}
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxFormBytes)
	if err := req.ParseForm(); err != nil {
		return c.String(http.StatusBadRequest, "This is not a form Heard can read.\n")
	}
	// Twilio never repeats a field; the validator signs one value per name.
	for name, values := range req.PostForm {
		if len(values) > 1 {
			return c.String(http.StatusBadRequest, "Field "+name+" is repeated.\n")
		}
	}
	signature := req.Header.Get(signatureHeader)
	if signature == "" {
		return c.String(http.StatusForbidden, "Missing Twilio signature.\n")
	}
	params := map[string]string{}
	for name, values := range req.PostForm {
		params[name] = values[0]
	}
	// Sign against the address Twilio was given, never the scheme or host
	// the request claims: a proxy in front changes those.
	if !w.validator.Validate(w.publicURL+req.RequestURI, params, signature) {
		return c.String(http.StatusForbidden, "Wrong Twilio signature.\n")
	}
	msg, err := parseInbound(req.PostForm)
	if err != nil {
		return c.String(http.StatusBadRequest, "Bad Twilio message: "+err.Error()+".\n")
	}
	ctx, cancel := context.WithTimeout(req.Context(), smsDeadline)
	defer cancel()
	return twimlResponse(c, w.answer(ctx, msg))
}

// answer works out the reply (TwiML) to a message, once per MessageSid.
func (w *twilioWebhook) answer(ctx context.Context, msg inbound) []byte {
	claimed, saved, err := w.store.ClaimMessage(ctx, msg.sid, retryWindow)
	if err != nil {
		w.log.Error("sms: store", "err", err.Error())
		return w.stateless(msg)
	}
	if !claimed {
		// A retry: the same reply again, waiting briefly if the first is
		// still being answered.
		for saved == nil && ctx.Err() == nil {
			time.Sleep(pendingWait)
			if _, saved, err = w.store.ClaimMessage(ctx, msg.sid, retryWindow); err != nil {
				break
			}
		}
		if saved == nil {
			return emptyTwiML()
		}
		return saved
	}
	reply, err := w.converse(ctx, msg)
	if err != nil {
		w.log.Error("sms: store", "err", err.Error())
		reply = w.stateless(msg)
	}
	if err := w.store.SaveReply(ctx, msg.sid, reply, retryWindow); err != nil {
		w.log.Error("sms: store", "err", err.Error())
	}
	return reply
}

func (w *twilioWebhook) converse(ctx context.Context, msg inbound) ([]byte, error) {
	key := sms.PhoneKey(w.secret, msg.from)
	count, err := w.store.Hit(ctx, "sms:"+key, rateWindow)
	if err != nil {
		return nil, err
	}
	raw, _, err := w.store.GetConversation(ctx, key)
	if err != nil {
		return nil, err
	}
	conv := sms.DecodeConversation(raw)
	// Past the limit a number hears from us once, kindly, then not until the
	// window passes, unless it says it is in danger.
	if count > rateLimit && !sms.Dangerous(msg.body) {
		if count == rateLimit+1 {
			return renderTwiML(w.Engine.RateLimited(conv)), nil
		}
		return emptyTwiML(), nil
	}
	next, reply := w.Engine.HandleFrom(conv, msg.body, storeSource{ctx: ctx, store: w.store, news: w.news, log: w.log})
	// Feedback first: if it cannot be kept, the survey is not forgotten either.
	if reply.Feedback != nil {
		if err := w.store.SaveResponse(ctx, *reply.Feedback); err != nil {
			return nil, err
		}
		w.metrics.Response("sms")
		if reply.Feedback.Flag != "" {
			w.metrics.Flag(reply.Feedback.Flag, "sms")
		}
	}
	w.count(reply, next.Lang)
	switch {
	case reply.Forget:
		err = w.store.DeleteConversation(ctx, key)
	default:
		err = w.store.PutConversation(ctx, key, next.Encode(), w.conversationTTL)
	}
	if err != nil {
		return nil, err
	}
	if reply.OptOut || reply.OptIn {
		if err := w.store.SetOptOut(ctx, key, reply.OptOut); err != nil {
			return nil, err
		}
	}
	return renderTwiML(reply.Text), nil
}

// count adds a reply to the metrics: its kind and language, and a safety
// flag when the text sounded unsafe.
func (w *twilioWebhook) count(reply sms.Reply, lang string) {
	w.metrics.Text(reply.Kind, cmp.Or(lang, "en"))
	switch reply.Kind {
	case "danger", "selfharm", "disclosure":
		w.metrics.Flag(reply.Kind, "sms")
	}
}

// storeSource gives the SMS engine the rounds and posts workers made. A
// store that fails reads as none: the text still gets a reply.
type storeSource struct {
	ctx   context.Context
	store store.Store
	news  *newsCache
	log   *slog.Logger
}

func (s storeSource) Round(code string) (feedback.Round, bool) {
	r, found, err := s.store.GetRound(s.ctx, code)
	if err != nil {
		s.log.Error("sms: reading a round", "err", err.Error())
	}
	return r, found && err == nil
}

func (s storeSource) Posts() []feedback.Post {
	posts, err := s.news.get(s.ctx)
	if err != nil {
		s.log.Error("sms: reading news", "err", err.Error())
	}
	return posts
}

// stateless answers when the store cannot be read: 999 and Childline, and
// a plain word to text again later (or the danger reply, as always).
func (w *twilioWebhook) stateless(msg inbound) []byte {
	reply := w.Engine.Unavailable(msg.body)
	w.count(reply, "")
	return renderTwiML(reply.Text)
}

func renderTwiML(text string) []byte {
	if text == "" {
		return emptyTwiML()
	}
	xml, err := twiml.Messages([]twiml.Element{&twiml.MessagingMessage{Body: text}})
	if err != nil {
		return emptyTwiML()
	}
	return []byte(xml)
}

func emptyTwiML() []byte {
	xml, _ := twiml.Messages(nil)
	return []byte(xml)
}

func twimlResponse(c echo.Context, body []byte) error {
	return c.Blob(http.StatusOK, "text/xml; charset=utf-8", body)
}
