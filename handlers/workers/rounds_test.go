package workers_test

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
)

// signedInWorker signs amy in and returns her session and a form token.
func (w *workerSite) signedInWorker() (session, csrf string) {
	w.t.Helper()
	session = sessionFrom(w.t, w.signIn("amy@example.org", workerPassword)).Value
	return session, field(w.t, w.do("GET", "/workers/", nil, session).Body.String(), "csrf")
}

// youngPerson fetches a round's form and sends answers with its token.
func (w *workerSite) youngPerson(lang, code string, answers url.Values) *httptest.ResponseRecorder {
	w.t.Helper()
	page := w.do("GET", "/"+lang+"/feedback/"+code, nil, "")
	if page.Code != http.StatusOK {
		w.t.Fatalf("form %s %s: %d", lang, code, page.Code)
	}
	answers.Set("token", field(w.t, page.Body.String(), "token"))
	return w.do("POST", "/"+lang+"/feedback/"+code, answers, "")
}

func roundForm(code, csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "title": {"Youth club <b>spring</b>"}, "code": {strings.ToLower(code)},
		"questions": {"safe", "listened"}, "own": {"Was the room warm enough?"}, "ownPrinciple": {"7"},
		"opens": {time.Now().In(feedback.UK).Format("2006-01-02")}, "channels": {"web", "sms"}}
}

func TestAWorkerSetsUpARoundAndYoungPeopleAnswerIt(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		session, csrf := w.signedInWorker()
		code := uniqueCode("YC")
		if rec := w.do("GET", "/workers/rounds/new", nil, session); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Did you feel safe?") {
			t.Fatalf("new round form: %d", rec.Code)
		}
		bad := w.do("POST", "/workers/rounds", url.Values{"csrf": {csrf}, "code": {"1"}, "questions": {"nope"}, "opens": {"soon"}}, session)
		for _, problem := range []string{"Use 3 to 12 capital letters", "Give the round a title", "Pick questions from the list", "Give the first day", "Pick the web"} {
			if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body.String(), problem) {
				t.Errorf("bad round: %d, no %q", bad.Code, problem)
			}
		}
		if rec := w.do("POST", "/workers/rounds", roundForm("HELP", csrf), session); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("a round took the keyword HELP: %d", rec.Code)
		}
		made := w.do("POST", "/workers/rounds", roundForm(code, csrf), session)
		if made.Code != http.StatusSeeOther || made.Header().Get("Location") != "/workers/rounds/"+code {
			t.Fatalf("create: %d %s", made.Code, made.Body)
		}
		if again := w.do("POST", "/workers/rounds", roundForm(code, csrf), session); again.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(again.Body.String(), "already used") {
			t.Errorf("the same code twice: %d", again.Code)
		}
		if list := w.do("GET", "/workers/", nil, session).Body.String(); !strings.Contains(list, code) || strings.Contains(list, "<b>spring") {
			t.Errorf("rounds list lacks %s or shows the title unescaped", code)
		}

		// Young people arrive by the poster's short address, in their own language.
		short := httptest.NewRequest("GET", "/feedback/"+strings.ToLower(code), nil)
		short.Header.Set("Accept-Language", "ur-PK,ur;q=0.9")
		rec := httptest.NewRecorder()
		w.handler.ServeHTTP(rec, short)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/ur/feedback/"+code {
			t.Errorf("short address: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if rec := w.do("GET", "/en/feedback/"+strings.ToLower(code), nil, ""); rec.Code != http.StatusMovedPermanently {
			t.Errorf("small letters: %d", rec.Code)
		}
		form := w.do("GET", "/ur/feedback/"+code, nil, "").Body.String()
		if strings.Contains(form, "one-person") || !strings.Contains(form, testBank(t).Question("safe").Text["ur"]) ||
			!strings.Contains(form, `<span lang="en" dir="ltr">Was the room warm enough?</span>`) || !strings.Contains(form, "07700 900000") {
			t.Errorf("the Urdu form does not ask this round's questions, mark the English one, or say where to text:\n%s", form)
		}
		sent := w.youngPerson("ur", code, url.Values{"q.safe": {"4"}, "q.own": {"2"}, "comment": {"my name is Jess and the room was cold"}})
		if sent.Code != http.StatusSeeOther {
			t.Fatalf("answering: %d %s", sent.Code, sent.Body)
		}
		tallies, _ := st.Tallies(context.Background(), code)
		if tallies["total"] != 1 || tallies["q:safe:4"] != 1 || tallies["q:own:2"] != 1 || tallies["lang:ur"] != 1 {
			t.Errorf("round tallies %v", tallies)
		}
		if rec := w.youngPerson("en", code, url.Values{"q.one-person": {"3"}}); rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("a question the round does not ask was taken: %d", rec.Code)
		}
		// A token for the standing form cannot send this round's.
		general := field(t, w.do("GET", "/en/feedback", nil, "").Body.String(), "token")
		if rec := w.do("POST", "/en/feedback/"+code, url.Values{"token": {general}, "q.safe": {"1"}}, ""); rec.Code != http.StatusBadRequest {
			t.Errorf("the standing form's token sent a round's answers: %d", rec.Code)
		}

		page := w.do("GET", "/workers/rounds/"+code, nil, session).Body.String()
		if !strings.Contains(page, "Was the room warm enough?") || !strings.Contains(page, "Responses each week") || strings.Contains(page, "Jess") {
			t.Errorf("round results lack the own question or weekly chart, or show a name")
		}

		// Closed, the form says so kindly and points to the standing round.
		if rec := w.do("POST", "/workers/rounds/"+code+"/close", url.Values{"csrf": {csrf}}, session); rec.Code != http.StatusSeeOther {
			t.Fatalf("close: %d", rec.Code)
		}
		closed := w.do("GET", "/pl/feedback/"+code, nil, "")
		if closed.Code != http.StatusGone || !strings.Contains(closed.Body.String(), `href="/pl/feedback"`) || !strings.Contains(closed.Body.String(), "999") {
			t.Errorf("closed round: %d", closed.Code)
		}
		if rec := w.do("POST", "/en/feedback/"+code, url.Values{"q.safe": {"1"}}, ""); rec.Code != http.StatusGone {
			t.Errorf("answering a closed round: %d", rec.Code)
		}
		w.do("POST", "/workers/rounds/"+code+"/open", url.Values{"csrf": {csrf}}, session)
		if rec := w.do("GET", "/en/feedback/"+code, nil, ""); rec.Code != http.StatusOK {
			t.Errorf("opened again: %d", rec.Code)
		}
		if rec := w.do("GET", "/en/feedback/NOSUCH99", nil, ""); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "check the code") {
			t.Errorf("unknown code: %d", rec.Code)
		}
	})
}

