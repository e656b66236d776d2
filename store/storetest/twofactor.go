package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"heard/accounts"
)

// TwoFactorStore is what the second factor's contract needs of a store: its
// role (accounts.FactorStore), and accounts to give second factors to.
type TwoFactorStore interface {
	accounts.FactorStore
	PutUser(ctx context.Context, u accounts.User) error
	GetUser(ctx context.Context, email string) (accounts.User, bool, error)
}

// TwoFactor runs the second factor's contract (accounts.FactorStore) against
// the stores made by open, on the terms of Run.
func TwoFactor(t *testing.T, open func(t *testing.T) TwoFactorStore) {
	created := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
	account := accounts.User{Email: "amy@example.org", Role: accounts.RoleAdmin, PasswordHash: "$argon2id$x", Disabled: true, Created: created}

	t.Run("TwoFactorChangeKeepsTheRestOfTheAccount", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		must(t, s.PutUser(ctx, account))
		want := accounts.TwoFactor{Secret: []byte("sealed"), Confirmed: created, LastStep: 42, Recovery: [][]byte{[]byte("h1"), []byte("h2")}}
		must(t, s.ChangeTwoFactor(ctx, account.Email, func(tf *accounts.TwoFactor) error {
			if tf.Enrolled() || tf.LastStep != 0 {
				t.Errorf("a new account's second factor: %+v", tf)
			}
			*tf = want
			return nil
		}))
		u, found, err := s.GetUser(ctx, account.Email)
		must(t, err)
		tf := u.TwoFactor
		if !found || u.Role != account.Role || u.PasswordHash != account.PasswordHash || !u.Disabled || !u.Created.Equal(created) ||
			string(tf.Secret) != "sealed" || !tf.Confirmed.Equal(created) || tf.LastStep != 42 || len(tf.Recovery) != 2 || string(tf.Recovery[1]) != "h2" {
			t.Errorf("kept %+v", u)
		}
	})

	t.Run("TwoFactorChangeOfNoAccountMakesNone", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		err := s.ChangeTwoFactor(ctx, "nobody@example.org", func(tf *accounts.TwoFactor) error {
			t.Error("change ran for no account")
			return nil
		})
		if !errors.Is(err, accounts.ErrNoAccount) {
			t.Errorf("got %v, want ErrNoAccount", err)
		}
		if _, found, _ := s.GetUser(ctx, "nobody@example.org"); found {
			t.Error("an account was made")
		}
	})

	t.Run("TwoFactorChangeThatFailsKeepsNothing", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		must(t, s.PutUser(ctx, account))
		refused := errors.New("the code is not right")
		err := s.ChangeTwoFactor(ctx, account.Email, func(tf *accounts.TwoFactor) error {
			tf.LastStep = 99
			return refused
		})
		if !errors.Is(err, refused) {
			t.Errorf("got %v, want change's own error", err)
		}
		if u, _, _ := s.GetUser(ctx, account.Email); u.TwoFactor.LastStep != 0 {
			t.Errorf("a refused change was kept: %+v", u.TwoFactor)
		}
	})

	// Each change reads what the one before it kept: none is lost, whatever
	// else changes at the same moment. This is what lets a code be used once.
	t.Run("TwoFactorChangesAtOnceAreEachKept", func(t *testing.T) {
		t.Parallel()
		s, ctx := open(t), t.Context()
		must(t, s.PutUser(ctx, account))
		other := account
		other.Email = "zed@example.org"
		must(t, s.PutUser(ctx, other))
		const workers, each = 8, 10
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				email := account.Email
				if w%4 == 3 { // some change another account, in the same hash on Redis
					email = other.Email
				}
				for range each {
					err := s.ChangeTwoFactor(ctx, email, func(tf *accounts.TwoFactor) error {
						tf.LastStep++
						return nil
					})
					if err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		amy, _, err := s.GetUser(ctx, account.Email)
		must(t, err)
		zed, _, err := s.GetUser(ctx, other.Email)
		must(t, err)
		if amy.TwoFactor.LastStep != 6*each || zed.TwoFactor.LastStep != 2*each {
			t.Errorf("counted %d and %d, want %d and %d: changes were lost", amy.TwoFactor.LastStep, zed.TwoFactor.LastStep, 6*each, 2*each)
		}
	})
}
