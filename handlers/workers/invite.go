package workers

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/handlers/web"

	"github.com/labstack/echo/v4"
)

// purposeInvite is what an invitation page's form token is for.
const purposeInvite = "workers|invite"

// inviteView is the page a one-time link opens: choose a password.
type inviteView struct {
	Path string // where the form goes: the link itself
	Done bool   // the password is set: go and sign in
	Gone bool   // the link no longer works: ask for a new one
}

// invitePage asks for a new password. It cannot tell whether the link
// still works without using it up, so it asks first and says on sending.
func (w *handler) invitePage(c echo.Context) error {
	return w.showInvite(c, http.StatusOK, "", &inviteView{})
}

func (w *handler) showInvite(c echo.Context, status int, problem string, iv *inviteView) error {
	iv.Path = accounts.InvitePath(c.Param("token"))
	v := &workerView{Problem: problem, Invite: iv}
	if iv.Done || iv.Gone {
		w.forgetMark(c)
	} else {
		v.CSRF = w.markedToken(c, purposeInvite)
	}
	return w.page(c, status, "invite", "Choose your password", v)
}

// acceptInvite sets the password a link was made for, making the account
// when it is new. Everything cheap comes before the hash, as at sign-in,
// and the hashing is bounded by the same limiter.
func (w *handler) acceptInvite(c echo.Context) error {
	req := c.Request()
	retry := func(status int, problem string) error { return w.showInvite(c, status, problem, &inviteView{}) }
	if mediaType, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mediaType != "application/x-www-form-urlencoded" {
		return retry(http.StatusUnsupportedMediaType, "Please use the form on this page.")
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxSignInForm)
	if err := req.ParseForm(); err != nil {
		return retry(http.StatusRequestEntityTooLarge, "That was too much to send. Please type your password again.")
	}
	form := req.PostForm
	if len(web.Repeated(form)) > 0 {
		return retry(http.StatusBadRequest, "That form sent one of its fields more than once. Please type your password again. Your link still works.")
	}
	if !web.SameSite(req, w.publicURL) {
		return retry(http.StatusForbidden, "This form can only be sent from this site.")
	}
	if !w.checkMarked(c, form.Get("csrf"), purposeInvite) {
		return retry(http.StatusForbidden, "That form had run out, or was not opened in this browser, so your password was not set. Please type it again. Your link still works. It needs cookies turned on for this site.")
	}
	password := form.Get("password")
	switch {
	case password != form.Get("again"):
		return retry(http.StatusUnprocessableEntity, "The two passwords are not the same. Please type them again.")
	case len([]rune(password)) < accounts.MinPasswordLength:
		return retry(http.StatusUnprocessableEntity, "Your password needs at least 12 characters. A few words you will remember work well.")
	case len(password) > accounts.MaxPasswordBytes:
		return retry(http.StatusBadRequest, "That password is longer than any password here can be.")
	case w.store == nil:
		return retry(http.StatusServiceUnavailable, "This is not available right now. Your link still works: try again later.")
	}
	ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second)
	defer cancel()
	if ok, err := w.signIns.Allow(ctx, req); err != nil {
		return retry(http.StatusServiceUnavailable, "This is not available right now. Your link still works: try again later.")
	} else if !ok {
		return retry(http.StatusTooManyRequests, "Too many tries from here. Wait 15 minutes, then try again.")
	}
	if !w.checks.TryAcquire() {
		return retry(http.StatusServiceUnavailable, "Many people are signing in just now. Your link still works: try again in a moment.")
	}
	defer w.checks.Release()
	inv, u, err := accounts.PeekInvite(ctx, w.store, c.Param("token"), w.now())
	if err == nil {
		what := audit.AcceptedInvite
		if inv.Reset {
			what = audit.UsedResetLink
		}
		if err := w.record(ctx, audit.Entry{Who: u.Email, What: what, Team: u.Team}); err != nil {
			return retry(http.StatusServiceUnavailable, "Heard could not write this down in its record of who did what, so your password was not set. Your link still works: try again in a few minutes.")
		}
		_, err = accounts.AcceptInvite(ctx, w.store, c.Param("token"), password, w.now())
	}
	switch {
	case errors.Is(err, accounts.ErrInviteGone), errors.Is(err, accounts.ErrNoAccount):
		return w.showInvite(c, http.StatusGone, "", &inviteView{Gone: true})
	case errors.Is(err, accounts.ErrAccountExists):
		return w.showInvite(c, http.StatusConflict, "There is already an account with this email. Sign in, or ask your admin for a reset link.", &inviteView{Gone: true})
	case err != nil:
		return retry(http.StatusServiceUnavailable, "This is not available right now. Try again in a few minutes. If the link then says it has been used, ask your admin for a new one.")
	}
	w.log.Info("one-time link used")
	return w.showInvite(c, http.StatusOK, "", &inviteView{Done: true})
}
