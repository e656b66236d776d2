package workers_test

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"

	"golang.org/x/net/html"
)

// session signs amy in by keeping a session for her directly, as the
// sign-in form would: these tests are about what she reads, and a shared
// Redis keeps one lock-out count for her across every test that signs in.
func (w *workerSite) session() string {
	w.t.Helper()
	return w.sessionOf(amy)
}

// sessionOf keeps a session for the account with email, as signing in would.
func (w *workerSite) sessionOf(email string) string {
	w.t.Helper()
	id := rand.Text()
	if err := w.store.PutSession(context.Background(), id, email, time.Hour); err != nil {
		w.t.Fatal(err)
	}
	return id
}

// answered saves n responses to round, each answering every question with
// answer, at the moment given.
func answered(t *testing.T, st store.Store, round string, at time.Time, n int, answers map[string]int) {
	t.Helper()
	for range n {
		if err := st.SaveResponse(context.Background(), feedback.Response{Round: round, Channel: "web", Lang: "en", At: at, Answers: answers,
			Area: "london", Service: "police"}); err != nil {
			t.Fatal(err)
		}
	}
}

// rowOf is the text of the last table row whose heading starts with words.
func rowOf(t *testing.T, body, words string) string {
	t.Helper()
	return rowIn(t, parse(t, body), words)
}

// rowIn is rowOf within one part of a page.
func rowIn(t *testing.T, n *html.Node, words string) string {
	t.Helper()
	row := ""
	for _, tr := range all(n, tag("tr")) {
		if th := first(tr, tag("th")); th != nil && strings.HasPrefix(text(th), words) {
			row = text(tr)
		}
	}
	if row == "" {
		t.Fatalf("no row for %q", words)
	}
	return row
}

func TestComparingTwoRoundsSaysWhatTheNumbersCarry(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		session := w.session()
		ctx := context.Background()
		before, after := uniqueCode("BF"), uniqueCode("AF")
		march, may := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
		for _, code := range []string{before, after} {
			if err := st.CreateRound(ctx, feedback.Round{Code: code, Title: "Club " + code, Questions: []string{"listened", "safe", "blamed"},
				Opens: march, Channels: []string{"web"}, Created: time.Now(), Team: w.team.ID}); err != nil {
				t.Fatal(err)
			}
		}
		answered(t, st, before, march, 20, map[string]int{"listened": 1, "safe": 5, "blamed": 5})
		answered(t, st, after, may, 20, map[string]int{"listened": 5, "blamed": 1})
		answered(t, st, after, may, 3, map[string]int{"safe": 5})

		rec := w.do("GET", "/workers/compare?before="+before+"&after="+strings.ToLower(after), nil, session)
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			t.Fatalf("compare: %d %s", rec.Code, rec.Body)
		}
		if row := rowOf(t, body, "Did they listen to you?"); !strings.Contains(row, "0% (0 of 20)") || !strings.Contains(row, "100% (20 of 20)") ||
			!strings.Contains(row, "+100") || !strings.HasSuffix(row, "better") {
			t.Errorf("listened: %q", row)
		}
		if row := rowOf(t, body, "Did you feel safe?"); !strings.Contains(row, "too few to show (3 answered)") || !strings.HasSuffix(row, "can't tell yet: too few answers") || strings.Contains(row, "better") {
			t.Errorf("safe, with 3 answers after: %q", row)
		}
		if row := rowOf(t, body, "Did anyone make you feel it was your fault?"); !strings.Contains(row, "turned round") || !strings.HasSuffix(row, "better") {
			t.Errorf("blamed, fewer blamed after: %q", row)
		}
		// The form keeps what was chosen.
		doc := parse(t, body)
		for id, want := range map[string]string{"before": before, "after": after} {
			sel := first(doc, byID(id))
			chosen := first(sel, func(n *html.Node) bool { return n.Data == "option" && hasAttr(n, "selected") })
			if chosen == nil || attr(chosen, "value") != want {
				t.Errorf("select %s does not keep %s", id, want)
			}
		}

		// A round's report compares it with the one chosen.
		report := w.do("GET", "/workers/rounds/"+after+"/report?before="+before, nil, session)
		if report.Code != http.StatusOK || !strings.Contains(report.Body.String(), "Did it get better?") || !strings.HasSuffix(rowOf(t, report.Body.String(), "Did they listen to you?"), "better") {
			t.Errorf("report with a comparison: %d", report.Code)
		}
	})
}

