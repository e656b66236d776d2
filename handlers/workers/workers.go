// Package workers is the participation workers' side of Heard, under
// /workers: sign-in, the rounds of feedback and their results, exports,
// posters, reports, "You said, we did" posts, and the evidence pages
// (compare, trends, problem profile). One file per action; what every
// action shares is here and in middleware.go. The layout, error pages,
// headers, form tokens and address limits are shared with the public site
// through package web.
package workers

import (
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"
	"heard/handlers/web"
	"heard/locales"
	"heard/localhelp"
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
	passwordChecksPerCore = 2         // password checks (19 MiB each) at once, per core
	maxSignInForm         = 8 << 10   // the form with a longest allowed password, encoded, is under 4 KB
	maxForm               = 256 << 10 // every other form, as the public feedback form
	workerKey             = "worker"
	sessionKey            = "session"
	workersSignIn         = "/workers/sign-in"
	workersHome           = "/workers/"
	purposeSignIn         = "workers|sign-in"
	purposeSession        = "workers|session|"
	commentsShown         = 500 // the newest; the CSV export has every one
)

// checkboxGroups are the only fields of workers' forms whose every value is
// read (a new round's questions and channels). Of any other field a form
// sends one value; two are refused, never read by the first (web.Repeated).
var checkboxGroups = []string{"questions", "channels"}

// Store is what the workers' side reads and keeps.
type Store interface {
	accounts.Store
	accounts.FactorStore
	feedback.RoundStore
	feedback.ResponseStore
	store.Limits // sign-in's count of wrong passwords
	store.Health // an export asks before it starts
	audit.Store  // who did what
}

// Config is what the workers' side needs from the site around it.
type Config struct {
	Render    *web.Renderer // draws pages in the site's layout; made with Pages
	Now       func() time.Time
	Bank      *feedback.Bank
	Store     Store            // nil: sign-in says it is not available
	Secret    []byte           // signs forms, and keys addresses' hashes
	Clients   echo.IPExtractor // who sent a request, for the limit on sign-ins
	Secure    bool             // cookies only over https
	PublicURL *url.URL
	Log       *slog.Logger
	SMSNumber string                 // the number young people text, on posters
	Reserved  func(code string) bool // words the SMS channel answers, which no round may take; nil: none
	// PostsChanged is called when a post is published or taken down, so
	// the public pages stop showing what they last read.
	PostsChanged func()
	// LocalHelp is the teams' local services: their pages, and posters'
	// cards. Nil (no store): those pages answer 404.
	LocalHelp *web.LocalHelpFinder
}

type handler struct {
	render       *web.Renderer
	now          func() time.Time
	bank         *feedback.Bank
	store        Store
	tokens       web.FormTokens
	secure       bool // cookies only over https
	publicURL    *url.URL
	log          *slog.Logger
	reserved     func(code string) bool // words the SMS channel answers, which no round may take
	smsNumber    string
	postsChanged func()            // a post was published or taken down
	checks       accounts.Limiter  // password checks running at once
	signIns      *web.AddressLimit // sign-ins per address
	factors      *accounts.Factors
	secret       []byte       // signs pending sign-ins (pending.go)
	trail        *audit.Trail // who did what (audit.go)
	local        *web.LocalHelpFinder
	localHelp    *localhelp.Service // local's, writing each change in the trail first (local_help_trail.go)
}

// passwordChecks is how many password checks a site lets run at once: its
// sign-ins and one-time links share them.
var passwordChecks = func() accounts.Limiter { return accounts.NewLimiter(passwordChecksPerCore * runtime.GOMAXPROCS(0)) }

