package workers_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"heard/accounts"
	"heard/handlers/workers"
	"heard/store"
)

// adminForms are the admins' forms, each with what it needs but its token.
func adminForms(w *workerSite) map[string]url.Values {
	return map[string]url.Values{
		"/workers/teams":              {"name": {"Forged Team"}},
		"/workers/accounts/invite":    {"email": {"new@example.org"}, "role": {"worker"}, "team": {w.team.ID}},
		"/workers/accounts/disable":   {"email": {amy}},
		"/workers/accounts/enable":    {"email": {"gone@example.org"}},
		"/workers/accounts/unlock":    {"email": {amy}},
		"/workers/accounts/reset":     {"email": {amy}},
		"/workers/accounts/move":      {"email": {ada}, "team": {w.team.ID}},
		"/workers/accounts/no-action": {"email": {amy}},
	}
}

// nothingChanged fails when the accounts or teams differ from before.
func nothingChanged(t *testing.T, st store.Store, usersBefore []accounts.User, teamsBefore []accounts.Team, how string) {
	t.Helper()
	ctx := context.Background()
	users, _ := st.Users(ctx)
	teams, _ := st.Teams(ctx)
	if len(users) != len(usersBefore) || len(teams) != len(teamsBefore) {
		t.Errorf("%s: %d accounts and %d teams, were %d and %d", how, len(users), len(teams), len(usersBefore), len(teamsBefore))
		return
	}
	for i := range users {
		if users[i].Email != usersBefore[i].Email || users[i].Disabled != usersBefore[i].Disabled || users[i].Team != usersBefore[i].Team ||
			users[i].PasswordHash != usersBefore[i].PasswordHash {
			t.Errorf("%s changed %s", how, users[i].Email)
		}
	}
}

func TestAWorkerCannotReachTheAdminsPages(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		session, csrf := w.signedInWorker()
		ctx := context.Background()
		users, _ := st.Users(ctx)
		teams, _ := st.Teams(ctx)
		notFound := withoutTokens(w.do("GET", "/workers/no-such-page", nil, session).Body.String())
		for _, path := range []string{"/workers/teams", "/workers/accounts"} {
			rec := w.do("GET", path, nil, session)
			if rec.Code != http.StatusNotFound || withoutTokens(rec.Body.String()) != notFound {
				t.Errorf("a worker, GET %s: %d, not the page for one that does not exist", path, rec.Code)
			}
			if rec := w.do("GET", path, nil, ""); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersSignIn {
				t.Errorf("signed out, GET %s: %d", path, rec.Code)
			}
		}
		for path, form := range adminForms(w) {
			form.Set("csrf", csrf)
			rec := w.do("POST", path, form, session)
			if rec.Code != http.StatusNotFound || withoutTokens(rec.Body.String()) != notFound {
				t.Errorf("a worker, POST %s: %d", path, rec.Code)
			}
			if strings.Contains(rec.Body.String(), "/workers/invite/") {
				t.Errorf("a worker, POST %s: was given a link", path)
			}
		}
		nothingChanged(t, st, users, teams, "a worker's admin forms")
		if body := w.do("GET", "/workers/", nil, session).Body.String(); strings.Contains(body, `href="/workers/accounts"`) {
			t.Error("a worker is offered the accounts page")
		}
	})
}

func TestEveryAdminFormNeedsItsTokenAndThisSite(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		session := w.sessionOf(ada)
		csrf := field(t, w.do("GET", "/workers/accounts", nil, session).Body.String(), "csrf")
		ctx := context.Background()
		users, _ := st.Users(ctx)
		teams, _ := st.Teams(ctx)
		for path, form := range adminForms(w) {
			for name, attack := range map[string]func(url.Values, *http.Request){
				"no token":     func(url.Values, *http.Request) {},
				"forged token": func(f url.Values, _ *http.Request) { f.Set("csrf", "x."+csrf[2:]) },
				"other site":   func(f url.Values, r *http.Request) { f.Set("csrf", csrf); r.Header.Set("Sec-Fetch-Site", "cross-site") },
			} {
				req := httptest.NewRequest("POST", path, nil)
				f := url.Values{}
				for k, v := range form {
					f[k] = v
				}
				attack(f, req)
				forged := httptest.NewRequest("POST", path, strings.NewReader(f.Encode()))
				forged.Header = req.Header
				forged.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				forged.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
				rec := httptest.NewRecorder()
				w.handler.ServeHTTP(rec, forged)
				if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String(), "/workers/invite/") {
					t.Errorf("%s with %s: %d, want 403 and no link", path, name, rec.Code)
				}
			}
		}
		nothingChanged(t, st, users, teams, "forged admin forms")
	})
}

