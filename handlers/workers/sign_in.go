package workers

import (
	"context"
	"errors"
	"mime"
	"net/http"
	"sync"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/handlers/web"

	"github.com/labstack/echo/v4"
)

func (w *handler) signInPage(c echo.Context) error {
	return w.page(c, http.StatusOK, "signin", "Sign in", &workerView{CSRF: w.markedToken(c, purposeSignIn)})
}

// signIn checks the password against its argon2id hash and starts a new
// session: an id made now, so one planted beforehand is never the one
// signed in. Everything cheap comes before the hash, which is what costs:
// the form's type and size, where it came from, its token, the password's
// length, then the address's limit, a free place to check in, and the
// account's lock-out, in that order, so nothing refused costs a hash.
func (w *handler) signIn(c echo.Context) error {
	req := c.Request()
	retry := func(status int, problem string) error {
		return w.page(c, status, "signin", "Sign in", &workerView{CSRF: w.markedToken(c, purposeSignIn), Problem: problem})
	}
	if mediaType, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mediaType != "application/x-www-form-urlencoded" {
		return retry(http.StatusUnsupportedMediaType, "Please sign in with the form on this page.")
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxSignInForm)
	if err := req.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return retry(http.StatusRequestEntityTooLarge, "That was too much to send. Please type your email and password again.")
		}
		return retry(http.StatusBadRequest, "Something went wrong sending the form. Please try again.")
	}
	form := req.PostForm
	if len(web.Repeated(form)) > 0 {
		return retry(http.StatusBadRequest, "That form sent one of its fields more than once. Please type your email and password again.")
	}
	if !web.SameSite(req, w.publicURL) {
		return retry(http.StatusForbidden, "This form can only be sent from this site.")
	}
	if !w.checkMarked(c, form.Get("csrf"), purposeSignIn) {
		return retry(http.StatusForbidden, "That sign-in form had run out, or was not opened in this browser, so nobody was signed in. Please type your email and password again. Signing in needs cookies turned on for this site.")
	}
	password := form.Get("password")
	if len(password) > accounts.MaxPasswordBytes {
		return retry(http.StatusBadRequest, "That password is longer than any password here can be. Please check it and try again.")
	}
	if w.store == nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now.")
	}
	ctx, cancel := context.WithTimeout(req.Context(), 5*time.Second)
	defer cancel()
	if ok, err := w.signIns.Allow(ctx, req); err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now.")
	} else if !ok {
		return retry(http.StatusTooManyRequests, "Too many sign-ins from here. Wait 15 minutes, then try again.")
	}
	if !w.checks.TryAcquire() {
		return retry(http.StatusServiceUnavailable, "Many people are signing in just now. Please try again in a moment.")
	}
	defer w.checks.Release()
	// The count is of tries since the last right password: this one is
	// counted now, before the hash, and the count is cleared when it is
	// right, so only wrong passwords add up.
	email := accounts.NormaliseEmail(form.Get("email"))
	lockout := accounts.LockoutKey(email)
	tries, err := w.store.Hit(ctx, lockout, signInWindow)
	if err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now.")
	}
	if tries > signInLimit {
		return retry(http.StatusTooManyRequests, "Too many tries for this account. Wait 15 minutes, then try again.")
	}
	user, found, err := w.store.GetUser(ctx, email)
	if err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now.")
	}
	// The same answer, and the same work, whether or not the account exists.
	hash := user.PasswordHash
	if !found {
		hash = decoyHash()
	}
	if !accounts.CheckPassword(hash, password) || !found || user.Disabled {
		return retry(http.StatusUnauthorized, "That email and password do not match an account.")
	}
	w.forgetMark(c)
	// A second step keeps the count: only a right code clears it.
	if next, err := w.secondStep(ctx, c, user); err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now.")
	} else if next != "" {
		return c.Redirect(http.StatusSeeOther, next)
	}
	if err := w.store.ClearHits(ctx, lockout); err != nil {
		w.log.Warn("sign-in: the count of wrong passwords was not cleared", "err", err.Error())
	}
	if err := w.recordSignIn(ctx, audit.SignedIn, user); err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now.")
	}
	if err := w.startSession(ctx, c, user.Email); err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now.")
	}
	return c.Redirect(http.StatusSeeOther, workersHome)
}

// decoyHash is checked when no account matches, so a missing account takes
// as long to refuse as a wrong password.
var decoyHash = sync.OnceValue(func() string {
	h, _ := accounts.HashPassword("decoy password that matches nothing")
	return h
})
