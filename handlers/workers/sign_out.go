package workers

import (
	"net/http"

	"heard/handlers/web"

	"github.com/labstack/echo/v4"
)

func (w *handler) signOut(c echo.Context) error {
	id := c.Get(sessionKey).(string)
	if _, err := w.tokens.Check(c.Request().FormValue("csrf"), purposeSession+id, w.now()); err != nil || !web.SameSite(c.Request(), w.publicURL) {
		return c.Redirect(http.StatusSeeOther, workersHome)
	}
	w.store.DeleteSession(c.Request().Context(), id)
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/workers", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
	return c.Redirect(http.StatusSeeOther, workersSignIn)
}
