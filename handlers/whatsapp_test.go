package handlers

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
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
		reportRemove := "https://www.childline.org.uk/info-advice/bullying-abuse-safety/online-mobile-safety/remove-nude-image-shared-online/"
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
				picture := withPicture(twiliotest.WhatsAppForm(fmt.Sprintf("MM%dpic", time.Now().UnixNano()), s.phone, ""), "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1")
				want := tr.T("WhatsApp.Picture", map[string]any{"ReportRemove": reportRemove, "Childline": "0800 1111"})
				if tr.RightToLeft() {
					want = locales.NumbersLeftToRight(want)
				}
				if r := s.message(picture); !strings.Contains(r, want) {
					t.Errorf("a picture: %q", r)
				}
				picture = withPicture(twiliotest.WhatsAppForm(fmt.Sprintf("MM%dpicdanger", time.Now().UnixNano()), s.phone, danger[l.Code]), "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM2/Media/ME2")
				if r := s.message(picture); !strings.HasPrefix(r, "*") || !bold999.MatchString(r) || !strings.Contains(r, "Report Remove") {
					t.Errorf("danger with a picture does not lead with 999: %q", r)
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
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(&logs, nil)), Store: st, Secret: testSecret,
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
	for _, secret := range []string{"7700900417", "447700900417", "Samira", "Quux", "SMprofile"} {
		if bytes.Contains(file, []byte(secret)) || strings.Contains(logs.String(), secret) {
			t.Errorf("%q is kept or logged", secret)
		}
	}
	if !bytes.Contains(file, []byte("the youth worker listened")) {
		t.Error("the survey's comment was not kept: is this the store the webhook wrote to?")
	}
}

// withPicture adds a picture to a form as Twilio does: how many, where it
// is (at Twilio, behind its credentials) and its type.
func withPicture(form url.Values, mediaURL string) url.Values {
	form.Set("NumMedia", "1")
	form.Set("MediaUrl0", mediaURL)
	form.Set("MediaContentType0", "image/jpeg")
	form.Set("MessageType", "image")
	return form
}

// Heard never fetches, keeps or logs a picture's address: a server standing
// in for Twilio's media store sees no request, and the store's file and the
// log hold no trace of the address, by SMS (MMS) or WhatsApp.
func TestAPictureIsNeverFetchedKeptOrLogged(t *testing.T) {
	var hits atomic.Int64
	media := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write([]byte("\xff\xd8 a picture"))
	}))
	defer media.Close()
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
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(&logs, nil)), Store: st, Secret: testSecret,
		SMS: SMS{Engine: engine, AuthToken: testToken}}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	s := &smsSite{t: t, handler: h, store: st, phone: "+447700900418"}
	secretPath := "/2010-04-01/Accounts/AC1/Messages/MMsecretpath/Media/MEsecretpath"
	for i, form := range []url.Values{
		twiliotest.WhatsAppForm("MMwa1", s.phone, ""), twiliotest.WhatsAppForm("MMwa2", s.phone, "he wont let me leave"),
		twilioForm("MMsms1", s.phone, ""), twilioForm("MMsms2", s.phone, "i want to die"),
	} {
		r := s.message(withPicture(form, media.URL+secretPath)) // signed with the media fields
		if !strings.Contains(r, "Report Remove") || !strings.Contains(r, "0800 1111") {
			t.Errorf("picture %d: %q", i, r)
		}
		if form.Get("Body") != "" && !strings.Contains(r[:strings.Index(r, "Report Remove")], "999") {
			t.Errorf("picture %d with words of danger does not lead with 999: %q", i, r)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(dir, "heard.db"))
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(media.URL, "http://")
	for _, trace := range []string{"secretpath", host, "MediaUrl", "image/jpeg"} {
		if bytes.Contains(file, []byte(trace)) || strings.Contains(logs.String(), trace) {
			t.Errorf("%q is kept or logged", trace)
		}
	}
	media.Close() // waits for any request still being served
	if n := hits.Load(); n != 0 {
		t.Errorf("the picture's address was fetched %d times", n)
	}
}
