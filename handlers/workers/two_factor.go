package workers

import (
	"context"
	"errors"
	"html/template"
	"mime"
	"net/http"
	"strings"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/handlers/qrsvg"
	"heard/handlers/web"

	"github.com/labstack/echo/v4"
)

// Second factors in the browser: sign-in's code step (an app's code or a
// recovery code), enrolment (a QR code drawn here, and the secret as text),
// recovery codes shown once, and what admins do: reset a worker's second
// factor, and require one of a team's workers. The rules are accounts'
// (Factors, Required, AfterPassword); these pages only show and ask.
const (
	codePath     = "/workers/sign-in/code"
	recoveryPath = "/workers/sign-in/recovery"
	enrolPath    = "/workers/two-factor/enrol"
	factorPath   = "/workers/two-factor"
	renewPath    = "/workers/two-factor/recovery-codes"
	resetPath    = "/workers/two-factor/reset"
)

// factorView is what the second factor's pages show.
type factorView struct {
	Step     string // code, recovery, enrol, codes, settings, reset, team
	Pending  bool   // sign-in is not finished: no session, no menu
	QR       template.HTML
	Secret   string   // the enrolment's secret, in groups, to type in
	Codes    []string // recovery codes, shown once
	Enrolled bool
	Since    string // when the second factor was set up
	Left     int    // recovery codes not yet used
	Required bool   // this account must have one
	Admin    bool
	Teams    []accounts.Team // an admin's list of teams and their rules
	Team     accounts.Team   // the team whose rule is shown
	Email    string          // the account an admin names to reset
	Done     string          // what was just done
	// CurrentProblem is why the code from the second factor in use, asked
	// for before it is changed, was not taken.
	CurrentProblem string
}

func (w *handler) registerTwoFactor(get func(string, echo.HandlerFunc), e *echo.Echo) {
	form := func(h echo.HandlerFunc) echo.HandlerFunc { return w.requireWorker(w.checkForm(h)) }
	admin := func(h echo.HandlerFunc) echo.HandlerFunc { return w.requireWorker(w.requireAdmin(h)) }
	adminForm := func(h echo.HandlerFunc) echo.HandlerFunc { return w.requireWorker(w.requireAdmin(w.checkForm(h))) }
	get(codePath, w.codePage)
	e.POST(codePath, w.checkCode)
	get(recoveryPath, w.recoveryPage)
	e.POST(recoveryPath, w.checkRecoveryCode)
	get(enrolPath, w.enrolPage)
	e.POST(enrolPath, w.confirmEnrolment)
	get(factorPath, w.requireWorker(w.factorPage))
	e.POST(renewPath, form(w.renewRecoveryCodes))
	get(resetPath, admin(w.resetPage))
	e.POST(resetPath, adminForm(w.resetFactor))
	get("/workers/teams/:id/two-factor", admin(w.teamRulePage))
	e.POST("/workers/teams/:id/two-factor", adminForm(w.setTeamRule))
}

// secondStep is where sign-in goes once the password is right: the code
// step, enrolment, or nowhere ("") when the session may start.
func (w *handler) secondStep(ctx context.Context, c echo.Context, user accounts.User) (string, error) {
	required, err := accounts.RequiredFor(ctx, w.store, user)
	if err != nil {
		return "", err
	}
	switch accounts.AfterPassword(user.TwoFactor, required) {
	case accounts.AskForCode:
		w.startPending(c, user, stepCode)
		return codePath, nil
	case accounts.EnrolFirst:
		w.startPending(c, user, stepEnrol)
		return enrolPath, nil
	}
	return "", nil
}

func (w *handler) factorPage(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	v, err := w.settingsView(ctx, c)
	if err != nil {
		return err
	}
	return w.page(c, http.StatusOK, "factor", "Your second factor", v)
}

func (w *handler) settingsView(ctx context.Context, c echo.Context) (*workerView, error) {
	user := c.Get(workerKey).(accounts.User)
	required, err := accounts.RequiredFor(ctx, w.store, user)
	if err != nil {
		return nil, err
	}
	f := &factorView{Step: "settings", Enrolled: user.TwoFactor.Enrolled(), Left: len(user.TwoFactor.Recovery),
		Required: required, Admin: accounts.IsAdmin(user)}
	if f.Enrolled {
		f.Since = user.TwoFactor.Confirmed.Format("2 January 2006")
	}
	if f.Admin {
		if f.Teams, err = w.store.Teams(ctx); err != nil {
			return nil, err
		}
	}
	v := w.signedIn(c)
	v.Factor = f
	return v, nil
}

