package handlers

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"heard/e2e/twiliotest"
	"heard/feedback"
	"heard/sms"
	"heard/store"

	"github.com/twilio/twilio-go/client"
)

const (
	testToken = "12345678901234567890123456789012"
	testPhone = "+447700900123"
)

var (
	sign       = twiliotest.Sign
	twilioForm = twiliotest.Form
)

type smsSite struct {
	t       *testing.T
	handler http.Handler
	store   store.Store
	n       int
	phone   string
}

func newSMSSite(t *testing.T, st store.Store, token string) *smsSite {
	t.Helper()
	return newSMSSiteAt(t, st, token, testPublicURL)
}

// newSMSSiteAt is a site whose public address is publicURL.
func newSMSSiteAt(t *testing.T, st store.Store, token, publicURL string) *smsSite {
	t.Helper()
	lib, bundle := loadWords(t)
	engine, err := sms.NewEngine(lib, bundle, testBank(t), publicURL)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{PublicURL: mustURL(publicURL), Log: slog.New(slog.NewJSONHandler(smsLogOutput, nil)),
		Store: st, Secret: testSecret, SMS: SMS{Engine: engine, AuthToken: token}}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	// A fresh number per site, so runs against one Redis never share state.
	phone := fmt.Sprintf("+4477009%05d", time.Now().UnixNano()%100000)
	return &smsSite{t: t, handler: h, store: st, phone: phone}
}

// post sends a form to the webhook, signed over signURL when it is given.
func (s *smsSite) post(form url.Values, signURL string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/sms/twilio", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if signURL != "" {
		req.Header.Set("X-Twilio-Signature", sign(testToken, signURL, form))
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	return rec
}

// text sends one signed text from the site's phone and returns the reply.
func (s *smsSite) text(body string) string {
	s.n++
	return s.textWithSid(fmt.Sprintf("SM%032d%d", time.Now().UnixNano(), s.n), body)
}

