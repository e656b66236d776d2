package workers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"heard/accounts"

	"github.com/labstack/echo/v4"
)

// Between a right password and a right code, sign-in is pending: a cookie
// that names the account and the step still to do (a code, or enrolment),
// signed under HEARD_SECRET and over the account's password hash, and
// good for pendingTTL. It is not a session: it reaches only the code,
// recovery-code and enrolment pages, and nothing is kept for it. A new
// password ends it, as does a right code.
const (
	pendingCookie  = "heard_pending"
	pendingTTL     = 10 * time.Minute
	purposePending = "workers|pending|"
	stepCode       = "code"
	stepEnrol      = "enrol"
)

// pending is a sign-in waiting for its second step.
type pending struct {
	user  accounts.User
	nonce string // this pending sign-in's own: its forms' tokens are bound to it
}

// csrf is a token for this pending sign-in's forms.
func (w *handler) pendingCSRF(p pending) string {
	return w.tokens.Issue(purposePending+p.nonce, w.now())
}

// startPending sets the cookie that carries user to step.
func (w *handler) startPending(c echo.Context, user accounts.User, step string) {
	expires := w.now().Add(pendingTTL).Unix()
	body := base64.RawURLEncoding.EncodeToString([]byte(user.Email)) + "." + step + "." +
		strconv.FormatInt(expires, 10) + "." + accounts.NewSessionID()[:22]
	c.SetCookie(&http.Cookie{Name: pendingCookie, Value: body + "." + w.pendingMAC(body, user.PasswordHash), Path: "/workers",
		MaxAge: int(pendingTTL.Seconds()), HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
}

// endPending forgets the pending sign-in in the browser.
func (w *handler) endPending(c echo.Context) {
	c.SetCookie(&http.Cookie{Name: pendingCookie, Value: "", Path: "/workers", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
}

// readPending returns the pending sign-in at step, when its cookie is ours,
// not expired, for an enabled account whose password has not changed.
func (w *handler) readPending(ctx context.Context, c echo.Context, step string) (pending, bool) {
	cookie, err := c.Cookie(pendingCookie)
	if err != nil || w.store == nil {
		return pending{}, false
	}
	parts := strings.Split(cookie.Value, ".")
	if len(parts) != 5 || parts[1] != step {
		return pending{}, false
	}
	email, err := base64.RawURLEncoding.DecodeString(parts[0])
	expires, errExpires := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || errExpires != nil || w.now().Unix() > expires {
		return pending{}, false
	}
	user, found, err := w.store.GetUser(ctx, string(email))
	if err != nil || !found || user.Disabled {
		return pending{}, false
	}
	body := strings.Join(parts[:4], ".")
	if !hmac.Equal([]byte(parts[4]), []byte(w.pendingMAC(body, user.PasswordHash))) {
		return pending{}, false
	}
	return pending{user: user, nonce: parts[3]}, true
}

func (w *handler) pendingMAC(body, passwordHash string) string {
	m := hmac.New(sha256.New, w.secret)
	m.Write([]byte("workers|pending|" + body + "|" + passwordHash))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// startSession signs the account in: a new session id, made now.
func (w *handler) startSession(ctx context.Context, c echo.Context, email string) error {
	_, err := w.newSession(ctx, c, email)
	return err
}

// newSession is startSession, giving the new session's id.
func (w *handler) newSession(ctx context.Context, c echo.Context, email string) (string, error) {
	id := accounts.NewSessionID()
	if err := w.store.PutSession(ctx, id, email, sessionTTL); err != nil {
		return "", err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: id, Path: "/workers", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
	return id, nil
}
