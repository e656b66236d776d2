package workers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"
	"heard/handlers/internal/webtest"
	"heard/localhelp"
	"heard/store"

	"golang.org/x/net/html"
)

// localSite is the whole site with two teams, North and South, a worker in
// each (amy, sam) and an admin in none (ada), on a clock the test moves.
type localSite struct {
	*workerSite
	mu           sync.Mutex
	at           time.Time
	north, south accounts.Team
	northRound   string
}

func (s *localSite) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.at
}

func (s *localSite) set(at time.Time) {
	s.mu.Lock()
	s.at = at
	s.mu.Unlock()
}

func newLocalSite(t *testing.T, st store.Store) *localSite {
	t.Helper()
	s := &localSite{at: time.Date(2026, 3, 14, 11, 0, 0, 0, time.UTC)}
	s.north, s.northRound = webtest.LocalTeam(t, st, "North", s.at)
	s.south, _ = webtest.LocalTeam(t, st, "South", s.at)
	lib, bundle := loadWords(t)
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Store: st, Secret: testSecret, Now: s.now, SMSNumber: testSMSNumber}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := accounts.HashPassword(workerPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []accounts.User{{Email: "amy@example.org", Role: "worker", Team: s.north.ID},
		{Email: "sam@example.org", Role: "worker", Team: s.south.ID}, {Email: "ada@example.org", Role: "admin"}} {
		u.PasswordHash, u.Created = hash, s.at
		if err := st.PutUser(context.Background(), u); err != nil {
			t.Fatal(err)
		}
	}
	// ada is an admin, so she has a second factor: signIn types its code.
	s.workerSite = &workerSite{t: t, handler: h, store: st, now: s.now,
		keys: map[string]string{"ada@example.org": enrolAt(t, st, "ada@example.org", time.Unix(86400, 0))}}
	return s
}

// as signs in and returns the session and the form token of a page.
func (s *localSite) as(email string) (session, csrf string) {
	s.t.Helper()
	session = sessionFrom(s.t, s.signIn(email, workerPassword)).Value
	return session, field(s.t, s.do("GET", "/workers/", nil, session).Body.String(), "csrf")
}

// post sends a form as a browser on this site would.
func (s *localSite) post(path string, form url.Values, session string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	return rec
}

func entryForm(in localhelp.Input, csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "name": {in.Name}, "phone": {in.Phone}, "web": {in.Web}, "hours": {in.Hours}}
}

// entries reads a team's entries straight from the store.
func (s *localSite) entries(team string) []localhelp.Entry {
	s.t.Helper()
	entries, err := s.store.LocalHelp(context.Background(), team)
	if err != nil {
		s.t.Fatal(err)
	}
	return entries
}

// localCardNames are the names on the local cards of a page.
func localCardNames(t *testing.T, body string) []string {
	var names []string
	for _, card := range all(parse(t, body), func(n *html.Node) bool { return hasAttr(n, localhelp.PageMark) }) {
		names = append(names, text(first(card, tag("h3"))))
	}
	return names
}

