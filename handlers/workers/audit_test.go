package workers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"
	"heard/store"
)

// auditSite is a site of two teams, each with a worker, and an admin of
// none, on a clock the test moves.
type auditSite struct {
	*workerSite
	now             time.Time
	leeds, bradford accounts.Team
}

func newAuditSite(t *testing.T, st store.Store) *auditSite {
	t.Helper()
	a := &auditSite{now: time.Now().UTC()}
	lib, bundle := loadWords(t)
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Now: func() time.Time { return a.now }, Store: st, Secret: testSecret, SMSNumber: testSMSNumber}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	a.workerSite = &workerSite{t: t, handler: h, store: st}
	ctx := context.Background()
	if a.leeds, err = accounts.AddTeam(ctx, st, "Leeds CSE team", a.now); err != nil {
		t.Fatal(err)
	}
	if a.bradford, err = accounts.AddTeam(ctx, st, "Bradford youth service", a.now); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ email, role, team string }{
		{"lee@example.org", "worker", a.leeds.ID}, {"bo@example.org", "worker", a.bradford.ID}, {"ada@example.org", "admin", ""}} {
		if _, err := accounts.AddUser(ctx, st, u.email, u.role, u.team, workerPassword, a.now); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// signedIn signs email in through the form and returns the session and a
// form token.
func (a *auditSite) signedIn(email string) (session, csrf string) {
	a.t.Helper()
	session = sessionFrom(a.t, a.signIn(email, workerPassword)).Value
	return session, field(a.t, a.do("GET", "/workers/", nil, session).Body.String(), "csrf")
}

// trail is every entry of the trail, newest first.
func trail(t *testing.T, st store.Store) []audit.Entry {
	t.Helper()
	page, err := audit.NewTrail(st, time.Now).List(context.Background(), audit.Query{Limit: audit.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	return page.Entries
}

// Each action a worker or an admin takes leaves exactly one entry: who,
// what, which round, which team (by its id), and the minute, on both
// stores.
func TestEachActionLeavesOneEntry(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		a := newAuditSite(t, st)
		ctx := context.Background()
		code := uniqueCode("AU")
		var lee, leeCSRF, ada, adaCSRF string
		roundTeam := func() string {
			r, found, err := st.GetRound(ctx, code)
			if err != nil || !found {
				t.Fatalf("round %s: %v %v", code, found, err)
			}
			return r.Team
		}
		postID := func() string {
			posts, err := st.Posts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(posts, func(p feedback.Post) bool { return p.Round == code })
			if i < 0 {
				t.Fatal("no post")
			}
			return posts[i].ID
		}
		onRound := func(what audit.Action) func() audit.Entry {
			return func() audit.Entry {
				return audit.Entry{Who: "lee@example.org", What: what, Round: code, Team: roundTeam()}
			}
		}
		for _, step := range []struct {
			name   string
			do     func() *httptest.ResponseRecorder
			status int
			want   func() audit.Entry
		}{
			{"sign-in", func() *httptest.ResponseRecorder {
				rec := a.signIn("lee@example.org", workerPassword)
				lee = sessionFrom(t, rec).Value
				leeCSRF = field(t, a.do("GET", "/workers/", nil, lee).Body.String(), "csrf")
				return rec
			}, http.StatusSeeOther, func() audit.Entry {
				return audit.Entry{Who: "lee@example.org", What: audit.SignedIn, Team: a.leeds.ID}
			}},
			{"create a round", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/rounds", roundForm(code, leeCSRF), lee)
			}, http.StatusSeeOther, onRound(audit.CreatedRound)},
			{"read its comments", func() *httptest.ResponseRecorder {
				if err := st.SaveResponse(ctx, feedback.Response{Round: code, Channel: "web", Lang: "en", At: time.Now(),
					Answers: map[string]int{"safe": 4}, Comment: "the room was cold"}); err != nil {
					t.Fatal(err)
				}
				return a.do("GET", "/workers/rounds/"+code, nil, lee)
			}, http.StatusOK, onRound(audit.ViewedComments)},
			{"export the CSV", func() *httptest.ResponseRecorder {
				return a.do("GET", "/workers/rounds/"+code+"/export.csv", nil, lee)
			}, http.StatusOK, onRound(audit.ExportedCSV)},
			{"export the JSON", func() *httptest.ResponseRecorder {
				return a.do("GET", "/workers/rounds/"+code+"/export.json", nil, lee)
			}, http.StatusOK, onRound(audit.ExportedJSON)},
			{"print the poster", func() *httptest.ResponseRecorder {
				return a.do("GET", "/workers/rounds/"+code+"/poster", nil, lee)
			}, http.StatusOK, onRound(audit.PrintedPoster)},
			{"print the report", func() *httptest.ResponseRecorder {
				return a.do("GET", "/workers/rounds/"+code+"/report", nil, lee)
			}, http.StatusOK, onRound(audit.PrintedReport)},
			{"close the round", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/rounds/"+code+"/close", url.Values{"csrf": {leeCSRF}}, lee)
			}, http.StatusSeeOther, onRound(audit.ClosedRound)},
			{"open the round", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/rounds/"+code+"/open", url.Values{"csrf": {leeCSRF}}, lee)
			}, http.StatusSeeOther, onRound(audit.OpenedRound)},
			{"publish a post", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/rounds/"+code+"/posts", url.Values{"csrf": {leeCSRF}, "said.en": {"It was cold"}, "did.en": {"We fixed the heating"}}, lee)
			}, http.StatusSeeOther, onRound(audit.PublishedPost)},
			{"take the post down", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/posts/"+postID()+"/delete", url.Values{"csrf": {leeCSRF}, "round": {code}}, lee)
			}, http.StatusSeeOther, onRound(audit.TookDownPost)},
			{"an admin signs in", func() *httptest.ResponseRecorder {
				rec := a.signIn("ada@example.org", workerPassword)
				ada = sessionFrom(t, rec).Value
				adaCSRF = field(t, a.do("GET", "/workers/", nil, ada).Body.String(), "csrf")
				return rec
			}, http.StatusSeeOther, func() audit.Entry { return audit.Entry{Who: "ada@example.org", What: audit.SignedIn} }},
			{"an admin exports the standing round", func() *httptest.ResponseRecorder {
				return a.do("GET", "/workers/rounds/general/export.csv", nil, ada)
			}, http.StatusOK, func() audit.Entry {
				return audit.Entry{Who: "ada@example.org", What: audit.ExportedCSV, Round: feedback.Standing, Team: accounts.Admins}
			}},
			{"an admin publishes on the standing round", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/rounds/general/posts", url.Values{"csrf": {adaCSRF}, "said.en": {"More evenings"}, "did.en": {"Open till 9"}}, ada)
			}, http.StatusSeeOther, func() audit.Entry {
				return audit.Entry{Who: "ada@example.org", What: audit.PublishedPost, Round: feedback.Standing, Team: accounts.Admins}
			}},
		} {
			a.now = a.now.Add(7 * time.Minute)
			before := len(trail(t, st))
			rec := step.do()
			if rec.Code != step.status {
				t.Fatalf("%s: %d, want %d: %s", step.name, rec.Code, step.status, rec.Body)
			}
			entries := trail(t, st)
			if len(entries) != before+1 {
				t.Fatalf("%s: %d entries added, want 1: %+v", step.name, len(entries)-before, entries)
			}
			want := step.want()
			want.At = a.now.Truncate(time.Minute)
			if got := entries[0]; got != want {
				t.Errorf("%s:\n got %+v\nwant %+v", step.name, got, want)
			}
		}
	})
}

