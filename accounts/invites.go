package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Invite is a one-time link's promise: to make an account (a worker
// invited to a team), or to set a new password for one (Reset). Heard
// sends no email: an admin passes the link on. Its token is kept only as
// a hash, like a session's id, so a copy of the store opens no link.
type Invite struct {
	Email   string    `json:"email"`
	Role    string    `json:"role"`
	Team    string    `json:"team,omitempty"`
	Reset   bool      `json:"reset,omitempty"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

// InviteFor is how long a link works.
const InviteFor = 72 * time.Hour

// InvitePath is the path of the page a link opens; the page takes the new
// password and calls AcceptInvite. (The token is in the path, which logs
// never hold.)
func InvitePath(token string) string { return "/workers/invite/" + token }

var (
	ErrAccountExists = errors.New("accounts: that email already has an account: a reset link gives them a new password")
	ErrNoAccount     = errors.New("accounts: there is no account with that email")
	// ErrInviteGone is every link that does not work: unknown, used,
	// expired, or replaced by a newer one. One error for all, so a page
	// says only "ask for a new link".
	ErrInviteGone = errors.New("accounts: this link has been used, has expired, or was replaced by a newer one")
)

// InviteWorker makes a one-time sign-up link for a new account with email,
// role and team (a team's id; for an admin it may be ""). It returns the
// token for InvitePath. An email that already has an account is refused.
func InviteWorker(ctx context.Context, st Store, email, role, team string, now time.Time) (string, Invite, error) {
	inv, err := NewInvite(ctx, st, email, role, team)
	if err != nil {
		return "", Invite{}, err
	}
	return putInvite(ctx, st, inv, now)
}

// NewInvite checks what InviteWorker would be asked, without making a
// link, and returns the invitation with its email as kept: so a page can
// write who invites whom before the link is made.
func NewInvite(ctx context.Context, st Store, email, role, team string) (Invite, error) {
	email = NormaliseEmail(email)
	if _, err := CheckNew(email, role, "a password long enough to pass"); err != nil {
		return Invite{}, err
	}
	if err := CheckTeam(ctx, st, role, team); err != nil {
		return Invite{}, err
	}
	if _, found, err := st.GetUser(ctx, email); err != nil {
		return Invite{}, err
	} else if found {
		return Invite{}, ErrAccountExists
	}
	return Invite{Email: email, Role: role, Team: team}, nil
}

// ResetLink makes a one-time link that sets a new password for the account
// with email. The old password keeps working until the link is used.
func ResetLink(ctx context.Context, st Store, email string, now time.Time) (string, Invite, error) {
	u, err := FindUser(ctx, st, email)
	if err != nil {
		return "", Invite{}, err
	}
	return putInvite(ctx, st, Invite{Email: u.Email, Role: u.Role, Team: u.Team, Reset: true}, now)
}

func putInvite(ctx context.Context, st Store, inv Invite, now time.Time) (string, Invite, error) {
	inv.Created, inv.Expires = now.UTC(), now.UTC().Add(InviteFor)
	token := NewSessionID()
	if err := st.PutInvite(ctx, token, inv, InviteFor); err != nil {
		return "", Invite{}, err
	}
	return token, inv, nil
}

// AcceptInvite uses a link: it checks the new password first (a weak one
// leaves the link working), then takes the invitation, once, and makes the
// account or sets its new password, ending its sessions. The caller bounds
// how many run at once, as for sign-in: hashing holds memory.
func AcceptInvite(ctx context.Context, st Store, token, password string, now time.Time) (User, error) {
	if _, err := CheckNew("someone@example.org", RoleWorker, password); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	inv, found, err := st.TakeInvite(ctx, token)
	if err != nil {
		return User{}, err
	}
	u, err := linkedUser(ctx, st, inv, found, now)
	if err != nil {
		return User{}, err
	}
	u.PasswordHash = hash
	if err := st.PutUser(ctx, u); err != nil {
		return User{}, err
	}
	return u, st.DeleteUserSessions(ctx, u.Email)
}

// PeekInvite says what a link would do if used now, and leaves it working:
// the invitation, and the account it sets a password for (as it would be
// made, or as it is), with the errors AcceptInvite would give. So a page
// can write who uses a link before it is used; AcceptInvite checks again.
func PeekInvite(ctx context.Context, st Store, token string, now time.Time) (Invite, User, error) {
	inv, found, err := st.GetInvite(ctx, token)
	if err != nil {
		return Invite{}, User{}, err
	}
	u, err := linkedUser(ctx, st, inv, found, now)
	if err != nil {
		return Invite{}, User{}, err
	}
	return inv, u, nil
}

// linkedUser is the account an invitation (found or not) sets a password
// for: made now for an invitation, the one there for a reset.
func linkedUser(ctx context.Context, st Store, inv Invite, found bool, now time.Time) (User, error) {
	if !found || !now.Before(inv.Expires) {
		return User{}, ErrInviteGone
	}
	u, found, err := st.GetUser(ctx, inv.Email)
	switch {
	case err != nil:
		return User{}, err
	case inv.Reset && !found:
		return User{}, ErrNoAccount
	case !inv.Reset && found:
		return User{}, ErrAccountExists
	case !inv.Reset:
		u = User{Email: inv.Email, Role: inv.Role, Team: inv.Team, Created: now.UTC()}
	}
	return u, nil
}

// FindUser returns the account with this email, or ErrNoAccount.
func FindUser(ctx context.Context, st Store, email string) (User, error) {
	u, found, err := st.GetUser(ctx, NormaliseEmail(email))
	if err != nil {
		return u, err
	}
	if !found {
		return u, fmt.Errorf("%w (%s)", ErrNoAccount, NormaliseEmail(email))
	}
	return u, nil
}

// CheckTeam refuses a worker without a team, and a team that does not
// exist.
func CheckTeam(ctx context.Context, st Store, role, team string) error {
	if team == "" {
		if role == RoleWorker {
			return ErrTeamNeeded
		}
		return nil
	}
	if _, found, err := st.GetTeam(ctx, team); err != nil {
		return err
	} else if !found {
		return ErrNoTeam
	}
	return nil
}
