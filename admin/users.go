package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/store"
)

// Participation workers' accounts, made and looked after by someone with access to the
// server. Every command that takes an account away also ends its sessions.

func addUser(ctx context.Context, st store.Store, req Request) (string, error) {
	team, err := teamOf(ctx, st, req.Team)
	if err != nil {
		return "", err
	}
	u, err := accounts.AddUser(ctx, st, req.Email, req.Role, team.ID, req.Password, time.Now())
	if err != nil {
		return "", sayWhichTeam(err)
	}
	return recorded(ctx, st, fmt.Sprintf("added %s (%s%s)", u.Email, u.Role, inTeam(team)), audit.AddedAccount, u)
}

// listUsers prints each account: email, role, state, when it was made, and its team.
func listUsers(ctx context.Context, st store.Store, _ Request) (string, error) {
	users, err := st.Users(ctx)
	if err != nil {
		return "", err
	}
	names, err := teamNames(ctx, st)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, u := range users {
		state := "active"
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(&out, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Role, state, u.Created.Format(time.DateOnly), names(u.Team))
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

func disableUser(ctx context.Context, st store.Store, req Request) (string, error) {
	u, err := changeUser(ctx, st, req.Email, func(u *accounts.User) { u.Disabled = true })
	if err != nil {
		return "", err
	}
	return recorded(ctx, st, fmt.Sprintf("disabled %s: they cannot sign in, and their sessions have ended", u.Email), audit.DisabledAccount, u)
}

func enableUser(ctx context.Context, st store.Store, req Request) (string, error) {
	u, err := changeUser(ctx, st, req.Email, func(u *accounts.User) { u.Disabled = false })
	if err != nil {
		return "", err
	}
	return recorded(ctx, st, fmt.Sprintf("enabled %s: they can sign in again", u.Email), audit.EnabledAccount, u)
}

func unlockUser(ctx context.Context, st store.Store, req Request) (string, error) {
	u, err := getUser(ctx, st, req.Email)
	if err != nil {
		return "", err
	}
	if err := st.ClearHits(ctx, accounts.LockoutKey(u.Email)); err != nil {
		return "", err
	}
	return recorded(ctx, st, fmt.Sprintf("unlocked %s: they can sign in again now", u.Email), audit.UnlockedAccount, u)
}

// resetTwoFactor takes an account's second factor away and ends its
// sessions: the way back for the last admin who lost their phone and
// recovery codes, or for everyone after a new HEARD_SECRET.
func resetTwoFactor(ctx context.Context, st store.Store, req Request) (string, error) {
	u, err := getUser(ctx, st, req.Email)
	if err != nil {
		return "", err
	}
	if err := accounts.ResetTwoFactor(ctx, st, u.Email); err != nil {
		return "", err
	}
	if err := st.DeleteUserSessions(ctx, u.Email); err != nil {
		return "", err
	}
	return recorded(ctx, st, fmt.Sprintf("reset the second factor of %s and ended their sessions: they set up a new one at their next sign-in", u.Email),
		audit.ResetTwoFactor, u)
}

func resetPassword(ctx context.Context, st store.Store, req Request) (string, error) {
	u, err := getUser(ctx, st, req.Email)
	if err != nil {
		return "", err
	}
	if _, err := accounts.CheckNew(u.Email, u.Role, req.Password); err != nil {
		return "", err
	}
	hash, err := accounts.HashPassword(req.Password)
	if err != nil {
		return "", err
	}
	if _, err := changeUser(ctx, st, u.Email, func(u *accounts.User) { u.PasswordHash = hash }); err != nil {
		return "", err
	}
	return recorded(ctx, st, fmt.Sprintf("set a new password for %s, and ended their sessions", u.Email), audit.ResetPassword, u)
}

// resetLink makes a one-time link that sets a new password: for a worker who cannot sign
// in, without the operator choosing their password.
func resetLink(ctx context.Context, st store.Store, req Request) (string, error) {
	token, inv, err := accounts.ResetLink(ctx, st, req.Email, time.Now())
	if err != nil {
		return "", err
	}
	return recorded(ctx, st, linkReply(fmt.Sprintf("a link for %s to choose a new password", inv.Email), token, inv),
		audit.ResetPassword, accounts.User{Email: inv.Email, Team: inv.Team})
}

func moveUser(ctx context.Context, st store.Store, req Request) (string, error) {
	team, err := teamOf(ctx, st, req.Team)
	if err != nil {
		return "", err
	}
	u, err := accounts.MoveUser(ctx, st, req.Email, team.ID)
	if err != nil {
		return "", sayWhichTeam(err)
	}
	if team.ID == "" {
		return recorded(ctx, st, fmt.Sprintf("moved %s out of every team", u.Email), audit.MovedTeam, u)
	}
	return recorded(ctx, st, fmt.Sprintf("moved %s to %s: from their next page they see its rounds, and no other team's", u.Email, team.Name), audit.MovedTeam, u)
}

func inviteUser(ctx context.Context, st store.Store, req Request) (string, error) {
	team, err := teamOf(ctx, st, req.Team)
	if err != nil {
		return "", err
	}
	token, inv, err := accounts.InviteWorker(ctx, st, req.Email, req.Role, team.ID, time.Now())
	if err != nil {
		return "", sayWhichTeam(err)
	}
	return recorded(ctx, st, linkReply(fmt.Sprintf("invited %s (%s%s)", inv.Email, inv.Role, inTeam(team)), token, inv),
		audit.InvitedAccount, accounts.User{Email: inv.Email, Team: inv.Team})
}

// sayWhichTeam tells the operator how to name the team a worker needs.
func sayWhichTeam(err error) error {
	if errors.Is(err, accounts.ErrTeamNeeded) {
		return errors.New("a worker belongs to a team: say which with --team NAME (`heard team list` shows them)")
	}
	return err
}

// linkReply says what a one-time link is for, how long it works, and ends with its path
// on a line of its own. Heard sends no email: the operator passes it on, after Heard's
// address (HEARD_PUBLIC_URL).
func linkReply(what, token string, inv accounts.Invite) string {
	return fmt.Sprintf("%s. Give them this link, after Heard's address; it works once, until %s UTC:\n%s",
		what, inv.Expires.Format("2006-01-02 15:04"), accounts.InvitePath(token))
}

// getUser finds the account with this email, or says there is none.
func getUser(ctx context.Context, st store.Store, email string) (accounts.User, error) {
	u, found, err := st.GetUser(ctx, accounts.NormaliseEmail(email))
	if err != nil {
		return u, err
	}
	if !found {
		return u, fmt.Errorf("no account for %q", email)
	}
	return u, nil
}

// changeUser changes an account and ends its sessions, so whoever was signed in as it
// signs in again, as it is now.
func changeUser(ctx context.Context, st store.Store, email string, change func(*accounts.User)) (accounts.User, error) {
	u, err := getUser(ctx, st, email)
	if err != nil {
		return u, err
	}
	change(&u)
	if err := st.PutUser(ctx, u); err != nil {
		return u, err
	}
	return u, st.DeleteUserSessions(ctx, u.Email)
}
