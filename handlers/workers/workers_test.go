package workers_test

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/metrics"
	"heard/sms"
	"heard/store"

	"github.com/pquerna/otp/totp"
)

const (
	workerPassword = "a long worker password"
	testSMSNumber  = "07700 900000" // Ofcom's range for drama: never a real line
)

type workerSite struct {
	t       *testing.T
	handler http.Handler
	store   store.Store
	team    accounts.Team // amy's
	now     func() time.Time
	// keys are the second factors of the accounts that have one (ada's,
	// as every admin must): signIn types a code from them.
	keys map[string]string
	// storeErrors, on a patient site, counts the store's failed calls:
	// do sends a request again when Heard answered it 503 because its
	// store failed, once the store answers again (see patientSite).
	storeErrors func() float64
	// mark is the cookie the sign-in and one-time link pages set, which
	// their forms need: the site's requests carry it, as one browser's.
	mu   sync.Mutex
	mark string
}

// The accounts every test site has: amy, a worker in the team "Northside
// Youth Team"; ada, an admin of no team; and a disabled worker.
const (
	amy = "amy@example.org"
	ada = "ada@example.org"
)

func newWorkerSite(t *testing.T, st store.Store, publicURL string) *workerSite {
	t.Helper()
	return newWorkerSiteAt(t, st, publicURL, nil)
}

// newWorkerSiteAt is a site whose clock is now (nil: the real one).
func newWorkerSiteAt(t *testing.T, st store.Store, publicURL string, now func() time.Time) *workerSite {
	t.Helper()
	lib, bundle := loadWords(t)
	engine, err := sms.NewEngine(lib, bundle, testBank(t), publicURL)
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{PublicURL: mustURL(publicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Store: st, Secret: testSecret, SMS: SMS{Engine: engine}, SMSNumber: testSMSNumber, Now: now}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := accounts.HashPassword(workerPassword)
	if err != nil {
		t.Fatal(err)
	}
	team, err := accounts.FindTeam(context.Background(), st, "Northside Youth Team") // a second site on the same store
	if errors.Is(err, accounts.ErrNoTeam) {
		team, err = accounts.AddTeam(context.Background(), st, "Northside Youth Team", time.Now())
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []accounts.User{{Email: amy, Role: accounts.RoleWorker, Team: team.ID}, {Email: ada, Role: accounts.RoleAdmin},
		{Email: "gone@example.org", Role: accounts.RoleWorker, Team: team.ID, Disabled: true}} {
		u.PasswordHash, u.Created = hash, time.Now()
		if err := st.PutUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	if now == nil {
		now = time.Now
	}
	return &workerSite{t: t, handler: h, store: st, team: team, now: now,
		keys: map[string]string{ada: enrolAt(t, st, ada, time.Unix(86400, 0))}}
}

func (w *workerSite) do(method, target string, form url.Values, cookie string) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	}
	var before float64
	if w.storeErrors != nil {
		before = w.storeErrors()
	}
	rec := w.serve(req)
	if w.storeErrors == nil {
		return rec
	}
	if failed := w.storeErrors() - before; rec.Code == http.StatusServiceUnavailable && failed > 0 {
		w.untilTheStoreAnswers()
		return w.do(method, target, form, cookie)
	}
	return rec
}

// serve sends req with the site's mark, and keeps the mark it is given.
func (w *workerSite) serve(req *http.Request) *httptest.ResponseRecorder {
	w.mu.Lock()
	if w.mark != "" {
		req.AddCookie(&http.Cookie{Name: markCookie, Value: w.mark})
	}
	w.mu.Unlock()
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == markCookie {
			w.mu.Lock()
			w.mark = c.Value
			if c.MaxAge < 0 {
				w.mark = ""
			}
			w.mu.Unlock()
		}
	}
	return rec
}

// patientSite is a site whose requests are sent again when Heard answers
// 503 ("not available right now: nothing was done, try again") because its
// store failed a call, as a person would once it answers. The embedded
// store fails calls at once while a write has been at work for 2 seconds
// with none finishing, and a disk shared with heavy test runs can do
// that. A 503 with no failed store call is Heard's own, and the test's to
// judge; a store that stays unavailable fails the test.
func patientSite(t *testing.T, st store.Store) *workerSite {
	t.Helper()
	m := metrics.New()
	w := newWorkerSite(t, m.Store(st), testPublicURL)
	w.storeErrors = func() float64 {
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		var n float64
		for line := range strings.Lines(rec.Body.String()) {
			if rest, ok := strings.CutPrefix(line, "heard_store_errors_total{"); ok {
				_, count, _ := strings.Cut(rest, "} ")
				v, _ := strconv.ParseFloat(strings.TrimSpace(count), 64)
				n += v
			}
		}
		return n
	}
	return w
}

