package storetest

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"heard/accounts"
)

// Teams is the contract of accounts.Store's teams: names unique but for
// case and spacing, however many ask at once.
func Teams(t *testing.T, open func(t *testing.T) accounts.Store) {
	t.Run("TeamsAreNamedOnceWhateverTheCase", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		created := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
		youth := accounts.Team{ID: "a1", Name: "Youth Service", Created: created}
		must(t, s.CreateTeam(ctx, youth))
		must(t, s.CreateTeam(ctx, accounts.Team{ID: "b2", Name: "abbey road project", Created: created}))
		must(t, s.CreateTeam(ctx, accounts.Team{ID: "c3", Name: "Straße", Created: created}))
		for _, taken := range []string{"youth service", "  YOUTH   Service ", "STRASSE"} {
			if err := s.CreateTeam(ctx, accounts.Team{ID: "d4", Name: taken, Created: created}); !errors.Is(err, accounts.ErrTeamNameTaken) {
				t.Errorf("a team named %q beside %q and %q: %v, want ErrTeamNameTaken", taken, youth.Name, "Straße", err)
			}
		}
		got, found, err := s.GetTeam(ctx, "a1")
		must(t, err)
		if !found || got.Name != "Youth Service" || !got.Created.Equal(created) {
			t.Errorf("team a1: %+v %v", got, found)
		}
		if got, found, err := s.TeamNamed(ctx, "YOUTH  service"); err != nil || !found || got.ID != "a1" {
			t.Errorf("named in other case and spacing: %+v %v %v", got, found, err)
		}
		for _, missing := range []string{"d4", accounts.Admins, ""} {
			if _, found, err := s.GetTeam(ctx, missing); err != nil || found {
				t.Errorf("team %q, never made: %v %v", missing, found, err)
			}
		}
		if _, found, err := s.TeamNamed(ctx, "Nobody's team"); err != nil || found {
			t.Errorf("a name never given: %v %v", found, err)
		}
		teams, err := s.Teams(ctx)
		must(t, err)
		if len(teams) != 3 || teams[0].ID != "b2" || teams[1].ID != "c3" || teams[2].ID != "a1" {
			t.Errorf("teams by name: %+v", teams)
		}
	})

	t.Run("ATeamsRuleOnSecondFactorsIsKept", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		created := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
		must(t, s.CreateTeam(ctx, accounts.Team{ID: "a1", Name: "Youth Service", Created: created}))
		must(t, s.CreateTeam(ctx, accounts.Team{ID: "b2", Name: "Abbey Road", Created: created}))
		if got, _, err := s.GetTeam(ctx, "a1"); err != nil || got.RequireTwoFactor {
			t.Errorf("a new team requires a second factor: %+v %v", got, err)
		}
		must(t, s.SetTeamTwoFactor(ctx, "a1", true))
		got, found, err := s.GetTeam(ctx, "a1")
		must(t, err)
		if !found || !got.RequireTwoFactor || got.Name != "Youth Service" || !got.Created.Equal(created) {
			t.Errorf("after requiring it: %+v %v", got, found)
		}
		if got, _, err := s.TeamNamed(ctx, "youth service"); err != nil || !got.RequireTwoFactor {
			t.Errorf("found by name: %+v %v", got, err)
		}
		if other, _, err := s.GetTeam(ctx, "b2"); err != nil || other.RequireTwoFactor {
			t.Errorf("another team changed too: %+v %v", other, err)
		}
		must(t, s.SetTeamTwoFactor(ctx, "a1", false))
		if got, _, err := s.GetTeam(ctx, "a1"); err != nil || got.RequireTwoFactor || got.Name != "Youth Service" {
			t.Errorf("after no longer requiring it: %+v %v", got, err)
		}
		if err := s.SetTeamTwoFactor(ctx, "zz", true); !errors.Is(err, accounts.ErrNoTeam) {
			t.Errorf("a team never made: %v, want ErrNoTeam", err)
		}
		if _, found, err := s.GetTeam(ctx, "zz"); err != nil || found {
			t.Errorf("setting a rule made the team: %v %v", found, err)
		}
	})

	t.Run("ATeamNameIsTakenOnceUnderRace", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		var made, refused atomic.Int64
		var next atomic.Int64
		parallel(t, 32, func() error {
			id := fmt.Sprintf("race%d", next.Add(1))
			err := s.CreateTeam(ctx, accounts.Team{ID: id, Name: "Same Name", Created: time.Now()})
			switch {
			case err == nil:
				made.Add(1)
			case errors.Is(err, accounts.ErrTeamNameTaken):
				refused.Add(1)
			default:
				return err
			}
			return nil
		})
		teams, err := s.Teams(ctx)
		must(t, err)
		if made.Load() != 1 || refused.Load() != 31 || len(teams) != 1 {
			t.Errorf("made %d, refused %d, kept %+v: want one team", made.Load(), refused.Load(), teams)
		}
	})
}