// adminPost sends an admin's form with ada's token.
func (w *workerSite) adminPost(path string, form url.Values) *httptest.ResponseRecorder {
	w.t.Helper()
	session := w.sessionOf(ada)
	form.Set("csrf", field(w.t, w.do("GET", "/workers/accounts", nil, session).Body.String(), "csrf"))
	return w.do("POST", path, form, session)
}

// linkIn is the one-time link an accounts page shows, as a path.
func linkIn(t *testing.T, page string) string {
	t.Helper()
	n := first(parse(t, page), byID("link"))
	if n == nil {
		t.Fatal("no one-time link shown")
	}
	link := attr(n, "value")
	u, err := url.Parse(link)
	if err != nil || u.Scheme+"://"+u.Host != testPublicURL || !strings.HasPrefix(u.Path, "/workers/invite/") {
		t.Fatalf("no one-time link on %s: %q", testPublicURL, link)
	}
	return u.Path
}

// choosePassword opens a link's page and sends its form.
func (w *workerSite) choosePassword(path, password, again string) *httptest.ResponseRecorder {
	w.t.Helper()
	page := w.do("GET", path, nil, "")
	if page.Code != http.StatusOK {
		w.t.Fatalf("GET %s: %d", path, page.Code)
	}
	return w.do("POST", path, url.Values{"csrf": {field(w.t, page.Body.String(), "csrf")}, "password": {password}, "again": {again}}, "")
}

func TestAnAdminAddsTeamsWithNamesShownAsText(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		if rec := w.adminPost("/workers/teams", url.Values{"name": {"  Riverside <b>Youth</b>   Hub "}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("add: %d %s", rec.Code, rec.Body)
		}
		page := w.do("GET", "/workers/teams", nil, w.sessionOf(ada)).Body.String()
		if !strings.Contains(page, "Riverside &lt;b&gt;Youth&lt;/b&gt; Hub") || strings.Contains(page, "<b>Youth") {
			t.Error("the teams page does not show the new team's name as text")
		}
		for name, want := range map[string]struct {
			status  int
			problem string
		}{
			"riverside <B>YOUTH</B> hub": {http.StatusConflict, "There is already a team with that name"},
			"   ":                        {http.StatusUnprocessableEntity, "needs 1 to 60"},
			strings.Repeat("x", 61):      {http.StatusUnprocessableEntity, "needs 1 to 60"},
			"tab\tbell\a":                {http.StatusUnprocessableEntity, "needs 1 to 60"},
		} {
			rec := w.adminPost("/workers/teams", url.Values{"name": {name}})
			if rec.Code != want.status || !strings.Contains(rec.Body.String(), want.problem) || !strings.Contains(rec.Body.String(), `role="alert"`) {
				t.Errorf("team %q: %d, want %d saying %q", name, rec.Code, want.status, want.problem)
			}
		}
		if teams, _ := st.Teams(context.Background()); len(teams) != 2 {
			t.Errorf("%d teams, want Northside and Riverside", len(teams))
		}
	})
}

