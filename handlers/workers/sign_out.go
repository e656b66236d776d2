package workers

import (
	"net/http"

	"heard/handlers/web"

	"github.com/labstack/echo/v4"
)

func (w *handler) signOut(c echo.Context) error {
	id := c.Get(sessionKey).(string)
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxForm)
	if err := req.ParseForm(); err != nil || len(web.Repeated(req.PostForm)) > 0 {
		return c.Redirect(http.StatusSeeOther, workersHome)
	}
	if _, err := w.tokens.Check(req.PostForm.Get("csrf"), purposeSession+id, w.now()); err != nil || !web.SameSite(req, w.publicURL) {
		return c.Redirect(http.StatusSeeOther, workersHome)
	}
	w.store.DeleteSession(c.Request().Context(), id)
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/workers", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
	return c.Redirect(http.StatusSeeOther, workersSignIn)
}
