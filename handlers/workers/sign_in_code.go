package workers

import (
	"context"
	"net/http"
	"time"

	"heard/audit"

	"github.com/labstack/echo/v4"
)

// The second step of sign-in, for an account with a second factor: a code
// from the worker's authenticator app, or one of their recovery codes. Each
// try counts toward the account's lock-out, with its wrong passwords; a
// right one clears the count and starts the session.

func (w *handler) codePage(c echo.Context) error {
	return w.pendingPage(c, "code", "Type the code from your app")
}

func (w *handler) recoveryPage(c echo.Context) error {
	return w.pendingPage(c, "recovery", "Use a recovery code")
}

func (w *handler) pendingPage(c echo.Context, step, title string) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	p, ok := w.readPending(ctx, c, stepCode)
	if !ok {
		return c.Redirect(http.StatusSeeOther, workersSignIn)
	}
	return w.page(c, http.StatusOK, "factor", title, &workerView{CSRF: w.pendingCSRF(p), Factor: &factorView{Step: step, Pending: true}})
}

func (w *handler) checkCode(c echo.Context) error {
	return w.takeCode(c, "code", "Type the code from your app", audit.SignedIn, func(ctx context.Context, email, code string) (string, error) {
		return workersHome, w.factors.Check(ctx, email, code)
	})
}

// checkRecoveryCode signs in with a recovery code, used up, and goes on to
// the second factor's page, which says how many are left.
func (w *handler) checkRecoveryCode(c echo.Context) error {
	return w.takeCode(c, "recovery", "Use a recovery code", audit.SignedInWithRecoveryCode, func(ctx context.Context, email, code string) (string, error) {
		_, err := w.factors.Recover(ctx, email, code)
		return factorPath, err
	})
}

// takeCode checks the code a pending sign-in sent with check, and when it
// is right writes the sign-in (what) in the audit trail and starts the
// session.
func (w *handler) takeCode(c echo.Context, step, title string, what audit.Action, check func(ctx context.Context, email, code string) (string, error)) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	p, ok := w.readPending(ctx, c, stepCode)
	if !ok {
		return w.signInAgain(c)
	}
	retry := func(status int, problem string) error {
		return w.page(c, status, "factor", title, &workerView{CSRF: w.pendingCSRF(p), Problem: problem, Factor: &factorView{Step: step, Pending: true}})
	}
	if status, problem := w.pendingForm(c, purposePending+p.nonce); problem != "" {
		return retry(status, problem)
	}
	next, err := check(ctx, p.user.Email, c.Request().PostForm.Get("code"))
	if err != nil {
		status, problem := codeProblem(err)
		if step == "recovery" && status == http.StatusUnauthorized {
			problem = "That recovery code is not right, or it has been used. Check it and type it again."
		}
		return retry(status, problem)
	}
	w.endPending(c)
	if err := w.recordSignIn(ctx, what, p.user); err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now. Please try again in a few minutes.")
	}
	if err := w.startSession(ctx, c, p.user.Email); err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now. Please try again in a few minutes.")
	}
	return c.Redirect(http.StatusSeeOther, next)
}

// signInAgain is the sign-in page for a second step that has run out (or
// was never begun): it says so, and nothing about the account.
func (w *handler) signInAgain(c echo.Context) error {
	w.endPending(c)
	return w.page(c, http.StatusUnauthorized, "signin", "Sign in", &workerView{CSRF: w.markedToken(c, purposeSignIn),
		Problem: "That took too long, so please sign in again."})
}
