package workers_test

import (
	"heard/handlers"
	"heard/handlers/internal/webtest"
	"heard/handlers/workers"
)

// What these tests share with the public site's, and read of this package
// and of the site around it, by the names they use.
const (
	testPublicURL = webtest.PublicURL

	sessionCookie      = workers.SessionCookie
	markCookie         = workers.MarkCookie
	signInLimit        = workers.SignInLimit
	signInWindow       = workers.SignInWindow
	signInAddressLimit = workers.SignInAddressLimit
	maxSignInForm      = workers.MaxSignInForm
	workersSignIn      = workers.SignInPath
	workersHome        = workers.HomePath
)

var (
	testSecret = webtest.Secret
	loadWords  = webtest.LoadWords
	mustURL    = webtest.MustURL
	testBank   = webtest.Bank
	stores     = webtest.Stores
	uniqueCode = webtest.UniqueCode
	field      = webtest.Field

	parse   = webtest.Parse
	attr    = webtest.Attr
	hasAttr = webtest.HasAttr
	all     = webtest.All
	tag     = webtest.Tag
	byID    = webtest.ByID
	first   = webtest.First
	text    = webtest.Text
	rawText = webtest.RawText

	// New builds the whole site, as cmd/heard does: the workers' pages are
	// reached through it.
	New       = handlers.New
	NewServer = handlers.NewServer
)

type (
	Config = handlers.Config
	SMS    = handlers.SMS
)