func TestAWorkerAddsChecksChangesAndRemovesTheirTeamsLocalHelp(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newLocalSite(t, st)
		session, csrf := s.as("amy@example.org")
		list := "/workers/local-help/" + s.north.ID
		if rec := s.do("GET", "/workers/local-help", nil, session); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != list {
			t.Fatalf("a worker's local help: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if rec := s.do("GET", list+"/new", nil, session); rec.Code != http.StatusOK || field(t, rec.Body.String(), "csrf") == "" {
			t.Fatalf("the add form: %d", rec.Code)
		}

		// A premium-rate number: the problem beside the phone box, and
		// everything typed kept.
		bad := webtest.Clinic
		bad.Phone = "0909 879 0000"
		rec := s.post(list, entryForm(bad, csrf), session)
		doc := parse(t, rec.Body.String())
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("a premium-rate number: %d", rec.Code)
		}
		problem := first(doc, byID("phone-problem"))
		phone := first(doc, byID("phone"))
		if problem == nil || !strings.Contains(text(problem), "premium rate") || attr(phone, "aria-describedby") != "phone-problem" {
			t.Errorf("the problem is not beside the phone box: %v", problem)
		}
		for name, want := range map[string]string{"name": bad.Name, "phone": bad.Phone, "web": bad.Web, "hours": bad.Hours} {
			if got := attr(first(doc, byID(name)), "value"); got != want {
				t.Errorf("the %s box lost what was typed: %q, want %q", name, got, want)
			}
		}
		if len(s.entries(s.north.ID)) != 0 {
			t.Fatal("an entry with a problem was kept")
		}

		if rec := s.post(list, entryForm(webtest.Clinic, csrf), session); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != list+"?done=added" {
			t.Fatalf("adding: %d %s", rec.Code, rec.Body)
		}
		entries := s.entries(s.north.ID)
		if len(entries) != 1 || entries[0].Phone != webtest.Clinic.Phone || entries[0].CheckedBy != "amy@example.org" {
			t.Fatalf("kept %+v", entries)
		}
		id := entries[0].ID
		page := s.do("GET", list+"?done=added", nil, session).Body.String()
		if !strings.Contains(page, "Added.") || !strings.Contains(page, webtest.Clinic.Name) || !strings.Contains(page, "Shown until 14 September 2026") {
			t.Errorf("the list after adding: %s", page)
		}
		form := "/feedback/" + s.northRound
		if names := localCardNames(t, s.do("GET", "/en"+form, nil, "").Body.String()); len(names) != 1 || names[0] != webtest.Clinic.Name {
			t.Errorf("young people see %q", names)
		}

		// Five months on: due for a check, still shown.
		s.set(time.Date(2026, 8, 20, 9, 0, 0, 0, time.UTC))
		page = s.do("GET", list, nil, session).Body.String()
		if !strings.Contains(page, "Due for a check: hidden from 14 September 2026.") || !strings.Contains(page, "1 service needs a check.") {
			t.Errorf("five months on, the list does not say it is due: %s", page)
		}
		// Six months on: hidden from young people, and the team is told.
		s.set(time.Date(2026, 9, 14, 9, 0, 0, 0, time.UTC))
		page = s.do("GET", list, nil, session).Body.String()
		if !strings.Contains(page, "Hidden: not checked for 6 months.") {
			t.Errorf("six months on, the list does not say it is hidden: %s", page)
		}
		for _, path := range []string{"/en" + form, "/en" + form + "/thanks", "/workers/rounds/" + s.northRound + "/poster"} {
			if names := localCardNames(t, s.do("GET", path, nil, session).Body.String()); len(names) != 0 {
				t.Errorf("%s six months on: %q", path, names)
			}
		}
		// "I checked it today" shows it again, for six months from today.
		csrf = field(t, page, "csrf") // a form from today
		if rec := s.post(list+"/"+id+"/check", url.Values{"csrf": {csrf}}, session); rec.Code != http.StatusSeeOther {
			t.Fatalf("checking: %d", rec.Code)
		}
		if e := s.entries(s.north.ID)[0]; !e.CheckedOn.Equal(time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC)) || e.Phone != webtest.Clinic.Phone {
			t.Errorf("after the check: %+v", e)
		}
		if names := localCardNames(t, s.do("GET", "/en"+form, nil, "").Body.String()); len(names) != 1 {
			t.Errorf("checked today, young people see %q", names)
		}

		// Changing it fills the form, keeps problems beside their boxes, and counts as a check.
		edit := s.do("GET", list+"/"+id, nil, session).Body.String()
		if field(t, edit, "phone") != webtest.Clinic.Phone || field(t, edit, "name") != webtest.Clinic.Name {
			t.Errorf("the change form is not filled in: %s", edit)
		}
		changed := webtest.Clinic
		changed.Web = "javascript:alert(1)"
		if rec := s.post(list+"/"+id, entryForm(changed, csrf), session); rec.Code != http.StatusUnprocessableEntity || first(parse(t, rec.Body.String()), byID("web-problem")) == nil {
			t.Errorf("a javascript: address: %d", rec.Code)
		}
		s.set(time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC))
		csrf = field(t, s.do("GET", list, nil, session).Body.String(), "csrf")
		changed.Web, changed.Hours = "", "Tuesdays, 4pm to 8pm"
		if rec := s.post(list+"/"+id, entryForm(changed, csrf), session); rec.Code != http.StatusSeeOther {
			t.Fatalf("changing: %d %s", rec.Code, rec.Body)
		}
		if e := s.entries(s.north.ID)[0]; e.Hours != changed.Hours || e.Web != "" || !e.CheckedOn.Equal(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("after the change: %+v", e)
		}

		if rec := s.post(list+"/"+id+"/delete", url.Values{"csrf": {csrf}}, session); rec.Code != http.StatusSeeOther {
			t.Fatalf("removing: %d", rec.Code)
		}
		if len(s.entries(s.north.ID)) != 0 || len(localCardNames(t, s.do("GET", "/en"+form, nil, "").Body.String())) != 0 {
			t.Error("a removed entry is still there")
		}
		if rec := s.post(list+"/"+id+"/check", url.Values{"csrf": {csrf}}, session); rec.Code != http.StatusNotFound {
			t.Errorf("checking a removed entry: %d", rec.Code)
		}
	})
}

