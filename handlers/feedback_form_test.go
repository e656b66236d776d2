package handlers

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"heard/store"

	"golang.org/x/net/html"
)

type formSite struct {
	t       *testing.T
	handler http.Handler
	store   store.Store
	now     time.Time
	before  map[string]int64 // the standing round's tallies when the site was made
}

func newFormSite(t *testing.T, st store.Store) *formSite {
	t.Helper()
	lib, bundle := loadWords(t)
	f := &formSite{t: t, store: st, now: time.Now()}
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Store: st, Secret: testSecret, Now: func() time.Time { return f.now }}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	f.handler = h
	f.before = f.read()
	return f
}

// token fetches the form page and returns its hidden token.
func (f *formSite) token(lang string) string {
	f.t.Helper()
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+lang+"/feedback", nil))
	input := first(parse(f.t, rec.Body.String()), func(n *html.Node) bool { return attr(n, "name") == "token" })
	if input == nil {
		f.t.Fatal("no token on the form")
	}
	return attr(input, "value")
}

func (f *formSite) post(lang string, form url.Values, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/"+lang+"/feedback", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", "http://"+req.Host)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

// tallies returns what this test added to the standing round: a shared
// Redis may hold earlier runs' responses.
func (f *formSite) tallies() map[string]int64 {
	now := f.read()
	for k, v := range f.before {
		now[k] -= v
	}
	return now
}

func (f *formSite) read() map[string]int64 {
	tallies, err := f.store.Tallies(context.Background(), "general")
	if err != nil {
		f.t.Fatal(err)
	}
	return tallies
}

func TestFeedbackFormInEveryLanguage(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	f := newFormSite(t, st)
	for _, lang := range langs {
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+lang+"/feedback", nil))
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Set-Cookie") != "" {
			t.Fatalf("%s: %d %v", lang, rec.Code, rec.Header())
		}
		body := rec.Body.String()
		checkPageFrame(t, "/"+lang+"/feedback", body, lang)
		doc := parse(t, body)
		if n := len(all(doc, tag("fieldset"))); n != 9 {
			t.Errorf("%s: %d fieldsets, want 7 questions + service + age", lang, n)
		}
		for _, fs := range all(doc, tag("fieldset")) {
			if first(fs, tag("legend")) == nil || text(first(fs, tag("legend"))) == "" {
				t.Errorf("%s: a fieldset without a legend", lang)
			}
		}
		for _, in := range all(doc, tag("textarea")) {
			if first(doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == attr(in, "id") }) == nil {
				t.Errorf("%s: textarea without a label", lang)
			}
		}
	}
}

func TestFeedbackIsStoredOnceWithItsTallies(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		f := newFormSite(t, st)
		form := url.Values{"token": {f.token("ur")}, "q.listened": {"4"}, "q.safe": {"skip"}, "service": {"police"},
			"age": {"13-15"}, "comment": {"They were kind <b>really</b>"}}
		rec := f.post("ur", form)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/ur/feedback/thanks" {
			t.Fatalf("submit: %d to %q: %s", rec.Code, rec.Header().Get("Location"), rec.Body)
		}
		again := f.post("ur", form)
		if again.Code != http.StatusSeeOther {
			t.Errorf("double submit: %d", again.Code)
		}
		tallies := f.tallies()
		if tallies["total"] != 1 || tallies["q:listened:4"] != 1 || tallies["q:safe:0"] != 1 || tallies["lang:ur"] != 1 || tallies["service:police"] != 1 {
			t.Errorf("tallies after one response sent twice: %v", tallies)
		}
		stored := responses(t, st, "general")
		if last := stored[len(stored)-1]; last.Comment != "They were kind <b>really</b>" || last.Lang != "ur" {
			t.Errorf("stored %+v", last)
		}
		thanks := httptest.NewRecorder()
		f.handler.ServeHTTP(thanks, httptest.NewRequest(http.MethodGet, "/ur/feedback/thanks", nil))
		checkPageFrame(t, "/ur/feedback/thanks", thanks.Body.String(), "ur")
	})
}

