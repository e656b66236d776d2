package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"heard/feedback"
	"heard/store"
	"heard/store/storetest"

	"github.com/pquerna/otp/totp"
)

// redisForProcesses is the test Redis (store/redis-test.sh starts one).
func redisForProcesses(t *testing.T) string { return storetest.RedisURL(t) }

// Two instances behind one Redis act as one service: whichever instance
// a text, a form or a worker's click reaches, it finds the same state.
func TestTwoInstancesOnOneRedisActAsOne(t *testing.T) {
	redisURL := redisForProcesses(t)
	env := []string{"REDIS_URL=" + redisURL, "HEARD_SECRET=" + processSecret}
	a, b := startHeard(t, env...), startHeard(t, env...)
	run := time.Now().UnixNano()
	phone := fmt.Sprintf("+4477009%05d", run%100000)
	sid := func(n int) string { return fmt.Sprintf("SM%020d%012d", run, n) }

	// A conversation alternating between instances keeps its state.
	a.text(sid(1), phone, "LANG")
	if reply := b.text(sid(2), phone, "2"); !strings.Contains(reply, "po polsku") {
		t.Errorf("the language chosen on A was not known to B: %s", reply)
	}

	// A retried MessageSid is answered once across both.
	st, err := store.OpenRedis(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	before, _ := st.Tallies(ctx, feedback.Standing)
	a.text(sid(3), phone, "SAY")
	for i := range 7 {
		a.text(sid(10+i), phone, "4")
	}
	first := a.text(sid(20), phone, "SKIP")
	if again := b.text(sid(20), phone, "SKIP"); again != first {
		t.Errorf("a retry on B got another reply:\n%s\n%s", first, again)
	}
	after, _ := st.Tallies(ctx, feedback.Standing)
	if after["channel:sms"]-before["channel:sms"] != 1 {
		t.Errorf("a retried last answer stored %d responses, want 1", after["channel:sms"]-before["channel:sms"])
	}

	// Feedback given on A is in the results B shows; a session from A works on B.
	young := newClient()
	_, form, _ := young.do(t, "GET", a.URL+"/en/feedback", nil)
	marker := give(fmt.Sprintf("instance test %d", run))
	if code, _, _ := young.do(t, "POST", a.URL+"/en/feedback", url.Values{"token": {hidden(t, form, "token")}, "q.safe": {"5"}, "comment": {marker}}); code != 303 {
		t.Fatalf("feedback on A: %d", code)
	}
	email := fmt.Sprintf("worker%d@example.org", run)
	// An admin: the standing round's results are the admins'.
	add := exec.Command(heardBinary(t), "user", "add", "--email", email, "--role", "admin")
	add.Env = append(os.Environ(), env...)
	add.Stdin = strings.NewReader("a long enough password\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	worker := newClient()
	_, signIn, _ := worker.do(t, "GET", a.URL+"/workers/sign-in", nil)
	if code, _, header := worker.do(t, "POST", a.URL+"/workers/sign-in", url.Values{"csrf": {hidden(t, signIn, "csrf")},
		"email": {email}, "password": {"a long enough password"}}); code != 303 || header.Get("Location") != "/workers/two-factor/enrol" {
		t.Fatalf("sign-in on A: %d to %q", code, header.Get("Location"))
	}
	// An admin sets up a second factor first: on B, from the key shown as text.
	_, enrol, _ := worker.do(t, "GET", b.URL+"/workers/two-factor/enrol", nil)
	_, key, _ := strings.Cut(enrol, `class="factor-secret" dir="ltr"><code>`)
	key, _, _ = strings.Cut(key, "</code>")
	appCode, err := totp.GenerateCode(strings.ReplaceAll(key, " ", ""), time.Now())
	if err != nil {
		t.Fatalf("the key shown on B (%q): %v", key, err)
	}
	if status, _, _ := worker.do(t, "POST", a.URL+"/workers/two-factor/enrol", url.Values{"csrf": {hidden(t, enrol, "csrf")}, "code": {appCode}}); status != 200 {
		t.Fatalf("confirming the second factor on A: %d", status)
	}
	code, results, _ := worker.do(t, "GET", b.URL+"/workers/rounds/general", nil)
	if code != 200 || !strings.Contains(results, marker) {
		t.Errorf("B's results (%d) lack the comment given on A", code)
	}

	// Rate limits count across both: the 31st text in 10 minutes, whichever
	// instance it reaches, gets the one pause message.
	limited := fmt.Sprintf("+4477008%05d", run%100000)
	for i := range 30 {
		[]*instance{a, b}[i%2].text(sid(100+i), limited, "INFO")
	}
	if reply := a.text(sid(200), limited, "INFO"); !strings.Contains(reply, "pause") {
		t.Errorf("31st text across two instances was not limited: %s", reply)
	}
}