func (s *smsSite) textWithSid(sid, body string) string {
	s.t.Helper()
	rec := s.post(twilioForm(sid, s.phone, body), testPublicURL+"/sms/twilio")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/xml") {
		s.t.Fatalf("%q: status %d %s: %s", body, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	return rec.Body.String()
}

// conversation reads the phone's SMS conversation.
func (s *smsSite) conversation() (sms.Conversation, bool) {
	s.t.Helper()
	return s.conversationOn(sms.SMS)
}

// conversationOn reads the phone's conversation on a channel as the service
// does: a text started and finished without changing it (it counts once
// against the rate).
func (s *smsSite) conversationOn(c sms.Channel) (sms.Conversation, bool) {
	s.t.Helper()
	sid := fmt.Sprintf("SMpeek%d", time.Now().UnixNano())
	key, ctx := sms.NumberKey(testSecret, c, s.phone), context.Background()
	got, err := s.store.StartText(ctx, sms.TextStart{Key: key, Sid: sid, Token: sid, Claim: time.Minute, Window: sms.RateWindow})
	if err == nil {
		err = s.store.FinishText(ctx, sms.TextFinish{Key: key, Sid: sid, Token: sid, ReplyFor: time.Minute, ConversationFor: time.Minute})
	}
	if err != nil {
		s.t.Fatal(err)
	}
	return sms.DecodeConversation(got.Conversation), got.Conversation != nil
}

func TestWebhookSignatures(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newSMSSite(t, st, testToken)
		form := twilioForm("SM00000000000000000000000000000001", s.phone, "HELP")
		cases := []struct {
			name    string
			signURL string
			tamper  func(url.Values)
			status  int
		}{
			{"missing", "", nil, http.StatusForbidden},
			{"signed over http while the public URL is https", "http://heard.example/sms/twilio", nil, http.StatusForbidden},
			{"signed for another host", "https://evil.example/sms/twilio", nil, http.StatusForbidden},
			{"body changed after signing", testPublicURL + "/sms/twilio", func(f url.Values) { f.Set("Body", "INFO") }, http.StatusForbidden},
			{"valid", testPublicURL + "/sms/twilio", nil, http.StatusOK}, // last: it stores a conversation
		}
		for _, c := range cases {
			f := url.Values{}
			for k, v := range form {
				f[k] = append([]string(nil), v...)
			}
			f.Set("MessageSid", fmt.Sprintf("SM%d%s", time.Now().UnixNano(), c.name[:4]))
			sig := ""
			if c.signURL != "" {
				sig = sign(testToken, c.signURL, f)
			}
			if c.tamper != nil {
				c.tamper(f)
			}
			req := httptest.NewRequest(http.MethodPost, "/sms/twilio", strings.NewReader(f.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if sig != "" {
				req.Header.Set("X-Twilio-Signature", sig)
			}
			rec := httptest.NewRecorder()
			s.handler.ServeHTTP(rec, req)
			if rec.Code != c.status {
				t.Errorf("%s: status %d, want %d", c.name, rec.Code, c.status)
			}
			if c.status == http.StatusForbidden {
				if _, found := s.conversation(); found {
					t.Errorf("%s: a refused request was stored", c.name)
				}
			}
		}
	})
}

func TestWebhookWithoutAuthTokenRefusesEverything(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := newSMSSite(t, st, "")
	// Signed with an empty token, as an attacker could: still refused.
	req := httptest.NewRequest(http.MethodPost, "/sms/twilio", strings.NewReader(twilioForm("SM1", s.phone, "hi").Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", sign("", testPublicURL+"/sms/twilio", twilioForm("SM1", s.phone, "hi")))
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", rec.Code)
	}
	if _, found := s.conversation(); found {
		t.Error("stored a conversation")
	}
}

func TestConversationOverTheWebhook(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newSMSSite(t, st, testToken)
		if r := s.text("hello"); !strings.Contains(r, "in trouble for telling") || !strings.Contains(r, "<Message>") {
			t.Errorf("first text: %s", r)
		}
		if r := s.text("POMOC"); !strings.Contains(r, "0800 1111") || !strings.Contains(r, "/pl/help") {
			t.Errorf("POMOC: %s", r)
		}
		if c, _ := s.conversation(); c.Lang != "pl" {
			t.Errorf("after POMOC the language is %q", c.Lang)
		}
		s.text("INFO")
		if r := s.text("hes outside my house right now and im scared"); !strings.Contains(r, "999") {
			t.Errorf("danger in the info menu: %s", r)
		}
		if c, _ := s.conversation(); c.Menu != "info" || c.Lang != "pl" {
			t.Errorf("danger changed the conversation: %+v", c)
		}
		if r := s.text("2"); !strings.Contains(r, "/pl/warning-signs") {
			t.Errorf("topic 2: %s", r)
		}
		if r := s.text("english"); !strings.Contains(r, "in English") {
			t.Errorf("english: %s", r)
		}
		if r := s.text("Stop"); strings.Contains(r, "<Message>") {
			t.Errorf("STOP got a message: %s", r)
		}
		if _, found := s.conversation(); found {
			t.Error("STOP did not forget the conversation")
		}
		if r := s.text("START"); !strings.Contains(r, "999") {
			t.Errorf("START: %s", r)
		}
	})
}

func TestRetriedMessageSidGetsTheSameReplyAndChangesNothing(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newSMSSite(t, st, testToken)
		s.text("hi")
		sid := fmt.Sprintf("SMretry%d", time.Now().UnixNano())
		first := s.textWithSid(sid, "LANG")
		s.text("POLSKI")
		again := s.textWithSid(sid, "LANG")
		if first != again {
			t.Errorf("retry got a different reply:\n%s\n%s", first, again)
		}
		if c, _ := s.conversation(); c.Menu != "" || c.Lang != "pl" {
			t.Errorf("the retry changed the conversation: %+v", c)
		}
	})
}

func TestRateLimitAnswersOnceKindlyThenSilenceButNeverIgnoresDanger(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newSMSSite(t, st, testToken)
		for i := 0; i < sms.RateLimit; i++ {
			if r := s.text("hello"); !strings.Contains(r, "<Message>") {
				t.Fatalf("text %d got no reply", i+1)
			}
		}
		if r := s.text("hello"); !strings.Contains(r, "pause") || !strings.Contains(r, "999") {
			t.Errorf("first text over the limit: %s", r)
		}
		if r := s.text("hello"); strings.Contains(r, "<Message>") {
			t.Errorf("second text over the limit was answered: %s", r)
		}
		if r := s.text("i want to kill myself"); !strings.Contains(r, "116 123") {
			t.Errorf("danger over the limit: %s", r)
		}
	})
}