// Invites is the contract of accounts.Store's invitations: each works once,
// only an account's newest works, and none outlives its time.
func Invites(t *testing.T, open func(t *testing.T) accounts.Store) {
	invite := func(email string) accounts.Invite {
		at := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
		return accounts.Invite{Email: email, Role: accounts.RoleWorker, Team: "a1", Created: at, Expires: at.Add(accounts.InviteFor)}
	}
	t.Run("AnInviteWorksOnce", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		token := accounts.NewSessionID()
		must(t, s.PutInvite(ctx, token, invite("amy@example.org"), time.Hour))
		got, found, err := s.TakeInvite(ctx, token)
		must(t, err)
		if !found || got != invite("amy@example.org") {
			t.Errorf("taken: %+v %v", got, found)
		}
		if _, found, err := s.TakeInvite(ctx, token); err != nil || found {
			t.Errorf("taken twice: %v %v", found, err)
		}
		if _, found, err := s.TakeInvite(ctx, accounts.NewSessionID()); err != nil || found {
			t.Errorf("a token never given: %v %v", found, err)
		}
	})

	t.Run("GettingAnInviteLeavesItWorking", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		older, newer := accounts.NewSessionID(), accounts.NewSessionID()
		must(t, s.PutInvite(ctx, older, invite("amy@example.org"), time.Hour))
		must(t, s.PutInvite(ctx, newer, invite("amy@example.org"), time.Hour))
		for range 2 {
			if got, found, err := s.GetInvite(ctx, newer); err != nil || !found || got != invite("amy@example.org") {
				t.Errorf("got: %+v %v %v", got, found, err)
			}
		}
		if _, found, err := s.GetInvite(ctx, older); err != nil || found {
			t.Errorf("a replaced link is found: %v %v", found, err)
		}
		if _, found, err := s.GetInvite(ctx, accounts.NewSessionID()); err != nil || found {
			t.Errorf("a token never given: %v %v", found, err)
		}
		if _, found, err := s.TakeInvite(ctx, newer); err != nil || !found {
			t.Errorf("after getting it, the link no longer works: %v %v", found, err)
		}
		if _, found, err := s.GetInvite(ctx, newer); err != nil || found {
			t.Errorf("a used link is found: %v %v", found, err)
		}
	})

	t.Run("AnInviteIsTakenOnceUnderRace", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		token := accounts.NewSessionID()
		must(t, s.PutInvite(ctx, token, invite("amy@example.org"), time.Hour))
		var taken atomic.Int64
		parallel(t, 32, func() error {
			_, found, err := s.TakeInvite(ctx, token)
			if found {
				taken.Add(1)
			}
			return err
		})
		if taken.Load() != 1 {
			t.Errorf("one link was taken %d times", taken.Load())
		}
	})

	t.Run("ANewerInviteReplacesTheOlder", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		older, newer, other := accounts.NewSessionID(), accounts.NewSessionID(), accounts.NewSessionID()
		must(t, s.PutInvite(ctx, older, invite("amy@example.org"), time.Hour))
		must(t, s.PutInvite(ctx, other, invite("bo@example.org"), time.Hour))
		reset := invite("amy@example.org")
		reset.Reset = true
		must(t, s.PutInvite(ctx, newer, reset, time.Hour))
		if _, found, err := s.TakeInvite(ctx, older); err != nil || found {
			t.Errorf("the replaced link still works: %v %v", found, err)
		}
		if got, found, err := s.TakeInvite(ctx, newer); err != nil || !found || !got.Reset {
			t.Errorf("the newer link: %+v %v %v", got, found, err)
		}
		if _, found, err := s.TakeInvite(ctx, other); err != nil || !found {
			t.Errorf("another account's link: %v %v", found, err)
		}
	})

	t.Run("InvitesExpire", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		token := accounts.NewSessionID()
		must(t, s.PutInvite(ctx, token, invite("amy@example.org"), 300*time.Millisecond))
		if err := s.PutInvite(ctx, accounts.NewSessionID(), invite("bo@example.org"), 0); err == nil {
			t.Error("an invite kept for no time at all was accepted (Redis would keep it forever)")
		}
		// Taking the link would use it up, so wait on a session put after it
		// for as long: once the session is gone, so is the link.
		must(t, s.PutSession(ctx, "clock", "amy@example.org", 300*time.Millisecond))
		eventually(t, 10*time.Second, "a session as short to expire", func() bool {
			_, found, err := s.GetSession(ctx, "clock")
			must(t, err)
			return !found
		})
		if _, found, err := s.GetInvite(ctx, token); err != nil || found {
			t.Errorf("an expired link is found: %v %v", found, err)
		}
		if _, found, err := s.TakeInvite(ctx, token); err != nil || found {
			t.Errorf("an expired link still works: %v %v", found, err)
		}
	})
}
