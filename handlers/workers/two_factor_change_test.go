package workers_test

import (
	"bytes"
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/store"

	"golang.org/x/net/html"
)

// factorInUse is what signs an account in: its secret, the last step used,
// its recovery codes and when it was set up (not a new secret waiting).
func factorInUse(t *testing.T, st store.Store, email string) accounts.TwoFactor {
	t.Helper()
	u, found, err := st.GetUser(context.Background(), email)
	if err != nil || !found {
		t.Fatalf("the account: %v %v", found, err)
	}
	u.TwoFactor.Pending = nil
	return u.TwoFactor
}

func sameFactor(a, b accounts.TwoFactor) bool {
	return bytes.Equal(a.Secret, b.Secret) && a.LastStep == b.LastStep && a.Confirmed.Equal(b.Confirmed) &&
		slices.EqualFunc(a.Recovery, b.Recovery, bytes.Equal)
}

// currentRefused checks a change was refused for its current code: the
// problem is beside the field, tied to it, and no recovery codes are shown.
func currentRefused(t *testing.T, name string, rec *httptest.ResponseRecorder, want string) {
	t.Helper()
	doc := parse(t, rec.Body.String())
	problem := first(doc, byID("current-problem"))
	input := first(doc, byID("current"))
	label := first(doc, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == "current" })
	switch {
	case rec.Code != http.StatusUnauthorized:
		t.Errorf("%s: %d, want 401", name, rec.Code)
	case problem == nil || !strings.Contains(text(problem), want):
		t.Errorf("%s: the field's problem is %v, want %q", name, problem, want)
	case input == nil || label == nil || !slices.Contains(strings.Fields(attr(input, "aria-describedby")), "current-problem") || attr(input, "aria-invalid") != "true":
		t.Errorf("%s: the field is not labelled, or its problem not tied to it", name)
	case first(doc, func(n *html.Node) bool { return attr(n, "class") == "recovery-codes" }) != nil:
		t.Errorf("%s: recovery codes shown", name)
	}
}

