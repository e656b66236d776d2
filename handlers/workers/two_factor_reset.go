package workers

import (
	"context"
	"errors"
	"net/http"
	"time"

	"heard/accounts"
	"heard/audit"

	"github.com/labstack/echo/v4"
)

// An admin resets a worker's second factor when the worker has lost their
// phone and their recovery codes: the factor is taken away and the
// worker's sessions end, so they set up a new one when they next sign in
// (when one is required).

func (w *handler) resetPage(c echo.Context) error {
	v := w.signedIn(c)
	v.Factor = &factorView{Step: "reset"}
	return w.page(c, http.StatusOK, "factor", "Reset a second factor", v)
}

func (w *handler) resetFactor(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	email := accounts.NormaliseEmail(c.Request().PostForm.Get("email"))
	v := w.signedIn(c)
	v.Factor = &factorView{Step: "reset", Email: email}
	retry := func(status int, problem string) error {
		v.Problem = problem
		return w.page(c, status, "factor", "Reset a second factor", v)
	}
	if !accounts.ValidEmail(email) {
		return retry(http.StatusBadRequest, "Please type the worker's email address, like name@example.org.")
	}
	admin := c.Get(workerKey).(accounts.User)
	if email == admin.Email {
		// Else a session alone, taken from an admin's unlocked laptop, could
		// take the admin's factor away and sign in with a new one, past the
		// code that setting it up again asks for.
		return retry(http.StatusUnprocessableEntity, "You can't reset your own second factor here. On a new phone, set it up again from your second factor's page. Lost your phone and your recovery codes? Ask another admin.")
	}
	worker, found, err := w.store.GetUser(ctx, email)
	if err != nil {
		return retry(http.StatusServiceUnavailable, "Nothing was changed: Heard cannot reach its store just now. Please try again in a few minutes.")
	}
	if !found {
		return retry(http.StatusNotFound, "There is no account with that email address. Check it and try again.")
	}
	if err := w.record(ctx, audit.Entry{Who: admin.Email, What: audit.ResetTwoFactor, Account: email, Team: worker.Team}); err != nil {
		return w.notRecorded(c)
	}
	err = w.factors.Reset(ctx, email)
	if errors.Is(err, accounts.ErrNoAccount) {
		return retry(http.StatusNotFound, "There is no account with that email address. Check it and try again.")
	}
	if err != nil {
		return retry(http.StatusServiceUnavailable, "Nothing was changed: Heard cannot reach its store just now. Please try again in a few minutes.")
	}
	if err := w.store.DeleteUserSessions(ctx, email); err != nil {
		return retry(http.StatusServiceUnavailable, "The second factor is reset, but the worker may still be signed in somewhere. Please reset it again in a few minutes.")
	}
	v.Factor = &factorView{Step: "reset", Done: "The second factor of " + email + " is reset, and they are signed out. They set up a new one when they next sign in."}
	return w.page(c, http.StatusOK, "factor", "Reset a second factor", v)
}
