package workers_test

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"
	"heard/handlers/internal/webtest"
	"heard/localhelp"
	"heard/store"
	"heard/store/storetest"

	"github.com/pquerna/otp/totp"
	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/net/html"
)

// auditSite is a site of two teams, each with a worker, and an admin of
// none, on a clock the test moves.
type auditSite struct {
	*workerSite
	now             time.Time
	leeds, bradford accounts.Team
	adaKey          string // the admin's second factor, set up long before any time a test sets
	// Made by beforeTheTrailBreaks: ada's session and form token, a link
	// inviting new@example.org, and the id of Leeds's one local service.
	ada, adaCSRF, link, localHelp string
}

func newAuditSite(t *testing.T, st store.Store) *auditSite {
	t.Helper()
	a := &auditSite{now: time.Now().UTC()}
	a.serve(t, st)
	var err error
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
	a.adaKey = enrolAt(t, st, "ada@example.org", time.Unix(86400, 0))
	a.keys = map[string]string{"ada@example.org": a.adaKey}
	return a
}

// enrolAt gives email a second factor, confirmed at when, and returns its key.
func enrolAt(t testing.TB, st store.Store, email string, when time.Time) string {
	t.Helper()
	f, err := accounts.NewFactors(st, testSecret, func() time.Time { return when })
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.Enrolment(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	key := strings.ReplaceAll(e.Secret, " ", "")
	code, err := totp.GenerateCode(key, when)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Confirm(context.Background(), email, code, "", func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	return key
}

// serve makes the site anew on st.
func (a *auditSite) serve(t *testing.T, st store.Store) {
	t.Helper()
	lib, bundle := loadWords(t)
	h, err := New(Config{PublicURL: mustURL(testPublicURL), Log: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Now: func() time.Time { return a.now }, Store: st, Secret: testSecret, SMSNumber: testSMSNumber}, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	a.workerSite = &workerSite{t: t, handler: h, store: st, now: func() time.Time { return a.now }, keys: map[string]string{"ada@example.org": a.adaKey}}
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
// what, which round or account, which team (by its id), and the minute, on
// both stores. So does a one-time link, by the worker who uses it.
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
		var inviteLink, resetLink string
		teamNamed := func(name string) accounts.Team {
			team, err := accounts.FindTeam(ctx, st, name)
			if err != nil {
				t.Fatalf("team %s: %v", name, err)
			}
			return team
		}
		onAccount := func(what audit.Action, account string, team func() string) func() audit.Entry {
			return func() audit.Entry {
				return audit.Entry{Who: "ada@example.org", What: what, Account: account, Team: team()}
			}
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
			{"an admin adds a team", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/teams", url.Values{"csrf": {adaCSRF}, "name": {"Wakefield outreach"}}, ada)
			}, http.StatusSeeOther, func() audit.Entry {
				return audit.Entry{Who: "ada@example.org", What: audit.CreatedTeam, Team: teamNamed("Wakefield outreach").ID}
			}},
			{"an admin invites a worker", func() *httptest.ResponseRecorder {
				rec := a.do("POST", "/workers/accounts/invite", url.Values{"csrf": {adaCSRF}, "email": {"new@example.org"}, "role": {"worker"}, "team": {a.leeds.ID}}, ada)
				inviteLink = linkIn(t, rec.Body.String())
				return rec
			}, http.StatusOK, onAccount(audit.InvitedAccount, "new@example.org", func() string { return a.leeds.ID })},
			{"the worker uses the invitation", func() *httptest.ResponseRecorder {
				return a.choosePassword(inviteLink, "a long new password", "a long new password")
			}, http.StatusOK, func() audit.Entry {
				return audit.Entry{Who: "new@example.org", What: audit.AcceptedInvite, Team: a.leeds.ID}
			}},
			{"an admin disables an account", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/accounts/disable", url.Values{"csrf": {adaCSRF}, "email": {"bo@example.org"}}, ada)
			}, http.StatusSeeOther, onAccount(audit.DisabledAccount, "bo@example.org", func() string { return a.bradford.ID })},
			{"an admin enables it", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/accounts/enable", url.Values{"csrf": {adaCSRF}, "email": {"bo@example.org"}}, ada)
			}, http.StatusSeeOther, onAccount(audit.EnabledAccount, "bo@example.org", func() string { return a.bradford.ID })},
			{"an admin unlocks it", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/accounts/unlock", url.Values{"csrf": {adaCSRF}, "email": {"bo@example.org"}}, ada)
			}, http.StatusSeeOther, onAccount(audit.UnlockedAccount, "bo@example.org", func() string { return a.bradford.ID })},
			{"an admin moves it to another team", func() *httptest.ResponseRecorder {
				return a.do("POST", "/workers/accounts/move", url.Values{"csrf": {adaCSRF}, "email": {"bo@example.org"}, "team": {teamNamed("Wakefield outreach").ID}}, ada)
			}, http.StatusSeeOther, onAccount(audit.MovedTeam, "bo@example.org", func() string { return teamNamed("Wakefield outreach").ID })},
			{"an admin makes a reset link", func() *httptest.ResponseRecorder {
				rec := a.do("POST", "/workers/accounts/reset", url.Values{"csrf": {adaCSRF}, "email": {"bo@example.org"}}, ada)
				resetLink = linkIn(t, rec.Body.String())
				return rec
			}, http.StatusOK, onAccount(audit.ResetPassword, "bo@example.org", func() string { return teamNamed("Wakefield outreach").ID })},
			{"the worker uses the reset link", func() *httptest.ResponseRecorder {
				return a.choosePassword(resetLink, "another long password", "another long password")
			}, http.StatusOK, func() audit.Entry {
				return audit.Entry{Who: "bo@example.org", What: audit.UsedResetLink, Team: teamNamed("Wakefield outreach").ID}
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

// When the trail cannot take an entry (a part of it broken in the store
// itself, on both stores), the action is refused with a kind 503, and
// nothing is shown, sent or changed: no session, no comment, no export, no
// round made, closed or posted to, no post taken down.
func TestAnActionTheTrailCannotTakeIsNotDone(t *testing.T) {
	t.Run("embedded", func(t *testing.T) {
		dir := t.TempDir()
		st, err := store.OpenEmbedded(dir)
		if err != nil {
			t.Fatal(err)
		}
		a := newAuditSite(t, st)
		lee, csrf, code, post := a.beforeTheTrailBreaks()
		st.Close()
		// The trail's index of people is a value where a bucket should be.
		db, err := bolt.Open(filepath.Join(dir, "heard.db"), 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			root := tx.Bucket([]byte("audit"))
			if err := root.DeleteBucket([]byte("who")); err != nil {
				return err
			}
			return root.Put([]byte("who"), []byte("not an index"))
		})
		if err != nil || db.Close() != nil {
			t.Fatal(err)
		}
		if st, err = store.OpenEmbedded(dir); err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		a.serve(t, st)
		a.refusesEverything(lee, csrf, code, post)
	})
	t.Run("redis", func(t *testing.T) {
		prefix := "heard:test:" + rand.Text() + ":"
		st, err := store.OpenRedis(storetest.RedisURL(t), store.WithKeyPrefix(prefix))
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if err := st.DeleteAll(context.Background()); err != nil {
				t.Error(err)
			}
			st.Close()
		}()
		a := newAuditSite(t, st)
		lee, csrf, code, post := a.beforeTheTrailBreaks()
		// The trail's count of entries is not a number.
		opts, err := redis.ParseURL(storetest.RedisURL(t))
		if err != nil {
			t.Fatal(err)
		}
		raw := redis.NewClient(opts)
		defer raw.Close()
		if err := raw.Set(context.Background(), prefix+"{audit}:seq", "not a number", 0).Err(); err != nil {
			t.Fatal(err)
		}
		a.refusesEverything(lee, csrf, code, post)
	})
}

// beforeTheTrailBreaks signs lee and ada in, invites a worker, makes a
// round with a comment and a post on it, and returns lee's session, a form
// token, the round and the post.
func (a *auditSite) beforeTheTrailBreaks() (lee, csrf, code, post string) {
	a.t.Helper()
	lee, csrf = a.signedIn("lee@example.org")
	a.ada, a.adaCSRF = a.signedIn("ada@example.org")
	token, _, err := accounts.InviteWorker(context.Background(), a.store, "new@example.org", accounts.RoleWorker, a.leeds.ID, a.now)
	if err != nil {
		a.t.Fatal(err)
	}
	a.link = accounts.InvitePath(token)
	code = a.roundWithComment(lee, csrf, "a comment nobody may read unrecorded")
	if rec := a.do("POST", "/workers/local-help/"+a.leeds.ID, entryForm(webtest.Clinic, csrf), lee); rec.Code != http.StatusSeeOther {
		a.t.Fatalf("add local help: %d", rec.Code)
	}
	local, err := a.store.LocalHelp(context.Background(), a.leeds.ID)
	if err != nil || len(local) != 1 {
		a.t.Fatalf("Leeds's local help: %v, %v", local, err)
	}
	a.localHelp = local[0].ID
	if rec := a.do("POST", "/workers/rounds/"+code+"/posts", url.Values{"csrf": {csrf}, "said.en": {"Cold"}, "did.en": {"Heating"}}, lee); rec.Code != http.StatusSeeOther {
		a.t.Fatalf("publish: %d", rec.Code)
	}
	return lee, csrf, code, a.postOf(code)
}

// localHelpOf reads a team's local services from the store.
func (a *auditSite) localHelpOf(team string) []localhelp.Entry {
	a.t.Helper()
	entries, err := a.store.LocalHelp(context.Background(), team)
	if err != nil {
		a.t.Fatal(err)
	}
	return entries
}

// postOf is the id of round's one post, or "" when it has none.
func (a *auditSite) postOf(code string) string {
	a.t.Helper()
	posts, err := a.store.Posts(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	if i := slices.IndexFunc(posts, func(p feedback.Post) bool { return p.Round == code }); i >= 0 {
		return posts[i].ID
	}
	return ""
}

// refusesEverything tries every action of a worker and an admin, and
// checks each is refused kindly, with nothing done and nothing written.
func (a *auditSite) refusesEverything(lee, csrf, code, post string) {
	t := a.t
	ctx := context.Background()
	entries := len(trail(t, a.store))
	fresh := uniqueCode("AN")
	isOpen := func() bool {
		r, _, err := a.store.GetRound(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		return r.State(a.now) == feedback.Open
	}
	if !isOpen() {
		t.Fatal("the round is not open to begin with")
	}
	for _, try := range []struct {
		name string
		do   func() *httptest.ResponseRecorder
		done func() bool
	}{
		{"read the comments", func() *httptest.ResponseRecorder { return a.do("GET", "/workers/rounds/"+code, nil, lee) }, nil},
		{"export the CSV", func() *httptest.ResponseRecorder { return a.do("GET", "/workers/rounds/"+code+"/export.csv", nil, lee) }, nil},
		{"export the JSON", func() *httptest.ResponseRecorder {
			return a.do("GET", "/workers/rounds/"+code+"/export.json", nil, lee)
		}, nil},
		{"print the poster", func() *httptest.ResponseRecorder { return a.do("GET", "/workers/rounds/"+code+"/poster", nil, lee) }, nil},
		{"print the report", func() *httptest.ResponseRecorder { return a.do("GET", "/workers/rounds/"+code+"/report", nil, lee) }, nil},
		{"create a round", func() *httptest.ResponseRecorder { return a.do("POST", "/workers/rounds", roundForm(fresh, csrf), lee) },
			func() bool { _, found, _ := a.store.GetRound(ctx, fresh); return found }},
		{"close the round", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/rounds/"+code+"/close", url.Values{"csrf": {csrf}}, lee)
		}, func() bool { return !isOpen() }},
		{"publish a post", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/rounds/"+code+"/posts", url.Values{"csrf": {csrf}, "said.en": {"More"}, "did.en": {"Less"}}, lee)
		}, func() bool { posts, _ := a.store.Posts(ctx); return len(posts) != 1 }},
		{"take the post down", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/posts/"+post+"/delete", url.Values{"csrf": {csrf}, "round": {code}}, lee)
		}, func() bool { return a.postOf(code) != post }},
		{"add local help", func() *httptest.ResponseRecorder {
			other := webtest.Clinic
			other.Name = "Leeds youth service"
			return a.do("POST", "/workers/local-help/"+a.leeds.ID, entryForm(other, csrf), lee)
		}, func() bool { return len(a.localHelpOf(a.leeds.ID)) != 1 }},
		{"change local help", func() *httptest.ResponseRecorder {
			changed := webtest.Clinic
			changed.Name = "Clinic on the hill"
			return a.do("POST", "/workers/local-help/"+a.leeds.ID+"/"+a.localHelp, entryForm(changed, csrf), lee)
		}, func() bool { return a.localHelpOf(a.leeds.ID)[0].Name != webtest.Clinic.Name }},
		{"check local help", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/local-help/"+a.leeds.ID+"/"+a.localHelp+"/check", url.Values{"csrf": {csrf}}, lee)
		}, nil}, // checked the day it was added: nothing to see but the entry
		{"remove local help", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/local-help/"+a.leeds.ID+"/"+a.localHelp+"/delete", url.Values{"csrf": {csrf}}, lee)
		}, func() bool { return len(a.localHelpOf(a.leeds.ID)) != 1 }},
		{"add a team", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/teams", url.Values{"csrf": {a.adaCSRF}, "name": {"Wakefield outreach"}}, a.ada)
		}, func() bool { _, err := accounts.FindTeam(ctx, a.store, "Wakefield outreach"); return err == nil }},
		{"invite a worker", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/accounts/invite", url.Values{"csrf": {a.adaCSRF}, "email": {"cy@example.org"}, "role": {"worker"}, "team": {a.leeds.ID}}, a.ada)
		}, nil},
		{"disable an account", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/accounts/disable", url.Values{"csrf": {a.adaCSRF}, "email": {"bo@example.org"}}, a.ada)
		}, func() bool { u, _ := accounts.FindUser(ctx, a.store, "bo@example.org"); return u.Disabled }},
		{"enable an account", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/accounts/enable", url.Values{"csrf": {a.adaCSRF}, "email": {"bo@example.org"}}, a.ada)
		}, nil},
		{"unlock an account", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/accounts/unlock", url.Values{"csrf": {a.adaCSRF}, "email": {"bo@example.org"}}, a.ada)
		}, nil},
		{"move an account", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/accounts/move", url.Values{"csrf": {a.adaCSRF}, "email": {"bo@example.org"}, "team": {a.leeds.ID}}, a.ada)
		}, func() bool { u, _ := accounts.FindUser(ctx, a.store, "bo@example.org"); return u.Team != a.bradford.ID }},
		{"make a reset link", func() *httptest.ResponseRecorder {
			return a.do("POST", "/workers/accounts/reset", url.Values{"csrf": {a.adaCSRF}, "email": {"bo@example.org"}}, a.ada)
		}, nil},
		{"use an invitation", func() *httptest.ResponseRecorder {
			rec := a.choosePassword(a.link, "a long new password", "a long new password")
			if !strings.Contains(rec.Body.String(), "Your link still works") {
				t.Error("using an invitation: the page does not say the link still works")
			}
			return rec
		}, func() bool {
			_, err := accounts.FindUser(ctx, a.store, "new@example.org")
			_, _, linkGone := accounts.PeekInvite(ctx, a.store, strings.TrimPrefix(a.link, "/workers/invite/"), a.now)
			return err == nil || linkGone != nil
		}},
	} {
		rec := try.do()
		body := rec.Body.String()
		if first(parse(t, body), byID("link")) != nil {
			t.Errorf("%s: a one-time link was shown", try.name)
		}
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, "could not write this down") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", try.name, rec.Code, rec.Header().Get("Content-Type"))
		}
		if strings.Contains(body, "nobody may read") {
			t.Errorf("%s: the comment was shown", try.name)
		}
		if try.done != nil && try.done() {
			t.Errorf("%s: it was done", try.name)
		}
	}
	rec := a.signIn("lee@example.org", workerPassword)
	if rec.Code != http.StatusServiceUnavailable || strings.Contains(rec.Header().Get("Set-Cookie"), sessionCookie) {
		t.Errorf("sign-in: %d, %q", rec.Code, rec.Header().Get("Set-Cookie"))
	}
	if n := len(trail(t, a.store)); n != entries {
		t.Errorf("%d entries written", n-entries)
	}
}

