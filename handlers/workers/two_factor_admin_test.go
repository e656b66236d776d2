package workers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/store"
)

// A team's admin makes a second factor required for the team's workers:
// one already signed in is sent to set it up at their next page, and one
// signing in sets it up before the session starts. Another team's workers
// are not asked.
func TestATeamCanRequireASecondFactorOfItsWorkers(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		team, other := s.team(false), s.team(false)
		worker, elsewhere := s.account(accounts.RoleWorker, team.ID), s.account(accounts.RoleWorker, other.ID)
		w, e := s.browser(), s.browser()
		for _, b := range []struct {
			browser *browser
			email   string
		}{{w, worker}, {e, elsewhere}} {
			if rec := b.browser.signIn(b.email); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersHome {
				t.Fatalf("a worker of a team that does not require it: %d to %q", rec.Code, rec.Header().Get("Location"))
			}
		}
		admin := s.browser()
		admin.enrol(s.account(accounts.RoleAdmin, ""))
		page := "/workers/teams/" + team.ID + "/two-factor"
		if rec := admin.do("GET", "/workers/two-factor", nil); !strings.Contains(rec.Body.String(), `href="`+page+`"`) {
			t.Error("the admin's second factor page does not link to the team's rule")
		}
		rec := admin.post(page, page, url.Values{"required": {"yes"}})
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Everyone in this team needs a second factor now") {
			t.Fatalf("requiring it: %d", rec.Code)
		}
		if got, _, _ := st.GetTeam(context.Background(), team.ID); !got.RequireTwoFactor {
			t.Fatal("the rule was not kept")
		}
		if rec := w.do("GET", "/workers/", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/workers/two-factor/enrol" {
			t.Errorf("a signed-in worker of the team, after: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if rec := w.do("GET", "/workers/two-factor/enrol", nil); rec.Code != http.StatusOK {
			t.Errorf("the enrolment page, signed in: %d", rec.Code)
		}
		if rec := e.do("GET", "/workers/", nil); rec.Code != http.StatusOK {
			t.Errorf("a worker of another team: %d", rec.Code)
		}
		// Signing out needs no second factor.
		w.post("/workers/two-factor/enrol", "/workers/sign-out", url.Values{})
		if w.cookies[sessionCookie] != "" {
			t.Fatal("a worker sent to enrol cannot sign out")
		}
		secret, _ := w.enrol(worker)
		if rec := w.do("GET", "/workers/", nil); rec.Code != http.StatusOK {
			t.Errorf("the worker, enrolled: %d", rec.Code)
		}
		w.signOut()
		// No longer required: a worker who has one still uses it.
		if rec := admin.post(page, page, url.Values{}); rec.Code != http.StatusOK {
			t.Fatalf("no longer requiring it: %d", rec.Code)
		}
		if got, _, _ := st.GetTeam(context.Background(), team.ID); got.RequireTwoFactor {
			t.Fatal("the rule was not lifted")
		}
		s.clock.add(time.Minute)
		if rec := w.signIn(worker); rec.Header().Get("Location") != "/workers/sign-in/code" {
			t.Errorf("an enrolled worker, rule lifted: to %q", rec.Header().Get("Location"))
		}
		if rec := w.post("/workers/sign-in/code", "/workers/sign-in/code", url.Values{"code": {s.code(secret, 0)}}); rec.Code != http.StatusSeeOther {
			t.Errorf("their code: %d", rec.Code)
		}
		if got := s.trailOf(audit.Query{Team: team.ID})["changed-team-two-factor-rule  "+team.ID]; got != 2 {
			t.Errorf("the audit trail holds %d changes of the team's rule, want 2", got)
		}
	})
}

// An admin resets a worker's second factor: it is gone, the worker is
// signed out, and sets up a new one at their next sign-in.
func TestAnAdminResetsAWorkersSecondFactor(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		team := s.team(true)
		worker := s.account(accounts.RoleWorker, team.ID)
		w := s.browser()
		w.enrol(worker)
		admin := s.browser()
		self := s.account(accounts.RoleAdmin, "")
		admin.enrol(self)
		const page = "/workers/two-factor/reset"
		for _, bad := range []struct{ email, problem string }{
			{"not an address", "Please type the worker's email address"},
			{"nobody-" + worker, "There is no account with that email address"},
			// A session alone must not take its own factor away and set up another.
			{strings.ToUpper(self), "You can't reset your own second factor here"},
		} {
			if rec := admin.post(page, page, url.Values{"email": {bad.email}}); rec.Code < 400 || !strings.Contains(problemOf(t, rec), bad.problem) {
				t.Errorf("resetting %q: %d %q", bad.email, rec.Code, problemOf(t, rec))
			}
		}
		rec := admin.post(page, page, url.Values{"email": {strings.ToUpper(worker)}})
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "is reset, and they are signed out") {
			t.Fatalf("the reset: %d %q", rec.Code, problemOf(t, rec))
		}
		if u, _, _ := st.GetUser(context.Background(), worker); u.TwoFactor.Enrolled() || len(u.TwoFactor.Recovery) != 0 {
			t.Errorf("after the reset: %+v", u.TwoFactor)
		}
		if rec := w.do("GET", "/workers/", nil); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersSignIn {
			t.Errorf("the worker's session after the reset: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if got := s.trailOf(audit.Query{Team: team.ID})["reset-two-factor "+worker+" "+team.ID]; got != 1 {
			t.Errorf("the audit trail holds %d resets of the worker's second factor, want 1", got)
		}
		w.enrol(worker)
		if u, _, _ := st.GetUser(context.Background(), self); !u.TwoFactor.Enrolled() {
			t.Error("an admin's session reset its own second factor")
		}
		if rec := admin.do("GET", "/workers/", nil); rec.Code != http.StatusOK {
			t.Errorf("the admin after trying to reset their own second factor: %d", rec.Code)
		}
		if got := s.trailOf(audit.Query{Who: self})["reset-two-factor "+self]; got != 0 {
			t.Errorf("the audit trail holds %d resets of the admin's own second factor, want none", got)
		}
	})
}

