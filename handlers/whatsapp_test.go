package handlers

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"heard/e2e/twiliotest"
	"heard/locales"
	"heard/sms"
	"heard/store"
)

// bold999 is the line that matters, in WhatsApp's bold: a whole line
// between stars that names 999.
var bold999 = regexp.MustCompile(`(?m)^\*[^*\n]*999[^*\n]*\*$`)

// message sends a signed form to the webhook and returns the text of its
// TwiML reply ("" for none).
func (s *smsSite) message(form url.Values) string {
	s.t.Helper()
	rec := s.post(form, testPublicURL+"/sms/twilio")
	if rec.Code != http.StatusOK {
		s.t.Fatalf("%q: status %d: %s", form.Get("Body"), rec.Code, rec.Body)
	}
	var twiml struct {
		Messages []string `xml:"Message"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &twiml); err != nil {
		s.t.Fatalf("%q: reply %q: %v", form.Get("Body"), rec.Body, err)
	}
	return strings.Join(twiml.Messages, "\n")
}

// whatsApp sends one signed WhatsApp message from the site's phone.
func (s *smsSite) whatsApp(body string) string {
	s.n++
	return s.message(twiliotest.WhatsAppForm(fmt.Sprintf("SM%dwa%d", time.Now().UnixNano(), s.n), s.phone, body))
}

// A young person on WhatsApp, in each language, through the real webhook:
// Twilio's form with whatsapp: numbers, real signatures, the real validator.
func TestWhatsAppConversationInEachLanguage(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		_, bundle := loadWords(t)
		danger := map[string]string{"en": "he wont let me leave", "pl": "nie pozwala mi wyjść z domu", "ro": "nu mă lasă să plec", "ur": "وہ مجھے مارتا ہے"}
		for _, l := range locales.All {
			t.Run(l.Code, func(t *testing.T) {
				s := newSMSSite(t, st, testToken)
				tr := locales.NewTranslator(bundle, l.Code)
				if r := s.whatsApp("hi"); !strings.Contains(r, "\n*In danger now? Call 999.*\n") || strings.Contains(r, "Text STOP") {
					t.Errorf("welcome: %q", r)
				}
				s.whatsApp(l.Name)
				help := s.whatsApp(tr.T("SMS.KeywordHelp"))
				if !bold999.MatchString(help) || !strings.Contains(help, "0800 1111") || !strings.Contains(help, "/"+l.Code+"/help") {
					t.Errorf("%s: %q", tr.T("SMS.KeywordHelp"), help)
				}
				s.whatsApp(tr.T("SMS.KeywordInfo"))
				if page := s.whatsApp("4"); !strings.Contains(page, "Report Remove (https://www.childline.org.uk/") || strings.Contains(page, testPublicURL) {
					t.Errorf("INFO 4 is not the whole page: %.200q", page)
				}
				if r := s.whatsApp(danger[l.Code]); !strings.HasPrefix(r, "*") || !bold999.MatchString(r) {
					t.Errorf("danger: %q", r)
				}
				if r := s.whatsApp("STOP"); !strings.Contains(r, tr.T("WhatsApp.Stop")) {
					t.Errorf("STOP on WhatsApp is not confirmed: %q", r)
				}
				if c, found := s.conversationOn(sms.WhatsApp); found {
					t.Errorf("STOP kept the conversation: %+v", c)
				}
			})
		}
	})
}

// What a WhatsApp message carries about its sender (the number, the
// WhatsApp ID, the profile name) is never kept or logged: the store's file
// and the log hold none of it, whatever was said.
func TestWhatsAppKeepsNoNumberProfileNameOrWaId(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	lib, bundle := loadWords(t)
	engine, err := sms.NewEngine(lib, bundle, testBank(t), testPublicURL)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{PublicURL: testPublicURL, Log: slog.New(slog.NewJSONHandler(&logs, nil)), Store: st, Secret: testSecret,
		SMS: SMS{Engine: engine, AuthToken: testToken}}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	s := &smsSite{t: t, handler: h, store: st, phone: "+447700900417"}
	for i, body := range []string{"hi", "SAY", "4", "4", "4", "4", "4", "4", "4", "the youth worker listened", "HELP", "he wont let me leave"} {
		form := twiliotest.WhatsAppForm(fmt.Sprintf("SMprofile%02d", i), s.phone, body)
		form.Set("ProfileName", "Samira Quux")
		s.message(form)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "heard.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"7700900417", "447700900417", "Samira", "Quux"} {
		if bytes.Contains(file, []byte(secret)) || strings.Contains(logs.String(), secret) {
			t.Errorf("%q is kept or logged", secret)
		}
	}
	if !bytes.Contains(file, []byte("the youth worker listened")) {
		t.Error("the survey's comment was not kept: is this the store the webhook wrote to?")
	}
}