// Signed in, setting the second factor up again and making new recovery
// codes each need a code from the factor in use: its app's, once, or an
// unused recovery code, which is then used. A session alone (a cookie taken
// from an unlocked laptop) swaps nothing. Only the changes made are in the
// audit trail.
func TestChangingASecondFactorNeedsACurrentCode(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		email := s.account(accounts.RoleAdmin, "")
		b := s.browser()
		secret, _ := b.enrol(email) // its step's code is used
		s.clock.add(30 * time.Second)
		renew := func(current string) *httptest.ResponseRecorder {
			return b.post("/workers/two-factor", "/workers/two-factor/recovery-codes", url.Values{"current": {current}})
		}
		settings := parse(t, b.do("GET", "/workers/two-factor", nil).Body.String())
		if first(settings, byID("current")) == nil || first(settings, func(n *html.Node) bool { return attr(n, "for") == "current" }) == nil {
			t.Fatal("the second factor's page does not ask for a current code, labelled")
		}

		// New recovery codes: none, a wrong one or a replayed one change nothing.
		before := factorInUse(t, st, email)
		refusals := []struct{ name, current, want string }{
			{"no code", "", "Please type the code your app shows now"},
			{"a wrong code", "000000", "not the code your app shows now"},
			{"a made-up recovery code", "abcde-fghjk", "not the code your app shows now"},
			{"the enrolment's code again", s.code(secret, -1), "used already"},
		}
		for _, r := range refusals {
			currentRefused(t, "new recovery codes with "+r.name, renew(r.current), r.want)
		}
		if !sameFactor(before, factorInUse(t, st, email)) {
			t.Fatal("a refused renewal changed the second factor")
		}
		// The right code from the app, once.
		rec := renew(s.code(secret, 0))
		if rec.Code != http.StatusOK {
			t.Fatalf("new recovery codes with the app's code: %d %q", rec.Code, problemOf(t, rec))
		}
		fresh := codesShown(t, rec.Body.String())
		currentRefused(t, "new recovery codes with the same code again", renew(s.code(secret, 0)), "used already")
		// A recovery code, once.
		rec = renew(fresh[0])
		if rec.Code != http.StatusOK {
			t.Fatalf("new recovery codes with a recovery code: %d %q", rec.Code, problemOf(t, rec))
		}
		renewed := codesShown(t, rec.Body.String())
		currentRefused(t, "new recovery codes with a used recovery code", renew(fresh[0]), "not the code your app shows now")

		// Setting it up on a new phone: the page asks for a code from the old one.
		before = factorInUse(t, st, email)
		phone := b.secretShown()
		page := parse(t, b.do("GET", "/workers/two-factor/enrol", nil).Body.String())
		if first(page, byID("current")) == nil || first(page, byID("code")) == nil {
			t.Fatal("setting up again does not ask for a code from the factor in use and one from the new phone")
		}
		confirm := func(current, code string) *httptest.ResponseRecorder {
			return b.post("/workers/two-factor/enrol", "/workers/two-factor/enrol", url.Values{"current": {current}, "code": {code}})
		}
		for _, r := range refusals[:2] {
			currentRefused(t, "setting up again with "+r.name, confirm(r.current, s.code(phone, 0)), r.want)
		}
		currentRefused(t, "setting up again with a code used already", confirm(s.code(secret, 0), s.code(phone, 0)), "used already")
		if !sameFactor(before, factorInUse(t, st, email)) {
			t.Fatal("a refused set-up changed the second factor")
		}
		rec = confirm(renewed[3], s.code(phone, 0))
		if rec.Code != http.StatusOK || len(codesShown(t, rec.Body.String())) != accounts.RecoveryCodes {
			t.Fatalf("setting up again with a recovery code: %d %q", rec.Code, problemOf(t, rec))
		}
		if after := factorInUse(t, st, email); sameFactor(before, after) {
			t.Fatal("the new phone was not set up")
		}
		currentRefused(t, "a recovery code that set up a new phone, again", renew(renewed[3]), "not the code your app shows now")

		// And with the app's code; a wrong code from the new phone uses nothing up.
		s.clock.add(30 * time.Second)
		third := b.secretShown()
		if rec := confirm(s.code(phone, 0), "000000"); rec.Code != http.StatusUnauthorized || !strings.Contains(problemOf(t, rec), "not right") {
			t.Errorf("a wrong code from the new phone: %d %q", rec.Code, problemOf(t, rec))
		}
		if rec := confirm(s.code(phone, 0), s.code(third, 0)); rec.Code != http.StatusOK {
			t.Fatalf("setting up again with the app's code: %d %q", rec.Code, problemOf(t, rec))
		}

		// Only the third phone signs in now.
		b.signOut()
		s.clock.add(30 * time.Second)
		b.signIn(email)
		for _, old := range []string{secret, phone} {
			if rec := b.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {s.code(old, 0)}}); rec.Code != http.StatusUnauthorized {
				t.Errorf("a replaced phone's code signs in: %d", rec.Code)
			}
		}
		if rec := b.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {s.code(third, 0)}}); rec.Code != http.StatusSeeOther {
			t.Errorf("the new phone's code: %d %q", rec.Code, problemOf(t, rec))
		}
		want := map[string]int{"enrolled-two-factor": 3, "renewed-recovery-codes": 2, "signed-in": 2}
		if got := s.trailOf(audit.Query{Who: email}); !maps.Equal(got, want) {
			t.Errorf("the audit trail holds %v, want %v", got, want)
		}
	})
}

