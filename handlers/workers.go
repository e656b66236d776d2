package handlers

import (
	"context"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/locales"
	"heard/store"

	"github.com/labstack/echo/v4"
)

// Participation workers sign in to read what young people said. Their pages
// are in English; nothing about them is public.
const (
	sessionCookie = "heard_session"
	sessionTTL    = 8 * time.Hour // a working day; then sign in again
	signInLimit   = 5             // wrong passwords per account in signInWindow before it locks
	signInWindow  = 15 * time.Minute
	// signInAddressLimit is how many sign-ins one address (an IPv6 /64) may
	// try in signInWindow, whatever the accounts: an office sharing one
	// address signs in far less, and it caps how many accounts one address
	// can lock (four in each window).
	signInAddressLimit    = 20
	passwordChecksPerCore = 2       // password checks (19 MiB each) at once, per core
	maxSignInForm         = 8 << 10 // the form with a longest allowed password, encoded, is under 4 KB
	workerKey             = "worker"
	sessionKey            = "session"
	workersSignIn         = "/workers/sign-in"
	workersHome           = "/workers/"
	purposeSignIn         = "workers|sign-in"
	purposeSession        = "workers|session|"
	commentsShown         = 500 // the newest; the CSV export has every one
)

type workers struct {
	site      *site
	bank      *feedback.Bank
	store     workersStore
	tokens    formTokens
	secure    bool // cookies only over https
	publicURL *url.URL
	log       *slog.Logger
	reserved  func(code string) bool // words the SMS channel answers, which no round may take
	smsNumber string
	news      *newsCache       // forgotten when a post is published or taken down
	checks    accounts.Limiter // password checks running at once
	signIns   *addressLimit    // sign-ins per address
}

// workersStore is what the workers' side reads and keeps.
type workersStore interface {
	accounts.Store
	feedback.RoundStore
	feedback.ResponseStore
	store.Limits // sign-in's count of wrong passwords
	store.Health // an export asks before it starts
}

// workerView is what workers' pages see beside the common view.
type workerView struct {
	Email, CSRF, Problem string
	Results              *feedback.Results
	Comments             []feedback.Response
	Flagged              int // how many of Comments sound unsafe
	Rounds               []roundRow
	NewRound             *newRoundView
	Round                *roundView
	Poster               *posterView
	Report               *reportView
	Evidence             *evidenceView // compare, trends, profile, and a report's additions
}

// newRoundView is the create-a-round form, with what was typed and its problems.
type newRoundView struct {
	Input      feedback.RoundInput
	Problems   feedback.Problems
	Bank       []feedback.Question
	Principles []feedback.Principle
}

func (w *workers) english() locales.Language {
	lang, _ := locales.Lookup(locales.Default)
	return lang
}

func (w *workers) page(c echo.Context, status int, kind, title string, wv *workerView) error {
	v := &view{Lang: w.english(), Languages: languageLinks(locales.Default, ""), Title: title, Worker: wv}
	body, err := w.site.render.render(kind, v)
	if err != nil {
		return err
	}
	c.Response().Header()["X-Robots-Tag"] = []string{"noindex"}
	sendPage(c.Response(), c.Request(), status, body)
	return nil
}

func (w *workers) signInPage(c echo.Context) error {
	return w.page(c, http.StatusOK, "signin", "Sign in", &workerView{CSRF: w.tokens.issue(purposeSignIn, w.site.now())})
}

// signIn checks the password against its argon2id hash and starts a new
// session: an id made now, so one planted beforehand is never the one
// signed in. Everything cheap comes before the hash, which is what costs:
// the form's type and size, where it came from, its token, the password's
// length, then the address's limit, a free place to check in, and the
// account's lock-out, in that order, so nothing refused costs a hash.
func (w *workers) signIn(c echo.Context) error {
	req := c.Request()
	retry := func(status int, problem string) error {
		return w.page(c, status, "signin", "Sign in", &workerView{CSRF: w.tokens.issue(purposeSignIn, w.site.now()), Problem: problem})
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
	if !sameSite(req, w.publicURL) {
		return retry(http.StatusForbidden, "This form can only be sent from this site.")
	}
	if _, err := w.tokens.check(form.Get("csrf"), purposeSignIn, w.site.now()); err != nil {
		return retry(http.StatusBadRequest, "The page was open too long. Please try again.")
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
	if ok, err := w.signIns.allow(ctx, req); err != nil {
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
	if err := w.store.ClearHits(ctx, lockout); err != nil {
		w.log.Warn("sign-in: the count of wrong passwords was not cleared", "err", err.Error())
	}
	id := accounts.NewSessionID()
	if err := w.store.PutSession(ctx, id, user.Email, sessionTTL); err != nil {
		return retry(http.StatusServiceUnavailable, "Sign-in is not available right now.")
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: id, Path: "/workers", MaxAge: int(sessionTTL.Seconds()),
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
	return c.Redirect(http.StatusSeeOther, workersHome)
}

// decoyHash is checked when no account matches, so a missing account takes
// as long to refuse as a wrong password.
var decoyHash = sync.OnceValue(func() string {
	h, _ := accounts.HashPassword("decoy password that matches nothing")
	return h
})

func (w *workers) signOut(c echo.Context) error {
	id := c.Get(sessionKey).(string)
	if _, err := w.tokens.check(c.Request().FormValue("csrf"), purposeSession+id, w.site.now()); err != nil || !sameSite(c.Request(), w.publicURL) {
		return c.Redirect(http.StatusSeeOther, workersHome)
	}
	w.store.DeleteSession(c.Request().Context(), id)
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/workers", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
	return c.Redirect(http.StatusSeeOther, workersSignIn)
}

// requireWorker lets through only a live session of an enabled account.
// Anything else goes to sign-in, and learns nothing about what is there.
func (w *workers) requireWorker(next echo.HandlerFunc) echo.HandlerFunc {
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
		c.Set(workerKey, user)
		c.Set(sessionKey, cookie.Value)
		return next(c)
	}
}

// download starts a file the browser saves rather than shows, and never caches.
func download(c echo.Context, contentType, filename string) {
	h := c.Response().Header()
	h["Content-Type"] = []string{contentType}
	h["Content-Disposition"] = []string{`attachment; filename="` + filename + `"`}
	h["Cache-Control"] = []string{"no-store"}
	c.Response().WriteHeader(http.StatusOK)
}

// sameSite refuses posts from other sites: browsers say where a request
// comes from in Sec-Fetch-Site and Origin, and other sites cannot forge them.
// It is not net/http's CrossOriginProtection, which does the same for
// browsers that send Sec-Fetch-Site but refuses "Origin: null" from those
// that do not (Safari before 16.4): our pages send no referrer, so such a
// browser posts every form of ours with "Origin: null", and a young person
// on an old phone could not send feedback.
func sameSite(req *http.Request, publicURL *url.URL) bool {
	switch req.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	origin := req.Header.Get("Origin")
	if origin == "" || origin == "null" {
		// Our pages send no referrer, so browsers post their forms with
		// "Origin: null"; Sec-Fetch-Site and the signed tokens still guard.
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && (u.Host == req.Host || (publicURL != nil && u.Host == publicURL.Host))
}

func isHTTPS(publicURL string) bool { return strings.HasPrefix(publicURL, "https://") }
