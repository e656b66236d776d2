package workers

import "heard/accounts"

// What the tests in package workers_test read of this package.
const (
	SessionCookie      = sessionCookie
	MarkCookie         = markCookie
	SignInLimit        = signInLimit
	SignInWindow       = signInWindow
	SignInAddressLimit = signInAddressLimit
	MaxSignInForm      = maxSignInForm
	SignInPath         = workersSignIn
	HomePath           = workersHome
)

// NoFreePasswordChecks makes sites built until restore is called find no
// free place to check a password, as when others are checking theirs.
func NoFreePasswordChecks() (restore func()) {
	before := passwordChecks
	passwordChecks = func() accounts.Limiter { return accounts.NewLimiter(0) }
	return func() { passwordChecks = before }
}