// Register adds the workers' routes to e. Without a store nobody signs in,
// so the second factor needs no secret.
func Register(e *echo.Echo, cfg Config) error {
	var factors *accounts.Factors
	if cfg.Store != nil {
		var err error
		if factors, err = accounts.NewFactors(cfg.Store, cfg.Secret, cfg.Now); err != nil {
			return err
		}
	}
	w := &handler{render: cfg.Render, now: cfg.Now, bank: cfg.Bank, store: cfg.Store, tokens: web.NewFormTokens(cfg.Secret),
		secure: cfg.Secure, publicURL: cfg.PublicURL, log: cfg.Log, reserved: cfg.Reserved, smsNumber: cfg.SMSNumber,
		postsChanged: cfg.PostsChanged, local: cfg.LocalHelp, checks: passwordChecks(),
		signIns: &web.AddressLimit{Kind: "signin-addr", Limit: signInAddressLimit, Window: signInWindow, Store: cfg.Store,
			Secret: cfg.Secret, Clients: cfg.Clients, Now: cfg.Now}, factors: factors, secret: cfg.Secret}
	if cfg.Store != nil {
		w.trail = audit.NewTrail(cfg.Store, cfg.Now)
	}
	if cfg.LocalHelp != nil {
		service := *cfg.LocalHelp.Service
		service.Before = w.recordLocalHelp
		w.localHelp = &service
	}
	get := func(path string, h echo.HandlerFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	signed, form := w.requireWorker, func(h echo.HandlerFunc) echo.HandlerFunc { return w.requireWorker(w.checkForm(h)) }
	get("/workers", func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, workersHome) })
	get(workersSignIn, w.signInPage)
	e.POST(workersSignIn, w.signIn)
	e.POST("/workers/sign-out", w.anySession(w.signOut))
	w.registerTwoFactor(get, e)
	get(workersHome, signed(w.home))
	get("/workers/rounds/new", signed(w.newRound))
	e.POST("/workers/rounds", form(w.createRound))
	get("/workers/rounds/:code", signed(w.roundPage))
	e.POST("/workers/rounds/:code/open", form(w.openRound))
	e.POST("/workers/rounds/:code/close", form(w.closeRound))
	e.POST("/workers/rounds/:code/posts", form(w.publish))
	e.POST("/workers/posts/:id/delete", form(w.takeDown))
	get("/workers/rounds/:code/export.csv", signed(w.exportCSV))
	get("/workers/rounds/:code/export.json", signed(w.exportJSON))
	get("/workers/rounds/:code/poster", signed(w.poster))
	get("/workers/rounds/:code/report", signed(w.report))
	get("/workers/compare", signed(w.compare))
	get("/workers/trends", signed(w.trends))
	get("/workers/profile", signed(w.profile))
	get("/workers/audit", signed(w.auditPage))
	admin := func(h echo.HandlerFunc) echo.HandlerFunc { return w.requireWorker(w.requireAdmin(h)) }
	adminForm := func(h echo.HandlerFunc) echo.HandlerFunc { return w.requireWorker(w.requireAdmin(w.checkForm(h))) }
	get("/workers/teams", admin(w.teamsPage))
	e.POST("/workers/teams", adminForm(w.addTeam))
	get("/workers/accounts", admin(w.accountsPage))
	e.POST("/workers/accounts/invite", adminForm(w.inviteWorker))
	e.POST("/workers/accounts/:action", adminForm(w.changeAccount))
	get("/workers/invite/:token", w.invitePage)
	e.POST("/workers/invite/:token", w.acceptInvite)
	w.registerLocalHelp(get, e.POST, signed, form)
	e.Any("/workers/*", signed(func(echo.Context) error { return echo.ErrNotFound }))
	return nil
}

// workerView is what workers' pages see beside the common view.
type workerView struct {
	Email, CSRF, Problem string
	IsAdmin              bool   // may manage teams and accounts, and see every team
	Team                 string // whose rounds the list shows
	Home                 bool   // the list of rounds, even when it is empty
	Accounts             *accountsView
	Teams                *teamsView
	Invite               *inviteView
	Results              *feedback.Results
	Comments             []feedback.Response
	Flagged              int // how many of Comments sound unsafe
	Rounds               []roundRow
	NewRound             *newRoundView
	Round                *roundView
	Poster               *posterView
	Report               *reportView
	Evidence             *evidenceView // compare, trends, profile, and a report's additions
	Factor               *factorView   // second factors: sign-in's code step, enrolment, settings
	Trail                []trailLine   // a round's latest exports
	LocalTrail           []trailLine   // the latest changes to its team's local help
	Audit                *auditView    // the audit trail, for admins
	LocalHelp            *localHelpView
}

// workerPage is what a workers' page template sees.
type workerPage struct {
	Lang               locales.Language
	Languages          []web.LanguageLink
	Title, Description string
	Unreviewed         bool
	Worker             *workerView
}

func (w *handler) english() locales.Language {
	lang, _ := locales.Lookup(locales.Default)
	return lang
}

func (w *handler) page(c echo.Context, status int, kind, title string, wv *workerView) error {
	v := &workerPage{Lang: w.english(), Languages: web.LanguageLinks(locales.Default, ""), Title: title, Worker: wv}
	body, err := w.render.Render(kind, locales.Default, v)
	if err != nil {
		return err
	}
	c.Response().Header()["X-Robots-Tag"] = []string{"noindex"}
	web.SendPage(c.Response(), c.Request(), status, body)
	return nil
}

// signedIn is the common part of every workers' page.
func (w *handler) signedIn(c echo.Context) *workerView {
	user := signedInUser(c)
	return &workerView{Email: user.Email, IsAdmin: accounts.IsAdmin(user), CSRF: w.tokens.Issue(purposeSession+c.Get(sessionKey).(string), w.now())}
}