func TestWebhookBadInputGetsA400OrAKindReply(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newSMSSite(t, st, testToken)
		signed := func(form url.Values) *httptest.ResponseRecorder {
			return s.post(form, testPublicURL+"/sms/twilio")
		}
		noFrom := twilioForm("SMnofrom", s.phone, "hi")
		noFrom.Del("From")
		noBody := twilioForm("SMnobody", s.phone, "hi")
		noBody.Del("Body")
		otherChannel := twilioForm("SMmessenger", "messenger:1234567890", "hi")
		noNumber := twiliotest.WhatsAppForm("SMnonumber", "", "hi")
		for name, form := range map[string]url.Values{"no From": noFrom, "no Body": noBody, "another channel": otherChannel, "whatsapp: and no number": noNumber} {
			if rec := signed(form); rec.Code != http.StatusBadRequest || strings.Contains(rec.Body.String(), "goroutine") {
				t.Errorf("%s: status %d %s", name, rec.Code, rec.Body)
			}
		}
		for name, body := range map[string]string{
			"empty":         "",
			"long":          strings.Repeat("help me ", 400),
			"invalid UTF-8": "he\xff\xfelp",
			"emoji":         "😀😀 help",
			"RTL marks":     "\u200f\u202bمدد\u202c",
		} {
			if r := s.text(body); !strings.Contains(r, "<Message>") {
				t.Errorf("%s: no kind reply: %s", name, r)
			}
		}
	})
}

// Twilio signs the address its console was given, and twilio-go's
// validator takes a signature over that address with its port or without
// it, as Twilio's own signing is inconsistent about the scheme's default
// port. With a port of its own (8443), the address without it is another
// place, whose signatures Heard refuses; with none, :443 is the same place.
// Each signature is made for its address and checked to be one twilio-go's
// validator takes for that address, so none is made up.
func TestWebhookTakesSignaturesOnlyForItsOwnAddress(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		for _, c := range []struct {
			publicURL string
			signed    map[string]int // address signed for -> status
		}{
			{"https://heard.example:8443", map[string]int{
				"https://heard.example:8443/sms/twilio": http.StatusOK,
				"https://heard.example/sms/twilio":      http.StatusForbidden,
				"https://heard.example:443/sms/twilio":  http.StatusForbidden,
				"https://heard.example:9443/sms/twilio": http.StatusForbidden,
			}},
			{"http://heard.example:8080", map[string]int{
				"http://heard.example:8080/sms/twilio": http.StatusOK,
				"http://heard.example/sms/twilio":      http.StatusForbidden,
				"http://heard.example:80/sms/twilio":   http.StatusForbidden,
			}},
			{"https://heard.example", map[string]int{
				"https://heard.example/sms/twilio":      http.StatusOK,
				"https://heard.example:443/sms/twilio":  http.StatusOK,
				"https://heard.example:8443/sms/twilio": http.StatusForbidden,
			}},
		} {
			s := newSMSSiteAt(t, st, testToken, c.publicURL)
			validator := client.NewRequestValidator(testToken)
			for address, want := range c.signed {
				s.n++
				form := twilioForm(fmt.Sprintf("SM%d%d", time.Now().UnixNano(), s.n), s.phone, "HELP")
				signature := sign(testToken, address, form)
				if !validator.Validate(address, firstValues(form), signature) {
					t.Fatalf("twilio-go does not take the signature made for %s", address)
				}
				req := httptest.NewRequest(http.MethodPost, "/sms/twilio", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("X-Twilio-Signature", signature)
				rec := httptest.NewRecorder()
				s.handler.ServeHTTP(rec, req)
				if rec.Code != want {
					t.Errorf("public URL %s, signed for %s: %d, want %d", c.publicURL, address, rec.Code, want)
				}
			}
		}
	})
}

// firstValues is a form as twilio-go's validator takes it.
func firstValues(form url.Values) map[string]string {
	params := map[string]string{}
	for name, values := range form {
		params[name] = values[0]
	}
	return params
}

