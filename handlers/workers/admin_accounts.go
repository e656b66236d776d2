package workers

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"heard/accounts"
	"heard/audit"

	"github.com/labstack/echo/v4"
)

// accountsView is the admins' list of accounts, the invite form, and a
// one-time link just made.
type accountsView struct {
	Rows    []accountRow
	Teams   []accounts.Team // to invite to and move between
	Input   inviteInput     // what was typed, kept on a problem
	Problem string
	Link    *oneTimeLink
}

type accountRow struct {
	User     accounts.User
	TeamName string
	Self     bool // the admin looking: they cannot disable themselves or make their own reset link
}

type inviteInput struct {
	Email, Role, Team string
}

// oneTimeLink is an invitation or reset link, shown once to the admin who
// made it: Heard sends no email, and keeps only the token's hash.
type oneTimeLink struct {
	URL     string
	Email   string
	Reset   bool
	Expires time.Time
}

func (w *handler) accountsPage(c echo.Context) error {
	return w.showAccounts(c, http.StatusOK, &accountsView{Input: inviteInput{Role: accounts.RoleWorker}})
}

func (w *handler) showAccounts(c echo.Context, status int, av *accountsView) error {
	ctx := c.Request().Context()
	users, err := w.store.Users(ctx)
	if err != nil {
		return err
	}
	if av.Teams, err = w.store.Teams(ctx); err != nil {
		return err
	}
	names := map[string]string{}
	for _, t := range av.Teams {
		names[t.ID] = t.Name
	}
	me := signedInUser(c).Email
	for _, u := range users {
		av.Rows = append(av.Rows, accountRow{User: u, TeamName: names[u.Team], Self: u.Email == me})
	}
	v := w.signedIn(c)
	v.Accounts = av
	return w.page(c, status, "admin", "Accounts", v)
}

// inviteWorker makes a one-time sign-up link for a new account and shows
// it, once.
func (w *handler) inviteWorker(c echo.Context) error {
	ctx := c.Request().Context()
	form := c.Request().PostForm
	in := inviteInput{Email: strings.TrimSpace(form.Get("email")), Role: form.Get("role"), Team: form.Get("team")}
	inv, err := accounts.NewInvite(ctx, w.store, in.Email, in.Role, in.Team)
	var token string
	if err == nil {
		if err := w.recordAccount(c, audit.InvitedAccount, inv.Email, inv.Team); err != nil {
			return w.notRecorded(c)
		}
		token, inv, err = accounts.InviteWorker(ctx, w.store, in.Email, in.Role, in.Team, w.now())
	}
	if err != nil {
		problem, ok := accountProblem(err)
		if !ok {
			return err
		}
		return w.showAccounts(c, http.StatusUnprocessableEntity, &accountsView{Input: in, Problem: problem})
	}
	w.log.Info("account invited")
	return w.showAccounts(c, http.StatusOK, &accountsView{Input: inviteInput{Role: accounts.RoleWorker},
		Link: &oneTimeLink{URL: w.publicLink(accounts.InvitePath(token)), Email: inv.Email, Expires: inv.Expires}})
}