// untilTheStoreAnswers waits, for up to a minute, until the store takes a
// write.
func (w *workerSite) untilTheStoreAnswers() {
	w.t.Helper()
	probe := "test-probe:" + rand.Text()
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := w.store.Hit(ctx, probe, time.Minute)
		cancel()
		switch {
		case err == nil:
			return
		case time.Now().After(deadline):
			w.t.Fatalf("the store has not answered for a minute: %v", err)
		}
	}
}

// signIn signs in with the sign-in form and, for an account with a second
// factor, a code from it: it returns the last step's answer.
func (w *workerSite) signIn(email, password string) *httptest.ResponseRecorder {
	csrf := field(w.t, w.do("GET", "/workers/sign-in", nil, "").Body.String(), "csrf")
	rec := w.do("POST", "/workers/sign-in", url.Values{"csrf": {csrf}, "email": {email}, "password": {password}}, "")
	key, ok := w.keys[accounts.NormaliseEmail(email)]
	if !ok || rec.Header().Get("Location") != "/workers/sign-in/code" {
		return rec
	}
	// These tests are about other pages, and sign in more often than codes
	// change: the code's own tests hold that each works once.
	if err := w.store.ChangeTwoFactor(context.Background(), accounts.NormaliseEmail(email), func(tf *accounts.TwoFactor) error {
		tf.LastStep = 0
		return nil
	}); err != nil {
		w.t.Fatal(err)
	}
	var pending *http.Cookie
	for _, c := range rec.Result().Cookies() {
		if c.Name == "heard_pending" {
			pending = c
		}
	}
	send := func(method string, form url.Values) *httptest.ResponseRecorder {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req := httptest.NewRequest(method, "/workers/sign-in/code", body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.AddCookie(pending)
		rec := httptest.NewRecorder()
		w.handler.ServeHTTP(rec, req)
		return rec
	}
	code, err := totp.GenerateCode(key, w.now())
	if err != nil {
		w.t.Fatal(err)
	}
	return send("POST", url.Values{"csrf": {field(w.t, send("GET", nil).Body.String(), "csrf")}, "code": {code}})
}

func sessionFrom(t *testing.T, rec *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	t.Fatalf("no session cookie: %d %s", rec.Code, rec.Body)
	return nil
}

func TestWorkersPagesRevealNothingWithoutSignIn(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, testPublicURL)
	for _, path := range []string{"/workers/", "/workers/rounds/general", "/workers/rounds/general/export.csv", "/workers/rounds/general/export.json",
		"/workers/rounds/general/poster", "/workers/rounds/general/report", "/workers/rounds/new", "/workers/rounds/secret", "/workers/../workers/", "/workers"} {
		for _, cookie := range []string{"", "made-up-session"} {
			rec := w.do("GET", path, nil, cookie)
			if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || (loc != workersSignIn && loc != workersHome) {
				t.Errorf("%s (cookie %q): %d to %q", path, cookie, rec.Code, loc)
			}
			if strings.Contains(rec.Body.String(), "responses") {
				t.Errorf("%s: leaks results", path)
			}
		}
	}
}

func TestWorkerSignsInSeesResultsAndExportsSafeCSV(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		ctx := context.Background()
		st.SaveResponse(ctx, feedback.Response{Round: feedback.Standing, Channel: "web", Lang: "ur", At: time.Now(),
			Answers: map[string]int{"listened": 4}, Comment: "=HYPERLINK(\"http://evil\") <script>x</script>", Flag: "disclosure"})
		rec := w.signIn("Ada@Example.org", workerPassword) // an admin: the standing round is the admins'

		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersHome {
			t.Fatalf("sign-in: %d %s", rec.Code, rec.Body)
		}
		c := sessionFrom(t, rec)
		if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || !c.Secure || c.Path != "/workers" {
			t.Errorf("cookie %+v", c)
		}
		page := w.do("GET", "/workers/rounds/general", nil, c.Value)
		body := page.Body.String()
		if page.Code != http.StatusOK || !strings.Contains(body, "Did they listen to you?") || !strings.Contains(body, "Sexual abuse or grooming: follow your safeguarding procedure now.") {
			t.Fatalf("dashboard %d", page.Code)
		}
		if strings.Contains(body, "<script>x") || !strings.Contains(body, "&lt;script&gt;x&lt;/script&gt;") {
			t.Error("the comment is not escaped")
		}
		csv := w.do("GET", "/workers/rounds/general/export.csv", nil, c.Value)
		if csv.Code != http.StatusOK || !strings.HasPrefix(csv.Header().Get("Content-Type"), "text/csv") {
			t.Fatalf("export: %d", csv.Code)
		}
		if strings.Contains(csv.Body.String(), ",=HYPERLINK") || strings.Contains(csv.Body.String(), "\"=HYPERLINK") {
			t.Errorf("formula not neutralised: %s", csv.Body)
		}
		js := w.do("GET", "/workers/rounds/general/export.json", nil, c.Value)
		if js.Code != http.StatusOK || !strings.Contains(js.Body.String(), `"suppressed": true`) {
			t.Errorf("JSON export: %d %s", js.Code, js.Body)
		}
	})
}