func TestAnInvitedWorkerChoosesAPasswordOnce(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		for _, bad := range []struct{ email, role, team, problem string }{
			{"not an email", "worker", w.team.ID, "not an email address"},
			{"new@example.org", "worker", "", "A worker belongs to a team"},
			{"new@example.org", "worker", "no-such-team", "That team was not found"},
			{"new@example.org", "boss", w.team.ID, "Pick worker or admin"},
			{amy, "worker", w.team.ID, "already has an account"},
		} {
			rec := w.adminPost("/workers/accounts/invite", url.Values{"email": {bad.email}, "role": {bad.role}, "team": {bad.team}})
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), bad.problem) || strings.Contains(rec.Body.String(), "/workers/invite/") {
				t.Errorf("invite %+v: %d, want 422 saying %q and no link", bad, rec.Code, bad.problem)
			}
		}
		rec := w.adminPost("/workers/accounts/invite", url.Values{"email": {" New@Example.org "}, "role": {"worker"}, "team": {w.team.ID}})
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Invitation for new@example.org") {
			t.Fatalf("invite: %d", rec.Code)
		}
		link := linkIn(t, rec.Body.String())
		if again := w.do("GET", "/workers/accounts", nil, w.sessionOf(ada)).Body.String(); strings.Contains(again, link) {
			t.Error("the link is shown again")
		}
		for _, try := range []struct{ password, again, problem string }{
			{"a long new password", "a long new passwurd", "not the same"},
			{"too short", "too short", "at least 12 characters"},
		} {
			rec := w.choosePassword(link, try.password, try.again)
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), try.problem) {
				t.Errorf("password %q/%q: %d, want 422 saying %q", try.password, try.again, rec.Code, try.problem)
			}
		}
		// Without its token the form changes nothing, and the link still works.
		if rec := w.do("POST", link, url.Values{"password": {"a long new password"}, "again": {"a long new password"}}, ""); rec.Code != http.StatusForbidden {
			t.Errorf("no token: %d", rec.Code)
		}
		if rec := w.choosePassword(link, "a long new password", "a long new password"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Your password is set") {
			t.Fatalf("accept: %d %s", rec.Code, rec.Body)
		}
		u, found, _ := st.GetUser(context.Background(), "new@example.org")
		if !found || u.Role != accounts.RoleWorker || u.Team != w.team.ID {
			t.Errorf("the new account: %+v", u)
		}
		if rec := w.signIn("new@example.org", "a long new password"); rec.Code != http.StatusSeeOther {
			t.Errorf("the new worker cannot sign in: %d", rec.Code)
		}
		used := w.choosePassword(link, "another long password", "another long password")
		if used.Code != http.StatusGone || !strings.Contains(used.Body.String(), "This link no longer works") || !strings.Contains(used.Body.String(), "Ask your admin for a new link") {
			t.Errorf("a used link: %d", used.Code)
		}
		if rec := w.choosePassword("/workers/invite/made-up", "another long password", "another long password"); rec.Code != http.StatusGone {
			t.Errorf("a made-up link: %d", rec.Code)
		}
	})
}

func TestALinkStopsWorkingAfter72Hours(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		var clock atomic.Int64
		clock.Store(time.Now().UnixNano())
		w := newWorkerSiteAt(t, st, testPublicURL, func() time.Time { return time.Unix(0, clock.Load()) })
		rec := w.adminPost("/workers/accounts/invite", url.Values{"email": {"late@example.org"}, "role": {"worker"}, "team": {w.team.ID}})
		link := linkIn(t, rec.Body.String())
		page := field(t, w.do("GET", link, nil, "").Body.String(), "csrf")
		clock.Add(int64(72 * time.Hour))
		late := w.do("POST", link, url.Values{"csrf": {page}, "password": {"a long new password"}, "again": {"a long new password"}}, "")
		if late.Code != http.StatusGone && late.Code != http.StatusForbidden {
			t.Errorf("72 hours on: %d", late.Code)
		}
		if late := w.choosePassword(link, "a long new password", "a long new password"); late.Code != http.StatusGone || !strings.Contains(late.Body.String(), "more than 72 hours old") {
			t.Errorf("72 hours on, with a fresh form: %d", late.Code)
		}
		if _, found, _ := st.GetUser(context.Background(), "late@example.org"); found {
			t.Error("an expired link made an account")
		}
	})
}