// changeAccount disables, enables, unlocks, moves an account, or makes a
// link that sets a new password for it.
func (w *handler) changeAccount(c echo.Context) error {
	ctx := c.Request().Context()
	form := c.Request().PostForm
	u, err := accounts.FindUser(ctx, w.store, form.Get("email"))
	if errors.Is(err, accounts.ErrNoAccount) {
		return w.showAccounts(c, http.StatusUnprocessableEntity, &accountsView{Input: inviteInput{Role: accounts.RoleWorker},
			Problem: "There is no account with that email. Nothing was changed."})
	} else if err != nil {
		return err
	}
	action, ok := accountActions[c.Param("action")]
	if !ok {
		return echo.ErrNotFound
	}
	team := u.Team
	switch action {
	case audit.DisabledAccount:
		if u.Email == signedInUser(c).Email {
			return w.showAccounts(c, http.StatusUnprocessableEntity, &accountsView{Input: inviteInput{Role: accounts.RoleWorker},
				Problem: "You can't disable your own account. Ask another admin."})
		}
	case audit.ResetPassword:
		// A session alone (a laptop left open) must not set a new password
		// for the admin using it.
		if u.Email == signedInUser(c).Email {
			return w.showAccounts(c, http.StatusUnprocessableEntity, &accountsView{Input: inviteInput{Role: accounts.RoleWorker},
				Problem: "You can't make a reset link for your own account. Ask another admin."})
		}
	case audit.MovedTeam:
		team = form.Get("team")
		if err := accounts.CheckTeam(ctx, w.store, u.Role, team); err != nil {
			return w.accountNotChanged(c, err)
		}
	}
	if err := w.recordAccount(c, action, u.Email, team); err != nil {
		return w.notRecorded(c)
	}
	switch action {
	case audit.DisabledAccount:
		u.Disabled = true
		if err := w.store.PutUser(ctx, u); err != nil {
			return err
		}
		// Signed out everywhere now, not at their next request only.
		err = w.store.DeleteUserSessions(ctx, u.Email)
	case audit.EnabledAccount:
		u.Disabled = false
		err = w.store.PutUser(ctx, u)
	case audit.UnlockedAccount:
		err = w.store.ClearHits(ctx, accounts.LockoutKey(u.Email))
	case audit.MovedTeam:
		_, err = accounts.MoveUser(ctx, w.store, u.Email, team)
	case audit.ResetPassword:
		token, inv, err := accounts.ResetLink(ctx, w.store, u.Email, w.now())
		if err != nil {
			return err
		}
		w.log.Info("password reset link made")
		return w.showAccounts(c, http.StatusOK, &accountsView{Input: inviteInput{Role: accounts.RoleWorker},
			Link: &oneTimeLink{URL: w.publicLink(accounts.InvitePath(token)), Email: inv.Email, Reset: true, Expires: inv.Expires}})
	}
	if err != nil {
		return w.accountNotChanged(c, err)
	}
	return c.Redirect(http.StatusSeeOther, "/workers/accounts")
}

// accountActions are what changeAccount does, by the name in its path.
var accountActions = map[string]audit.Action{
	"disable": audit.DisabledAccount,
	"enable":  audit.EnabledAccount,
	"unlock":  audit.UnlockedAccount,
	"move":    audit.MovedTeam,
	"reset":   audit.ResetPassword,
}

// accountNotChanged shows the accounts page with what was wrong with the
// form, or fails for a failure that is not the form's.
func (w *handler) accountNotChanged(c echo.Context, err error) error {
	problem, ok := accountProblem(err)
	if !ok {
		return err
	}
	return w.showAccounts(c, http.StatusUnprocessableEntity, &accountsView{Input: inviteInput{Role: accounts.RoleWorker}, Problem: problem})
}

// accountProblem says in plain words what was wrong with an admin's form;
// ok is false for a failure that is not the form's (the store).
func accountProblem(err error) (problem string, ok bool) {
	switch {
	case errors.Is(err, accounts.ErrBadEmail):
		return "That is not an email address. Check it and try again.", true
	case errors.Is(err, accounts.ErrBadRole):
		return "Pick worker or admin.", true
	case errors.Is(err, accounts.ErrTeamNeeded):
		return "A worker belongs to a team. Pick one.", true
	case errors.Is(err, accounts.ErrNoTeam):
		return "That team was not found. Pick one from the list.", true
	case errors.Is(err, accounts.ErrAccountExists):
		return "That email already has an account. To give them a new password, use \"Make a reset link\" beside it.", true
	}
	return "", false
}

// publicLink is a path on Heard's public address, for a link an admin
// passes on.
func (w *handler) publicLink(path string) string {
	if w.publicURL == nil || w.publicURL.Host == "" {
		return path
	}
	return (&url.URL{Scheme: w.publicURL.Scheme, Host: w.publicURL.Host, Path: strings.TrimSuffix(w.publicURL.Path, "/") + path}).String()
}
