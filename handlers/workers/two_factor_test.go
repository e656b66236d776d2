package workers_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/store"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"golang.org/x/net/html"
)

// clock is the site's time, which these tests move: codes change every 30
// seconds, and a pending sign-in lasts 10 minutes.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// factorSite is the whole site on a store, on a clock the test moves.
type factorSite struct {
	t       *testing.T
	handler http.Handler
	store   store.Store
	clock   *clock
}

func newFactorSite(t *testing.T, st store.Store) *factorSite {
	t.Helper()
	lib, bundle := loadWords(t)
	// A step's start, so that moving by 30 s moves exactly one step.
	clk := &clock{now: time.Unix(1_900_000_020, 0)}
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Store: st, Secret: testSecret, Now: clk.Now}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	return &factorSite{t: t, handler: h, store: st, clock: clk}
}

// account makes an account of this run's own (tests share one Redis).
func (s *factorSite) account(role, team string) string {
	s.t.Helper()
	email := strings.ToLower(rand.Text()) + "@example.org"
	hash, err := accounts.HashPassword(workerPassword)
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.store.PutUser(context.Background(), accounts.User{Email: email, Role: role, Team: team, PasswordHash: hash, Created: time.Now()}); err != nil {
		s.t.Fatal(err)
	}
	return email
}

// team makes a team of this run's own.
func (s *factorSite) team(requires bool) accounts.Team {
	s.t.Helper()
	team := accounts.Team{ID: accounts.NewTeamID(), Name: "Team " + rand.Text()[:8], Created: time.Now()}
	ctx := context.Background()
	if err := s.store.CreateTeam(ctx, team); err != nil {
		s.t.Fatal(err)
	}
	if err := s.store.SetTeamTwoFactor(ctx, team.ID, requires); err != nil {
		s.t.Fatal(err)
	}
	team.RequireTwoFactor = requires
	return team
}

// browser keeps its cookies between requests, as a browser does.
type browser struct {
	site    *factorSite
	cookies map[string]string
}

func (s *factorSite) browser() *browser { return &browser{site: s, cookies: map[string]string{}} }

func (b *browser) do(method, target string, form url.Values) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for name, value := range b.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	rec := httptest.NewRecorder()
	b.site.handler.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return rec
}

// post sends a page's form: its token, and the fields given.
func (b *browser) post(page, target string, form url.Values) *httptest.ResponseRecorder {
	b.site.t.Helper()
	form.Set("csrf", field(b.site.t, b.do("GET", page, nil).Body.String(), "csrf"))
	return b.do("POST", target, form)
}

func (b *browser) signIn(email string) *httptest.ResponseRecorder {
	return b.post(workersSignIn, workersSignIn, url.Values{"email": {email}, "password": {workerPassword}})
}