func TestEveryWorkersFormNeedsItsTokenAndThisSite(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, "http://localhost:8080")
	session, csrf := w.signedInWorker()
	code := uniqueCode("CS")
	w.do("POST", "/workers/rounds", roundForm(code, csrf), session)
	st.AddPost(context.Background(), feedback.Post{ID: "p1", Round: code, Said: map[string]string{"en": "a"}, Did: map[string]string{"en": "b"}})
	forms := map[string]url.Values{
		"/workers/rounds":                    roundForm(uniqueCode("CX"), ""),
		"/workers/rounds/" + code + "/close": {},
		"/workers/rounds/" + code + "/posts": {"said.en": {"forged"}, "did.en": {"forged"}},
		"/workers/posts/p1/delete":           {},
		"/workers/sign-out":                  {},
	}
	for path, form := range forms {
		for name, attack := range map[string]func(url.Values, *http.Request){
			"no token":     func(url.Values, *http.Request) {},
			"forged token": func(f url.Values, _ *http.Request) { f.Set("csrf", "x."+csrf[2:]) },
			"other site":   func(f url.Values, r *http.Request) { f.Set("csrf", csrf); r.Header.Set("Sec-Fetch-Site", "cross-site") },
		} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			req := httptest.NewRequest("POST", path, nil)
			attack(f, req)
			req.Body = http.NoBody
			forged := httptest.NewRequest("POST", path, strings.NewReader(f.Encode()))
			forged.Header = req.Header
			forged.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			forged.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
			rec := httptest.NewRecorder()
			w.handler.ServeHTTP(rec, forged)
			if path == "/workers/sign-out" {
				if rec.Code != http.StatusSeeOther || w.do("GET", "/workers/", nil, session).Code != http.StatusOK {
					t.Errorf("%s with %s ended the session", path, name)
				}
				continue
			}
			if rec.Code != http.StatusForbidden {
				t.Errorf("%s with %s: %d, want 403", path, name, rec.Code)
			}
		}
	}
	round, _, _ := st.GetRound(context.Background(), code)
	posts, _ := st.Posts(context.Background())
	rounds, _ := st.Rounds(context.Background())
	if round.State(time.Now()) != feedback.Open || len(posts) != 1 || len(rounds) != 1 {
		t.Errorf("a forged form changed something: round %s, %d posts, %d rounds", round.State(time.Now()), len(posts), len(rounds))
	}
}

