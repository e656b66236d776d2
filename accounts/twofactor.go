package accounts

import (
	"context"
	"time"
)

// TwoFactor is an account's second factor as it is kept, inside the account's
// record. Nothing in it makes a code or tests a recovery code without
// HEARD_SECRET (see factorKeys). A record kept before second factors existed
// has none of these fields, and reads as the zero TwoFactor: not enrolled.
type TwoFactor struct {
	// Secret is the confirmed TOTP secret, sealed: AES-256-GCM under a key
	// derived from HEARD_SECRET, bound to the account's email.
	Secret []byte `json:"secret,omitempty"`
	// Pending is a secret shown for enrolment and not yet confirmed with a
	// code, sealed the same way. A confirmed Secret goes on working until
	// Pending is confirmed in its place.
	Pending []byte `json:"pending,omitempty"`
	// Confirmed is when Secret was confirmed.
	Confirmed time.Time `json:"confirmed,omitzero"`
	// LastStep is the 30-second step of the last code accepted: a code of
	// that step or an earlier one is refused, so each code works once.
	LastStep int64 `json:"lastStep,omitempty"`
	// Recovery holds the recovery codes not yet used, each as an HMAC-SHA256.
	Recovery [][]byte `json:"recovery,omitempty"`
}

// Enrolled reports whether the account has a confirmed second factor.
func (tf TwoFactor) Enrolled() bool { return len(tf.Secret) > 0 }

// Required reports whether an account must have a second factor before it
// may sign in: every admin's must, and a worker's when their team requires
// it (Team.RequireTwoFactor). team is the account's own team, or the zero
// Team when it has none.
func Required(u User, team Team) bool {
	return u.Role == RoleAdmin || (team.RequireTwoFactor && team.ID != "" && team.ID == u.Team)
}

// TeamReader finds a team by its id.
type TeamReader interface {
	GetTeam(ctx context.Context, id string) (t Team, found bool, err error)
}

// RequiredFor is Required for an account as it is kept: it reads the
// account's team only when the answer depends on it.
func RequiredFor(ctx context.Context, teams TeamReader, u User) (bool, error) {
	if u.Role == RoleAdmin || u.Team == "" || u.Team == Admins {
		return Required(u, Team{}), nil
	}
	team, _, err := teams.GetTeam(ctx, u.Team)
	if err != nil {
		return false, err
	}
	return Required(u, team), nil
}

// Next is what sign-in does once the password is right.
type Next int

const (
	// StartSession: the worker is signed in. Clear the lock-out count, start
	// the session.
	StartSession Next = iota + 1
	// AskForCode: ask for a code from the authenticator app, or a recovery
	// code (Factors.Check, Factors.Recover); the session starts only when
	// one is right.
	AskForCode
	// EnrolFirst: the account must have a second factor and has none. Enrol
	// now (Factors.Begin, then Factors.Confirm); the session starts only
	// once a code confirms it.
	EnrolFirst
)

// AfterPassword is sign-in's next step once the password is right: an
// account with a second factor is asked for a code, one that must have one
// and has none enrols first, and any other is signed in.
//
// Only StartSession clears the account's lock-out count. While a code is
// still to come the count stays, and the code clears it when it is right:
// clearing it for the password alone would let whoever knows the password
// guess codes without end, five at a time.
func AfterPassword(tf TwoFactor, required bool) Next {
	switch {
	case tf.Enrolled():
		return AskForCode
	case required:
		return EnrolFirst
	default:
		return StartSession
	}
}
