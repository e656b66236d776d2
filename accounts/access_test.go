package accounts

import (
	"slices"
	"strings"
	"testing"

	"heard/feedback"
)

func TestWhoSeesWhichRound(t *testing.T) {
	var (
		north    = User{Email: "n@example.org", Role: RoleWorker, Team: "north"}
		south    = User{Email: "s@example.org", Role: RoleWorker, Team: "south"}
		teamless = User{Email: "t@example.org", Role: RoleWorker}
		offNorth = User{Email: "o@example.org", Role: RoleWorker, Team: "north", Disabled: true}
		admin    = User{Email: "a@example.org", Role: RoleAdmin}
		adminN   = User{Email: "an@example.org", Role: RoleAdmin, Team: "north"}
		offAdmin = User{Email: "oa@example.org", Role: RoleAdmin, Disabled: true}
		oddRole  = User{Email: "x@example.org", Role: "boss", Team: "north"}
		// A worker whose team is the admins' own name sees no admin's round.
		posing = User{Email: "p@example.org", Role: RoleWorker, Team: Admins}
	)
	var (
		northRound    = feedback.Round{Code: "NORTH1", Team: "north"}
		southRound    = feedback.Round{Code: "SOUTH1", Team: "south"}
		standing      = feedback.Round{Code: feedback.Standing}
		standingNorth = feedback.Round{Code: feedback.Standing, Team: "north"} // never stored so; still the admins'
		adminsRound   = feedback.Round{Code: "ADMIN1", Team: Admins}
		beforeTeams   = feedback.Round{Code: "OLD1"}
	)
	for _, c := range []struct {
		who   User
		round feedback.Round
		sees  bool
	}{
		{north, northRound, true},
		{north, southRound, false},
		{south, southRound, true},
		{south, northRound, false},
		{north, standing, false},
		{north, standingNorth, false},
		{north, adminsRound, false},
		{north, beforeTeams, false},
		{teamless, northRound, false},
		{teamless, beforeTeams, false},
		{offNorth, northRound, false},
		{oddRole, northRound, false},
		{posing, adminsRound, false},
		{posing, standing, false},
		{admin, northRound, true},
		{admin, southRound, true},
		{admin, standing, true},
		{admin, adminsRound, true},
		{admin, beforeTeams, true},
		{adminN, southRound, true},
		{offAdmin, northRound, false},
		{offAdmin, standing, false},
	} {
		if got := CanSeeRound(c.who, c.round); got != c.sees {
			t.Errorf("CanSeeRound(%s of %q, %s of %q) = %v", c.who.Email, c.who.Team, c.round.Code, c.round.Team, got)
		}
		// A post is its round's: the same answer.
		post := feedback.Post{ID: "p", Round: c.round.Code, Team: c.round.Team}
		if got := CanSeePost(c.who, post); got != c.sees {
			t.Errorf("CanSeePost(%s of %q, on %s of %q) = %v", c.who.Email, c.who.Team, post.Round, post.Team, got)
		}
	}
}

func TestAWorkersListsHoldOnlyTheirTeams(t *testing.T) {
	rounds := []feedback.Round{{Code: "N2", Team: "north"}, {Code: "S1", Team: "south"}, {Code: "N1", Team: "north"}, {Code: "OLD"}}
	codes := func(rs []feedback.Round) (out []string) {
		for _, r := range rs {
			out = append(out, r.Code)
		}
		return out
	}
	if got := codes(RoundsFor(User{Role: RoleWorker, Team: "north"}, rounds)); !slices.Equal(got, []string{"N2", "N1"}) {
		t.Errorf("a north worker's rounds: %v", got)
	}
	if got := codes(RoundsFor(User{Role: RoleAdmin}, rounds)); len(got) != 4 {
		t.Errorf("an admin's rounds: %v", got)
	}
	posts := []feedback.Post{{ID: "a", Round: "N2", Team: "north"}, {ID: "b", Round: feedback.Standing, Team: Admins}, {ID: "c", Round: "S1", Team: "south"}}
	if got := PostsFor(User{Role: RoleWorker, Team: "south"}, posts); len(got) != 1 || got[0].ID != "c" {
		t.Errorf("a south worker's posts: %+v", got)
	}
}

func TestNewWorkBelongsToItsMakersTeam(t *testing.T) {
	for _, c := range []struct {
		who  User
		team string
		ok   bool
	}{
		{User{Role: RoleWorker, Team: "north"}, "north", true},
		{User{Role: RoleAdmin, Team: "north"}, "north", true},
		{User{Role: RoleAdmin}, Admins, true},
		{User{Role: RoleWorker}, "", false},
		{User{Role: RoleWorker, Team: "north", Disabled: true}, "", false},
	} {
		if team, ok := TeamOfNewWork(c.who); team != c.team || ok != c.ok {
			t.Errorf("TeamOfNewWork(%+v) = %q %v, want %q %v", c.who, team, ok, c.team, c.ok)
		}
	}
}

func TestTeamNamesAreKeptTidyAndComparedWithoutCase(t *testing.T) {
	for in, want := range map[string]string{"  Youth   Service ": "Youth Service", "Ealing CSE": "Ealing CSE", "Zespół Młodzieży": "Zespół Młodzieży"} {
		if got, err := CheckTeamName(in); err != nil || got != want {
			t.Errorf("CheckTeamName(%q) = %q %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "   ", "tab\tinside\x00", strings.Repeat("a", MaxTeamName+1), "\xff"} {
		if _, err := CheckTeamName(bad); err == nil {
			t.Errorf("CheckTeamName(%q) accepted", bad)
		}
	}
	if TeamNameKey("STRASSE  team") != TeamNameKey("straße Team") || TeamNameKey("North") == TeamNameKey("South") {
		t.Error("names compare wrongly")
	}
	if a, b := NewTeamID(), NewTeamID(); a == b || a == Admins || len(a) != 16 {
		t.Errorf("team ids %q %q", a, b)
	}
}