// renewRecoveryCodes replaces the worker's recovery codes, and shows the
// new ones once. It needs a current code (accounts.Factors.NewRecoveryCodes).
func (w *handler) renewRecoveryCodes(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	user := c.Get(workerKey).(accounts.User)
	current := c.Request().PostForm.Get("current")
	codes, err := w.factors.NewRecoveryCodes(ctx, user.Email, current,
		w.recordFor(ctx, audit.Entry{Who: user.Email, What: audit.RenewedRecoveryCodes, Team: user.Team}))
	if errors.Is(err, errNotRecorded) {
		return w.notRecorded(c)
	}
	if err != nil {
		v, viewErr := w.settingsView(ctx, c)
		if viewErr != nil {
			return viewErr
		}
		status := http.StatusConflict
		if errors.Is(err, accounts.ErrNotEnrolled) {
			v.Problem = "Set up a second factor first. Recovery codes come with it."
		} else {
			status, v.Factor.CurrentProblem, v.Problem = changeProblem(err, current)
		}
		return w.page(c, status, "factor", "Your second factor", v)
	}
	v := w.signedIn(c)
	v.Factor = &factorView{Step: "codes", Codes: codes}
	return w.page(c, http.StatusOK, "factor", "Your new recovery codes", v)
}

// changeProblem says in plain words why a signed-in change to a second
// factor was not made, with its status: a problem with the current code
// (shown beside its field), or one with the rest (shown above the form).
func changeProblem(err error, current string) (status int, currentProblem, problem string) {
	switch {
	case errors.Is(err, accounts.ErrCurrentCode) && errors.Is(err, accounts.ErrCodeUsed):
		return http.StatusUnauthorized, "That code has been used already. Wait for the next code in your app, then type it. Nothing was changed.", ""
	case errors.Is(err, accounts.ErrCurrentCode) && errors.Is(err, accounts.ErrUnreadable):
		return http.StatusConflict, "Your codes cannot be checked here any more. Please ask an admin to reset your second factor.", ""
	case errors.Is(err, accounts.ErrCurrentCode) && strings.TrimSpace(current) == "":
		return http.StatusUnauthorized, "Please type the code your app shows now, or one of your recovery codes. Nothing was changed.", ""
	case errors.Is(err, accounts.ErrCurrentCode):
		return http.StatusUnauthorized, "That is not the code your app shows now, or a recovery code you have not used. Check it and type it again. Nothing was changed.", ""
	case errors.Is(err, accounts.ErrLockedOut):
		return http.StatusTooManyRequests, "", "Too many tries for this account. Please wait 15 minutes, then try again. Nothing was changed."
	}
	status, problem = codeProblem(err)
	if status == http.StatusServiceUnavailable {
		problem = "Nothing was changed: Heard cannot reach its store just now. Please try again in a few minutes."
	}
	return status, "", problem
}

// pendingForm reads a form of a pending sign-in: small, from this site,
// with a token of this pending sign-in. It returns a kind problem when the
// form cannot be taken, with its status.
func (w *handler) pendingForm(c echo.Context, purpose string) (int, string) {
	req := c.Request()
	if mediaType, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mediaType != "application/x-www-form-urlencoded" {
		return http.StatusUnsupportedMediaType, "Please use the form on this page."
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, maxSignInForm)
	if err := req.ParseForm(); err != nil {
		return http.StatusBadRequest, "Something went wrong sending the form. Please try again."
	}
	if len(web.Repeated(req.PostForm)) > 0 {
		return http.StatusBadRequest, "That form sent one of its fields more than once, so nothing was checked. Please type it again."
	}
	if !web.SameSite(req, w.publicURL) {
		return http.StatusForbidden, "This form can only be sent from this site."
	}
	if _, err := w.tokens.Check(req.PostForm.Get("csrf"), purpose, w.now()); err != nil {
		return http.StatusForbidden, "The page was open too long, or came from another site. Please try again."
	}
	return 0, ""
}

// codeProblem says in plain words why a code was not taken, with its status.
func codeProblem(err error) (int, string) {
	switch {
	case errors.Is(err, accounts.ErrLockedOut):
		return http.StatusTooManyRequests, "Too many tries for this account. Please wait 15 minutes, then sign in again. Nothing is lost."
	case errors.Is(err, accounts.ErrCodeUsed):
		return http.StatusUnauthorized, "That code has been used already. Wait for the next code in your app, then type it."
	case errors.Is(err, accounts.ErrWrongCode):
		return http.StatusUnauthorized, "That code is not right. Check the code in your app and type it again."
	case errors.Is(err, accounts.ErrNotEnrolled), errors.Is(err, accounts.ErrNothingToConfirm):
		return http.StatusConflict, "Your second factor has changed. Please sign in again."
	case errors.Is(err, accounts.ErrUnreadable):
		return http.StatusConflict, "Your codes cannot be checked here any more. Please ask an admin to reset your second factor."
	}
	return http.StatusServiceUnavailable, "Sign-in is not available right now. Please try again in a few minutes."
}

// qr draws an enrolment's otpauth:// address as a QR code, here.
func enrolmentQR(e accounts.Enrolment) (template.HTML, error) {
	svg, err := qrsvg.SVG(e.URL, "QR code to add Heard to your authenticator app")
	return template.HTML(svg), err
}