func TestFeedbackProblemsAreNamedBesideTheFieldAndAnswersKept(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		f := newFormSite(t, st)
		rec := f.post("en", url.Values{"token": {f.token("en")}, "q.listened": {"9"}, "q.safe": {"2"},
			"area": {"london"}, "comment": {"<script>alert(1)</script> still here"}})
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", rec.Code)
		}
		body := rec.Body.String()
		doc := parse(t, body)
		listened := first(doc, byID("q-listened"))
		if listened == nil || !strings.Contains(text(listened), "Please pick one of the choices.") || attr(listened, "aria-describedby") != "q-listened-problem" {
			t.Error("the problem is not named beside the listened question")
		}
		checked := first(doc, func(n *html.Node) bool { return attr(n, "name") == "q.safe" && hasAttr(n, "checked") })
		if checked == nil || attr(checked, "value") != "2" {
			t.Error("the answer to safe was lost")
		}
		if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt; still here") {
			t.Error("the comment is not kept, escaped")
		}
		if sel := first(doc, func(n *html.Node) bool { return n.Data == "option" && hasAttr(n, "selected") }); sel == nil || attr(sel, "value") != "london" {
			t.Error("the area was lost")
		}
		if f.tallies()["total"] != 0 {
			t.Error("a form with problems was stored")
		}
		long := f.post("en", url.Values{"token": {f.token("en")}, "q.safe": {"3"}, "comment": {strings.Repeat("a", 100<<10)}})
		if long.Code != http.StatusUnprocessableEntity || !strings.Contains(long.Body.String(), "This is too long") {
			t.Errorf("100 KB comment: %d", long.Code)
		}
	})
}

// A field sent twice (q.listened=4&q.listened=1) is not read by its first
// value: the form comes back in the young person's language, saying so
// beside each such field, and nothing is kept. A crafted post does this,
// never our form, which sends one value of each.
func TestFeedbackWithAFieldSentTwiceIsRefusedAndNothingKept(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		f := newFormSite(t, st)
		twice := map[string][]string{
			"q.listened": {"4", "1"},
			"q.safe":     {"5", "5"}, // the same value twice is still not our form
			"service":    {"police", "school"},
			"age":        {"13-15", "16-17"},
			"area":       {"london", "east"},
			"comment":    {"they listened", "they did not"},
		}
		for name, values := range twice {
			form := url.Values{"token": {f.token("pl")}, "q.explained": {"3"}, name: values}
			rec := f.post("pl", form)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%s sent twice: %d", name, rec.Code)
			}
			doc := parse(t, rec.Body.String())
			id := strings.Replace(name, "q.", "q-", 1)
			problem := first(doc, byID(id+"-problem"))
			if problem == nil || text(problem) != "To przyszło do nas więcej niż raz. Sprawdź, proszę, swoją odpowiedź i wyślij jeszcze raz." {
				t.Errorf("%s sent twice: no problem beside it, in Polish: %v", name, problem)
			}
			if field := first(doc, byID(id)); field == nil || !strings.Contains(attr(field, "aria-describedby"), id+"-problem") {
				t.Errorf("%s sent twice: the problem is not tied to its field", name)
			}
			if checked := first(doc, func(n *html.Node) bool { return attr(n, "name") == "q.explained" && hasAttr(n, "checked") }); checked == nil || attr(checked, "value") != "3" {
				t.Errorf("%s sent twice: the other answers were lost", name)
			}
		}
		// Two tokens: which form was it? Sent again with the page's own, it is kept.
		rec := f.post("en", url.Values{"token": {f.token("en"), f.token("en")}, "q.safe": {"5"}})
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "press send again") {
			t.Errorf("two tokens: %d", rec.Code)
		}
		if n := f.tallies()["total"]; n != 0 {
			t.Errorf("%d responses kept from forms with a field sent twice", n)
		}
		token := first(parse(t, rec.Body.String()), func(n *html.Node) bool { return attr(n, "name") == "token" })
		if again := f.post("en", url.Values{"token": {attr(token, "value")}, "q.safe": {"5"}}); again.Code != http.StatusSeeOther {
			t.Fatalf("sent again with the page's token: %d", again.Code)
		}
		// A robot's trap filled in any of its values is still a robot's.
		trap := url.Values{"token": {f.token("en")}, "q.safe": {"1"}, trapField: {"", "http://spam.example"}}
		if rec := f.post("en", trap); rec.Code != http.StatusSeeOther {
			t.Errorf("the trap filled in its second value: %d", rec.Code)
		}
		if got := f.tallies(); got["total"] != 1 || got["q:safe:5"] != 1 {
			t.Errorf("kept %v, want only the form sent again", got)
		}
	})
}