func TestBeforeAndAfterAPostLeavesOutItsDay(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		session := w.session()
		ctx := context.Background()
		code := uniqueCode("PS")
		published := time.Date(2026, 4, 14, 15, 0, 0, 0, time.UTC)
		if err := st.CreateRound(ctx, feedback.Round{Code: code, Title: "Split round", Questions: []string{"listened"},
			Opens: published.AddDate(0, -2, 0), Channels: []string{"web"}, Created: time.Now(), Team: w.team.ID}); err != nil {
			t.Fatal(err)
		}
		answered(t, st, code, published.AddDate(0, 0, -20), 10, map[string]int{"listened": 2})
		answered(t, st, code, published.Add(-time.Hour), 50, map[string]int{"listened": 5}) // the post's own day
		answered(t, st, code, published.AddDate(0, 0, 20), 10, map[string]int{"listened": 4})
		post := feedback.Post{ID: uniqueCode("post"), Round: code, Said: map[string]string{"en": "Nobody told you what came next."},
			Did: map[string]string{"en": "We explain the next step every time."}, Published: published}
		if err := st.AddPost(ctx, post); err != nil {
			t.Fatal(err)
		}
		rec := w.do("GET", "/workers/compare?post="+post.ID, nil, session)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(body, "Split at the day the post was published, 14 April 2026") ||
			!strings.Contains(body, "Before: up to 13 Apr 2026") || !strings.Contains(body, "After: from 15 Apr 2026") {
			t.Fatalf("split: %d", rec.Code)
		}
		if row := rowOf(t, body, "Did they listen to you?"); !strings.Contains(row, "0% (0 of 10)") || !strings.Contains(row, "100% (10 of 10)") || !strings.HasSuffix(row, "better") {
			t.Errorf("the post's own day was counted on a side: %q", row)
		}
		// A report splits its round at its first post by itself, and shows
		// the months it spans.
		report := w.do("GET", "/workers/rounds/"+code+"/report", nil, session).Body.String()
		if !strings.Contains(report, "before and after the post of 14 April 2026") || !strings.Contains(report, "Month by month, Mar 2026 to May 2026") {
			t.Error("the report lacks the split at its post, or its months")
		}
	})
}

