package accounts_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"heard/accounts"
	"heard/store"
)

// openStore is a real embedded store of the test's own.
func openStore(t *testing.T) *store.Embedded {
	t.Helper()
	s, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustTeam(t *testing.T, st accounts.Store, name string) accounts.Team {
	t.Helper()
	team, err := accounts.AddTeam(t.Context(), st, name, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return team
}

func TestAnInvitedWorkerJoinsTheirTeamOnce(t *testing.T) {
	st, ctx, now := openStore(t), t.Context(), time.Now()
	north := mustTeam(t, st, "North Youth Service")
	token, inv, err := accounts.InviteWorker(ctx, st, " Amy@Example.org ", accounts.RoleWorker, north.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Email != "amy@example.org" || inv.Team != north.ID || !inv.Expires.Equal(now.UTC().Add(72*time.Hour)) || accounts.InvitePath(token) != "/workers/invite/"+token {
		t.Errorf("invite %+v", inv)
	}
	// A weak password is refused before the link is used: it still works.
	if _, err := accounts.AcceptInvite(ctx, st, token, "short", now); !errors.Is(err, accounts.ErrWeakPassword) {
		t.Errorf("a weak password: %v", err)
	}
	u, err := accounts.AcceptInvite(ctx, st, token, "a long enough password", now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	kept, found, err := st.GetUser(ctx, "amy@example.org")
	if err != nil || !found || !reflect.DeepEqual(kept, u) || kept.Team != north.ID || kept.Role != accounts.RoleWorker || !accounts.CheckPassword(kept.PasswordHash, "a long enough password") {
		t.Errorf("the account made: %+v %v %v", kept, found, err)
	}
	if _, err := accounts.AcceptInvite(ctx, st, token, "another long password", now.Add(time.Hour)); !errors.Is(err, accounts.ErrInviteGone) {
		t.Errorf("the link used twice: %v", err)
	}
	if u, _, _ := st.GetUser(ctx, "amy@example.org"); !accounts.CheckPassword(u.PasswordHash, "a long enough password") {
		t.Error("a used link changed the password again")
	}
}

func TestAnInviteLastsSeventyTwoHours(t *testing.T) {
	st, ctx, now := openStore(t), t.Context(), time.Now()
	north := mustTeam(t, st, "North")
	token, _, err := accounts.InviteWorker(ctx, st, "amy@example.org", accounts.RoleWorker, north.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.AcceptInvite(ctx, st, token, "a long enough password", now.Add(72*time.Hour)); !errors.Is(err, accounts.ErrInviteGone) {
		t.Errorf("a link 72 hours old: %v", err)
	}
	token, _, _ = accounts.InviteWorker(ctx, st, "amy@example.org", accounts.RoleWorker, north.ID, now)
	if _, err := accounts.AcceptInvite(ctx, st, token, "a long enough password", now.Add(72*time.Hour-time.Minute)); err != nil {
		t.Errorf("a link a minute short of 72 hours: %v", err)
	}
}

func TestInvitesAreRefusedPlainly(t *testing.T) {
	st, ctx, now := openStore(t), t.Context(), time.Now()
	north := mustTeam(t, st, "North")
	if _, err := accounts.AddUser(ctx, st, "bo@example.org", accounts.RoleWorker, north.ID, "a long enough password", now); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		email, role, team string
		want              error
	}{
		{"amy@example.org", accounts.RoleWorker, "", accounts.ErrTeamNeeded},
		{"amy@example.org", accounts.RoleWorker, "no-such-team", accounts.ErrNoTeam},
		{"amy@example.org", accounts.RoleWorker, accounts.Admins, accounts.ErrNoTeam},
		{"bo@example.org", accounts.RoleWorker, north.ID, accounts.ErrAccountExists},
		{"not an address", accounts.RoleWorker, north.ID, accounts.ErrBadEmail},
		{"amy@example.org", "boss", north.ID, accounts.ErrBadRole},
	} {
		if _, _, err := accounts.InviteWorker(ctx, st, c.email, c.role, c.team, now); !errors.Is(err, c.want) {
			t.Errorf("invite %+v: %v", c, err)
		}
	}
	// An admin may belong to no team.
	if _, _, err := accounts.InviteWorker(ctx, st, "root@example.org", accounts.RoleAdmin, "", now); err != nil {
		t.Errorf("an admin with no team: %v", err)
	}
}

func TestAResetLinkSetsANewPasswordAndEndsSessions(t *testing.T) {
	st, ctx, now := openStore(t), t.Context(), time.Now()
	north := mustTeam(t, st, "North")
	if _, err := accounts.AddUser(ctx, st, "amy@example.org", accounts.RoleWorker, north.ID, "the first password", now); err != nil {
		t.Fatal(err)
	}
	if err := st.PutSession(ctx, "amy-phone", "amy@example.org", time.Hour); err != nil {
		t.Fatal(err)
	}
	first, _, err := accounts.ResetLink(ctx, st, "AMY@example.org", now)
	if err != nil {
		t.Fatal(err)
	}
	second, inv, err := accounts.ResetLink(ctx, st, "amy@example.org", now)
	if err != nil || !inv.Reset || inv.Team != north.ID {
		t.Fatalf("a second link: %+v %v", inv, err)
	}
	if u, _, _ := st.GetUser(ctx, "amy@example.org"); !accounts.CheckPassword(u.PasswordHash, "the first password") {
		t.Error("asking for a link changed the password")
	}
	if _, err := accounts.AcceptInvite(ctx, st, first, "the second password", now); !errors.Is(err, accounts.ErrInviteGone) {
		t.Errorf("the link a newer one replaced: %v", err)
	}
	u, err := accounts.AcceptInvite(ctx, st, second, "the second password", now)
	if err != nil || u.Team != north.ID || !accounts.CheckPassword(u.PasswordHash, "the second password") {
		t.Fatalf("reset: %+v %v", u, err)
	}
	if _, found, _ := st.GetSession(ctx, "amy-phone"); found {
		t.Error("a session from before the reset still works")
	}
	if _, _, err := accounts.ResetLink(ctx, st, "nobody@example.org", now); !errors.Is(err, accounts.ErrNoAccount) {
		t.Errorf("a link for nobody: %v", err)
	}
}

func TestAWorkerMovesBetweenTeams(t *testing.T) {
	st, ctx, now := openStore(t), t.Context(), time.Now()
	north, south := mustTeam(t, st, "North"), mustTeam(t, st, "South")
	if _, err := accounts.AddUser(ctx, st, "amy@example.org", accounts.RoleWorker, north.ID, "a long enough password", now); err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.AddUser(ctx, st, "root@example.org", accounts.RoleAdmin, north.ID, "a long enough password", now); err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.MoveUser(ctx, st, "amy@example.org", south.ID); err != nil {
		t.Fatal(err)
	}
	if u, _, _ := st.GetUser(ctx, "amy@example.org"); u.Team != south.ID {
		t.Errorf("moved to %q", u.Team)
	}
	for _, c := range []struct {
		email, team string
		want        error
	}{
		{"amy@example.org", "", accounts.ErrTeamNeeded},
		{"amy@example.org", "nowhere", accounts.ErrNoTeam},
		{"amy@example.org", accounts.Admins, accounts.ErrNoTeam},
		{"nobody@example.org", south.ID, accounts.ErrNoAccount},
	} {
		if _, err := accounts.MoveUser(ctx, st, c.email, c.team); !errors.Is(err, c.want) {
			t.Errorf("move %+v: %v", c, err)
		}
	}
	if u, _, _ := st.GetUser(ctx, "amy@example.org"); u.Team != south.ID {
		t.Errorf("a refused move changed the team to %q", u.Team)
	}
	if _, err := accounts.MoveUser(ctx, st, "root@example.org", ""); err != nil {
		t.Errorf("an admin out of every team: %v", err)
	}
	if _, err := accounts.AddTeam(ctx, st, "  north ", now); !errors.Is(err, accounts.ErrTeamNameTaken) {
		t.Errorf("a second team named north: %v", err)
	}
}