// Finding 12: nothing about a form (a repeated field, its size, its shape)
// is said until the form is known to be Twilio's.
func TestWebhookSaysNothingAboutTheFormUntilItIsSigned(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := newSMSSite(t, st, testToken)
	repeated := func() url.Values {
		f := twilioForm("SMrepeat", s.phone, "HELP")
		f["Body"] = append(f["Body"], "STOP")
		return f
	}
	send := func(body, signature string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/sms/twilio", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if signature != "" {
			req.Header.Set("X-Twilio-Signature", signature)
		}
		rec := httptest.NewRecorder()
		s.handler.ServeHTTP(rec, req)
		return rec
	}
	huge := strings.Repeat("a", maxFormBytes+10)
	for name, rec := range map[string]*httptest.ResponseRecorder{
		"repeated field, unsigned":          send(repeated().Encode(), ""),
		"repeated field, signed by another": send(repeated().Encode(), sign("another token", testPublicURL+"/sms/twilio", repeated())),
		"oversized, unsigned":               send(huge, ""),
		"oversized, with a signature":       send(huge, sign(testToken, testPublicURL+"/sms/twilio", url.Values{})),
		"not a form, with a signature":      send("%zz;&&=", sign(testToken, testPublicURL+"/sms/twilio", url.Values{})),
	} {
		if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "Body") || strings.Contains(rec.Body.String(), "form") {
			t.Errorf("%s: %d %q, want 403 saying only that it is not signed", name, rec.Code, rec.Body)
		}
	}
	// A signed form with a value added after signing: now it may be told.
	first := twilioForm("SMrepeat", s.phone, "HELP")
	signature := sign(testToken, testPublicURL+"/sms/twilio", first)
	if rec := send(repeated().Encode(), signature); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "Body is repeated") {
		t.Errorf("signed, then a field added: %d %q", rec.Code, rec.Body)
	}
	if _, found := s.conversation(); found {
		t.Error("a refused form was kept")
	}
}

func TestStoreDownStillAnswersWith999(t *testing.T) {
	st, err := store.OpenRedis("redis://127.0.0.1:1/0")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := newSMSSite(t, st, testToken)
	if r := s.text("hello"); !strings.Contains(r, "999") || !strings.Contains(r, "0800 1111") || !strings.Contains(r, "again later") {
		t.Errorf("store down, first text: %s", r)
	}
	if r := s.text("he wont let me leave"); !strings.Contains(r, "999") || !strings.Contains(r, "0800 1111") {
		t.Errorf("store down, danger: %s", r)
	}
	if r := s.text("POMOC"); !strings.Contains(r, "Przepraszamy") {
		t.Errorf("store down, a Polish keyword: %s", r)
	}
}

func FuzzParseInbound(f *testing.F) {
	f.Add(twilioForm("SM1", testPhone, "HELP").Encode())
	f.Add("Body=%ff&Body=x&From=&MessageSid=1")
	f.Add("From=%2B44&MessageSid=SM&Body=" + strings.Repeat("%F0%9F%98%80", 900))
	f.Add(twiliotest.WhatsAppForm("SM2", testPhone, "pomoc").Encode())
	f.Add("From=whatsapp%3A%2B44&MessageSid=MM&Body=&NumMedia=2&MediaUrl0=http%3A%2F%2Fx&MediaContentType0=image%2Fjpeg")
	f.Add("From=%2B44&MessageSid=MM&Body=hi&NumMedia=-3&MediaUrl7=x")
	f.Add("From=messenger%3A1&MessageSid=SM&Body=hi")
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		msg, err := parseInbound(form)
		if err != nil {
			return
		}
		if !utf8.ValidString(msg.Body) || len([]rune(msg.Body)) > maxBodyRunes || msg.Sid == "" || msg.From == "" || !msg.Channel.Valid() {
			t.Errorf("parsed %q into %+v", raw, msg)
		}
		media := false
		for name := range form {
			media = media || strings.HasPrefix(name, "MediaUrl")
		}
		if msg.Pictures < 0 || media && msg.Pictures == 0 {
			t.Errorf("%q: %d pictures", raw, msg.Pictures)
		}
	})
}

var smsLogOutput io.Writer = io.Discard

