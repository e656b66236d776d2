package accounts

import (
	"context"
	"time"
)

// What admins do to teams and accounts, for the command line and the
// admins' pages alike. Disabling, enabling and unlocking are changes to a
// User; these are the ones with rules of their own.

// AddTeam makes a team with this name, refused when another team's name is
// the same but for case and spacing.
func AddTeam(ctx context.Context, st Store, name string, now time.Time) (Team, error) {
	t, err := NewTeam(ctx, st, name, now)
	if err != nil {
		return Team{}, err
	}
	if err := st.CreateTeam(ctx, t); err != nil {
		return Team{}, err
	}
	return t, nil
}

// NewTeam is the team AddTeam would make, with its id, checked but not
// kept: so a page can write who makes it before it is made. CreateTeam
// keeps it, and still refuses a name taken in between.
func NewTeam(ctx context.Context, st Store, name string, now time.Time) (Team, error) {
	name, err := CheckTeamName(name)
	if err != nil {
		return Team{}, err
	}
	if _, found, err := st.TeamNamed(ctx, name); err != nil {
		return Team{}, err
	} else if found {
		return Team{}, ErrTeamNameTaken
	}
	return Team{ID: NewTeamID(), Name: name, Created: now.UTC()}, nil
}

// FindTeam returns the team with this name (but for case and spacing), or
// ErrNoTeam.
func FindTeam(ctx context.Context, st Store, name string) (Team, error) {
	t, found, err := st.TeamNamed(ctx, name)
	if err != nil {
		return Team{}, err
	}
	if !found {
		return Team{}, ErrNoTeam
	}
	return t, nil
}

// MoveUser puts the account with email in the team with this id. From
// their next request they see the new team's rounds and posts and no
// longer the old one's (pages read the account at every request). An admin
// may also be moved out of every team, with team "".
func MoveUser(ctx context.Context, st Store, email, team string) (User, error) {
	u, err := FindUser(ctx, st, email)
	if err != nil {
		return u, err
	}
	if err := CheckTeam(ctx, st, u.Role, team); err != nil {
		return u, err
	}
	u.Team = team
	return u, st.PutUser(ctx, u)
}

// AddUser makes an account with a password chosen now (by an operator on
// the command line), in the team with this id ("" for an admin with none).
func AddUser(ctx context.Context, st Store, email, role, team, password string, now time.Time) (User, error) {
	email, err := CheckNew(email, role, password)
	if err != nil {
		return User{}, err
	}
	if err := CheckTeam(ctx, st, role, team); err != nil {
		return User{}, err
	}
	if _, found, err := st.GetUser(ctx, email); err != nil {
		return User{}, err
	} else if found {
		return User{}, ErrAccountExists
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	u := User{Email: email, Role: role, Team: team, PasswordHash: hash, Created: now.UTC()}
	return u, st.PutUser(ctx, u)
}
