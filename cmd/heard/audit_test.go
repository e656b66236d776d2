package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"heard/audit"
	"heard/store"
)

// What the operator changes with heard user and heard team is in the audit trail as done
// by the operator, while Heard serves (through its socket) and with it stopped (on the
// file): one entry a change, with the account and the team's id; a command refused, and
// a list, write nothing.
func TestOperatorCommandsAreInTheAuditTrail(t *testing.T) {
	dir := t.TempDir()
	env := []string{"HEARD_DATA=" + dir, "HEARD_TRUSTED_PROXIES=127.0.0.1"}
	heard := startHeard(t, env...)
	run := func(stdin string, args ...string) {
		t.Helper()
		if out, err := runHeardWith(t, env, stdin, args...); err != nil {
			t.Fatalf("heard %s: %v %s", strings.Join(args, " "), err, out)
		}
	}
	password := "a long enough password\n"
	start := time.Now().UTC().Truncate(time.Minute)
	run("", "team", "add", "North Youth")
	run("", "team", "add", "South Project")
	run(password, "user", "add", "--email", "amy@example.org", "--team", "North Youth")
	run(password, "user", "add", "--email", "ada@example.org", "--role", "admin")
	run("", "user", "invite", "--email", "bo@example.org", "--team", "South Project")
	run("", "user", "move", "--email", "amy@example.org", "--team", "South Project")
	run("", "user", "reset-link", "--email", "amy@example.org")
	run(password, "user", "reset-password", "--email", "amy@example.org")
	run("", "user", "unlock", "--email", "amy@example.org")
	run("", "user", "reset-2fa", "--email", "amy@example.org")
	run("", "user", "disable", "--email", "amy@example.org")
	run("", "user", "list")
	run("", "team", "list")
	if _, err := runHeardWith(t, env, "", "user", "disable", "--email", "nobody@example.org"); err == nil {
		t.Error("disabling nobody worked")
	}
	if _, err := runHeardWith(t, env, "", "team", "add", "north youth"); err == nil {
		t.Error("a team's name was taken twice")
	}
	heard.stop(syscall.SIGTERM)
	run("", "user", "enable", "--email", "amy@example.org")
	end := time.Now().UTC()

	st, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := t.Context()
	north, _, _ := st.TeamNamed(ctx, "North Youth")
	south, _, _ := st.TeamNamed(ctx, "South Project")
	page, err := audit.NewTrail(st, time.Now).List(ctx, audit.Query{})
	if err != nil {
		t.Fatal(err)
	}
	want := []audit.Entry{
		{What: audit.EnabledAccount, Account: "amy@example.org", Team: south.ID},
		{What: audit.DisabledAccount, Account: "amy@example.org", Team: south.ID},
		{What: audit.ResetTwoFactor, Account: "amy@example.org", Team: south.ID},
		{What: audit.UnlockedAccount, Account: "amy@example.org", Team: south.ID},
		{What: audit.ResetPassword, Account: "amy@example.org", Team: south.ID},
		{What: audit.ResetPassword, Account: "amy@example.org", Team: south.ID},
		{What: audit.MovedTeam, Account: "amy@example.org", Team: south.ID},
		{What: audit.InvitedAccount, Account: "bo@example.org", Team: south.ID},
		{What: audit.AddedAccount, Account: "ada@example.org"},
		{What: audit.AddedAccount, Account: "amy@example.org", Team: north.ID},
		{What: audit.CreatedTeam, Team: south.ID},
		{What: audit.CreatedTeam, Team: north.ID},
	}
	if len(page.Entries) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(page.Entries), len(want), page.Entries)
	}
	for i, got := range page.Entries {
		if got.At.Before(start) || got.At.After(end) {
			t.Errorf("entry %d at %v, not between %v and %v", i, got.At, start, end)
		}
		want[i].Who, want[i].At = audit.Operator, got.At
		if got != want[i] {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, got, want[i])
		}
	}
}
