package storetest

import (
	"context"
	"testing"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/store"
)

// FirstTeam is the contract of store.Upgrades: what an install from
// before teams kept is given to a first team at start-up, once.
func FirstTeam(t *testing.T, open func(t *testing.T) store.Store) {
	at := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	// before puts what a Heard from before teams kept: accounts, rounds and
	// posts without a team.
	before := func(t *testing.T, s store.Store) {
		ctx := t.Context()
		must(t, s.PutUser(ctx, accounts.User{Email: "amy@example.org", Role: accounts.RoleWorker, PasswordHash: "$argon2id$x", Created: at}))
		must(t, s.PutUser(ctx, accounts.User{Email: "root@example.org", Role: accounts.RoleAdmin, PasswordHash: "$argon2id$y", Created: at}))
		must(t, s.CreateRound(ctx, feedback.Round{Code: "SPRING", Title: "Spring", Questions: []string{"safe"}, Channels: []string{"web"}, Created: at}))
		must(t, s.AddPost(ctx, feedback.Post{ID: "p1", Round: "SPRING", Said: map[string]string{"en": "s"}, Did: map[string]string{"en": "d"}, Published: at}))
		must(t, s.AddPost(ctx, feedback.Post{ID: "p2", Round: feedback.Standing, Said: map[string]string{"en": "s"}, Did: map[string]string{"en": "d"}, Published: at}))
	}
	// teamsOf reads whose every account, round and post is.
	teamsOf := func(t *testing.T, s store.Store) map[string]string {
		ctx, got := t.Context(), map[string]string{}
		users, err := s.Users(ctx)
		must(t, err)
		for _, u := range users {
			got[u.Email] = u.Team
		}
		rounds, err := s.Rounds(ctx)
		must(t, err)
		for _, r := range rounds {
			got[r.Code] = r.Team
		}
		posts, err := s.Posts(ctx)
		must(t, err)
		for _, p := range posts {
			got[p.ID] = p.Team
		}
		return got
	}

	t.Run("WhatCameBeforeTeamsIsGivenToTheFirstTeamOnce", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		before(t, s)
		// A round that has a team already keeps it.
		must(t, s.CreateRound(ctx, feedback.Round{Code: "SOUTH", Team: "south", Created: at}))
		done, err := s.GiveToFirstTeam(ctx, "Youth Service", at)
		must(t, err)
		if done.AlreadyDone || done.Team.Name != "Youth Service" || done.Accounts != 2 || done.Rounds != 1 || done.Posts != 2 {
			t.Fatalf("given: %+v", done)
		}
		team, found, err := s.TeamNamed(ctx, "youth service")
		must(t, err)
		if !found || team != done.Team {
			t.Fatalf("the first team is not kept: %+v %v", team, found)
		}
		want := map[string]string{"amy@example.org": team.ID, "root@example.org": team.ID, "SPRING": team.ID, "SOUTH": "south",
			"p1": team.ID, "p2": accounts.Admins}
		if got := teamsOf(t, s); !equalMaps(got, want) {
			t.Errorf("teams: %v, want %v", got, want)
		}
		// Once: a record without a team written later (an older Heard, mid-upgrade)
		// stays without one, for admins only, and no second team is made.
		must(t, s.CreateRound(ctx, feedback.Round{Code: "LATE", Created: at}))
		again, err := s.GiveToFirstTeam(ctx, "Another Name", at)
		must(t, err)
		if !again.AlreadyDone || again.Rounds != 0 {
			t.Errorf("a second start-up: %+v", again)
		}
		if late, _, _ := s.GetRound(ctx, "LATE"); late.Team != "" {
			t.Errorf("a later round without a team was given %q", late.Team)
		}
		if teams, _ := s.Teams(ctx); len(teams) != 1 {
			t.Errorf("teams after a second start-up: %+v", teams)
		}
	})

	t.Run("ANewInstallGetsNoTeam", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		done, err := s.GiveToFirstTeam(ctx, "Heard", at)
		must(t, err)
		if done.AlreadyDone || done.Team.ID != "" {
			t.Errorf("a new install: %+v", done)
		}
		if teams, _ := s.Teams(ctx); len(teams) != 0 {
			t.Errorf("a new install was given teams: %+v", teams)
		}
		if again, err := s.GiveToFirstTeam(ctx, "Heard", at); err != nil || !again.AlreadyDone {
			t.Errorf("its next start-up: %+v %v", again, err)
		}
	})

	t.Run("ATeamOfTheFirstTeamsNameIsUsed", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		before(t, s)
		must(t, s.CreateTeam(ctx, accounts.Team{ID: "made-by-hand", Name: "heard", Created: at}))
		done, err := s.GiveToFirstTeam(ctx, "Heard", at)
		must(t, err)
		if done.Team.ID != "made-by-hand" {
			t.Errorf("given to %+v, not the team already named so", done.Team)
		}
	})

	t.Run("InstancesStartingTogetherMakeOneTeam", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		before(t, s)
		parallel(t, 8, func() error {
			_, err := s.GiveToFirstTeam(ctx, "Heard", at)
			return err
		})
		teams, err := s.Teams(ctx)
		must(t, err)
		if len(teams) != 1 {
			t.Fatalf("teams: %+v", teams)
		}
		for k, team := range teamsOf(t, s) {
			if team != teams[0].ID && !(k == "p2" && team == accounts.Admins) {
				t.Errorf("%s is %q's", k, team)
			}
		}
	})

	t.Run("AFirstTeamNeedsAName", func(t *testing.T) {
		t.Parallel()
		s := open(t)
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		if _, err := s.GiveToFirstTeam(ctx, "   ", at); err == nil {
			t.Error("a first team with no name was made")
		}
	})
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