func TestTrendsProfileAndRoundPageRenderWithDataAndWithout(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := newWorkerSite(t, st, testPublicURL)
	session := w.sessionOf(ada) // the standing round, and the profile, are the admins'
	empty := map[string]string{
		"/workers/trends?team=admins":    "No answers yet.",
		"/workers/profile":               "Responses by area, each team",
		"/workers/compare":               "Pick a team",
		"/workers/compare?team=admins":   "Pick a round",
		"/workers/rounds/general":        "no answers yet",
		"/workers/rounds/general/report": "Heard report for round general",
	}
	for path, want := range empty {
		rec := w.do("GET", path, nil, session)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s with no data: %d, no %q", path, rec.Code, want)
		}
	}

	jan, feb, mar := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC), time.Date(2026, 2, 5, 12, 0, 0, 0, time.UTC), time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	answered(t, st, feedback.Standing, jan, 8, map[string]int{"listened": 4, "blamed": 5})
	answered(t, st, feedback.Standing, feb, 3, map[string]int{"listened": 1})
	answered(t, st, feedback.Standing, mar, 6, map[string]int{"listened": 2})
	for i, area := range []string{"east", "north-west", "north-west", "north-west", "north-west", "north-west"} {
		if err := st.SaveResponse(context.Background(), feedback.Response{Round: feedback.Standing, Channel: "sms", Lang: "en", At: mar, Area: area,
			Answers: map[string]int{"safe": 3 + i%2}}); err != nil {
			t.Fatal(err)
		}
	}

	trends := w.do("GET", "/workers/trends?round=general", nil, session).Body.String()
	doc := parse(t, trends)
	if charts := all(doc, func(n *html.Node) bool { return n.Data == "svg" && attr(n, "role") == "img" }); len(charts) != 3 {
		t.Errorf("%d trend charts, want listened, safe and blamed", len(charts))
	}
	listened := first(doc, func(n *html.Node) bool {
		return n.Data == "section" && strings.HasPrefix(text(first(n, tag("h3"))), "Did they listen to you?")
	})
	if listened == nil {
		t.Fatal("no trend of listened")
	}
	for month, want := range map[string]string{"Jan 2026": "100% (8 of 8)", "Feb 2026": "too few to show (3 answered)", "Mar 2026": "0% (0 of 6)"} {
		if row := rowIn(t, listened, month); !strings.Contains(row, want) {
			t.Errorf("listened in %s: %q, want %q", month, row, want)
		}
	}
	if !strings.Contains(trends, "Jan 2026 to Mar 2026") {
		t.Error("the trends do not say which months they span")
	}

	profile := w.do("GET", "/workers/profile", nil, session).Body.String()
	// East's 1 is hidden, and north-west's 5 with it, so that it cannot be
	// worked out from the total.
	for row, want := range map[string]string{"london": "17", "east": "hidden", "north-west": "hidden", "All responses": "23"} {
		if got := rowOf(t, profile, row); !strings.HasSuffix(got, want) {
			t.Errorf("profile row %s: %q, want %q", row, got, want)
		}
	}
	if !strings.Contains(profile, "No team shows a single answer") || !strings.Contains(profile, "north-east") {
		t.Error("the profile does not name where no one was heard")
	}

	round := w.do("GET", "/workers/rounds/general", nil, session).Body.String()
	chart := first(parse(t, round), func(n *html.Node) bool { return n.Data == "svg" && strings.Contains(attr(n, "class"), "likert") })
	if chart == nil || attr(chart, "role") != "img" || !strings.Contains(rawText(chart), "Did they listen to you?: 17 answered") {
		t.Fatal("the round page has no accessible answers chart")
	}
	if row := rowOf(t, round, "Did anyone make you feel it was your fault?"); !strings.Contains(row, "turned round") || !strings.HasSuffix(row, "0% (0 of 8)") {
		t.Errorf("blamed, all 5s: %q", row)
	}
	if n := len(all(parse(t, round), func(n *html.Node) bool { return n.Data == "svg" && attr(n, "role") == "img" })); n != 2 {
		t.Errorf("%d charts on the round page, want the answers and the weeks", n)
	}
}

