package accounts

import (
	"context"
	"time"
)

// User is a participation worker's account. Only workers have accounts.
type User struct {
	Email        string    `json:"email"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"hash"`
	Disabled     bool      `json:"disabled,omitempty"`
	Created      time.Time `json:"created"`
	// Team is the id of the team the account belongs to. Every worker has
	// one; an admin may have one or none (admins see every team).
	Team string `json:"team,omitempty"`
	// TwoFactor is the account's second factor; a record kept before there
	// were any reads as none.
	TwoFactor TwoFactor `json:"twoFactor,omitzero"`
}

// Store keeps workers' accounts, their sessions, teams and invitations.
// Both of Heard's stores implement it; sign-in, the workers' pages and the
// account commands use it.
type Store interface {
	// PutUser creates or replaces an account.
	PutUser(ctx context.Context, u User) error
	// GetUser returns the account with this (normalised) email.
	GetUser(ctx context.Context, email string) (u User, found bool, err error)
	// Users returns every account, sorted by email.
	Users(ctx context.Context) ([]User, error)
	// PutSession keeps a signed-in session, expiring ttl from now. Only a
	// hash of the id is kept, so a copy of the store signs nobody in.
	PutSession(ctx context.Context, id, email string, ttl time.Duration) error
	// GetSession returns the email a live session belongs to.
	GetSession(ctx context.Context, id string) (email string, found bool, err error)
	// DeleteSession ends a session; ending a missing one is not an error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions ends every session of the account with this email
	// (a password reset, a disabled account); an account with none is not
	// an error.
	DeleteUserSessions(ctx context.Context, email string) error
	// CreateTeam keeps a new team; ErrTeamNameTaken when another team's
	// name is the same but for case and spacing (TeamNameKey).
	CreateTeam(ctx context.Context, t Team) error
	// GetTeam returns the team with this id.
	GetTeam(ctx context.Context, id string) (t Team, found bool, err error)
	// TeamNamed returns the team whose name is this one but for case and
	// spacing.
	TeamNamed(ctx context.Context, name string) (t Team, found bool, err error)
	// Teams returns every team, sorted by name (TeamNameKey).
	Teams(ctx context.Context) ([]Team, error)
	// SetTeamTwoFactor sets whether the team's workers must have a second
	// factor (Team.RequireTwoFactor); ErrNoTeam when there is no such team.
	SetTeamTwoFactor(ctx context.Context, id string, required bool) error
	// PutInvite keeps an invitation under a hash of its token, for ttl.
	// Only an account's newest invitation counts: one made earlier for the
	// same email can no longer be taken.
	PutInvite(ctx context.Context, token string, inv Invite, ttl time.Duration) error
	// TakeInvite returns the invitation a token stands for and deletes it,
	// so a token works once, however many take it at the same moment. An
	// unknown, expired, used or superseded token is not found.
	TakeInvite(ctx context.Context, token string) (inv Invite, found bool, err error)
	// GetInvite returns the invitation a token stands for, as TakeInvite
	// would, and leaves it working: to check a link before it is used.
	GetInvite(ctx context.Context, token string) (inv Invite, found bool, err error)
}
