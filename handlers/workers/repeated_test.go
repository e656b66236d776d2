package workers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/store"
)

// Every workers' form reads one value of each field but its checkbox
// groups (a round's questions and channels). A field sent twice is not
// read by its first value: the form is refused with a plain problem
// (400), and nothing is changed, counted or used up. A crafted post does
// this, never the pages' own forms.
func TestAWorkersFormWithAFieldSentTwiceChangesNothing(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		ctx := context.Background()
		team := s.team(false)
		worker := s.account(accounts.RoleWorker, team.ID)
		sentTwice := func(what string, rec interface{ Result() *http.Response }, body string) {
			t.Helper()
			if code := rec.Result().StatusCode; code != http.StatusBadRequest || !strings.Contains(body, "more than once") {
				t.Errorf("%s: %d, want 400 saying a field came more than once", what, code)
			}
		}

		// Sign-in: two emails. No session, and no try counted against either account.
		b := s.browser()
		rec := b.post(workersSignIn, workersSignIn, url.Values{"email": {worker, "nobody@example.org"}, "password": {workerPassword}})
		sentTwice("sign-in with two emails", rec, rec.Body.String())
		if b.cookies[sessionCookie] != "" || b.cookies["heard_pending"] != "" {
			t.Error("sign-in with two emails signed in")
		}
		if n, _ := st.Hit(ctx, accounts.LockoutKey(worker), signInWindow); n != 1 {
			t.Errorf("sign-in with two emails counted %d tries against the account", n-1)
		}
		if rec := b.signIn(worker); rec.Code != http.StatusSeeOther || b.cookies[sessionCookie] == "" {
			t.Fatalf("the worker's own sign-in: %d", rec.Code)
		}

		// A signed-in form: a new round with two codes makes neither; its
		// checkbox groups take many values.
		form := roundForm("", "")
		first, second := uniqueCode("TW"), uniqueCode("TX")
		form["code"] = []string{first, second}
		rec = b.post("/workers/rounds/new", "/workers/rounds", form)
		sentTwice("a round with two codes", rec, rec.Body.String())
		for _, code := range []string{first, second} {
			if _, found, err := st.GetRound(ctx, code); err != nil || found {
				t.Errorf("a round with two codes made %s (%v)", code, err)
			}
		}
		if rec := b.post("/workers/rounds/new", "/workers/rounds", roundForm(first, "")); rec.Code != http.StatusSeeOther {
			t.Fatalf("a round with two questions and two channels: %d %s", rec.Code, problemOf(t, rec))
		}
		if r, _, _ := st.GetRound(ctx, first); len(r.Questions) != 2 || len(r.Channels) != 2 {
			t.Errorf("the round kept %v and %v, want both questions and both channels", r.Questions, r.Channels)
		}

		// Signing out with the page's token twice signs nobody out.
		token := field(t, b.do("GET", workersHome, nil).Body.String(), "csrf")
		b.do("POST", "/workers/sign-out", url.Values{"csrf": {token, token}})
		if rec := b.do("GET", workersHome, nil); rec.Code != http.StatusOK {
			t.Errorf("a sign-out with two tokens signed out: %d", rec.Code)
		}

		// A pending sign-in's code step: the right code beside a wrong one
		// is neither used up nor counted; alone, it signs in.
		admin := s.account(accounts.RoleAdmin, "")
		secret, _ := s.browser().enrol(admin)
		s.clock.add(30 * time.Second)
		p := s.browser()
		if rec := p.signIn(admin); rec.Header().Get("Location") != "/workers/sign-in/code" {
			t.Fatalf("an admin's sign-in: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		rec = p.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {s.code(secret, 0), "000000"}})
		sentTwice("two codes", rec, problemOf(t, rec))
		if rec := p.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {s.code(secret, 0)}}); rec.Code != http.StatusSeeOther || p.cookies[sessionCookie] == "" {
			t.Errorf("the right code alone, after two were refused: %d", rec.Code)
		}

		// A one-time link: two passwords leave it working.
		token, _, err := accounts.InviteWorker(ctx, st, strings.ToLower(uniqueCode("new"))+"@example.org", accounts.RoleWorker, team.ID, s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		link := accounts.InvitePath(token)
		i := s.browser()
		rec = i.post(link, link, url.Values{"password": {"a long new password", "another long password"}, "again": {"a long new password"}})
		sentTwice("a link's form with two passwords", rec, problemOf(t, rec))
		if rec := i.post(link, link, url.Values{"password": {"a long new password"}, "again": {"a long new password"}}); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Your password is set") {
			t.Errorf("the link after a form with two passwords: %d", rec.Code)
		}
	})
}