// A worker of another team gets 404 on every local help route of North,
// with a good form token, and changes nothing; North's entry under South's
// address is not found either. An admin reaches both.
func TestAnotherTeamsWorkerFindsNoLocalHelpRoute(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newLocalSite(t, st)
		amy, amyCSRF := s.as("amy@example.org")
		s.post("/workers/local-help/"+s.north.ID, entryForm(webtest.Clinic, amyCSRF), amy)
		entries := s.entries(s.north.ID)
		if len(entries) != 1 {
			t.Fatalf("North lists %d", len(entries))
		}
		id := entries[0].ID
		sam, samCSRF := s.as("sam@example.org")
		for _, base := range []string{"/workers/local-help/" + s.north.ID, "/workers/local-help/" + s.south.ID, "/workers/local-help/" + accounts.Admins, "/workers/local-help/nosuchteam"} {
			mine := base == "/workers/local-help/"+s.south.ID
			gets := []string{base + "/" + id}
			posts := map[string]url.Values{base + "/" + id: entryForm(webtest.YouthService, samCSRF),
				base + "/" + id + "/check": {"csrf": {samCSRF}}, base + "/" + id + "/delete": {"csrf": {samCSRF}}}
			if !mine {
				gets = append(gets, base, base+"/new")
				posts[base] = entryForm(webtest.YouthService, samCSRF)
			}
			for _, path := range gets {
				if rec := s.do("GET", path, nil, sam); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), webtest.Clinic.Name) {
					t.Errorf("sam GET %s: %d", path, rec.Code)
				}
			}
			for path, form := range posts {
				if rec := s.post(path, form, sam); rec.Code != http.StatusNotFound {
					t.Errorf("sam POST %s: %d", path, rec.Code)
				}
			}
		}
		if after := s.entries(s.north.ID); len(after) != 1 || after[0] != entries[0] {
			t.Errorf("North's entries after South's worker tried: %+v", after)
		}
		if len(s.entries(s.south.ID)) != 0 {
			t.Error("South's worker added to another team")
		}

		ada, adaCSRF := s.as("ada@example.org")
		choose := s.do("GET", "/workers/local-help", nil, ada).Body.String()
		for _, team := range []accounts.Team{s.north, s.south} {
			if !strings.Contains(choose, `href="/workers/local-help/`+team.ID+`"`) {
				t.Errorf("the admin's choice lacks %s", team.Name)
			}
		}
		if rec := s.post("/workers/local-help/"+s.south.ID, entryForm(webtest.YouthService, adaCSRF), ada); rec.Code != http.StatusSeeOther || len(s.entries(s.south.ID)) != 1 {
			t.Errorf("an admin adding for South: %d", rec.Code)
		}
		if rec := s.do("GET", "/workers/local-help/"+accounts.Admins, nil, ada); rec.Code != http.StatusNotFound {
			t.Errorf("the admins' own local help: %d", rec.Code)
		}
	})
}