// auditRows reads the rows of a page of the audit trail: when, who, what,
// round, account, team.
func auditRows(t *testing.T, body string) [][]string {
	t.Helper()
	var rows [][]string
	for _, tbody := range all(parse(t, body), tag("tbody")) {
		for _, tr := range all(tbody, tag("tr")) {
			var cells []string
			for _, cell := range all(tr, func(n *html.Node) bool { return n.Data == "td" || n.Data == "th" }) {
				cells = append(cells, text(cell))
			}
			rows = append(rows, cells)
		}
	}
	return rows
}

// Admins read the trail at /workers/audit, newest first, a page at a time,
// by team and by person; a worker finds nothing there.
func TestAdminsReadTheTrailByTeamAndPerson(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		a := newAuditSite(t, st)
		start := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) // 09:30 in the UK: GMT
		a.now = start
		lee, _ := a.signedIn("lee@example.org")
		a.now = start.Add(time.Minute)
		bo, _ := a.signedIn("bo@example.org")
		a.now = start.Add(2 * time.Minute)
		ada, _ := a.signedIn("ada@example.org")
		written := audit.NewTrail(st, func() time.Time { return a.now })
		for i := range 60 {
			a.now = start.Add(time.Duration(3+i) * time.Minute)
			if err := written.Record(context.Background(), audit.Entry{Who: audit.Operator, What: audit.DisabledAccount, Account: "lee@example.org", Team: a.leeds.ID}); err != nil {
				t.Fatal(err)
			}
		}
		a.now = start.Add(time.Hour)

		page := a.do("GET", "/workers/audit", nil, ada)
		rows := auditRows(t, page.Body.String())
		if page.Code != http.StatusOK || len(rows) != 50 {
			t.Fatalf("first page: %d, %d rows", page.Code, len(rows))
		}
		if want := []string{"2 Mar 2026 10:32", "operator", "disabled", "", "lee@example.org", "Leeds CSE team"}; !slices.Equal(rows[0], want) {
			t.Errorf("newest row %q, want %q", rows[0], want)
		}
		older := first(parse(t, page.Body.String()), func(n *html.Node) bool { return n.Data == "a" && text(n) == "Older" })
		if older == nil {
			t.Fatal("no link to older entries")
		}
		rest := auditRows(t, a.do("GET", attr(older, "href"), nil, ada).Body.String())
		if len(rest) != 13 || !slices.Equal(rest[12], []string{"2 Mar 2026 09:30", "lee@example.org", "signed in", "", "", "Leeds CSE team"}) ||
			!slices.Equal(rest[10], []string{"2 Mar 2026 09:32", "ada@example.org", "signed in", "", "", ""}) {
			t.Errorf("older page: %q", rest)
		}

		for query, want := range map[string][]string{
			"team=" + a.bradford.ID:                  {"bo@example.org signed in"},
			"who=BO@Example.org":                     {"bo@example.org signed in"},
			"who=lee@example.org":                    {"lee@example.org signed in"},
			"who=ada@example.org&team=" + a.leeds.ID: nil,
			"team=" + accounts.Admins:                nil,
		} {
			var got []string
			for _, r := range auditRows(t, a.do("GET", "/workers/audit?"+query, nil, ada).Body.String()) {
				got = append(got, r[1]+" "+r[2])
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q, want %q", query, got, want)
			}
		}
		if n := len(auditRows(t, a.do("GET", "/workers/audit?who=operator&team="+a.leeds.ID, nil, ada).Body.String())); n != 50 {
			t.Errorf("the operator's entries in Leeds: %d on the first page", n)
		}
		teams := all(parse(t, page.Body.String()), tag("option"))
		if len(teams) != 4 || text(teams[0]) != "Every team" || text(teams[1]) != "Bradford youth service" || attr(teams[2], "value") != a.leeds.ID || attr(teams[3], "value") != accounts.Admins {
			t.Errorf("teams to choose: %d", len(teams))
		}

		for query, problem := range map[string]string{
			"who=he+hurt+me":   "That is not an email address.",
			"team=nonsense":    "That team is not on the list.",
			"before=yesterday": "That page of the trail does not exist.",
		} {
			rec := a.do("GET", "/workers/audit?"+query, nil, ada)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), problem) || len(auditRows(t, rec.Body.String())) != 0 {
				t.Errorf("%s: %d, rows %d", query, rec.Code, len(auditRows(t, rec.Body.String())))
			}
		}

		missing := a.do("GET", "/workers/nothing-here", nil, lee)
		for _, session := range []string{lee, bo} {
			rec := a.do("GET", "/workers/audit", nil, session)
			if rec.Code != http.StatusNotFound || rec.Body.String() != missing.Body.String() {
				t.Errorf("a worker: %d", rec.Code)
			}
			if strings.Contains(a.do("GET", "/workers/", nil, session).Body.String(), "/workers/audit") {
				t.Error("a worker is shown the way to the trail")
			}
		}
		if !strings.Contains(a.do("GET", "/workers/", nil, ada).Body.String(), `href="/workers/audit"`) {
			t.Error("an admin is not shown the way to the trail")
		}
		if rec := a.do("GET", "/workers/audit", nil, ""); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != workersSignIn {
			t.Errorf("signed out: %d", rec.Code)
		}
	})
}

// A form without its token changes nothing, and writes nothing.
func TestAFormWithoutItsTokenWritesNothing(t *testing.T) {
	stores(t, func(t *testing.T, st store.Store) {
		a := newAuditSite(t, st)
		lee, csrf := a.signedIn("lee@example.org")
		code := a.roundWithComment(lee, csrf, "fine")
		before := len(trail(t, st))
		for _, path := range []string{"/workers/rounds", "/workers/rounds/" + code + "/close", "/workers/rounds/" + code + "/posts"} {
			form := url.Values{"csrf": {"forged"}, "said.en": {"x"}, "did.en": {"y"}}
			if path == "/workers/rounds" {
				form = roundForm(uniqueCode("CS"), "forged")
			}
			if rec := a.do("POST", path, form, lee); rec.Code != http.StatusForbidden {
				t.Errorf("%s: %d", path, rec.Code)
			}
		}
		if n := len(trail(t, st)); n != before {
			t.Errorf("%d entries written", n-before)
		}
	})
}
