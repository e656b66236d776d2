package workers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/store"
)

// A sign-in form's token works only in the browser that opened the form:
// it is bound to a random value in a short-lived cookie of that browser.
// So a page elsewhere cannot sign a worker's browser into an attacker's
// account (login CSRF) with a token the attacker fetched, even in a
// browser that sends neither Sec-Fetch-Site nor Origin (Safari before
// 16.4), as these requests do. The refusal is the sign-in page with a kind
// problem and a form that works; the same holds for a one-time link's form.
func TestASignInFormWorksOnlyInTheBrowserThatOpenedIt(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		attackersAccount := s.account(accounts.RoleWorker, s.team(false).ID)
		attacker := s.browser()
		page := attacker.do("GET", workersSignIn, nil)
		mark := cookieOf(page, "heard_signin")
		if mark == nil || !mark.HttpOnly || mark.SameSite != http.SameSiteStrictMode || !mark.Secure || mark.Path != "/workers" ||
			mark.MaxAge <= 0 || mark.MaxAge > int(time.Hour.Seconds()) || len(mark.Value) < 26 {
			t.Errorf("the sign-in form's cookie: %+v", mark)
		}
		forged := url.Values{"csrf": {field(t, page.Body.String(), "csrf")}, "email": {attackersAccount}, "password": {workerPassword}}

		// The worker's browser, with no cookie of its own, or with its own
		// sign-in form open.
		fresh, own := s.browser(), s.browser()
		own.do("GET", workersSignIn, nil)
		for name, victim := range map[string]*browser{"a browser that never opened the form": fresh, "a browser with its own form open": own} {
			rec := victim.do("POST", workersSignIn, forged)
			if rec.Code != http.StatusForbidden || victim.cookies[sessionCookie] != "" || victim.cookies["heard_pending"] != "" {
				t.Errorf("%s, sent another browser's token: %d, signed in: %t", name, rec.Code, victim.cookies[sessionCookie] != "")
			}
			if problem := problemOf(t, rec); !strings.Contains(problem, "type your email and password again") || !strings.Contains(problem, "cookies") {
				t.Errorf("%s: the problem says %q", name, problem)
			}
			// The page it gets back is a sign-in form that works, in this browser.
			again := url.Values{"csrf": {field(t, rec.Body.String(), "csrf")}, "email": {attackersAccount}, "password": {workerPassword}}
			if rec := victim.do("POST", workersSignIn, again); rec.Code != http.StatusSeeOther || victim.cookies[sessionCookie] == "" {
				t.Errorf("%s, signing in from the page it got back: %d", name, rec.Code)
			}
		}
		// The attacker's own browser signs in with it, and the mark is gone.
		if rec := attacker.do("POST", workersSignIn, forged); rec.Code != http.StatusSeeOther || attacker.cookies[sessionCookie] == "" {
			t.Errorf("the browser that opened the form: %d", rec.Code)
		}
		if attacker.cookies["heard_signin"] != "" {
			t.Error("the sign-in form's cookie outlives the sign-in")
		}

		// A one-time link's form, likewise: the link goes on working.
		token, _, err := accounts.InviteWorker(t.Context(), st, strings.ToLower(uniqueCode("inv"))+"@example.org", accounts.RoleWorker, s.team(false).ID, s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		link := accounts.InvitePath(token)
		opener, victim := s.browser(), s.browser()
		choose := url.Values{"csrf": {field(t, opener.do("GET", link, nil).Body.String(), "csrf")}, "password": {"a long new password"}, "again": {"a long new password"}}
		rec := victim.do("POST", link, choose)
		if rec.Code != http.StatusForbidden || !strings.Contains(problemOf(t, rec), "Your link still works") {
			t.Errorf("a link's form sent from another browser: %d %q", rec.Code, problemOf(t, rec))
		}
		if rec := opener.do("POST", link, choose); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Your password is set") {
			t.Errorf("the link in the browser that opened it: %d", rec.Code)
		}
	})
}

// cookieOf is the cookie a response sets by name, or nil.
func cookieOf(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