func TestEveryLocalHelpFormNeedsItsTokenAndThisSite(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := newLocalSite(t, st)
	session, csrf := s.as("amy@example.org")
	list := "/workers/local-help/" + s.north.ID
	s.post(list, entryForm(webtest.Clinic, csrf), session)
	before := s.entries(s.north.ID)
	id := before[0].ID
	s.set(s.at.AddDate(0, 1, 0)) // so a check would change the day
	csrf = field(t, s.do("GET", list, nil, session).Body.String(), "csrf")
	for path, form := range map[string]url.Values{list: entryForm(webtest.YouthService, ""), list + "/" + id: entryForm(webtest.YouthService, ""),
		list + "/" + id + "/check": {}, list + "/" + id + "/delete": {}} {
		for name, attack := range map[string]func(url.Values, *http.Request){
			"no token":     func(url.Values, *http.Request) {},
			"forged token": func(f url.Values, _ *http.Request) { f.Set("csrf", "x."+csrf[2:]) },
			"other site":   func(f url.Values, r *http.Request) { f.Set("csrf", csrf); r.Header.Set("Sec-Fetch-Site", "cross-site") },
		} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			req := httptest.NewRequest("POST", path, nil)
			attack(f, req)
			forged := httptest.NewRequest("POST", path, strings.NewReader(f.Encode()))
			forged.Header = req.Header
			forged.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			forged.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
			rec := httptest.NewRecorder()
			s.handler.ServeHTTP(rec, forged)
			if rec.Code != http.StatusForbidden {
				t.Errorf("%s with %s: %d, want 403", path, name, rec.Code)
			}
		}
	}
	if after := s.entries(s.north.ID); len(after) != 1 || after[0] != before[0] {
		t.Errorf("forged forms changed the local help: %+v", after)
	}
}

// The team's round's poster prints the local cards below the national
// helplines, with the day each was checked; the standing round's has none.
func TestAPosterPrintsTheTeamsLocalHelpBelowTheNationalHelplines(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newLocalSite(t, st)
		session, csrf := s.as("amy@example.org")
		s.post("/workers/local-help/"+s.north.ID, entryForm(webtest.Clinic, csrf), session)
		s.post("/workers/local-help/"+s.north.ID, entryForm(webtest.YouthService, csrf), session)
		doc := parse(t, s.do("GET", "/workers/rounds/"+s.northRound+"/poster", nil, session).Body.String())
		poster := first(doc, func(n *html.Node) bool { return n.Data == "article" })
		help := first(poster, func(n *html.Node) bool { return attr(n, "class") == "poster-help" })
		cards := all(poster, func(n *html.Node) bool { return hasAttr(n, localhelp.PageMark) })
		if help == nil || len(cards) != 2 {
			t.Fatalf("the poster has national help %v and %d local cards", help != nil, len(cards))
		}
		if !strings.Contains(text(help), "999") || !strings.Contains(text(help), "0800 1111") {
			t.Errorf("the poster's national help: %q", text(help))
		}
		for _, card := range cards {
			if !webtestBefore(doc, help, card) {
				t.Error("a local card comes before the national helplines")
			}
			if !strings.Contains(text(card), "Checked on 14/3/2026") {
				t.Errorf("a card does not print when it was checked: %q", text(card))
			}
		}
		if !strings.Contains(text(poster), "Local help from "+s.north.Name) {
			t.Errorf("the poster does not say whose local help it is: %q", text(poster))
		}
		ada, _ := s.as("ada@example.org")
		if names := localCardNames(t, s.do("GET", "/workers/rounds/general/poster", nil, ada).Body.String()); len(names) != 0 {
			t.Errorf("the standing round's poster: %q", names)
		}
	})
}

