package main

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"heard/feedback"

	"github.com/pquerna/otp/totp"
)

// Issue 12's "done when", on the real binary and both stores: two teams, each with a
// worker, on one Heard, made with heard team add and heard user add. Each worker makes
// rounds and young people answer them through the web form; neither worker reaches the
// other's round by any route (the same 404 as a made-up code, and nothing changes); an
// admin signs in with a second factor, exports a round and finds that export in the audit
// trail; a worker compares two of their team's rounds.
func TestTwoTeamsOnOneHeard(t *testing.T) {
	t.Run("embedded", func(t *testing.T) {
		twoTeamsOnOneHeard(t, "HEARD_DATA="+t.TempDir(), "HEARD_TRUSTED_PROXIES=127.0.0.1")
	})
	t.Run("redis", func(t *testing.T) {
		twoTeamsOnOneHeard(t, "REDIS_URL="+redisForProcesses(t), "HEARD_SECRET="+processSecret,
			"HEARD_DATA="+t.TempDir(), "HEARD_TRUSTED_PROXIES=127.0.0.1")
	})
}

func twoTeamsOnOneHeard(t *testing.T, env ...string) {
	heard := startHeard(t, env...)
	// Redis is shared with other tests, so every name is this run's own.
	run := strings.ToUpper(rand.Text()[:6])
	north, south := "North Youth "+run, "South Project "+run
	amy, bo, ada := "amy-"+strings.ToLower(run)+"@example.org", "bo-"+strings.ToLower(run)+"@example.org", "ada-"+strings.ToLower(run)+"@example.org"
	const password = "a long enough password"
	heardCmd := func(args ...string) {
		t.Helper()
		if out, err := runHeardWith(t, env, password+"\n", args...); err != nil {
			t.Fatalf("heard %s: %v %s", strings.Join(args, " "), err, out)
		}
	}
	heardCmd("team", "add", north)
	heardCmd("team", "add", south)
	heardCmd("user", "add", "--email", amy, "--team", north)
	heardCmd("user", "add", "--email", bo, "--team", south)
	heardCmd("user", "add", "--email", ada, "--role", "admin")

	// Each worker makes rounds through the form: amy two, bo one.
	amyBefore, amyAfter, bos := "N"+run+"B", "N"+run+"A", "S"+run
	amyIn, bosIn := signedInAs(t, heard, amy, password), signedInAs(t, heard, bo, password)
	amyIn.makeRound(t, heard, amyBefore, "Drop-in before")
	amyIn.makeRound(t, heard, amyAfter, "Drop-in after")
	bosIn.makeRound(t, heard, bos, "South secret club")

	// Young people answer through the web form: amy's first round felt unsafe, her second
	// safe; bo's one round has a comment.
	for range 6 {
		answer(t, heard, amyBefore, url.Values{"q.safe": {"1"}})
		answer(t, heard, amyAfter, url.Values{"q.safe": {"5"}})
	}
	answer(t, heard, bos, url.Values{"q.safe": {"4"}, "comment": {"south secret comment"}})

	// Neither worker reaches the other's round, by any route: the same answer as a code no
	// round has, which names nothing of it, and nothing changes.
	for _, who := range []struct {
		in          *worker
		theirs, own string
		secrets     []string
	}{
		{amyIn, bos, amyAfter, []string{"South secret club", "south secret comment", south}},
		{bosIn, amyAfter, bos, []string{"Drop-in after", north}},
	} {
		none := "Z" + strings.ToUpper(rand.Text()[:7])
		for _, r := range []struct{ method, path string }{
			{"GET", "/workers/rounds/%s"},
			{"GET", "/workers/rounds/%s/export.csv"},
			{"GET", "/workers/rounds/%s/export.json"},
			{"GET", "/workers/rounds/%s/poster"},
			{"GET", "/workers/rounds/%s/report"},
			{"POST", "/workers/rounds/%s/close"},
			{"POST", "/workers/rounds/%s/open"},
			{"GET", "/workers/compare?before=%s&after=" + who.own},
			{"GET", "/workers/compare?after=%s"},
			{"GET", "/workers/rounds/" + who.own + "/report?before=%s"},
		} {
			theirs, missing := strings.Replace(r.path, "%s", who.theirs, 1), strings.Replace(r.path, "%s", none, 1)
			gotCode, got := who.in.send(t, heard, r.method, theirs)
			wantCode, want := who.in.send(t, heard, r.method, missing)
			if gotCode != wantCode || (gotCode != http.StatusNotFound && gotCode != http.StatusBadRequest) {
				t.Errorf("%s %s %s: %d, a made-up code: %d", who.in.email, r.method, theirs, gotCode, wantCode)
			}
			if withoutFormTokens(got) != withoutFormTokens(strings.ReplaceAll(want, none, who.theirs)) {
				t.Errorf("%s %s %s answers otherwise than a made-up code:\n%s\n----\n%s", who.in.email, r.method, theirs, got, want)
			}
			for _, secret := range who.secrets {
				if strings.Contains(got, secret) {
					t.Errorf("%s %s %s shows %q", who.in.email, r.method, theirs, secret)
				}
			}
		}
		for _, path := range []string{"/workers/", "/workers/compare", "/workers/trends"} {
			_, body := who.in.send(t, heard, "GET", path)
			for _, secret := range append(who.secrets, who.theirs) {
				if strings.Contains(body, secret) {
					t.Errorf("%s's %s shows %q", who.in.email, path, secret)
				}
			}
		}
	}
	if _, page := bosIn.send(t, heard, "GET", "/workers/"); !strings.Contains(page, bos) {
		t.Errorf("bo's list lacks bo's own round %s", bos)
	}
	if status, page := bosIn.send(t, heard, "GET", "/workers/rounds/"+bos); status != http.StatusOK || !strings.Contains(page, "south secret comment") ||
		!strings.Contains(page, "Close") {
		t.Errorf("bo's own round after amy tried to close it: %d, its comment or its Close button missing", status)
	}

	// An admin signs in with a second factor, exports amy's round, and finds that export in
	// the audit trail.
	adaIn := signedInWithSecondFactor(t, heard, ada, password)
	status, csv := adaIn.send(t, heard, "GET", "/workers/rounds/"+amyAfter+"/export.csv")
	if status != http.StatusOK || !strings.Contains(csv, amyAfter) {
		t.Fatalf("the admin's export: %d\n%s", status, csv)
	}
	_, trail := adaIn.send(t, heard, "GET", "/workers/audit?who="+url.QueryEscape(ada))
	if !rowWith(trail, ada, "exported the CSV", amyAfter) {
		t.Errorf("the audit trail lacks the admin's export of %s:\n%s", amyAfter, trail)
	}
	if status, _ := amyIn.send(t, heard, "GET", "/workers/audit"); status != http.StatusNotFound {
		t.Errorf("a worker reads the audit trail: %d", status)
	}

	// amy compares her two rounds, and sees that more felt safe.
	status, comparison := amyIn.send(t, heard, "GET", "/workers/compare?before="+amyBefore+"&after="+amyAfter)
	if status != http.StatusOK || !rowWith(comparison, "Did you feel safe?", "0% (0 of 6)", "100% (6 of 6)", "better") {
		t.Errorf("amy's comparison: %d\n%s", status, comparison)
	}
}