// roundWithComment makes a round of lee's, through the form, and gives it
// one comment.
func (a *auditSite) roundWithComment(lee, csrf, comment string) string {
	a.t.Helper()
	code := uniqueCode("AU")
	if rec := a.do("POST", "/workers/rounds", roundForm(code, csrf), lee); rec.Code != http.StatusSeeOther {
		a.t.Fatalf("new round: %d %s", rec.Code, rec.Body)
	}
	if err := a.store.SaveResponse(context.Background(), feedback.Response{Round: code, Channel: "web", Lang: "en", At: time.Now(),
		Answers: map[string]int{"safe": 2}, Comment: comment}); err != nil {
		a.t.Fatal(err)
	}
	return code
}

// Reading a round's comments is written once an hour for each worker and
// round: the page is reloaded all day, and what an admin asks is who read
// them, and when, to the hour. A round with no comments shows none, and
// nothing is written.
func TestReadingCommentsIsWrittenOnceAnHourForEachWorker(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		a := newAuditSite(t, st)
		lee, csrf := a.signedIn("lee@example.org")
		ada, _ := a.signedIn("ada@example.org")
		code := a.roundWithComment(lee, csrf, "nobody listened")
		start := a.now
		views := func() (n map[string]int) {
			n = map[string]int{}
			for _, e := range trail(t, st) {
				if e.What == audit.ViewedComments && e.Round == code {
					n[e.Who]++
				}
			}
			return n
		}
		for _, step := range []struct {
			after    time.Duration
			session  string
			lee, ada int
		}{
			{0, lee, 1, 0},
			{time.Minute, lee, 1, 0},
			{time.Minute, ada, 1, 1},
			{59 * time.Minute, lee, 1, 1},
			{60 * time.Minute, lee, 2, 1},
			{61 * time.Minute, ada, 2, 2},
		} {
			a.now = start.Add(step.after)
			if rec := a.do("GET", "/workers/rounds/"+code, nil, step.session); rec.Code != http.StatusOK {
				t.Fatalf("%v: %d", step.after, rec.Code)
			}
			if got := views(); got["lee@example.org"] != step.lee || got["ada@example.org"] != step.ada {
				t.Errorf("after %v: %v, want lee %d, ada %d", step.after, got, step.lee, step.ada)
			}
		}
		empty := uniqueCode("AE")
		if rec := a.do("POST", "/workers/rounds", roundForm(empty, csrf), lee); rec.Code != http.StatusSeeOther {
			t.Fatal(rec.Code)
		}
		before := len(trail(t, st))
		if rec := a.do("GET", "/workers/rounds/"+empty, nil, lee); rec.Code != http.StatusOK || len(trail(t, st)) != before {
			t.Errorf("a round without comments: %d, %d entries added", rec.Code, len(trail(t, st))-before)
		}
	})
}

