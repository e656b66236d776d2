package workers

import (
	"context"
	"net/http"
	"time"

	"heard/accounts"
	"heard/handlers/web"

	"github.com/labstack/echo/v4"
)

// requireWorker lets through only a live session of an enabled account.
// Anything else goes to sign-in, and learns nothing about what is there.
// An account that must have a second factor and has none (its team began
// to require one, or an admin reset it) is sent to set one up first.
func (w *handler) requireWorker(next echo.HandlerFunc) echo.HandlerFunc {
	return w.session(next, true)
}

// anySession lets through a live session of an enabled account, with a
// second factor or without: for signing out.
func (w *handler) anySession(next echo.HandlerFunc) echo.HandlerFunc {
	return w.session(next, false)
}

func (w *handler) session(next echo.HandlerFunc, secondFactor bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		cookie, err := c.Cookie(sessionCookie)
		if err != nil || cookie.Value == "" || w.store == nil {
			return c.Redirect(http.StatusSeeOther, workersSignIn)
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
		defer cancel()
		email, found, err := w.store.GetSession(ctx, cookie.Value)
		if err != nil || !found {
			return c.Redirect(http.StatusSeeOther, workersSignIn)
		}
		user, found, err := w.store.GetUser(ctx, email)
		if err != nil || !found || user.Disabled {
			return c.Redirect(http.StatusSeeOther, workersSignIn)
		}
		if secondFactor && !user.TwoFactor.Enrolled() {
			if required, err := accounts.RequiredFor(ctx, w.store, user); err != nil {
				return echo.NewHTTPError(http.StatusServiceUnavailable)
			} else if required {
				return c.Redirect(http.StatusSeeOther, enrolPath)
			}
		}
		c.Set(workerKey, user)
		c.Set(sessionKey, cookie.Value)
		return next(c)
	}
}

// checkForm guards every form a signed-in worker sends: it must come from
// this site and carry the token of this session (CSRF).
func (w *handler) checkForm(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		req.Body = http.MaxBytesReader(c.Response(), req.Body, maxForm)
		if err := req.ParseForm(); err != nil {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		if len(web.Repeated(req.PostForm, checkboxGroups...)) > 0 {
			v := w.signedIn(c)
			v.Problem = "That form sent one of its fields more than once, so nothing was changed. Go back, reload the page and try again."
			return w.page(c, http.StatusBadRequest, "workers", "Nothing was changed", v)
		}
		id := c.Get(sessionKey).(string)
		if _, err := w.tokens.Check(req.PostForm.Get("csrf"), purposeSession+id, w.now()); err != nil || !web.SameSite(req, w.publicURL) {
			v := w.signedIn(c)
			v.Problem = "That form was old or came from another site, so nothing was changed. Go back, reload the page and try again."
			return w.page(c, http.StatusForbidden, "workers", "Form expired", v)
		}
		return next(c)
	}
}

// requireAdmin lets through only an admin. To a worker the admins' pages
// are not there: the same "not found" as any other page that does not
// exist, so they learn nothing, as with another team's round.
func (w *handler) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !accounts.IsAdmin(signedInUser(c)) {
			return echo.ErrNotFound
		}
		return next(c)
	}
}
