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
}

// Store keeps workers' accounts and their sessions. Both of Heard's stores
// implement it; sign-in, the workers' pages and the account commands use it.
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
}
