package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// The last admin who has lost their phone and recovery codes (or everyone,
// after a new HEARD_SECRET) gets back in through the operator: heard user
// reset-2fa takes the second factor away and ends their sessions,
// while Heard serves, and the admin sets up a new one at the next sign-in.
func TestResetTwoFactorCommandLetsAnAdminBackIn(t *testing.T) {
	dir := t.TempDir()
	env := []string{"HEARD_DATA=" + dir}
	heard := startHeard(t, env...)
	password := "an admin's long password"
	if out, err := runHeardWith(t, env, password+"\n", "user", "add", "--email", "root@example.org", "--role", "admin"); err != nil {
		t.Fatalf("heard user add: %v %s", err, out)
	}
	signIn := func(c *client) string {
		t.Helper()
		_, page, _ := c.do(t, "GET", heard.URL+"/workers/sign-in", nil)
		_, _, header := c.do(t, "POST", heard.URL+"/workers/sign-in", url.Values{"csrf": {hidden(t, page, "csrf")},
			"email": {"root@example.org"}, "password": {password}})
		return header.Get("Location")
	}
	admin := newClient()
	if to := signIn(admin); to != "/workers/two-factor/enrol" {
		t.Fatalf("an admin's first sign-in goes to %q", to)
	}
	_, enrol, _ := admin.do(t, "GET", heard.URL+"/workers/two-factor/enrol", nil)
	_, key, _ := strings.Cut(enrol, `class="factor-secret" dir="ltr"><code>`)
	key, _, _ = strings.Cut(key, "</code>")
	code, err := totp.GenerateCode(strings.ReplaceAll(key, " ", ""), time.Now())
	if err != nil {
		t.Fatalf("the key shown (%q): %v", key, err)
	}
	if status, _, _ := admin.do(t, "POST", heard.URL+"/workers/two-factor/enrol", url.Values{"csrf": {hidden(t, enrol, "csrf")}, "code": {code}}); status != http.StatusOK {
		t.Fatalf("confirming: %d", status)
	}
	if status, _, _ := admin.do(t, "GET", heard.URL+"/workers/", nil); status != http.StatusOK {
		t.Fatalf("signed in with a second factor: %d", status)
	}
	if to := signIn(newClient()); to != "/workers/sign-in/code" {
		t.Fatalf("a sign-in with a second factor goes to %q", to)
	}

	out, err := runHeardWith(t, env, "", "user", "reset-2fa", "--email", "Root@Example.org")
	if err != nil || !strings.Contains(out, "reset the second factor of root@example.org") {
		t.Fatalf("heard user reset-2fa: %v %s", err, out)
	}
	if status, _, header := admin.do(t, "GET", heard.URL+"/workers/", nil); status != http.StatusSeeOther || header.Get("Location") != "/workers/sign-in" {
		t.Errorf("a session from before the reset: %d to %q", status, header.Get("Location"))
	}
	if to := signIn(newClient()); to != "/workers/two-factor/enrol" {
		t.Errorf("the sign-in after the reset goes to %q", to)
	}
	if out, err := runHeardWith(t, env, "", "user", "reset-2fa", "--email", "nobody@example.org"); err == nil {
		t.Errorf("a reset for no account: %s", out)
	}
}
