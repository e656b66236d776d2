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

// Enrolment: the secret as a QR code drawn here and as text in groups, then
// a code from the app to confirm it, then the recovery codes, shown once.
// It is reached signed in (a worker who chooses to, or sets up a new phone)
// or from sign-in, pending, when the account must have a second factor and
// has none: then the session starts only once a code confirms it.

// enroller is who is setting up a second factor, and how they got here.
type enroller struct {
	user    accounts.User
	purpose string // what their forms' tokens are bound to
	pending bool
}

// enrolling finds the signed-in account, or the pending sign-in that must
// enrol first.
func (w *handler) enrolling(ctx context.Context, c echo.Context) (enroller, bool) {
	if w.store == nil {
		return enroller{}, false
	}
	if cookie, err := c.Cookie(sessionCookie); err == nil && cookie.Value != "" {
		if email, found, err := w.store.GetSession(ctx, cookie.Value); err == nil && found {
			if user, found, err := w.store.GetUser(ctx, email); err == nil && found && !user.Disabled {
				c.Set(workerKey, user)
				c.Set(sessionKey, cookie.Value)
				return enroller{user: user, purpose: purposeSession + cookie.Value}, true
			}
		}
	}
	// A pending enrolment ends once the account has a second factor: its
	// cookie lasts ten minutes, and a copy must not replace the factor the
	// worker has just set up and sign in without it.
	if p, ok := w.readPending(ctx, c, stepEnrol); ok && !p.user.TwoFactor.Enrolled() {
		return enroller{user: p.user, purpose: purposePending + p.nonce, pending: true}, true
	}
	return enroller{}, false
}

func (w *handler) enrolPage(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	who, ok := w.enrolling(ctx, c)
	if !ok {
		return c.Redirect(http.StatusSeeOther, workersSignIn)
	}
	return w.showEnrolment(ctx, c, who, http.StatusOK, "", "")
}

// showEnrolment draws the enrolment page, with a problem above the form or
// one beside the current code's field.
func (w *handler) showEnrolment(ctx context.Context, c echo.Context, who enroller, status int, problem, currentProblem string) error {
	e, err := w.factors.Enrolment(ctx, who.user.Email)
	if err != nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	qr, err := enrolmentQR(e)
	if err != nil {
		return err
	}
	v := &workerView{Email: who.user.Email, CSRF: w.tokens.Issue(who.purpose, w.now()), Problem: problem,
		Factor: &factorView{Step: "enrol", Pending: who.pending, QR: qr, Secret: e.Secret,
			Enrolled: who.user.TwoFactor.Enrolled(), CurrentProblem: currentProblem}}
	return w.page(c, status, "factor", "Set up your second factor", v)
}

// confirmEnrolment checks a code from the new secret (and, when one is
// set up already, a code from it), and shows the recovery codes. From
// sign-in, the session starts here.
func (w *handler) confirmEnrolment(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	who, ok := w.enrolling(ctx, c)
	if !ok {
		return w.signInAgain(c)
	}
	if status, problem := w.pendingForm(c, who.purpose); problem != "" {
		return w.showEnrolment(ctx, c, who, status, problem, "")
	}
	form := c.Request().PostForm
	codes, err := w.factors.Confirm(ctx, who.user.Email, form.Get("code"), form.Get("current"),
		w.recordFor(ctx, audit.Entry{Who: who.user.Email, What: audit.EnrolledTwoFactor, Team: who.user.Team}))
	switch {
	case errors.Is(err, errNotRecorded) && !who.pending:
		return w.notRecorded(c)
	case errors.Is(err, errNotRecorded):
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	case errors.Is(err, accounts.ErrCurrentCode) && who.pending:
		// The account set up a factor meanwhile: this sign-in is over.
		status, problem := codeProblem(accounts.ErrNotEnrolled)
		return w.showEnrolment(ctx, c, who, status, problem, "")
	case err != nil && who.pending:
		status, problem := codeProblem(err)
		return w.showEnrolment(ctx, c, who, status, problem, "")
	case err != nil:
		status, currentProblem, problem := changeProblem(err, form.Get("current"))
		return w.showEnrolment(ctx, c, who, status, problem, currentProblem)
	}
	v := &workerView{Email: who.user.Email, Factor: &factorView{Step: "codes", Codes: codes, Pending: who.pending}}
	if who.pending {
		w.endPending(c)
		if err := w.recordSignIn(ctx, audit.SignedIn, who.user); err != nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable)
		}
		if err := w.startSession(ctx, c, who.user.Email); err != nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable)
		}
	} else {
		// A new phone ends every session of the account, so one opened with
		// the old phone, or a session cookie someone took, does not outlive
		// it; this browser goes on in a new one.
		if err := w.store.DeleteUserSessions(ctx, who.user.Email); err != nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable)
		}
		id, err := w.newSession(ctx, c, who.user.Email)
		if err != nil {
			return echo.NewHTTPError(http.StatusServiceUnavailable)
		}
		c.Set(sessionKey, id)
		v.CSRF = w.tokens.Issue(purposeSession+id, w.now())
	}
	return w.page(c, http.StatusOK, "factor", "Your recovery codes", v)
}
