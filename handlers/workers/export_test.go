package workers

// What the tests in package workers_test read of this package.
const (
	SessionCookie      = sessionCookie
	SignInLimit        = signInLimit
	SignInWindow       = signInWindow
	SignInAddressLimit = signInAddressLimit
	MaxSignInForm      = maxSignInForm
	SignInPath         = workersSignIn
	HomePath           = workersHome
)
