package workers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/store"

	"golang.org/x/net/html"
)

// otherTeam gives the site a second team, "Eastfield Project", with a
// worker (bob), a round that has answers, a comment and a post: what amy,
// in Northside, must never reach.
func (w *workerSite) otherTeam() (team accounts.Team, round feedback.Round, post feedback.Post) {
	w.t.Helper()
	ctx := context.Background()
	team, err := accounts.AddTeam(ctx, w.store, "Eastfield Project", time.Now())
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := accounts.AddUser(ctx, w.store, "bob@example.org", accounts.RoleWorker, team.ID, workerPassword, time.Now()); err != nil {
		w.t.Fatal(err)
	}
	round = feedback.Round{Code: uniqueCode("EF"), Title: "Eastfield drop-in", Questions: []string{"listened", "safe"},
		Opens: time.Now().Add(-time.Hour), Channels: []string{"web"}, Created: time.Now(), CreatedBy: "bob@example.org", Team: team.ID}
	if err := w.store.CreateRound(ctx, round); err != nil {
		w.t.Fatal(err)
	}
	answered(w.t, w.store, round.Code, time.Now(), 6, map[string]int{"listened": 5})
	if err := w.store.SaveResponse(ctx, feedback.Response{Round: round.Code, Channel: "web", Lang: "en", At: time.Now(),
		Comment: "eastfield secret comment"}); err != nil {
		w.t.Fatal(err)
	}
	post = feedback.Post{ID: "eastfield-post", Round: round.Code, Said: map[string]string{"en": "eastfield said"},
		Did: map[string]string{"en": "eastfield did"}, Published: time.Now(), By: "bob@example.org", Team: team.ID}
	if err := w.store.AddPost(ctx, post); err != nil {
		w.t.Fatal(err)
	}
	return team, round, post
}