// Wrong current codes count with wrong passwords and sign-in's codes: past
// five, not even a right code changes anything, nor does the password sign
// in, for 15 minutes. No faster way to guess codes than signing in.
func TestWrongCurrentCodesCountTowardTheLockOut(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		email := s.account(accounts.RoleAdmin, "")
		b := s.browser()
		secret, codes := b.enrol(email)
		s.clock.add(30 * time.Second)
		phone := b.secretShown()
		before := factorInUse(t, st, email)
		for i := range accounts.LockoutTries {
			var rec *httptest.ResponseRecorder
			if i%2 == 0 {
				rec = b.post("/workers/two-factor", "/workers/two-factor/recovery-codes", url.Values{"current": {"000000"}})
			} else {
				rec = b.post("/workers/two-factor/enrol", "/workers/two-factor/enrol", url.Values{"current": {"000000"}, "code": {s.code(phone, 0)}})
			}
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("wrong current code %d: %d", i+1, rec.Code)
			}
		}
		for name, rec := range map[string]*httptest.ResponseRecorder{
			"new recovery codes": b.post("/workers/two-factor", "/workers/two-factor/recovery-codes", url.Values{"current": {codes[0]}}),
			"a new phone":        b.post("/workers/two-factor/enrol", "/workers/two-factor/enrol", url.Values{"current": {s.code(secret, 0)}, "code": {s.code(phone, 0)}}),
		} {
			if rec.Code != http.StatusTooManyRequests || !strings.Contains(problemOf(t, rec), "wait 15 minutes") || first(parse(t, rec.Body.String()), byID("current")) == nil {
				t.Errorf("%s with a right code after %d wrong: %d %q", name, accounts.LockoutTries, rec.Code, problemOf(t, rec))
			}
		}
		if !sameFactor(before, factorInUse(t, st, email)) {
			t.Error("a locked-out account's second factor changed")
		}
		if rec := s.browser().signIn(email); rec.Code != http.StatusTooManyRequests {
			t.Errorf("the password after %d wrong current codes: %d", accounts.LockoutTries, rec.Code)
		}
	})
}

// A new phone ends every other session of the account (one opened with the
// old phone, or a session cookie someone took), and the browser that set it
// up goes on signed in, its forms working.
func TestANewPhoneEndsTheAccountsOtherSessions(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		email := s.account(accounts.RoleAdmin, "")
		b := s.browser()
		secret, _ := b.enrol(email)
		s.clock.add(30 * time.Second)
		other := s.browser()
		other.signIn(email)
		if rec := other.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {s.code(secret, 0)}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("the second browser's code: %d %q", rec.Code, problemOf(t, rec))
		}
		taken := map[string]string{sessionCookie: other.cookies[sessionCookie]}
		if rec := other.do("GET", workersHome, nil); rec.Code != http.StatusOK {
			t.Fatalf("the second browser is not signed in: %d", rec.Code)
		}

		s.clock.add(30 * time.Second)
		phone := b.secretShown()
		rec := b.post("/workers/two-factor/enrol", "/workers/two-factor/enrol", url.Values{"current": {s.code(secret, 0)}, "code": {s.code(phone, 0)}})
		if rec.Code != http.StatusOK {
			t.Fatalf("setting up a new phone: %d %q", rec.Code, problemOf(t, rec))
		}
		if rec := other.do("GET", workersHome, nil); rec.Code != http.StatusSeeOther {
			t.Errorf("another session outlives the new phone: %d", rec.Code)
		}
		copied := &browser{site: s, cookies: taken}
		if rec := copied.do("GET", workersHome, nil); rec.Code != http.StatusSeeOther {
			t.Errorf("a copy of the other session's cookie outlives the new phone: %d", rec.Code)
		}
		if rec := b.do("GET", workersHome, nil); rec.Code != http.StatusOK {
			t.Errorf("the browser that set up the new phone was signed out: %d", rec.Code)
		}
		// The codes page's own form (its token is this browser's new session's).
		s.clock.add(30 * time.Second)
		form := url.Values{"csrf": {field(t, rec.Body.String(), "csrf")}, "current": {s.code(phone, 0)}}
		if rec := b.do("POST", "/workers/two-factor/recovery-codes", form); rec.Code != http.StatusOK {
			t.Errorf("new recovery codes from the page that showed them: %d %q", rec.Code, problemOf(t, rec))
		}
	})
}