// webtestBefore reports whether a comes before b in the page.
func webtestBefore(doc, a, b *html.Node) bool {
	for _, n := range all(doc, func(*html.Node) bool { return true }) {
		switch n {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// TestEachLocalHelpChangeIsInTheTrail: adding, changing, checking and
// removing a local service each leave one entry (who, which team, the
// service by its name, the minute), which the team's round pages list
// under "Local help changes" and admins read at /workers/audit. Another
// team's round pages do not show them.
func TestEachLocalHelpChangeIsInTheTrail(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		s := newLocalSite(t, st)
		s.set(time.Date(2026, 3, 14, 11, 7, 42, 0, time.UTC))
		session, csrf := s.as("amy@example.org")
		list := "/workers/local-help/" + s.north.ID
		before := len(trail(t, st))
		if rec := s.post(list, entryForm(webtest.Clinic, csrf), session); rec.Code != http.StatusSeeOther {
			t.Fatalf("adding: %d", rec.Code)
		}
		id := s.entries(s.north.ID)[0].ID
		changed := webtest.Clinic
		changed.Name = "Clinic on the hill"
		if rec := s.post(list+"/"+id, entryForm(changed, csrf), session); rec.Code != http.StatusSeeOther {
			t.Fatalf("changing: %d", rec.Code)
		}
		if rec := s.post(list+"/"+id+"/check", url.Values{"csrf": {csrf}}, session); rec.Code != http.StatusSeeOther {
			t.Fatalf("checking: %d", rec.Code)
		}
		// A form with a problem changes nothing, and writes nothing.
		bad := changed
		bad.Phone = "0909 879 0000"
		if rec := s.post(list+"/"+id, entryForm(bad, csrf), session); rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("a premium-rate number: %d", rec.Code)
		}
		if rec := s.post(list+"/"+id+"/delete", url.Values{"csrf": {csrf}}, session); rec.Code != http.StatusSeeOther {
			t.Fatalf("removing: %d", rec.Code)
		}
		entries := trail(t, st)
		if len(entries) != before+4 {
			t.Fatalf("%d entries written, want 4", len(entries)-before)
		}
		minute := time.Date(2026, 3, 14, 11, 7, 0, 0, time.UTC)
		want := []audit.Entry{ // newest first
			{Who: "amy@example.org", What: audit.RemovedLocalHelp, Team: s.north.ID, LocalHelp: "Clinic on the hill", At: minute},
			{Who: "amy@example.org", What: audit.CheckedLocalHelp, Team: s.north.ID, LocalHelp: "Clinic on the hill", At: minute},
			{Who: "amy@example.org", What: audit.ChangedLocalHelp, Team: s.north.ID, LocalHelp: "Clinic on the hill", At: minute},
			{Who: "amy@example.org", What: audit.AddedLocalHelp, Team: s.north.ID, LocalHelp: webtest.Clinic.Name, At: minute},
		}
		for i, w := range want {
			if got := entries[i]; got != w {
				t.Errorf("entry %d: %+v, want %+v", i, got, w)
			}
		}

		round := s.do("GET", "/workers/rounds/"+s.northRound, nil, session).Body.String()
		section := trailAfter(t, round, "Local help changes")
		for _, line := range []string{
			"amy@example.org removed the local service “Clinic on the hill” on 14 Mar 2026 at 11:07.",
			"amy@example.org added the local service “Sexual health clinic” on 14 Mar 2026 at 11:07.",
		} {
			if !slices.Contains(section, line) {
				t.Errorf("the round page's local help changes lack %q: %q", line, section)
			}
		}
		if len(section) != 4 {
			t.Errorf("the round page lists %d changes, want 4", len(section))
		}
		southRound := feedback.Round{Code: uniqueCode("SO"), Title: "South drop-in", Questions: []string{"listened"},
			Opens: s.at, Channels: []string{"web"}, Created: s.at, Team: s.south.ID}
		if err := st.CreateRound(context.Background(), southRound); err != nil {
			t.Fatal(err)
		}
		sam, _ := s.as("sam@example.org")
		if body := s.do("GET", "/workers/rounds/"+southRound.Code, nil, sam).Body.String(); strings.Contains(body, "Clinic on the hill") || strings.Contains(body, "Local help changes") {
			t.Error("a South round's page shows North's local help changes")
		}

		ada, _ := s.as("ada@example.org")
		rows := auditRows(t, s.do("GET", "/workers/audit?team="+s.north.ID, nil, ada).Body.String())
		if len(rows) < 4 || rows[0][1] != "amy@example.org" || rows[0][2] != "removed the local service “Clinic on the hill”" || rows[0][5] != s.north.Name ||
			rows[3][2] != "added the local service “Sexual health clinic”" || rows[0][0] != "14 Mar 2026 11:07" {
			t.Errorf("the audit page: %q", rows)
		}
	})
}

// trailAfter is the lines of the list after the heading words on a page.
func trailAfter(t *testing.T, body, words string) []string {
	t.Helper()
	var lines []string
	for _, h := range all(parse(t, body), tag("h2")) {
		if text(h) != words {
			continue
		}
		for n := h.NextSibling; n != nil; n = n.NextSibling {
			if n.Type == html.ElementNode && n.Data == "ul" {
				for _, li := range all(n, tag("li")) {
					lines = append(lines, text(li))
				}
				return lines
			}
		}
	}
	return nil
}