func TestBadCompareAndReportQueriesGetAPlain400(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := newWorkerSite(t, st, testPublicURL)
	session := w.session()
	code := uniqueCode("BQ")
	if err := st.CreateRound(context.Background(), feedback.Round{Code: code, Title: "Bad queries", Questions: []string{"safe"},
		Opens: time.Now(), Channels: []string{"web"}, Created: time.Now(), Team: w.team.ID}); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string]string{
		"before=NOSUCH1&after=" + code:                                       "One of those rounds was not found",
		"before=" + code + "&after=" + code:                                  "Pick two different rounds",
		"before=general&after=" + url.QueryEscape(strings.Repeat("x", 5000)): "One of those rounds was not found",
		"post=nope":                             "That post was not found",
		"after=<script>alert(1)</script>":       "That round was not found",
		"before=" + url.QueryEscape("\x00\xff"): "That round was not found",
		"post=" + url.QueryEscape("../../etc"):  "That post was not found",
	} {
		rec := w.do("GET", "/workers/compare?"+query, nil, session)
		body := rec.Body.String()
		if rec.Code != http.StatusBadRequest || !strings.Contains(body, want) || !strings.Contains(body, `role="alert"`) || strings.Contains(body, "<script>alert") {
			t.Errorf("compare?%.60s: %d, want 400 saying %q", query, rec.Code, want)
		}
		if !strings.Contains(body, `<select id="before"`) {
			t.Errorf("compare?%.60s does not give the form back", query)
		}
	}
	for _, query := range []string{"before=NOSUCH1", "before=" + code, "post=nope", "before=" + url.QueryEscape("\xff")} {
		if rec := w.do("GET", "/workers/rounds/"+code+"/report?"+query, nil, session); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "quick-exit") {
			t.Errorf("report?%s: %d, want the 400 page", query, rec.Code)
		}
	}
	// Nothing about the rounds is shown to someone not signed in.
	for _, path := range []string{"/workers/compare?before=general&after=" + code, "/workers/trends", "/workers/profile"} {
		if rec := w.do("GET", path, nil, ""); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersSignIn {
			t.Errorf("%s without signing in: %d", path, rec.Code)
		}
	}
}

