package storetest

import (
	"heard/accounts"
	"testing"
	"time"
)

// Accounts is the contract of accounts.Store: workers' accounts and sessions.
func Accounts(t *testing.T, open func(t *testing.T) accounts.Store) {
	t.Run("AccountsRoundTripSortedAndReplaced", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		created := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
		for _, email := range []string{"zed@example.org", "amy@example.org"} {
			must(t, s.PutUser(ctx, accounts.User{Email: email, Role: "worker", PasswordHash: "$argon2id$x", Created: created}))
		}
		must(t, s.PutUser(ctx, accounts.User{Email: "amy@example.org", Role: "admin", PasswordHash: "$argon2id$y", Disabled: true, Created: created}))
		u, found, err := s.GetUser(ctx, "amy@example.org")
		must(t, err)
		if !found || u.Role != "admin" || !u.Disabled || u.PasswordHash != "$argon2id$y" || !u.Created.Equal(created) {
			t.Errorf("got %+v found=%v", u, found)
		}
		if _, found, _ := s.GetUser(ctx, "nobody@example.org"); found {
			t.Error("found an account never made")
		}
		users, err := s.Users(ctx)
		must(t, err)
		if len(users) != 2 || users[0].Email != "amy@example.org" || users[1].Email != "zed@example.org" {
			t.Errorf("users %+v", users)
		}
	})

	t.Run("SessionsExpireAndEnd", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		must(t, s.PutSession(ctx, "long", "amy@example.org", time.Hour))
		must(t, s.PutSession(ctx, "short", "amy@example.org", 300*time.Millisecond))
		if email, found, err := s.GetSession(ctx, "long"); err != nil || !found || email != "amy@example.org" {
			t.Errorf("session: %q %v %v", email, found, err)
		}
		must(t, s.DeleteSession(ctx, "long"))
		must(t, s.DeleteSession(ctx, "never-made"))
		if _, found, _ := s.GetSession(ctx, "long"); found {
			t.Error("a deleted session is still found")
		}
		eventually(t, 10*time.Second, "the short session to expire", func() bool {
			_, found, err := s.GetSession(ctx, "short")
			must(t, err)
			return !found
		})
	})

	t.Run("AnAccountsSessionsEndTogether", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		must(t, s.PutSession(ctx, "amy-phone", "amy@example.org", time.Hour))
		must(t, s.PutSession(ctx, "amy-laptop", "amy@example.org", 2*time.Hour))
		must(t, s.PutSession(ctx, "bo-laptop", "bo@example.org", time.Hour))
		must(t, s.DeleteUserSessions(ctx, "amy@example.org"))
		must(t, s.DeleteUserSessions(ctx, "nobody@example.org"))
		for _, id := range []string{"amy-phone", "amy-laptop"} {
			if _, found, err := s.GetSession(ctx, id); err != nil || found {
				t.Errorf("%s still works after its account's sessions ended: %v", id, err)
			}
		}
		if email, found, err := s.GetSession(ctx, "bo-laptop"); err != nil || !found || email != "bo@example.org" {
			t.Errorf("another account's session: %q %v %v", email, found, err)
		}
		// A session begun afterwards works, and ends with the next call.
		must(t, s.PutSession(ctx, "amy-again", "amy@example.org", time.Hour))
		if _, found, err := s.GetSession(ctx, "amy-again"); err != nil || !found {
			t.Errorf("a new session after the end: %v %v", found, err)
		}
		must(t, s.DeleteUserSessions(ctx, "amy@example.org"))
		if _, found, _ := s.GetSession(ctx, "amy-again"); found {
			t.Error("the new session did not end with the second call")
		}
	})
}
