package handlers

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"heard/metrics"
	"heard/sms"
	"heard/store"
)

func TestMetricsCountWhatHappensNeverWho(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m := metrics.New()
	lib, bundle := loadWords(t)
	engine, err := sms.NewEngine(lib, bundle, testBank(t), testPublicURL)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)), Store: m.Store(st),
		Secret: testSecret, SMS: SMS{Engine: engine, AuthToken: testToken}, Metrics: m}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	s := &smsSite{t: t, handler: h, store: st, phone: "+447700900123"}
	s.text("HELP")
	s.text("im scared hes outside my house right now")
	page := httptest.NewRecorder()
	h.ServeHTTP(page, httptest.NewRequest("GET", "/en/feedback", nil))
	comment := "my name is Jess and he won't let me leave his flat"
	form := url.Values{"token": {field(t, page.Body.String(), "token")}, "q.safe": {"2"}, "comment": {comment}}
	sent := httptest.NewRequest("POST", "/en/feedback", strings.NewReader(form.Encode()))
	sent.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h.ServeHTTP(httptest.NewRecorder(), sent)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/pl/warning-signs?secret=query", nil))

	scrape := httptest.NewRecorder()
	m.Handler().ServeHTTP(scrape, httptest.NewRequest("GET", "/metrics", nil))
	body := scrape.Body.String()
	for _, want := range []string{
		`heard_sms_messages_total{channel="sms",kind="help",lang="en"} 1`,
		`heard_sms_messages_total{channel="sms",kind="danger",lang="en"} 1`,
		`heard_safety_flags_total{channel="sms",kind="danger"} 1`,
		`heard_safety_flags_total{channel="web",kind="danger"} 1`,
		`heard_feedback_responses_total{channel="web"} 1`,
		`heard_http_request_duration_seconds_count{code="200",method="GET",route="/:lang/:slug"} 1`,
		`heard_http_request_duration_seconds_count{code="200",method="POST",route="/sms/twilio"} 2`,
		`heard_store_duration_seconds_count{op="save_response"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, secret := range []string{"900123", "7700", "Jess", "flat", "warning-signs", "secret", "query"} {
		if strings.Contains(body, secret) {
			t.Errorf("metrics carry %q", secret)
		}
	}
	st.Close()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/readyz", nil))
	scrape = httptest.NewRecorder()
	m.Handler().ServeHTTP(scrape, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(scrape.Body.String(), `heard_store_errors_total{op="ping"} 1`) {
		t.Error("a store that is down is not counted as store errors")
	}
	if scrape.Code != http.StatusOK {
		t.Errorf("scrape: %d", scrape.Code)
	}
}

func TestDrainingSaysNotReadyAndClosesConnections(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := newTestSite(t, Config{Store: st, Secret: testSecret}) // as cmd/heard: a store comes with a secret
	d := NewDrain(s.handler)
	rec := httptest.NewRecorder()
	d.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != http.StatusOK || rec.Header().Get("Connection") == "close" {
		t.Errorf("before draining: /readyz %d, Connection %q", rec.Code, rec.Header().Get("Connection"))
	}
	d.Start()
	for path, want := range map[string]int{"/readyz": http.StatusServiceUnavailable, "/en/help": http.StatusOK, "/healthz": http.StatusOK} {
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != want || rec.Header().Get("Connection") != "close" {
			t.Errorf("draining %s: %d, Connection %q", path, rec.Code, rec.Header().Get("Connection"))
		}
	}
}
