package store

import (
	"context"

	"heard/accounts"
)

// A worker's second factor lives in their account's record (User.TwoFactor),
// and is changed in one transaction (see update.go), so two sign-ins at once
// never both use one code. On Redis the accounts are one hash: one key, so
// one Cluster slot, watched whole.

var (
	_ accounts.FactorStore = (*Embedded)(nil)
	_ accounts.FactorStore = (*Redis)(nil)
)

func (e *Embedded) ChangeTwoFactor(ctx context.Context, email string, change func(*accounts.TwoFactor) error) error {
	return updateJSON(ctx, e, kindUsers, email, accounts.ErrNoAccount, changeFactor(change))
}

func (r *Redis) ChangeTwoFactor(ctx context.Context, email string, change func(*accounts.TwoFactor) error) error {
	return hashUpdate(ctx, r, r.usersKey(), email, accounts.ErrNoAccount, changeFactor(change))
}

// changeFactor turns a change of a second factor into a change of its account.
func changeFactor(change func(*accounts.TwoFactor) error) func(*accounts.User) error {
	return func(u *accounts.User) error { return change(&u.TwoFactor) }
}
