package admin

import (
	"context"
	"fmt"
	"strings"
	"time"

	"heard/accounts"
	"heard/store"
)

// Participation workers' accounts, made and looked after by someone with access to the
// server. Every command that takes an account away also ends its sessions.

func addUser(ctx context.Context, st store.Store, req Request) (string, error) {
	email, err := accounts.CheckNew(req.Email, req.Role, req.Password)
	if err != nil {
		return "", err
	}
	if _, found, err := st.GetUser(ctx, email); err != nil {
		return "", err
	} else if found {
		return "", fmt.Errorf("%s already has an account", email)
	}
	hash, err := accounts.HashPassword(req.Password)
	if err != nil {
		return "", err
	}
	if err := st.PutUser(ctx, accounts.User{Email: email, Role: req.Role, PasswordHash: hash, Created: time.Now().UTC()}); err != nil {
		return "", err
	}
	return fmt.Sprintf("added %s (%s)", email, req.Role), nil
}

func listUsers(ctx context.Context, st store.Store, _ Request) (string, error) {
	users, err := st.Users(ctx)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, u := range users {
		state := "active"
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(&out, "%s\t%s\t%s\t%s\n", u.Email, u.Role, state, u.Created.Format(time.DateOnly))
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

func disableUser(ctx context.Context, st store.Store, req Request) (string, error) {
	u, err := changeUser(ctx, st, req.Email, func(u *accounts.User) { u.Disabled = true })
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("disabled %s: they cannot sign in, and their sessions have ended", u.Email), nil
}

func enableUser(ctx context.Context, st store.Store, req Request) (string, error) {
	u, err := changeUser(ctx, st, req.Email, func(u *accounts.User) { u.Disabled = false })
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("enabled %s: they can sign in again", u.Email), nil
}

func unlockUser(ctx context.Context, st store.Store, req Request) (string, error) {
	u, err := getUser(ctx, st, req.Email)
	if err != nil {
		return "", err
	}
	if err := st.ClearHits(ctx, accounts.LockoutKey(u.Email)); err != nil {
		return "", err
	}
	return fmt.Sprintf("unlocked %s: they can sign in again now", u.Email), nil
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
	return fmt.Sprintf("set a new password for %s, and ended their sessions", u.Email), nil
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