// worker is a worker's signed-in browser, with a form token of its session.
type worker struct {
	*client
	email, csrf string
}

// signedInAs signs email in through the form, and reads a form token from the workers'
// home page.
func signedInAs(t *testing.T, heard *instance, email, password string) *worker {
	t.Helper()
	status, c := signIn(t, heard.URL, email, password)
	if status != http.StatusSeeOther {
		t.Fatalf("%s signs in: %d", email, status)
	}
	_, home, _ := c.do(t, "GET", heard.URL+"/workers/", nil)
	return &worker{client: c, email: email, csrf: hidden(t, home, "csrf")}
}

// signedInWithSecondFactor signs an admin in as they would the first time: the password,
// then setting up a second factor from the key the page shows as text (as an app would
// read it), which starts a first session; then signs in afresh with the password and a
// code from that key, for the next 30 seconds (a code works once), and returns that
// second session.
func signedInWithSecondFactor(t *testing.T, heard *instance, email, password string) *worker {
	t.Helper()
	passwordStep := func(c *client) string {
		t.Helper()
		_, page, _ := c.do(t, "GET", heard.URL+"/workers/sign-in", nil)
		_, _, header := c.do(t, "POST", heard.URL+"/workers/sign-in", url.Values{"csrf": {hidden(t, page, "csrf")},
			"email": {email}, "password": {password}})
		return header.Get("Location")
	}
	first := newClient()
	if to := passwordStep(first); to != "/workers/two-factor/enrol" {
		t.Fatalf("%s's first sign-in goes to %q, not to setting up a second factor", email, to)
	}
	_, enrol, _ := first.do(t, "GET", heard.URL+"/workers/two-factor/enrol", nil)
	_, key, _ := strings.Cut(enrol, `class="factor-secret" dir="ltr"><code>`)
	key, _, _ = strings.Cut(key, "</code>")
	key = strings.ReplaceAll(key, " ", "")
	now := time.Now()
	code, err := totp.GenerateCode(key, now)
	if err != nil {
		t.Fatalf("the key shown (%q): %v", key, err)
	}
	if status, _, _ := first.do(t, "POST", heard.URL+"/workers/two-factor/enrol", url.Values{"csrf": {hidden(t, enrol, "csrf")}, "code": {code}}); status != http.StatusOK {
		t.Fatalf("%s confirms the second factor: %d", email, status)
	}

	c := newClient()
	if to := passwordStep(c); to != "/workers/sign-in/code" {
		t.Fatalf("%s's sign-in with a second factor goes to %q, not to the code", email, to)
	}
	if status, _ := (&worker{client: c}).send(t, heard, "GET", "/workers/"); status != http.StatusSeeOther {
		t.Fatalf("the password alone opened the workers' pages: %d", status)
	}
	_, page, _ := c.do(t, "GET", heard.URL+"/workers/sign-in/code", nil)
	if code, err = totp.GenerateCode(key, now.Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := c.do(t, "POST", heard.URL+"/workers/sign-in/code", url.Values{"csrf": {hidden(t, page, "csrf")}, "code": {code}}); status != http.StatusSeeOther {
		t.Fatalf("%s's code: %d", email, status)
	}
	status, home, _ := c.do(t, "GET", heard.URL+"/workers/", nil)
	if status != http.StatusOK {
		t.Fatalf("%s signed in with a code: %d", email, status)
	}
	return &worker{client: c, email: email, csrf: hidden(t, home, "csrf")}
}

// makeRound creates a round through the workers' form, open today, asking whether they felt
// safe, on the web.
func (w *worker) makeRound(t *testing.T, heard *instance, code, title string) {
	t.Helper()
	form := url.Values{"csrf": {w.csrf}, "code": {code}, "title": {title}, "questions": {"safe", "listened"},
		"opens": {time.Now().In(feedback.UK).Format("2006-01-02")}, "channels": {"web"}}
	if status, body, _ := w.do(t, "POST", heard.URL+"/workers/rounds", form); status != http.StatusSeeOther {
		t.Fatalf("%s makes round %s: %d\n%s", w.email, code, status, body)
	}
}

// send asks for path as this worker; a POST sends the session's form token.
func (w *worker) send(t *testing.T, heard *instance, method, path string) (int, string) {
	t.Helper()
	var form url.Values
	if method == "POST" {
		form = url.Values{"csrf": {w.csrf}}
	}
	status, body, _ := w.do(t, method, heard.URL+path, form)
	return status, body
}

// answer is a young person answering a round through its web form.
func answer(t *testing.T, heard *instance, code string, answers url.Values) {
	t.Helper()
	young := newClient()
	status, page, _ := young.do(t, "GET", heard.URL+"/en/feedback/"+code, nil)
	if status != http.StatusOK {
		t.Fatalf("the form of %s: %d", code, status)
	}
	answers.Set("token", hidden(t, page, "token"))
	if status, body, _ := young.do(t, "POST", heard.URL+"/en/feedback/"+code, answers); status != http.StatusSeeOther {
		t.Fatalf("answering %s: %d\n%s", code, status, body)
	}
}

var formTokenField = regexp.MustCompile(`name="csrf" value="[^"]*"`)

// withoutFormTokens blanks every form token in a page: one is made afresh for each page.
func withoutFormTokens(page string) string {
	return formTokenField.ReplaceAllString(page, `name="csrf" value=""`)
}

// rowWith reports whether a table row of page holds each of words, in its text.
func rowWith(page string, words ...string) bool {
	tags := regexp.MustCompile(`<[^>]*>`)
	for _, row := range strings.Split(page, "<tr")[1:] {
		row, _, _ = strings.Cut(row, "</tr>")
		text := strings.Join(strings.Fields(tags.ReplaceAllString("<tr"+row, " ")), " ")
		found := true
		for _, w := range words {
			found = found && strings.Contains(text, w)
		}
		if found {
			return true
		}
	}
	return false
}
