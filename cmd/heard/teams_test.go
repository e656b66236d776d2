package main

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"heard/accounts"
	"heard/store"
)

// linkIn is the one-time link's path on the last line of what heard user invite or
// reset-link printed.
func linkIn(t *testing.T, out string) (path, token string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	path = lines[len(lines)-1]
	token, ok := strings.CutPrefix(path, "/workers/invite/")
	if !ok || len(token) < 40 {
		t.Fatalf("no link in %q", out)
	}
	return path, token
}

// Teams and accounts in them are made, listed, invited and moved while Heard serves on
// the embedded store (through its socket); an invitation's link makes an account in its
// team once, and a reset link sets a new password once.
func TestTeamCommandsWhileHeardServes(t *testing.T) {
	dir := t.TempDir()
	env := []string{"HEARD_DATA=" + dir, "HEARD_TRUSTED_PROXIES=127.0.0.1"}
	heard := startHeard(t, env...)
	run := func(stdin string, args ...string) string {
		t.Helper()
		out, err := runHeardWith(t, env, stdin, args...)
		if err != nil {
			t.Fatalf("heard %s: %v %s", strings.Join(args, " "), err, out)
		}
		return out
	}
	refused := func(want string, args ...string) {
		t.Helper()
		if out, err := runHeardWith(t, env, "a long enough password\n", args...); err == nil || !strings.Contains(out, want) {
			t.Errorf("heard %s: %v %q, want %q", strings.Join(args, " "), err, out, want)
		}
	}
	if out := run("", "team", "add", "North", "Youth"); out != "added team North Youth\n" {
		t.Errorf("team add: %q", out)
	}
	run("", "team", "add", "South Project")
	refused("another team has that name", "team", "add", "  north   YOUTH ")
	refused("say the team's name", "team", "add")

	run("a long enough password\n", "user", "add", "--email", "amy@example.org", "--team", "North Youth")
	refused("a worker belongs to a team", "user", "add", "--email", "cy@example.org")
	refused(`no team is named "Nowhere"`, "user", "add", "--email", "cy@example.org", "--team", "Nowhere")

	out := run("", "user", "invite", "--email", "Bo@Example.org", "--team", "south project")
	if !strings.HasPrefix(out, "invited bo@example.org (worker, in South Project). ") {
		t.Errorf("invite: %q", out)
	}
	_, invite := linkIn(t, out)
	refused("already has an account", "user", "invite", "--email", "amy@example.org", "--team", "South Project")
	refused(`no team is named "Nowhere"`, "user", "invite", "--email", "cy@example.org", "--team", "Nowhere")

	run("", "user", "move", "--email", "amy@example.org", "--team", "SOUTH project")
	if out := run("", "user", "list"); !strings.HasPrefix(out, "amy@example.org\tworker\tactive\t") || !strings.Contains(out, "\tSouth Project\n") {
		t.Errorf("list after the move: %q", out)
	}
	refused("no account", "user", "move", "--email", "nobody@example.org", "--team", "North Youth")
	refused("say which team", "user", "move", "--email", "amy@example.org")
	if out := run("", "team", "list"); !strings.HasPrefix(out, "North Youth\t0 accounts\t") || !strings.Contains(out, "\nSouth Project\t1 accounts\t") {
		t.Errorf("team list: %q", out)
	}
	_, reset := linkIn(t, run("", "user", "reset-link", "--email", "amy@example.org"))
	if strings.Contains(heard.logs.String(), invite) || strings.Contains(heard.logs.String(), reset) {
		t.Error("Heard's log holds a one-time link")
	}

	// The links, used as the sign-up page will use them (Heard stopped, on its file).
	heard.stop(syscall.SIGTERM)
	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, now := t.Context(), time.Now()
	bo, err := accounts.AcceptInvite(ctx, st, invite, "bo's own long password", now)
	if err != nil {
		t.Fatal(err)
	}
	south, _, _ := st.TeamNamed(ctx, "South Project")
	if bo.Email != "bo@example.org" || bo.Team != south.ID || bo.Role != accounts.RoleWorker {
		t.Errorf("the invited account: %+v", bo)
	}
	if _, err := accounts.AcceptInvite(ctx, st, invite, "another long password", now); !errors.Is(err, accounts.ErrInviteGone) {
		t.Errorf("the invitation used twice: %v", err)
	}
	if _, err := accounts.AcceptInvite(ctx, st, reset, "amy's new long password", now); err != nil {
		t.Fatal(err)
	}
	st.Close()

	heard = startHeard(t, env...)
	for who, password := range map[string]string{"bo@example.org": "bo's own long password", "amy@example.org": "amy's new long password"} {
		if code, _ := signIn(t, heard.URL, who, password); code != http.StatusSeeOther {
			t.Errorf("%s signs in with the password chosen through the link: %d", who, code)
		}
	}
	if code, _ := signIn(t, heard.URL, "amy@example.org", "a long enough password"); code == http.StatusSeeOther {
		t.Error("the password from before the reset link still signs in")
	}
}

// An install from before teams (a real file of the older Heard) gets its first team,
// named by HEARD_FIRST_TEAM, when the new Heard starts, and only once: its worker signs
// in as before, in that team.
func TestAnOlderInstallGetsItsFirstTeamAtStartUp(t *testing.T) {
	dir := t.TempDir()
	old, err := os.ReadFile(filepath.Join("..", "..", "store", "testdata", "before-teams.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "heard.db"), old, 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"HEARD_DATA=" + dir, "HEARD_TRUSTED_PROXIES=127.0.0.1"}
	heard := startHeard(t, append(env, "HEARD_FIRST_TEAM=Ealing Youth Service")...)
	waitForLog(t, heard, `"accounts":2,"rounds":1,"posts":2`)
	if out, err := runHeard(t, env, "team", "list"); err != nil || !strings.HasPrefix(out, "Ealing Youth Service\t2 accounts\t") {
		t.Errorf("team list: %q %v", out, err)
	}
	if out, err := runHeard(t, env, "user", "list"); err != nil || strings.Count(out, "\tEaling Youth Service\n") != 2 {
		t.Errorf("user list: %q %v", out, err)
	}
	if code, _ := signIn(t, heard.URL, "amy@example.org", "worker's long password"); code != http.StatusSeeOther {
		t.Errorf("the worker from before teams signs in: %d", code)
	}
	heard.stop(syscall.SIGTERM)
	heard = startHeard(t, append(env, "HEARD_FIRST_TEAM=Another Name")...)
	if out, err := runHeard(t, env, "team", "list"); err != nil || strings.Contains(out, "Another Name") || strings.Count(out, "\n") != 1 {
		t.Errorf("team list after a second start-up: %q %v", out, err)
	}
	if strings.Contains(heard.logs.String(), "teams: gave") {
		t.Error("the second start-up gave again")
	}
}
