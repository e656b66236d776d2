package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"heard/sms"

	"github.com/labstack/echo/v4"
	"github.com/twilio/twilio-go/client"
	"github.com/twilio/twilio-go/twiml"
)

// Protocol facts and our limits for Twilio's inbound-message webhook.
const (
	signatureHeader = "X-Twilio-Signature"
	maxFormBytes    = 64 << 10 // Twilio's forms are a few KB; anything far larger is not Twilio
	maxBodyRunes    = 1600     // Twilio's longest message; we read no further
)

// SMS is what the SMS channel needs from outside the web layer.
type SMS struct {
	Engine    *sms.Engine
	AuthToken string // Twilio's; without it every webhook is refused with 503
}

// twilioWebhook checks that a request comes from Twilio, reads its form and
// hands the text to the SMS service; the reply goes back as TwiML.
type twilioWebhook struct {
	texts     *sms.Service // nil: SMS is not set up here
	authToken string
	publicURL string
	portless  string // publicURL without its port, when that is another place (signed)
	validator client.RequestValidator
	replies   renderedReplies
}

var (
	errMissingField = errors.New("missing MessageSid, From or Body")
	errChannel      = errors.New("the From number is on a channel Heard does not answer on")
)

// parseInbound reads Twilio's form: the three fields present, the channel
// (a WhatsApp number comes as whatsapp:+44…, a phone's as +44…), the text
// made valid UTF-8 and cut to Twilio's own maximum, and how many pictures
// came with it. Nothing else is read: not the pictures' addresses, not
// WhatsApp's profile name.
func parseInbound(form url.Values) (sms.Inbound, error) {
	_, hasBody := form["Body"]
	msg := sms.Inbound{Channel: sms.SMS, Sid: form.Get("MessageSid"), From: form.Get("From"), Body: form.Get("Body"), Pictures: pictures(form)}
	if channel, number, found := strings.Cut(msg.From, ":"); found {
		if msg.Channel = sms.Channel(channel); msg.Channel != sms.WhatsApp {
			return sms.Inbound{}, errChannel
		}
		msg.From = number
	}
	if msg.Sid == "" || msg.From == "" || !hasBody {
		return sms.Inbound{}, errMissingField
	}
	msg.Body = strings.ToValidUTF8(msg.Body, "\uFFFD")
	if utf8.RuneCountInString(msg.Body) > maxBodyRunes {
		msg.Body = string([]rune(msg.Body)[:maxBodyRunes])
	}
	return msg, nil
}

// pictures counts the pictures (or other files) that came with a message:
// NumMedia, and at least one when there is a MediaUrl field whatever
// NumMedia says. Only the fields' names are looked at, never their values.
func pictures(form url.Values) int {
	n, err := strconv.Atoi(form.Get("NumMedia"))
	if err != nil || n < 0 {
		n = 0
	}
	for name := range form {
		if n == 0 && strings.HasPrefix(name, "MediaUrl") {
			n = 1
		}
	}
	return n
}

// handle answers one text. The signature check comes first: nothing from an
// unsigned request is read further, kept or answered, and nothing is said
// about its form.
func (w *twilioWebhook) handle(c echo.Context) error {
	if w.authToken == "" || w.texts == nil {
		return c.String(http.StatusServiceUnavailable, "SMS is not set up here.\n")
	}
	req := c.Request()
	signature := req.Header.Get(signatureHeader)
	if signature == "" {
		return c.String(http.StatusForbidden, "Missing Twilio signature.\n")
	}
	// A form too big or too broken to read cannot be shown to be signed.
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxFormBytes)
	if err := req.ParseForm(); err != nil || !w.signed(req, signature) {
		return c.String(http.StatusForbidden, "Wrong Twilio signature.\n")
	}
	// Twilio never repeats a field, and the signature covers one value of
	// each: a second value was added by someone else.
	for name, values := range req.PostForm {
		if len(values) > 1 {
			return c.String(http.StatusBadRequest, "Field "+name+" is repeated.\n")
		}
	}
	msg, err := parseInbound(req.PostForm)
	if err != nil {
		return c.String(http.StatusBadRequest, "Bad Twilio message: "+err.Error()+".\n")
	}
	return twimlResponse(c, w.replies.twiml(w.texts.Answer(req.Context(), msg)))
}

// signed reports whether signature is Twilio's for this request: over the
// address Twilio was given (never the scheme or host the request claims: a
// proxy in front changes those) and the first value of each field.
//
// twilio-go's validator also takes a signature over the address without
// its port, because Twilio signs an address on the scheme's own port (443,
// 80) sometimes with the port and sometimes without. With a port of its
// own, though, Heard's address without it is another place (another
// webhook of the same Twilio account could be there), so a signature the
// validator also takes for that place is refused.
func (w *twilioWebhook) signed(req *http.Request, signature string) bool {
	params := make(map[string]string, len(req.PostForm))
	for name, values := range req.PostForm {
		params[name] = values[0]
	}
	if !w.validator.Validate(w.publicURL+req.RequestURI, params, signature) {
		return false
	}
	return w.portless == "" || !w.validator.Validate(w.portless+req.RequestURI, params, signature)
}

// portlessOf is publicURL without its port when that port is not its
// scheme's own, or "" when the address without it is the same place.
func portlessOf(publicURL *url.URL) string {
	if publicURL == nil {
		return ""
	}
	switch port := publicURL.Port(); {
	case port == "", publicURL.Scheme == "https" && port == "443", publicURL.Scheme == "http" && port == "80":
		return ""
	}
	u := *publicURL
	u.Host = publicURL.Hostname()
	if strings.Contains(u.Host, ":") {
		u.Host = "[" + u.Host + "]" // an IPv6 address
	}
	return strings.TrimSuffix(u.String(), "/")
}

// renderedReplies keeps the TwiML of the replies sent so far. Replies
// repeat (the engine makes them from a fixed set of messages, and never
// from a young person's words), and rendering one with twilio-go's twiml
// cost about a tenth of a webhook's time and a sixth of its garbage. It
// keeps at most maxRendered of them.
type renderedReplies struct {
	mu     sync.Mutex
	byText map[string][]byte
}

const maxRendered = 500

func (r *renderedReplies) twiml(text string) []byte {
	r.mu.Lock()
	xml, ok := r.byText[text]
	r.mu.Unlock()
	if ok {
		return xml
	}
	xml = renderTwiML(text)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byText == nil {
		r.byText = map[string][]byte{}
	}
	if len(r.byText) < maxRendered {
		r.byText[text] = xml
	}
	return xml
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