// A worker can make new recovery codes: the old ones stop working.
func TestNewRecoveryCodesReplaceTheOld(t *testing.T) {
	st, _ := store.OpenEmbedded(t.TempDir())
	defer st.Close()
	s := newFactorSite(t, st)
	email := s.account(accounts.RoleAdmin, "")
	b := s.browser()
	secret, old := b.enrol(email)
	rec := b.post("/workers/two-factor", "/workers/two-factor/recovery-codes", url.Values{"current": {s.code(secret, 1)}})
	if rec.Code != http.StatusOK {
		t.Fatalf("new recovery codes: %d", rec.Code)
	}
	fresh := codesShown(t, rec.Body.String())
	if len(fresh) != accounts.RecoveryCodes || fresh[0] == old[0] {
		t.Fatalf("new codes %v, old %v", fresh, old)
	}
	b.signOut()
	b.signIn(email)
	if rec := b.post("/workers/sign-in/recovery", "/workers/sign-in/recovery", url.Values{"code": {old[0]}}); rec.Code != http.StatusUnauthorized {
		t.Errorf("an old recovery code: %d", rec.Code)
	}
	if rec := b.post("/workers/sign-in/recovery", "/workers/sign-in/recovery", url.Values{"code": {fresh[0]}}); rec.Code != http.StatusSeeOther {
		t.Errorf("a new recovery code: %d %q", rec.Code, problemOf(t, rec))
	}
}

// Every form of these pages needs its page's token and comes from this
// site; a worker finds no admin page, and changes nothing through one.
func TestSecondFactorFormsNeedTheirTokenAndAdminsPagesAnAdmin(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newFactorSite(t, st)
		team := s.team(false)
		worker := s.account(accounts.RoleWorker, team.ID)
		victim := s.account(accounts.RoleWorker, team.ID)
		s.browser().enrol(s.account(accounts.RoleAdmin, "")) // nothing to do with the worker
		v := s.browser()
		if err := st.SetTeamTwoFactor(context.Background(), team.ID, true); err != nil {
			t.Fatal(err)
		}
		v.enrol(victim)
		if err := st.SetTeamTwoFactor(context.Background(), team.ID, false); err != nil {
			t.Fatal(err)
		}
		w := s.browser()
		w.signIn(worker)
		teamPage := "/workers/teams/" + team.ID + "/two-factor"
		for _, path := range []string{"/workers/two-factor/reset", teamPage} {
			if rec := w.do("GET", path, nil); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), team.Name) {
				t.Errorf("a worker at %s: %d", path, rec.Code)
			}
		}
		token := field(t, w.do("GET", workersHome, nil).Body.String(), "csrf")
		if rec := w.do("POST", "/workers/two-factor/reset", url.Values{"csrf": {token}, "email": {victim}}); rec.Code != http.StatusNotFound {
			t.Errorf("a worker resetting another's second factor: %d", rec.Code)
		}
		if rec := w.do("POST", teamPage, url.Values{"csrf": {token}, "required": {"yes"}}); rec.Code != http.StatusNotFound {
			t.Errorf("a worker setting the team's rule: %d", rec.Code)
		}
		if u, _, _ := st.GetUser(context.Background(), victim); !u.TwoFactor.Enrolled() {
			t.Error("a worker reset another's second factor")
		}
		if got, _, _ := st.GetTeam(context.Background(), team.ID); got.RequireTwoFactor {
			t.Error("a worker changed the team's rule")
		}

		// An admin's forms, and a worker's own, without the page's token or from another site.
		admin := s.browser()
		admin.enrol(s.account(accounts.RoleAdmin, ""))
		before, _, _ := st.GetUser(context.Background(), victim)
		for _, c := range []struct {
			who    *browser
			target string
			form   url.Values
		}{
			{admin, "/workers/two-factor/reset", url.Values{"email": {victim}}},
			{admin, teamPage, url.Values{"required": {"yes"}}},
			{v, "/workers/two-factor/recovery-codes", url.Values{}},
			{v, "/workers/two-factor/enrol", url.Values{"code": {"123456"}}},
		} {
			for _, token := range []string{"", field(t, c.who.do("GET", workersHome, nil).Body.String(), "csrf") + "x"} {
				c.form.Set("csrf", token)
				if rec := c.who.do("POST", c.target, c.form); rec.Code != http.StatusForbidden {
					t.Errorf("%s with token %q: %d", c.target, token, rec.Code)
				}
			}
		}
		after, _, _ := st.GetUser(context.Background(), victim)
		if got, _, _ := st.GetTeam(context.Background(), team.ID); got.RequireTwoFactor || !after.TwoFactor.Enrolled() ||
			string(after.TwoFactor.Recovery[0]) != string(before.TwoFactor.Recovery[0]) {
			t.Error("a form without its token changed something")
		}
	})
}