// TestAnotherTeamsRoundIsNotFoundByAnyRoute asks for another team's round
// and post by every route a worker has, and for a round and a post that do
// not exist: the answers are the same, byte for byte, and nothing changes.
func TestAnotherTeamsRoundIsNotFoundByAnyRoute(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		_, theirs, theirPost := w.otherTeam()
		session, csrf := w.signedInWorker()
		own := uniqueCode("NS")
		if rec := w.do("POST", "/workers/rounds", roundForm(own, csrf), session); rec.Code != http.StatusSeeOther {
			t.Fatalf("amy's own round: %d", rec.Code)
		}
		none := uniqueCode("NO") // no round has this code
		form := func(extra url.Values) url.Values {
			f := url.Values{"csrf": {csrf}}
			for k, v := range extra {
				f[k] = v
			}
			return f
		}
		post := url.Values{"said.en": {"amy writes on eastfield"}, "did.en": {"x"}}
		routes := []struct {
			method, theirs, missing string
			form                    url.Values
			status                  int
		}{
			{"GET", "/workers/rounds/" + theirs.Code, "/workers/rounds/" + none, nil, 404},
			{"GET", "/workers/rounds/" + strings.ToLower(theirs.Code), "/workers/rounds/" + strings.ToLower(none), nil, 404},
			{"GET", "/workers/rounds/" + theirs.Code + "/export.csv", "/workers/rounds/" + none + "/export.csv", nil, 404},
			{"GET", "/workers/rounds/" + theirs.Code + "/export.json", "/workers/rounds/" + none + "/export.json", nil, 404},
			{"GET", "/workers/rounds/" + theirs.Code + "/poster", "/workers/rounds/" + none + "/poster", nil, 404},
			{"GET", "/workers/rounds/" + theirs.Code + "/report", "/workers/rounds/" + none + "/report", nil, 404},
			{"HEAD", "/workers/rounds/" + theirs.Code, "/workers/rounds/" + none, nil, 404},
			{"POST", "/workers/rounds/" + theirs.Code + "/close", "/workers/rounds/" + none + "/close", form(nil), 404},
			{"POST", "/workers/rounds/" + theirs.Code + "/open", "/workers/rounds/" + none + "/open", form(nil), 404},
			{"POST", "/workers/rounds/" + theirs.Code + "/posts", "/workers/rounds/" + none + "/posts", form(post), 404},
			{"POST", "/workers/posts/" + theirPost.ID + "/delete", "/workers/posts/no-such-post/delete", form(nil), 404},
			{"GET", "/workers/compare?after=" + theirs.Code, "/workers/compare?after=" + none, nil, 400},
			{"GET", "/workers/compare?before=" + theirs.Code + "&after=" + own, "/workers/compare?before=" + none + "&after=" + own, nil, 400},
			{"GET", "/workers/compare?post=" + theirPost.ID, "/workers/compare?post=no-such-post", nil, 400},
			{"GET", "/workers/rounds/" + own + "/report?before=" + theirs.Code, "/workers/rounds/" + own + "/report?before=" + none, nil, 400},
			// The standing round is the admins', and so is every team's
			// profile: to a worker, they are not there.
			{"GET", "/workers/rounds/general", "/workers/rounds/" + none, nil, 404},
			{"GET", "/workers/rounds/general/export.csv", "/workers/rounds/" + none + "/export.csv", nil, 404},
			{"POST", "/workers/rounds/general/posts", "/workers/rounds/" + none + "/posts", form(post), 404},
			{"GET", "/workers/profile", "/workers/no-such-page", nil, 404},
		}
		for _, r := range routes {
			got := w.do(r.method, r.theirs, r.form, session)
			want := w.do(r.method, r.missing, r.form, session)
			if got.Code != r.status || want.Code != r.status {
				t.Errorf("%s %s: %d (a missing one: %d), want %d", r.method, r.theirs, got.Code, want.Code, r.status)
			}
			g, m := got.Body.String(), strings.ReplaceAll(want.Body.String(), none, theirs.Code)
			m = strings.ReplaceAll(m, strings.ToLower(none), strings.ToLower(theirs.Code))
			m = strings.ReplaceAll(m, "no-such-post", theirPost.ID)
			m = strings.ReplaceAll(m, "no-such-page", "profile")
			// A form token is made afresh for each page.
			g, m = withoutTokens(g), withoutTokens(m)
			if g != m {
				t.Errorf("%s %s answers otherwise than one that does not exist:\n%s\n----\n%s", r.method, r.theirs, g, m)
			}
			for _, secret := range []string{"Eastfield drop-in", "eastfield secret comment", "eastfield said", "Eastfield Project"} {
				if strings.Contains(g, secret) {
					t.Errorf("%s %s shows %q", r.method, r.theirs, secret)
				}
			}
		}
		// Nor do the lists and the views across rounds show it.
		for _, path := range []string{"/workers/", "/workers/compare", "/workers/trends", "/workers/rounds/" + own, "/workers/rounds/" + own + "/report"} {
			body := w.do("GET", path, nil, session).Body.String()
			for _, secret := range []string{theirs.Code, "Eastfield drop-in", "eastfield said", "Eastfield Project", "General feedback"} {
				if strings.Contains(body, secret) {
					t.Errorf("%s shows amy %q", path, secret)
				}
			}
		}
		ctx := context.Background()
		after, _, _ := st.GetRound(ctx, theirs.Code)
		posts, _ := st.Posts(ctx)
		if after.State(time.Now()) != feedback.Open || len(posts) != 1 || posts[0].ID != theirPost.ID {
			t.Errorf("amy changed eastfield's round or posts: %s, %d posts", after.State(time.Now()), len(posts))
		}
		// bob, in Eastfield, reaches all of it.
		bob := w.sessionOf("bob@example.org")
		for _, path := range []string{"/workers/rounds/" + theirs.Code, "/workers/rounds/" + theirs.Code + "/export.csv", "/workers/rounds/" + theirs.Code + "/report"} {
			if rec := w.do("GET", path, nil, bob); rec.Code != http.StatusOK {
				t.Errorf("bob, %s: %d", path, rec.Code)
			}
		}
		if rec := w.do("GET", "/workers/rounds/"+own, nil, bob); rec.Code != http.StatusNotFound {
			t.Errorf("bob reads amy's round: %d", rec.Code)
		}
	})
}

// withoutTokens blanks every form token in a page.
func withoutTokens(page string) string {
	return formToken.ReplaceAllString(page, `name="csrf" value=""`)
}

var formToken = regexp.MustCompile(`name="csrf" value="[^"]*"`)

