package workers_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"heard/store"
)

// xss is shown back by every field that takes words: it must always come
// back as text.
const xss = `"><script>alert(1)</script><img src=x onerror=alert(2)>`

func TestEveryFieldShownBackIsEscaped(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, testPublicURL)
	session, csrf := w.signedInWorker()
	unsafe := func(where, body string) {
		t.Helper()
		if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s shows the payload as markup", where)
		}
	}
	// The young person's form, re-shown with a problem: every field comes back.
	page := w.do("GET", "/en/feedback", nil, "").Body.String()
	rec := w.do("POST", "/en/feedback", url.Values{"token": {field(t, page, "token")}, "q.safe": {xss}, "service": {xss}, "age": {xss},
		"area": {xss}, "comment": {xss}, "q." + xss: {"3"}}, "")
	unsafe("the feedback form re-shown", rec.Body.String())
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad answers: %d", rec.Code)
	}
	// A round: title and own question are shown to workers and young people.
	code := uniqueCode("XS")
	form := roundForm(code, csrf)
	form.Set("title", "Club "+xss)
	form.Set("own", "Own "+xss)
	if rec := w.do("POST", "/workers/rounds", form, session); rec.Code != http.StatusSeeOther {
		t.Fatalf("round: %d %s", rec.Code, rec.Body)
	}
	bad := roundForm("X", csrf)
	bad.Set("title", xss)
	bad.Set("code", xss)
	unsafe("the new-round form re-shown", w.do("POST", "/workers/rounds", bad, session).Body.String())
	w.do("POST", "/workers/rounds/"+code+"/posts", url.Values{"csrf": {csrf}, "said.en": {"Said " + xss}, "did.en": {"Did " + xss},
		"said.ur": {xss}, "did.ur": {xss}}, session)
	unsafe("a post re-shown with a problem", w.do("POST", "/workers/rounds/"+code+"/posts", url.Values{"csrf": {csrf}, "said.en": {xss}}, session).Body.String())
	w.youngPerson("en", code, url.Values{"comment": {"comment " + xss}})
	for _, path := range []string{"/workers/", "/workers/rounds/" + code, "/workers/rounds/" + code + "/poster", "/workers/rounds/" + code + "/report"} {
		body := w.do("GET", path, nil, session).Body.String()
		unsafe(path, body)
		if !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("%s does not show the payload as text", path)
		}
	}
	for _, path := range []string{"/ur/feedback/" + code, "/en/you-said-we-did", "/ur/you-said-we-did"} {
		unsafe(path, w.do("GET", path, nil, "").Body.String())
	}
}

// Each form is sent whole and right (its token, its answers), with one
// extra field that takes it just past its limit (256 KB, sign-in 8 KB): so
// the size limit, and nothing else, is what refuses it, and the same form
// without that field goes through.
func TestOversizedRequestsAreRefusedKindly(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, testPublicURL)
	srv := httptest.NewUnstartedServer(w.handler)
	srv.Config = NewServer("", w.handler)
	srv.Start()
	defer srv.Close()
	session, csrf := w.signedInWorker()
	code := uniqueCode("BIG")
	if rec := w.do("POST", "/workers/rounds", roundForm(code, csrf), session); rec.Code != http.StatusSeeOther {
		t.Fatalf("round: %d", rec.Code)
	}
	feedbackForm := func(path string) url.Values {
		page := w.do("GET", path, nil, "")
		return url.Values{"token": {field(t, page.Body.String(), "token")}, "q.safe": {"4"}}
	}
	signInCSRF := field(t, w.do("GET", "/workers/sign-in", nil, "").Body.String(), "csrf")
	newRound := roundForm(uniqueCode("BIGGER"), csrf)
	for _, c := range []struct {
		path    string
		form    url.Values
		limit   int
		session string
	}{
		{"/en/feedback", feedbackForm("/en/feedback"), 256 << 10, ""},
		{"/en/feedback/" + code, feedbackForm("/en/feedback/" + code), 256 << 10, ""},
		{"/workers/rounds", newRound, 256 << 10, session},
		{"/workers/sign-in", url.Values{"csrf": {signInCSRF}, "email": {"amy@example.org"}, "password": {workerPassword}}, 8 << 10, ""},
	} { // the webhook's own test sends it 2 MB
		c.form.Set("padding", strings.Repeat("a", c.limit))
		req, _ := http.NewRequest("POST", srv.URL+c.path, strings.NewReader(c.form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if c.session != "" {
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c.session})
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), `id="quick-exit"`) && !strings.Contains(string(body), "<main") {
			t.Errorf("%d bytes to %s: %d, want 413 with a page", c.limit, c.path, resp.StatusCode)
		}
		// Without the padding the same form goes through.
		c.form.Del("padding")
		if rec := w.do("POST", c.path, c.form, c.session); rec.Code != http.StatusSeeOther {
			t.Errorf("the same form to %s without the padding: %d", c.path, rec.Code)
		}
	}
	if rec := w.do("GET", "/en/", nil, ""); rec.Code != http.StatusOK {
		t.Errorf("after oversized requests: %d", rec.Code)
	}
}