func TestWorkerSignInLocksAfterRepeatedFailuresAndRefusesDisabledAccounts(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, "http://localhost:8080")
	if rec := w.signIn("nobody@example.org", workerPassword); rec.Code != http.StatusUnauthorized {
		t.Errorf("unknown account: %d", rec.Code)
	}
	if rec := w.signIn("gone@example.org", workerPassword); rec.Code != http.StatusUnauthorized {
		t.Errorf("disabled account: %d", rec.Code)
	}
	for i := 0; i < signInLimit; i++ {
		if rec := w.signIn("amy@example.org", "wrong password guess"); rec.Code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, rec.Code)
		}
	}
	if rec := w.signIn("amy@example.org", workerPassword); rec.Code != http.StatusTooManyRequests {
		t.Errorf("after %d wrong guesses the right password got %d, want a lock-out", signInLimit, rec.Code)
	}
	if c := w.do("GET", "/workers/sign-in", nil, ""); strings.Contains(c.Header().Get("Set-Cookie"), sessionCookie) {
		t.Error("the sign-in page sets a session")
	}
}

func TestSessionsAreFreshEndOnSignOutAndNeedCSRF(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	w := newWorkerSite(t, st, "http://localhost:8080")
	planted := "planted-session-id"
	csrf := field(t, w.do("GET", "/workers/sign-in", nil, planted).Body.String(), "csrf")
	req := httptest.NewRequest("POST", "/workers/sign-in", strings.NewReader(url.Values{"csrf": {csrf}, "email": {"amy@example.org"}, "password": {workerPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: planted})
	rec := w.serve(req)
	session := sessionFrom(t, rec).Value
	if session == planted {
		t.Fatal("the planted session id was kept")
	}
	if c := sessionFrom(t, rec); c.Secure {
		t.Error("Secure cookie over plain http would never come back")
	}
	// Sign-out without the form's token does nothing.
	w.do("POST", "/workers/sign-out", url.Values{}, session)
	if rec := w.do("GET", "/workers/", nil, session); rec.Code != http.StatusOK {
		t.Fatalf("session ended without its CSRF token: %d", rec.Code)
	}
	token := field(t, w.do("GET", "/workers/", nil, session).Body.String(), "csrf")
	w.do("POST", "/workers/sign-out", url.Values{"csrf": {token}}, session)
	if rec := w.do("GET", "/workers/", nil, session); rec.Code != http.StatusSeeOther {
		t.Errorf("after sign-out the session still works: %d", rec.Code)
	}
	// Cross-site sign-in is refused, even with this browser's own token.
	csrf = field(t, w.do("GET", "/workers/sign-in", nil, "").Body.String(), "csrf")
	cross := httptest.NewRequest("POST", "/workers/sign-in", strings.NewReader(url.Values{"csrf": {csrf}, "email": {"amy@example.org"}, "password": {workerPassword}}.Encode()))
	cross.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cross.Header.Set("Origin", "https://evil.example")
	rec = w.serve(cross)
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site sign-in: %d", rec.Code)
	}
	// Disabling an account ends its sessions.
	second := sessionFrom(t, w.signIn("amy@example.org", workerPassword)).Value
	u, _, _ := st.GetUser(context.Background(), "amy@example.org")
	u.Disabled = true
	st.PutUser(context.Background(), u)
	if rec := w.do("GET", "/workers/", nil, second); rec.Code != http.StatusSeeOther {
		t.Errorf("a disabled account's session still works: %d", rec.Code)
	}
}