func TestFeedbackFromAnotherSiteOrARobotIsNotStored(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		f := newFormSite(t, st)
		good := func() url.Values { return url.Values{"token": {f.token("en")}, "q.safe": {"5"}} }
		if rec := f.post("en", good(), "Sec-Fetch-Site", "cross-site"); rec.Code != http.StatusForbidden {
			t.Errorf("cross-site: %d", rec.Code)
		}
		if rec := f.post("en", good(), "Origin", "https://evil.example"); rec.Code != http.StatusForbidden {
			t.Errorf("other origin: %d", rec.Code)
		}
		// Browsers post our forms with "Origin: null" (the pages send no referrer).
		if rec := f.post("en", good(), "Origin", "null"); rec.Code != http.StatusSeeOther {
			t.Errorf("a real browser's post (Origin: null, same-origin): %d", rec.Code)
		}
		if rec := f.post("en", url.Values{"q.safe": {"5"}}); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "press send again") {
			t.Errorf("no token: %d", rec.Code)
		}
		forged := good()
		forged.Set("token", forged.Get("token")+"x")
		if rec := f.post("en", forged); rec.Code != http.StatusBadRequest {
			t.Errorf("forged token: %d", rec.Code)
		}
		if rec := f.post("pl", good()); rec.Code != http.StatusBadRequest {
			t.Errorf("an English form's token used for Polish: %d", rec.Code)
		}
		trap := good()
		trap.Set("website", "http://spam.example")
		if rec := f.post("en", trap); rec.Code != http.StatusSeeOther {
			t.Errorf("honeypot: %d", rec.Code)
		}
		old := good()
		f.now = f.now.Add(7 * time.Hour)
		if rec := f.post("en", old); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `value="5" checked`) {
			t.Errorf("expired token: %d, answers kept: %t", rec.Code, strings.Contains(rec.Body.String(), `value="5" checked`))
		}
		if n := f.tallies()["total"]; n != 1 {
			t.Errorf("%d responses stored, want only the real browser's", n)
		}
	})
}

func TestFeedbackSoundingUnsafeLeadsTheThanksPageWithHelp(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		f := newFormSite(t, st)
		rec := f.post("en", url.Values{"token": {f.token("en")}, "comment": {"he wont let me leave his flat"}})
		if rec.Header().Get("Location") != "/en/feedback/thanks?help=danger" {
			t.Fatalf("redirect to %q", rec.Header().Get("Location"))
		}
		page := httptest.NewRecorder()
		f.handler.ServeHTTP(page, httptest.NewRequest(http.MethodGet, "/en/feedback/thanks?help=danger", nil))
		main := first(parse(t, page.Body.String()), tag("main"))
		body := text(main)
		if !strings.HasPrefix(body, "You wrote something") || !strings.Contains(body, "Nobody reads feedback as it arrives") {
			t.Errorf("thanks page does not lead with help: %q", body)
		}
		links := all(main, tag("a"))
		if len(links) < 2 || attr(links[0], "href") != "tel:999" || attr(links[1], "href") != "tel:08001111" {
			t.Error("thanks page does not lead with 999 and Childline")
		}
		if f.tallies()["flag:danger"] != 1 {
			t.Error("the response is not flagged")
		}
	})
}

func TestFeedbackRateLimitCountsByAHashedAddress(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	f := newFormSite(t, st)
	var last *httptest.ResponseRecorder
	for i := 0; i <= feedbackRateLimit; i++ {
		last = f.post("en", url.Values{"token": {f.token("en")}, "q.safe": {"4"}})
	}
	if last.Code != http.StatusTooManyRequests || !strings.Contains(last.Body.String(), `value="4" checked`) {
		t.Errorf("over the limit: %d", last.Code)
	}
	if n := f.tallies()["total"]; n != feedbackRateLimit {
		t.Errorf("%d stored, want %d", n, feedbackRateLimit)
	}
}