func TestWhatAWorkerMakesBelongsToTheirTeam(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		session, csrf := w.signedInWorker()
		code := uniqueCode("TM")
		w.do("POST", "/workers/rounds", roundForm(code, csrf), session)
		if rec := w.do("POST", "/workers/rounds/"+code+"/posts", url.Values{"csrf": {csrf}, "said.en": {"s"}, "did.en": {"d"}}, session); rec.Code != http.StatusSeeOther {
			t.Fatalf("publish: %d", rec.Code)
		}
		ctx := context.Background()
		round, _, _ := st.GetRound(ctx, code)
		posts, _ := st.Posts(ctx)
		if round.Team != w.team.ID || len(posts) != 1 || posts[0].Team != w.team.ID {
			t.Errorf("round's team %q, posts %+v; want %q", round.Team, posts, w.team.ID)
		}
		// An admin's post on the standing round is the admins'.
		admin := w.sessionOf(ada)
		adminCSRF := field(t, w.do("GET", "/workers/", nil, admin).Body.String(), "csrf")
		if rec := w.do("POST", "/workers/rounds/general/posts", url.Values{"csrf": {adminCSRF}, "said.en": {"s"}, "did.en": {"d"}}, admin); rec.Code != http.StatusSeeOther {
			t.Fatalf("admin's publish: %d", rec.Code)
		}
		posts, _ = st.Posts(ctx)
		if posts[0].Round != feedback.Standing || posts[0].Team != accounts.Admins {
			t.Errorf("the standing round's post: %+v", posts[0])
		}
		// The admin sees both, each with its team.
		list := w.do("GET", "/workers/", nil, admin).Body.String()
		for _, want := range []string{code, "Northside Youth Team", "General feedback", "Admins", "Problem profile"} {
			if !strings.Contains(list, want) {
				t.Errorf("the admin's list lacks %q", want)
			}
		}
		if strings.Contains(w.do("GET", "/workers/", nil, session).Body.String(), "Problem profile") {
			t.Error("a worker is offered the problem profile")
		}
	})
}

// TestAMovedWorkerSeesTheNewTeamsRoundsAtOnce: pages read the account at
// every request.
func TestAMovedWorkerSeesTheNewTeamsRoundsAtOnce(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		eastfield, theirs, _ := w.otherTeam()
		session := w.session()
		if rec := w.do("GET", "/workers/rounds/"+theirs.Code, nil, session); rec.Code != http.StatusNotFound {
			t.Fatalf("before the move: %d", rec.Code)
		}
		if _, err := accounts.MoveUser(context.Background(), st, amy, eastfield.ID); err != nil {
			t.Fatal(err)
		}
		if rec := w.do("GET", "/workers/rounds/"+theirs.Code, nil, session); rec.Code != http.StatusOK {
			t.Errorf("after the move: %d", rec.Code)
		}
	})
}

// TestPostsNameTheTeamThatListened: young people read who listened, in
// every language, the name always as text; the admins' posts name no team.
func TestPostsNameTheTeamThatListened(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		ctx := context.Background()
		team, err := accounts.AddTeam(ctx, st, `Hill & <b>Dale</b> "Youth"`, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []feedback.Post{
			{ID: "hill-post", Round: "HILL1", Team: team.ID, Said: map[string]string{"en": "hill said"}, Did: map[string]string{"en": "hill did"}, Published: time.Now()},
			{ID: "admins-post", Round: feedback.Standing, Team: accounts.Admins, Said: map[string]string{"en": "admins said"}, Did: map[string]string{"en": "admins did"}, Published: time.Now().Add(-time.Hour)},
		} {
			if err := st.AddPost(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		for lang, from := range map[string]string{"en": "From:", "pl": "Od:", "ro": "De la:", "ur": "منجانب:"} {
			rec := w.do("GET", "/"+lang+"/you-said-we-did", nil, "")
			body := rec.Body.String()
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d", lang, rec.Code)
			}
			items := all(parse(t, body), func(n *html.Node) bool {
				return n.Data == "li" && n.Parent != nil && attr(n.Parent, "class") == "posts"
			})
			if len(items) != 2 {
				t.Fatalf("%s: %d posts", lang, len(items))
			}
			hill, admins := text(items[0]), text(items[1])
			if !strings.Contains(hill, from+` Hill & <b>Dale</b> "Youth"`) {
				t.Errorf("%s: the post does not say it is from the team: %q", lang, hill)
			}
			if strings.Contains(body, "<b>Dale") || !strings.Contains(body, "<bdi>Hill &amp; &lt;b&gt;Dale&lt;/b&gt; &#34;Youth&#34;</bdi>") {
				t.Errorf("%s: the team's name is not shown as text, kept apart from the words around it", lang)
			}
			if strings.Contains(admins, from) {
				t.Errorf("%s: the admins' post names a team: %q", lang, admins)
			}
		}
	})
}