func TestYouSaidWeDidReachesYoungPeopleInTheirLanguage(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		session, csrf := w.signedInWorker()
		code := uniqueCode("NW")
		w.do("POST", "/workers/rounds", roundForm(code, csrf), session)
		marker := uniqueCode("waiting room ")
		if rec := w.do("POST", "/workers/rounds/"+code+"/posts", url.Values{"csrf": {csrf}, "said.pl": {"tylko po polsku"}, "did.pl": {"x"}}, session); rec.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(rec.Body.String(), "tylko po polsku") {
			t.Errorf("a post with no English: %d, or the Polish was lost", rec.Code)
		}
		published := w.do("POST", "/workers/rounds/"+code+"/posts", url.Values{"csrf": {csrf},
			"said.en": {"The " + marker + " felt unsafe <script>alert(1)</script>"}, "did.en": {"We moved sessions to the library."},
			"said.pl": {"Poczekalnia " + marker}, "did.pl": {"Przenieśliśmy spotkania do biblioteki."}}, session)
		if published.Code != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", published.Code, published.Body)
		}
		pl := w.do("GET", "/pl/you-said-we-did", nil, "").Body.String()
		if !strings.Contains(pl, "Poczekalnia "+marker) || !strings.Contains(pl, "biblioteki") {
			t.Errorf("Polish page lacks the Polish post")
		}
		ur := w.do("GET", "/ur/you-said-we-did", nil, "")
		body := ur.Body.String()
		if ur.Code != http.StatusOK || !strings.Contains(body, marker) || !strings.Contains(body, `lang="en" dir="ltr"`) || strings.Contains(body, "<script>alert") {
			t.Errorf("Urdu page: %d; the English must show, marked and escaped", ur.Code)
		}
		if strings.Contains(body, "amy@example.org") {
			t.Error("the worker's email is public")
		}
		var id string
		posts, _ := st.Posts(context.Background())
		for _, p := range posts {
			if strings.Contains(p.Said["en"], marker) {
				id = p.ID
			}
		}
		w.do("POST", "/workers/posts/"+id+"/delete", url.Values{"csrf": {csrf}, "round": {code}}, session)
		if strings.Contains(w.do("GET", "/en/you-said-we-did", nil, "").Body.String(), marker) {
			t.Error("a post taken down is still shown")
		}
	})
}

func TestPosterAndReportPrintForARound(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, "https://heard.example.org")
	session := sessionFrom(t, w.signIn("amy@example.org", workerPassword)).Value
	csrf := field(t, w.do("GET", "/workers/", nil, session).Body.String(), "csrf")
	code := uniqueCode("PR")
	w.do("POST", "/workers/rounds", roundForm(code, csrf), session)
	poster := w.do("GET", "/workers/rounds/"+code+"/poster", nil, session).Body.String()
	for _, want := range []string{"<svg", "QR code for https://heard.example.org/feedback/" + code, "https://heard.example.org/feedback/" + code,
		"text " + code + " to 07700 900000", `lang="ur"`, "999"} {
		if !strings.Contains(poster, want) {
			t.Errorf("poster lacks %q", want)
		}
	}
	if general := w.do("GET", "/workers/rounds/general/poster", nil, w.sessionOf(ada)).Body.String(); !strings.Contains(general, "text SAY to 07700 900000") ||
		!strings.Contains(general, "https://heard.example.org/feedback<") && !strings.Contains(general, "https://heard.example.org/feedback\"") {
		t.Error("the standing round's poster does not say to text SAY, or links elsewhere")
	}
	report := w.do("GET", "/workers/rounds/"+code+"/report", nil, session)
	body := report.Body.String()
	if report.Code != http.StatusOK {
		t.Fatalf("report: %d", report.Code)
	}
	for _, p := range feedback.Principles {
		if !strings.Contains(body, fmt.Sprintf(">%d. %s<", p.Number, strings.ReplaceAll(p.Name, "'", "&#39;"))) {
			t.Errorf("report lacks principle %d", p.Number)
		}
	}
	if !strings.Contains(body, "Was the room warm enough?") {
		t.Error("the report leaves out the round's own question")
	}
}

func TestPagesMadeForARequestAreGzippedAndNeverCached(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, testPublicURL)
	for _, path := range []string{"/en/feedback", "/ur/you-said-we-did", "/workers/sign-in"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		rec := httptest.NewRecorder()
		w.handler.ServeHTTP(rec, req)
		if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: encoding %q, cache %q", path, rec.Header().Get("Content-Encoding"), rec.Header().Get("Cache-Control"))
			continue
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(zr)
		if !strings.Contains(string(page), `id="quick-exit"`) {
			t.Errorf("%s does not unzip to the page", path)
		}
	}
}