// secretShown reads the key the enrolment page shows for typing in, and
// checks the page draws a QR code beside it.
func (b *browser) secretShown() string {
	t := b.site.t
	t.Helper()
	rec := b.do("GET", "/workers/two-factor/enrol", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("the enrolment page: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	doc := parse(t, rec.Body.String())
	qr := first(doc, func(n *html.Node) bool { return attr(n, "class") == "factor-qr" })
	if qr == nil || first(qr, tag("svg")) == nil || attr(first(qr, tag("svg")), "role") != "img" {
		t.Fatal("the enrolment page draws no QR code")
	}
	shown := first(doc, func(n *html.Node) bool { return attr(n, "class") == "factor-secret" })
	if shown == nil || !regexp.MustCompile(`^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$`).MatchString(text(shown)) {
		t.Fatalf("the secret is not shown in groups of four: %v", shown)
	}
	return strings.ReplaceAll(text(shown), " ", "")
}

// code is what an authenticator app shows for secret, steps from now.
func (s *factorSite) code(secret string, steps int) string {
	s.t.Helper()
	code, err := totp.GenerateCodeCustom(secret, s.clock.Now().Add(time.Duration(steps)*30*time.Second),
		totp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		s.t.Fatal(err)
	}
	return code
}

var recoveryCode = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$`)

// codesShown reads the recovery codes a page shows.
func codesShown(t *testing.T, body string) []string {
	t.Helper()
	var codes []string
	list := first(parse(t, body), func(n *html.Node) bool { return attr(n, "class") == "recovery-codes" })
	if list == nil {
		t.Fatal("no recovery codes shown")
	}
	for _, li := range all(list, tag("li")) {
		if !recoveryCode.MatchString(text(li)) {
			t.Errorf("a recovery code shown as %q", text(li))
		}
		codes = append(codes, text(li))
	}
	return codes
}

// enrol signs in an account that must enrol, and enrols it through the
// pages; it returns the secret and the recovery codes, signed in.
func (b *browser) enrol(email string) (string, []string) {
	t := b.site.t
	t.Helper()
	if rec := b.signIn(email); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/workers/two-factor/enrol" {
		t.Fatalf("sign-in of an account that must enrol: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	secret := b.secretShown()
	rec := b.post("/workers/two-factor/enrol", "/workers/two-factor/enrol", url.Values{"code": {b.site.code(secret, 0)}})
	if rec.Code != http.StatusOK {
		t.Fatalf("confirming the enrolment: %d", rec.Code)
	}
	return secret, codesShown(t, rec.Body.String())
}

func (b *browser) signOut() {
	b.site.t.Helper()
	b.post(workersHome, "/workers/sign-out", url.Values{})
	if b.cookies[sessionCookie] != "" {
		b.site.t.Fatal("still signed in after signing out")
	}
}

// trailOf counts the audit trail's entries by who, of each action, with
// their account or team.
func (s *factorSite) trailOf(query audit.Query) map[string]int {
	s.t.Helper()
	page, err := audit.NewTrail(s.store, s.clock.Now).List(context.Background(), query)
	if err != nil {
		s.t.Fatal(err)
	}
	counts := map[string]int{}
	for _, e := range page.Entries {
		counts[strings.TrimRight(strings.Join([]string{e.What.String(), e.Account, e.Team}, " "), " ")]++
	}
	return counts
}

func problemOf(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	n := first(parse(t, rec.Body.String()), func(n *html.Node) bool { return attr(n, "role") == "alert" })
	if n == nil {
		return ""
	}
	return text(n)
}

// An admin with no second factor is sent to set one up at sign-in, and
// reaches no results before a code from the app confirms it; then each
// sign-in asks for a code, and each code works once, within a step either
// side; each recovery code works once.
func TestAnAdminEnrolsThenSignsInWithCodesFromTheApp(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		email := s.account(accounts.RoleAdmin, "")
		b := s.browser()
		if rec := b.signIn(email); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/workers/two-factor/enrol" {
			t.Fatalf("an admin without a second factor: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if b.cookies[sessionCookie] != "" {
			t.Fatal("a session started before the second factor was set up")
		}
		for _, path := range []string{"/workers/", "/workers/rounds/general", "/workers/rounds/general/export.csv", "/workers/two-factor"} {
			if rec := b.do("GET", path, nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersSignIn {
				t.Errorf("%s before enrolling: %d to %q", path, rec.Code, rec.Header().Get("Location"))
			}
		}
		secret := b.secretShown()
		if again := b.secretShown(); again != secret {
			t.Error("the enrolment page shown again shows another secret")
		}
		rec := b.post("/workers/two-factor/enrol", "/workers/two-factor/enrol", url.Values{"code": {s.code(secret, 3)}})
		if rec.Code != http.StatusUnauthorized || !strings.Contains(problemOf(t, rec), "not right") || b.cookies[sessionCookie] != "" {
			t.Fatalf("a wrong code confirmed the enrolment: %d %q", rec.Code, problemOf(t, rec))
		}
		rec = b.post("/workers/two-factor/enrol", "/workers/two-factor/enrol", url.Values{"code": {s.code(secret, 0)}})
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "only time they are shown") {
			t.Fatalf("confirming: %d", rec.Code)
		}
		codes := codesShown(t, rec.Body.String())
		if len(codes) != accounts.RecoveryCodes || b.cookies[sessionCookie] == "" || b.cookies["heard_pending"] != "" {
			t.Fatalf("after confirming: %d codes, cookies %v", len(codes), b.cookies)
		}
		if rec := b.do("GET", "/workers/rounds/general", nil); rec.Code != http.StatusOK {
			t.Fatalf("results after enrolling: %d", rec.Code)
		}
		b.signOut()

		// The code that confirmed is used: it cannot sign in too.
		code := func(c string) *httptest.ResponseRecorder {
			return b.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {c}})
		}
		if rec := b.signIn(email); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/workers/sign-in/code" || b.cookies[sessionCookie] != "" {
			t.Fatalf("sign-in with a second factor: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if rec := code(s.code(secret, 0)); rec.Code != http.StatusUnauthorized || !strings.Contains(problemOf(t, rec), "used already") {
			t.Errorf("the enrolment's code again: %d %q", rec.Code, problemOf(t, rec))
		}
		// Three steps on, a code from the step before now (a slow phone) is taken.
		s.clock.add(90 * time.Second)
		if rec := code(s.code(secret, -1)); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersHome || b.cookies[sessionCookie] == "" {
			t.Fatalf("a code one step behind: %d %q", rec.Code, problemOf(t, rec))
		}
		b.signOut()
		b.signIn(email)
		if rec := code(s.code(secret, -1)); rec.Code != http.StatusUnauthorized || !strings.Contains(problemOf(t, rec), "used already") {
			t.Errorf("a code replayed: %d %q", rec.Code, problemOf(t, rec))
		}
		if rec := code(s.code(secret, 2)); rec.Code != http.StatusUnauthorized || !strings.Contains(problemOf(t, rec), "not right") {
			t.Errorf("a code two steps ahead: %d %q", rec.Code, problemOf(t, rec))
		}
		if rec := code(s.code(secret, 1)); rec.Code != http.StatusSeeOther || b.cookies[sessionCookie] == "" {
			t.Fatalf("a code one step ahead (a fast phone): %d %q", rec.Code, problemOf(t, rec))
		}
		b.signOut()

		// A recovery code instead, typed as people do; it works once.
		recover := func(c string) *httptest.ResponseRecorder {
			return b.post("/workers/sign-in/recovery", "/workers/sign-in/recovery", url.Values{"code": {c}})
		}
		b.signIn(email)
		if rec := recover(" " + strings.ToUpper(codes[4]) + " "); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/workers/two-factor" {
			t.Fatalf("a recovery code: %d %q", rec.Code, problemOf(t, rec))
		}
		if page := b.do("GET", "/workers/two-factor", nil).Body.String(); !strings.Contains(page, "You have 9 recovery codes left") {
			t.Error("the second factor's page does not say 9 recovery codes are left")
		}
		b.signOut()
		b.signIn(email)
		if rec := recover(codes[4]); rec.Code != http.StatusUnauthorized || !strings.Contains(problemOf(t, rec), "has been used") || b.cookies[sessionCookie] != "" {
			t.Errorf("a recovery code used twice: %d %q", rec.Code, problemOf(t, rec))
		}
		if rec := recover(codes[5]); rec.Code != http.StatusSeeOther {
			t.Errorf("another recovery code: %d %q", rec.Code, problemOf(t, rec))
		}
		// Each sign-in is in the audit trail, and how it was done; wrong codes are not.
		want := map[string]int{"enrolled-two-factor": 1, "signed-in": 3, "signed-in-with-recovery-code": 2}
		if got := s.trailOf(audit.Query{Who: email}); !maps.Equal(got, want) {
			t.Errorf("the audit trail holds %v, want %v", got, want)
		}
	})
}

// Wrong codes count toward the lock-out with the wrong passwords, and the
// page says so kindly; then not even a right code or password gets in.
func TestWrongCodesLockTheAccountAndThePageSaysWhatToDo(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		email := s.account(accounts.RoleAdmin, "")
		b := s.browser()
		secret, _ := b.enrol(email)
		b.signOut()
		s.clock.add(time.Minute)
		b.signIn(email) // the first try in the window
		for i := range accounts.LockoutTries - 1 {
			rec := b.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {"000000"}})
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("wrong code %d: %d %q", i+1, rec.Code, problemOf(t, rec))
			}
		}
		rec := b.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {s.code(secret, 0)}})
		if rec.Code != http.StatusTooManyRequests || !strings.Contains(problemOf(t, rec), "Please wait 15 minutes") || b.cookies[sessionCookie] != "" {
			t.Errorf("a right code after %d wrong tries: %d %q", accounts.LockoutTries, rec.Code, problemOf(t, rec))
		}
		if first(parse(t, rec.Body.String()), byID("code")) == nil {
			t.Error("the locked-out page lost its form")
		}
		if rec := b.signIn(email); rec.Code != http.StatusTooManyRequests {
			t.Errorf("the password while locked out: %d", rec.Code)
		}
	})
}

// A pending sign-in is not a session, lasts ten minutes, and ends with a
// new password; its forms need its own token.
func TestAPendingSignInReachesOnlyItsStepAndRunsOut(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	s := newFactorSite(t, st)
	email := s.account(accounts.RoleAdmin, "")
	b := s.browser()
	secret, _ := b.enrol(email)
	b.signOut()
	s.clock.add(time.Minute)

	b.signIn(email)
	if rec := b.do("GET", "/workers/two-factor/enrol", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersSignIn {
		t.Errorf("enrolment reached from the code step: %d", rec.Code)
	}
	// The form's token: none, or another pending sign-in's.
	other := s.browser()
	other.signIn(email)
	otherToken := field(t, other.do("GET", "/workers/sign-in/code", nil).Body.String(), "csrf")
	for name, token := range map[string]string{"none": "", "another sign-in's": otherToken} {
		rec := b.do("POST", "/workers/sign-in/code", url.Values{"csrf": {token}, "code": {s.code(secret, 0)}})
		if rec.Code != http.StatusForbidden || b.cookies[sessionCookie] != "" {
			t.Errorf("the code with %s token: %d", name, rec.Code)
		}
	}
	// From another site, even with the page's token.
	token := field(t, b.do("GET", "/workers/sign-in/code", nil).Body.String(), "csrf")
	req := httptest.NewRequest("POST", "/workers/sign-in/code", strings.NewReader(url.Values{"csrf": {token}, "code": {s.code(secret, 0)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: "heard_pending", Value: b.cookies["heard_pending"]})
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || strings.Contains(rec.Header().Get("Set-Cookie"), sessionCookie) {
		t.Errorf("a code from another site: %d", rec.Code)
	}
	// Another account's name in the cookie breaks its signature.
	victim := s.account(accounts.RoleAdmin, "")
	s.browser().enrol(victim)
	forged := strings.Replace(b.cookies["heard_pending"], strings.Split(b.cookies["heard_pending"], ".")[0],
		base64.RawURLEncoding.EncodeToString([]byte(victim)), 1)
	req = httptest.NewRequest("GET", "/workers/sign-in/code", nil)
	req.AddCookie(&http.Cookie{Name: "heard_pending", Value: forged})
	rec = httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Errorf("a pending sign-in with another name: %d", rec.Code)
	}
	// Ten minutes on, it has run out, and the page says what to do.
	other.do("GET", "/workers/sign-in/code", nil)
	s.clock.add(10*time.Minute + time.Second)
	rec = other.do("POST", "/workers/sign-in/code", url.Values{"csrf": {otherToken}, "code": {s.code(secret, 0)}})
	if rec.Code != http.StatusUnauthorized || !strings.Contains(problemOf(t, rec), "sign in again") || other.cookies[sessionCookie] != "" {
		t.Errorf("after ten minutes: %d %q", rec.Code, problemOf(t, rec))
	}
	// A new password ends it.
	b.signIn(email)
	if rec := b.do("GET", "/workers/sign-in/code", nil); rec.Code != http.StatusOK {
		t.Fatalf("the code step: %d", rec.Code)
	}
	u, _, _ := st.GetUser(context.Background(), email)
	u.PasswordHash, _ = accounts.HashPassword("a new long password")
	st.PutUser(context.Background(), u)
	if rec := b.do("GET", "/workers/sign-in/code", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersSignIn {
		t.Errorf("after a new password: %d", rec.Code)
	}
}

// A pending sign-in that must set up a second factor ends once the account
// has one. Its cookie lasts ten minutes and nothing is kept for it, so a
// copy taken before the worker enrolled (from a shared computer, or by
// whoever knew the password) must not set up a second factor of its own
// over the worker's and sign in without a code from the worker's app.
func TestAPendingEnrolmentEndsOnceTheAccountHasASecondFactor(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		email := s.account(accounts.RoleAdmin, "")
		worker := s.browser()
		if rec := worker.signIn(email); rec.Header().Get("Location") != "/workers/two-factor/enrol" {
			t.Fatalf("sign-in of an admin without a second factor: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		copied := s.browser()
		copied.cookies["heard_pending"] = worker.cookies["heard_pending"]
		token := field(t, copied.do("GET", "/workers/two-factor/enrol", nil).Body.String(), "csrf")

		secret := worker.secretShown()
		if rec := worker.post("/workers/two-factor/enrol", "/workers/two-factor/enrol", url.Values{"code": {s.code(secret, 0)}}); rec.Code != http.StatusOK {
			t.Fatalf("the worker confirming their second factor: %d", rec.Code)
		}
		s.clock.add(30 * time.Second)

		// Whatever code it sends: the worker's, or one from a secret it is shown.
		codes := []string{s.code(secret, 0)}
		if rec := copied.do("GET", "/workers/two-factor/enrol", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersSignIn {
			t.Errorf("the copied pending sign-in reached enrolment again: %d to %q", rec.Code, rec.Header().Get("Location"))
			codes = append(codes, s.code(copied.secretShown(), 0))
		}
		for _, code := range codes {
			rec := copied.do("POST", "/workers/two-factor/enrol", url.Values{"csrf": {token}, "code": {code}})
			if rec.Code == http.StatusOK || copied.cookies[sessionCookie] != "" {
				t.Fatalf("the copied pending sign-in set up a second factor and signed in: %d", rec.Code)
			}
		}
		// The worker's own second factor still signs them in.
		worker.signOut()
		worker.signIn(email)
		if rec := worker.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {s.code(secret, 0)}}); rec.Code != http.StatusSeeOther || worker.cookies[sessionCookie] == "" {
			t.Errorf("the worker's own code after the attempt: %d %q", rec.Code, problemOf(t, rec))
		}
		if got := s.trailOf(audit.Query{Who: email})["enrolled-two-factor"]; got != 1 {
			t.Errorf("%d enrolments in the trail, want the worker's one", got)
		}
	})
}