// A round's page says who exported it or printed its report, and when,
// newest first, the latest few: the team's own entries for that round, and
// never a reading of comments or another round's exports.
func TestARoundsPageSaysWhoExportedIt(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		a := newAuditSite(t, st)
		lee, csrf := a.signedIn("lee@example.org")
		ada, _ := a.signedIn("ada@example.org")
		code := a.roundWithComment(lee, csrf, "ok")
		other := a.roundWithComment(lee, csrf, "fine")
		a.now = time.Date(2026, 7, 14, 15, 47, 0, 0, time.UTC) // 16:47 in the UK
		a.do("GET", "/workers/rounds/"+other+"/export.csv", nil, lee)
		a.do("GET", "/workers/rounds/"+code+"/export.json", nil, ada)
		a.now = a.now.Add(time.Hour)
		a.do("GET", "/workers/rounds/"+code+"/export.csv", nil, lee)
		a.do("GET", "/workers/rounds/"+code+"/poster", nil, lee)
		want := []string{"lee@example.org exported the CSV on 14 Jul 2026 at 17:47.", "ada@example.org exported the JSON on 14 Jul 2026 at 16:47."}
		if got := a.exportsShown(lee, code); !slices.Equal(got, want) {
			t.Errorf("exports shown:\n%q\nwant\n%q", got, want)
		}
		for range 7 {
			a.now = a.now.Add(time.Minute)
			a.do("GET", "/workers/rounds/"+code+"/report", nil, lee)
		}
		got := a.exportsShown(lee, code)
		if len(got) != 5 || got[0] != "lee@example.org printed the report on 14 Jul 2026 at 17:54." || got[4] != "lee@example.org printed the report on 14 Jul 2026 at 17:50." {
			t.Errorf("exports shown: %q; want the latest 5, newest first", got)
		}
	})
}

// exportsShown are the lines of "Exports and reports" on a round's page.
func (a *auditSite) exportsShown(session, code string) []string {
	a.t.Helper()
	rec := a.do("GET", "/workers/rounds/"+code, nil, session)
	if rec.Code != http.StatusOK {
		a.t.Fatalf("round page: %d", rec.Code)
	}
	var lines []string
	for _, ul := range all(parse(a.t, rec.Body.String()), tag("ul")) {
		if attr(ul, "class") == "trail" {
			for _, li := range all(ul, tag("li")) {
				lines = append(lines, text(li))
			}
		}
	}
	return lines
}