func TestReadyzFollowsTheStore(t *testing.T) {
	up, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	down, err := store.OpenRedis("redis://127.0.0.1:1/0")
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close()
	for _, c := range []struct {
		st   store.Store
		want int
	}{{up, http.StatusOK}, {down, http.StatusServiceUnavailable}} {
		s := newSMSSite(t, c.st, testToken)
		rec := httptest.NewRecorder()
		s.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		if rec.Code != c.want {
			t.Errorf("readyz: %d, want %d", rec.Code, c.want)
		}
		rec = httptest.NewRecorder()
		s.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/en/help", nil))
		if rec.Code != http.StatusOK {
			t.Errorf("help page with the store %d: %d", c.want, rec.Code)
		}
	}
}

func TestSurveyByTextIsStoredWithItsTallies(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newSMSSite(t, st, testToken)
		before, _ := st.Tallies(context.Background(), "general")
		s.text("hi")
		s.text("SAY")
		for range testBank(t).Questions {
			s.text("3")
		}
		if r := s.text("call me on 07700 900123, the school was good"); !strings.Contains(r, "Thank you") {
			t.Fatalf("last reply: %s", r)
		}
		after, _ := st.Tallies(context.Background(), "general")
		if after["channel:sms"]-before["channel:sms"] != 1 || after["q:safe:3"]-before["q:safe:3"] != 1 || after["comments"]-before["comments"] != 1 {
			t.Errorf("tallies before %v after %v", before, after)
		}
		kept := responses(t, st, "general")
		last := kept[len(kept)-1]
		if strings.Contains(last.Comment, "900123") || last.Channel != "sms" {
			t.Errorf("stored %+v", last)
		}
		if c, _ := s.conversation(); c.Survey != nil {
			t.Error("the survey was not cleared")
		}
	})
}

// Rendered replies are kept, a bounded number of them, and a reply past the
// bound is rendered all the same.
func TestRenderedRepliesAreKeptUpToABound(t *testing.T) {
	var r renderedReplies
	for i := range maxRendered + 10 {
		text := fmt.Sprintf("reply %d <&>", i)
		if got, want := string(r.twiml(text)), string(renderTwiML(text)); got != want || !strings.Contains(got, "&lt;&amp;&gt;") {
			t.Fatalf("reply %d: %q, want %q", i, got, want)
		}
	}
	if len(r.byText) != maxRendered {
		t.Errorf("%d replies kept, want %d", len(r.byText), maxRendered)
	}
	if got := string(r.twiml("")); !strings.Contains(got, "<Response/>") {
		t.Errorf("no reply: %q", got)
	}
}

func TestTextingARoundsCodeAndNewsOverTheWebhook(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newSMSSite(t, st, testToken)
		ctx := context.Background()
		code := uniqueCode("TX")
		must := func(err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(st.CreateRound(ctx, feedback.Round{Code: code, Title: "Text round", Questions: []string{"safe"}, Own: "Was the bus on time?",
			OwnPrinciple: 7, Opens: time.Now().Add(-time.Hour), Channels: []string{"sms"}, Created: time.Now()}))
		if r := s.text(strings.ToLower(code)); !strings.Contains(r, "Did you feel safe?") {
			t.Fatalf("texting the code: %s", r)
		}
		if r := s.text("5"); !strings.Contains(r, "Was the bus on time?") {
			t.Fatalf("own question: %s", r)
		}
		s.text("3")
		s.text("SKIP")
		tallies, _ := st.Tallies(ctx, code)
		if tallies["total"] != 1 || tallies["q:safe:5"] != 1 || tallies["q:own:3"] != 1 || tallies["channel:sms"] != 1 {
			t.Errorf("round tallies after a text survey: %v", tallies)
		}
		marker := uniqueCode("bus stop ")
		must(st.AddPost(ctx, feedback.Post{ID: uniqueCode("post"), Round: code, Published: time.Now().Add(time.Hour),
			Said: map[string]string{"en": "The " + marker + " was dark."}, Did: map[string]string{"en": "We asked for a light."}}))
		if r := s.text("NEWS"); !strings.Contains(r, marker) || !strings.Contains(r, "/en/you-said-we-did") {
			t.Errorf("NEWS: %s", r)
		}
	})
}
