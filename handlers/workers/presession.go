package workers

import (
	"crypto/rand"
	"net/http"
	"regexp"
	"time"

	"github.com/labstack/echo/v4"
)

// Forms sent before there is a session (sign-in, and a one-time link's)
// are tied to the browser that opened them: the page sets a cookie holding
// a random mark, and the form's token is signed over it. A token fetched
// by someone else is bound to their mark, not to this browser's, so a page
// elsewhere cannot sign a worker's browser into another account (login
// CSRF), even where the browser sends neither Sec-Fetch-Site nor Origin.
// The mark names nobody and nothing is kept for it. A pending sign-in's
// forms are bound to their own cookie already (pending.go).
const (
	markCookie = "heard_signin"
	markTTL    = time.Hour // a form left open longer is drawn again, kindly
)

// marks are what rand.Text makes: 26 letters and digits of base32.
var markShape = regexp.MustCompile(`^[A-Z2-7]{26}$`)

// browserMark is this browser's mark: the one it sent, or a new one. The
// cookie is set again either way, so an open form lasts markTTL from its
// last drawing.
func (w *handler) browserMark(c echo.Context) string {
	mark := rand.Text()
	if cookie, err := c.Cookie(markCookie); err == nil && markShape.MatchString(cookie.Value) {
		mark = cookie.Value
	}
	c.SetCookie(&http.Cookie{Name: markCookie, Value: mark, Path: "/workers", MaxAge: int(markTTL.Seconds()),
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
	return mark
}

// markedToken is a token for a pre-session form of purpose, in this browser.
func (w *handler) markedToken(c echo.Context, purpose string) string {
	return w.tokens.Issue(purpose+"|"+w.browserMark(c), w.now())
}

// checkMarked reports whether token is one of this browser's for purpose,
// and recent.
func (w *handler) checkMarked(c echo.Context, token, purpose string) bool {
	cookie, err := c.Cookie(markCookie)
	if err != nil || !markShape.MatchString(cookie.Value) {
		return false
	}
	_, err = w.tokens.Check(token, purpose+"|"+cookie.Value, w.now())
	return err == nil
}

// forgetMark ends the mark once its form is done with.
func (w *handler) forgetMark(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: markCookie, Value: "", Path: "/workers", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
}