func TestAnAdminManagesAccounts(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := patientSite(t, st) // it signs in and changes accounts many times: a busy disk must not fail it
		ctx := context.Background()
		eastfield, theirs, _ := w.otherTeam()
		amySession := w.session()

		// Disable ends amy's sessions and her sign-in; enable gives it back.
		if rec := w.adminPost("/workers/accounts/disable", url.Values{"email": {amy}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("disable: %d", rec.Code)
		}
		if rec := w.do("GET", "/workers/", nil, amySession); rec.Code != http.StatusSeeOther {
			t.Errorf("a disabled worker's session still works: %d", rec.Code)
		}
		if rec := w.signIn(amy, workerPassword); rec.Code != http.StatusUnauthorized {
			t.Errorf("a disabled worker signs in: %d", rec.Code)
		}
		if list := w.do("GET", "/workers/accounts", nil, w.sessionOf(ada)).Body.String(); !strings.Contains(rowOf(t, list, amy), "disabled") {
			t.Errorf("the list does not say amy is disabled: %q", rowOf(t, list, amy))
		}
		w.adminPost("/workers/accounts/enable", url.Values{"email": {amy}})
		if rec := w.signIn(amy, workerPassword); rec.Code != http.StatusSeeOther {
			t.Errorf("enabled again, amy cannot sign in: %d", rec.Code)
		}
		if rec := w.adminPost("/workers/accounts/disable", url.Values{"email": {ada}}); rec.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(rec.Body.String(), "disable your own account") {
			t.Errorf("an admin disabling themselves: %d", rec.Code)
		}
		// A reset link for oneself would let a session alone (a laptop left open) change
		// the admin's password without knowing it.
		if rec := w.adminPost("/workers/accounts/reset", url.Values{"email": {ada}}); rec.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(rec.Body.String(), "reset link for your own account") || strings.Contains(rec.Body.String(), "/workers/invite/") {
			t.Errorf("an admin making a reset link for themselves: %d", rec.Code)
		}
		if row := rowOf(t, w.do("GET", "/workers/accounts", nil, w.sessionOf(ada)).Body.String(), ada); strings.Contains(row, "Make a reset link") {
			t.Errorf("the admin's own row offers a reset link: %q", row)
		}
		if rec := w.adminPost("/workers/accounts/disable", url.Values{"email": {"nobody@example.org"}}); rec.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(rec.Body.String(), "no account with that email") {
			t.Errorf("disabling nobody: %d", rec.Code)
		}

		// Unlock clears the count of wrong passwords.
		for range signInLimit + 1 {
			w.signIn(amy, "a wrong password")
		}
		if rec := w.signIn(amy, workerPassword); rec.Code != http.StatusTooManyRequests {
			t.Fatalf("not locked: %d", rec.Code)
		}
		w.adminPost("/workers/accounts/unlock", url.Values{"email": {amy}})
		if rec := w.signIn(amy, workerPassword); rec.Code != http.StatusSeeOther {
			t.Errorf("unlocked, amy cannot sign in: %d", rec.Code)
		}

		// Move: amy now sees Eastfield's round, and a worker needs a team.
		if rec := w.adminPost("/workers/accounts/move", url.Values{"email": {amy}, "team": {""}}); rec.Code != http.StatusUnprocessableEntity ||
			!strings.Contains(rec.Body.String(), "A worker belongs to a team") {
			t.Errorf("a worker moved to no team: %d", rec.Code)
		}
		if rec := w.adminPost("/workers/accounts/move", url.Values{"email": {amy}, "team": {eastfield.ID}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("move: %d", rec.Code)
		}
		if rec := w.do("GET", "/workers/rounds/"+theirs.Code, nil, w.session()); rec.Code != http.StatusOK {
			t.Errorf("moved, amy cannot read her new team's round: %d", rec.Code)
		}

		// Reset: the old password works until the link is used, then the new one alone.
		rec := w.adminPost("/workers/accounts/reset", url.Values{"email": {amy}})
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Reset link for amy@example.org") {
			t.Fatalf("reset: %d", rec.Code)
		}
		link := linkIn(t, rec.Body.String())
		before := w.session()
		if rec := w.signIn(amy, workerPassword); rec.Code != http.StatusSeeOther {
			t.Errorf("the old password stopped before the link was used: %d", rec.Code)
		}
		if rec := w.choosePassword(link, "amy's brand new password", "amy's brand new password"); rec.Code != http.StatusOK {
			t.Fatalf("reset accepted: %d", rec.Code)
		}
		if rec := w.signIn(amy, workerPassword); rec.Code != http.StatusUnauthorized {
			t.Errorf("the old password still works: %d", rec.Code)
		}
		if rec := w.signIn(amy, "amy's brand new password"); rec.Code != http.StatusSeeOther {
			t.Errorf("the new password does not work: %d", rec.Code)
		}
		if rec := w.do("GET", "/workers/", nil, before); rec.Code != http.StatusSeeOther {
			t.Errorf("a session from before the reset still works: %d", rec.Code)
		}
		u, _, _ := st.GetUser(ctx, amy)
		if u.Team != eastfield.ID || u.Disabled {
			t.Errorf("amy after it all: %+v", u)
		}
	})
}

// TestALinksPageWaitsForAFreePasswordCheck: setting a password hashes it,
// which holds 19 MiB; with every place taken the page says to try again in
// a moment, and the link still works.
func TestALinksPageWaitsForAFreePasswordCheck(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		restore := workers.NoFreePasswordChecks()
		busy := newWorkerSite(t, st, testPublicURL)
		restore()
		token, _, err := accounts.InviteWorker(context.Background(), st, "busy@example.org", accounts.RoleWorker, busy.team.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		link := accounts.InvitePath(token)
		rec := busy.choosePassword(link, "a long new password", "a long new password")
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "Your link still works") {
			t.Errorf("no free place: %d", rec.Code)
		}
		free := newWorkerSite(t, st, testPublicURL)
		if rec := free.choosePassword(link, "a long new password", "a long new password"); rec.Code != http.StatusOK {
			t.Errorf("the link after a busy moment: %d", rec.Code)
		}
	})
}