// TestCompareAndTrendsSetOnlyOneTeamsRoundsSideBySide: a worker's compare
// and trends are their own team's, however the address is made; an admin
// picks a team, or lands on the team of the round they came from, and is
// offered that team's rounds only, each named with its code and first day.
// Rounds of two teams are never compared, nor mixed in a trend.
func TestCompareAndTrendsSetOnlyOneTeamsRoundsSideBySide(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		w := newWorkerSite(t, st, testPublicURL)
		eastfield, theirs, _ := w.otherTeam() // 6 answers, all "listened" 5
		ctx := context.Background()
		own, older := uniqueCode("NS"), uniqueCode("NO")
		for _, code := range []string{own, older} {
			if err := st.CreateRound(ctx, feedback.Round{Code: code, Title: "Northside " + code, Questions: []string{"listened", "safe"},
				Opens: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), Channels: []string{"web"}, Created: time.Now(), Team: w.team.ID}); err != nil {
				t.Fatal(err)
			}
		}
		answered(t, st, own, time.Now(), 7, map[string]int{"listened": 5})
		northside, east := w.team.ID, eastfield.ID

		amy := w.session()
		for _, path := range []string{"/workers/compare?team=" + east, "/workers/trends?team=" + east,
			"/workers/compare?team=" + east + "&before=" + theirs.Code + "&after=" + own, "/workers/trends?round=" + theirs.Code + "&team=" + east} {
			if rec := w.do("GET", path, nil, amy); rec.Code != http.StatusNotFound {
				t.Errorf("amy, %s: %d, want 404", path, rec.Code)
			}
		}
		for _, query := range []string{"before=" + theirs.Code + "&after=" + own, "before=" + own + "&after=" + theirs.Code,
			"team=" + northside + "&before=" + own + "&after=" + theirs.Code, "team=" + northside + "&after=" + theirs.Code} {
			rec := w.do("GET", "/workers/compare?"+query, nil, amy)
			if body := rec.Body.String(); rec.Code != http.StatusBadRequest || strings.Contains(body, "Eastfield") || strings.Contains(body, "Good answers, before and after") {
				t.Errorf("amy, compare?%s: %d, want a 400 naming nothing of Eastfield and comparing nothing", query, rec.Code)
			}
		}
		if trends := w.do("GET", "/workers/trends?round="+own, nil, amy).Body.String(); !strings.Contains(trends, "(7 of 7)") || strings.Contains(trends, "of 13)") {
			t.Error("amy's trends are not her team's 7 answers alone")
		}

		ada := w.sessionOf(ada)
		// With no team picked, the admin picks one, and is offered no round.
		pick := w.do("GET", "/workers/compare", nil, ada).Body.String()
		if strings.Contains(pick, `<select id="before"`) || strings.Contains(pick, own) || strings.Contains(pick, theirs.Code) {
			t.Error("an admin is offered rounds before picking a team")
		}
		for _, name := range []string{"Northside Youth Team", "Eastfield Project", "Admins"} {
			if !strings.Contains(text(first(parse(t, pick), byID("team"))), name) {
				t.Errorf("the admin's choice of team lacks %s", name)
			}
		}
		options := func(body, id string) []string {
			var got []string
			for _, o := range all(first(parse(t, body), byID(id)), tag("option")) {
				if attr(o, "value") != "" {
					got = append(got, text(o))
				}
			}
			return got
		}
		// Picked, or landed on from a round: that team's rounds only, labelled.
		for path, want := range map[string][]string{
			"/workers/compare?team=" + east:  {"Eastfield drop-in (" + theirs.Code + "), opens " + theirs.Opens.Format("2 Jan 2006")},
			"/workers/compare?after=" + own:  {"Northside " + own + " (" + own + "), opens 10 Mar 2026", "Northside " + older + " (" + older + "), opens 10 Mar 2026"},
			"/workers/compare?team=admins":   {"General feedback (always open) (general)"},
			"/workers/compare?before=" + own: {"Northside " + own + " (" + own + "), opens 10 Mar 2026", "Northside " + older + " (" + older + "), opens 10 Mar 2026"},
		} {
			body := w.do("GET", path, nil, ada).Body.String()
			got := options(body, "before")
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("admin, %s offers %q, want %q", path, got, want)
			}
		}
		if landed := w.do("GET", "/workers/compare?after="+own, nil, ada).Body.String(); !strings.Contains(landed, "Two rounds of Northside Youth Team") {
			t.Error("an admin coming from a round does not land on its team")
		}
		// Two teams' rounds, however asked for, are not compared.
		for _, query := range []string{"team=" + northside + "&before=" + own + "&after=" + theirs.Code, "before=" + theirs.Code + "&after=" + own,
			"before=" + own + "&after=" + theirs.Code, "team=" + east + "&before=" + own + "&after=" + theirs.Code, "team=admins&before=general&after=" + own} {
			rec := w.do("GET", "/workers/compare?"+query, nil, ada)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "not found") || strings.Contains(rec.Body.String(), "Good answers, before and after") {
				t.Errorf("admin, compare?%s: %d, want a 400", query, rec.Code)
			}
		}
		if rec := w.do("GET", "/workers/rounds/"+own+"/report?before="+theirs.Code, nil, ada); rec.Code != http.StatusBadRequest {
			t.Errorf("admin, a report compared with another team's round: %d, want 400", rec.Code)
		}
		if rec := w.do("GET", "/workers/compare?team=no-such-team", nil, ada); rec.Code != http.StatusNotFound {
			t.Errorf("admin, a team that is not there: %d", rec.Code)
		}
		if rec := w.do("GET", "/workers/compare?team="+northside+"&before="+older+"&after="+own, nil, ada); rec.Code != http.StatusOK {
			t.Errorf("admin, two of Northside's rounds: %d", rec.Code)
		}
		// Trends: one team's, picked or landed on.
		for path, want := range map[string]string{"/workers/trends?team=" + east: "(6 of 6)", "/workers/trends?round=" + own: "(7 of 7)", "/workers/trends?round=" + theirs.Code: "(6 of 6)"} {
			body := w.do("GET", path, nil, ada).Body.String()
			if !strings.Contains(body, want) || strings.Contains(body, "of 13)") {
				t.Errorf("admin, %s: no %s alone", path, want)
			}
		}
		if body := w.do("GET", "/workers/trends", nil, ada).Body.String(); !strings.Contains(body, "Pick a team first") || strings.Contains(body, "of 13)") {
			t.Error("an admin's trends with no team picked mix the teams")
		}
	})
}
