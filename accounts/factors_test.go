package accounts_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"heard/accounts"
	"heard/store"
	"heard/store/storetest"
)

// accountStore is what these tests need of a store: the second factor's
// role, and accounts to give it to.
type accountStore interface {
	accounts.FactorStore
	PutUser(ctx context.Context, u accounts.User) error
	GetUser(ctx context.Context, email string) (accounts.User, bool, error)
}

// onEachStore runs test on a new embedded store and on the test Redis (when
// there is one: store/redis-test.sh makes it a failure to have none).
func onEachStore(t *testing.T, test func(t *testing.T, st accountStore)) {
	t.Run("embedded", func(t *testing.T) {
		t.Parallel()
		st, err := store.OpenEmbedded(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		test(t, st)
	})
	t.Run("redis", func(t *testing.T) {
		t.Parallel()
		test(t, storetest.OpenRedis(t))
	})
}

// rfcSecret is the SHA-1 secret of RFC 6238's test vectors (Appendix B);
// rfcVectors are its codes there, at their times, as six digits (the last
// six of the RFC's eight).
var (
	rfcSecret  = []byte("12345678901234567890")
	rfcVectors = []struct {
		unix int64
		code string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1111111111, "050471"},
		{1234567890, "005924"},
		{2000000000, "279037"},
		{20000000000, "353130"},
	}
)

const heardSecret = "a HEARD_SECRET of at least 32 characters"

// fixture is an account on a store with Factors whose clock the test sets.
type fixture struct {
	st    accountStore
	f     *accounts.Factors
	email string
	now   time.Time
}

func newFixture(t *testing.T, st accountStore, email string) *fixture {
	t.Helper()
	must(t, st.PutUser(t.Context(), accounts.User{Email: email, Role: accounts.RoleAdmin, PasswordHash: "$argon2id$x", Created: time.Unix(0, 0).UTC()}))
	fx := &fixture{st: st, email: email}
	f, err := accounts.NewFactors(st, []byte(heardSecret), func() time.Time { return fx.now })
	must(t, err)
	fx.f = f
	return fx
}

// enrolRFC enrols RFC 6238's secret at unix, confirmed with its code then,
// and returns the recovery codes.
func (fx *fixture) enrolRFC(t *testing.T, unix int64) []string {
	t.Helper()
	accounts.SetRandom(fx.f, io.MultiReader(bytes.NewReader(rfcSecret), rand.Reader))
	fx.now = time.Unix(unix, 0)
	if _, err := fx.f.Begin(t.Context(), fx.email); err != nil {
		t.Fatal(err)
	}
	codes, err := fx.f.Confirm(t.Context(), fx.email, rfcCode(t, unix), "", noRecord)
	must(t, err)
	return codes
}

// rfcCode is the code RFC 6238's secret makes at unix, made by the library.
func rfcCode(t *testing.T, unix int64) string {
	t.Helper()
	return codeOf(t, base32.StdEncoding.EncodeToString(rfcSecret), unix)
}

func codeOf(t *testing.T, secret string, unix int64) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(secret, time.Unix(unix, 0), totp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	must(t, err)
	return code
}

func (fx *fixture) check(t *testing.T, unix int64, code string, want error) {
	t.Helper()
	fx.now = time.Unix(unix, 0)
	if err := fx.f.Check(t.Context(), fx.email, code); !errors.Is(err, want) {
		t.Errorf("code %s at %d: %v, want %v", code, unix, err, want)
	}
}

func (fx *fixture) twoFactor(t *testing.T) accounts.TwoFactor {
	t.Helper()
	u, found, err := fx.st.GetUser(t.Context(), fx.email)
	must(t, err)
	if !found {
		t.Fatalf("%s has no account", fx.email)
	}
	return u.TwoFactor
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestEnrolmentWithRFC6238sSecretThenEachVectorSignsInOnce(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx, ctx := newFixture(t, st, "amy@example.org"), t.Context()
		accounts.SetRandom(fx.f, io.MultiReader(bytes.NewReader(rfcSecret), rand.Reader))
		fx.now = time.Unix(59, 0)
		e, err := fx.f.Begin(ctx, "Amy@Example.org")
		must(t, err)
		if e.Secret != "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ" || !strings.HasPrefix(e.URL, "otpauth://totp/Heard:amy@example.org?") {
			t.Errorf("enrolment %+v", e)
		}
		if tf := fx.twoFactor(t); len(tf.Pending) == 0 || tf.Enrolled() {
			t.Errorf("after Begin: %+v", tf)
		}
		fx.check(t, 59, "287082", accounts.ErrNotEnrolled)
		if _, err := fx.f.Confirm(ctx, fx.email, rfcCode(t, 59+5*30), "", noRecord); !errors.Is(err, accounts.ErrWrongCode) {
			t.Errorf("confirmed with a wrong code: %v", err)
		}
		codes, err := fx.f.Confirm(ctx, fx.email, "287082", "", noRecord)
		must(t, err)
		tf := fx.twoFactor(t)
		if !tf.Enrolled() || len(tf.Pending) != 0 || !tf.Confirmed.Equal(time.Unix(59, 0)) || tf.LastStep != 1 || len(tf.Recovery) != 10 || len(codes) != 10 {
			t.Errorf("after Confirm: %+v, %d codes", tf, len(codes))
		}
		if _, err := fx.f.Confirm(ctx, fx.email, "287082", "", noRecord); !errors.Is(err, accounts.ErrNothingToConfirm) {
			t.Errorf("confirmed twice: %v", err)
		}
		fx.check(t, 59, "287082", accounts.ErrCodeUsed) // the code that confirmed cannot sign in
		for _, v := range rfcVectors[1:] {
			fx.check(t, v.unix, v.code, nil)
			fx.check(t, v.unix, v.code, accounts.ErrCodeUsed)
		}
	})
}

func TestCodesAreAcceptedWithinOneStepEitherSide(t *testing.T) {
	const enrolled = 1111111109
	now := int64(enrolled + 10*30)
	for _, c := range []struct {
		steps int64
		want  error
	}{
		{-3, accounts.ErrWrongCode},
		{-2, accounts.ErrWrongCode},
		{-1, nil},
		{0, nil},
		{1, nil},
		{2, accounts.ErrWrongCode},
	} {
		t.Run(fmt.Sprintf("%+d steps", c.steps), func(t *testing.T) {
			onEachStore(t, func(t *testing.T, st accountStore) {
				fx := newFixture(t, st, "amy@example.org")
				fx.enrolRFC(t, enrolled)
				fx.check(t, now, rfcCode(t, now+c.steps*30), c.want)
			})
		})
	}
}

func TestEachCodeWorksOnceAndNeverAnEarlierOne(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx := newFixture(t, st, "amy@example.org")
		fx.enrolRFC(t, 1111111109)
		now := int64(1234567890)
		fx.check(t, now, rfcCode(t, now), nil)
		fx.check(t, now, rfcCode(t, now), accounts.ErrCodeUsed)
		fx.check(t, now+20, rfcCode(t, now), accounts.ErrCodeUsed) // still within its window, a moment later
		fx.check(t, now, rfcCode(t, now-30), accounts.ErrCodeUsed) // the step before: in the window, but earlier
		fx.check(t, now, rfcCode(t, now+30), nil)                  // the step after (a phone a little fast)
		fx.check(t, now+30, rfcCode(t, now+30), accounts.ErrCodeUsed)
		fx.check(t, now+60, rfcCode(t, now+60), nil)
	})
}

func TestTwoSignInsAtOnceUseACodeOnce(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx := newFixture(t, st, "amy@example.org")
		fx.enrolRFC(t, 1111111109)
		fx.now = time.Unix(1234567890, 0)
		code := rfcCode(t, 1234567890)
		const tries = accounts.LockoutTries // no more than the lock-out allows
		errs := make(chan error, tries)
		var wg sync.WaitGroup
		for range tries {
			wg.Go(func() { errs <- fx.f.Check(t.Context(), fx.email, code) })
		}
		wg.Wait()
		close(errs)
		accepted := 0
		for err := range errs {
			switch {
			case err == nil:
				accepted++
			case !errors.Is(err, accounts.ErrCodeUsed):
				t.Errorf("a sign-in at the same time got %v", err)
			}
		}
		if accepted != 1 {
			t.Errorf("the code was accepted %d times", accepted)
		}
	})
}

// Passwords, codes and recovery codes count together toward the account's
// lock-out, under accounts.LockoutKey, through the store's own counter.
func TestWrongCodesCountTowardTheLockOut(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx, ctx := newFixture(t, st, "amy@example.org"), t.Context()
		recovery := fx.enrolRFC(t, 1111111109)
		now := int64(1234567890)
		right, wrong := rfcCode(t, now), rfcCode(t, now+10*30)
		lockout := accounts.LockoutKey(fx.email)

		// The sign-in page counts the right password and, a code being due, leaves the count.
		if n, err := st.Hit(ctx, lockout, accounts.LockoutWindow); err != nil || n != 1 {
			t.Fatalf("the password's try: %d, %v", n, err)
		}
		for range accounts.LockoutTries - 1 {
			fx.check(t, now, wrong, accounts.ErrWrongCode)
		}
		fx.check(t, now, right, accounts.ErrLockedOut) // the sixth try is refused unchecked
		if _, err := fx.f.Recover(ctx, fx.email, recovery[0]); !errors.Is(err, accounts.ErrLockedOut) {
			t.Errorf("a recovery code while locked out: %v", err)
		}

		must(t, st.ClearHits(ctx, lockout)) // an admin unlocks
		fx.check(t, now, right, nil)        // the code was not used up while locked out

		// A right code cleared the count: five more wrong tries before the lock.
		for _, code := range recovery[1:3] {
			if _, err := fx.f.Recover(ctx, fx.email, strings.ToUpper(code[:4])+"x"); !errors.Is(err, accounts.ErrWrongCode) {
				t.Errorf("a wrong recovery code: %v", err)
			}
		}
		for range accounts.LockoutTries - 2 {
			fx.check(t, now+30, wrong, accounts.ErrWrongCode)
		}
		if _, err := fx.f.Recover(ctx, fx.email, recovery[1]); !errors.Is(err, accounts.ErrLockedOut) {
			t.Errorf("the sixth try, a right recovery code: %v", err)
		}
		must(t, st.ClearHits(ctx, lockout))
		if left, err := fx.f.Recover(ctx, fx.email, recovery[1]); err != nil || left != 9 {
			t.Errorf("the right recovery code after unlocking: %d left, %v", left, err)
		}
		if n, err := st.Hit(ctx, lockout, accounts.LockoutWindow); err != nil || n != 1 {
			t.Errorf("after a right recovery code the count is %d (%v), want it cleared", n, err)
		}
	})
}

var recoveryShape = regexp.MustCompile(`^[0-9abcdefghjkmnpqrstvwxyz]{5}-[0-9abcdefghjkmnpqrstvwxyz]{5}$`)

func TestRecoveryCodesWorkOnceEachAndRenewingReplacesThem(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx, ctx := newFixture(t, st, "amy@example.org"), t.Context()
		if _, err := fx.f.NewRecoveryCodes(ctx, fx.email, "", noRecord); !errors.Is(err, accounts.ErrNotEnrolled) {
			t.Errorf("recovery codes without a second factor: %v", err)
		}
		if _, err := fx.f.Recover(ctx, fx.email, "00000-00000"); !errors.Is(err, accounts.ErrNotEnrolled) {
			t.Errorf("a recovery code without a second factor: %v", err)
		}
		codes := fx.enrolRFC(t, 1111111109)
		seen := map[string]bool{}
		for _, c := range codes {
			if !recoveryShape.MatchString(c) || seen[c] {
				t.Errorf("code %q (of %q)", c, codes)
			}
			seen[c] = true
		}
		// Kept only as keyed hashes: the record holds neither a code nor its plain SHA-256.
		u, _, err := st.GetUser(ctx, fx.email)
		must(t, err)
		record, _ := json.Marshal(u)
		for _, c := range codes {
			plain := sha256.Sum256([]byte(strings.ReplaceAll(c, "-", "")))
			if bytes.Contains(record, []byte(c)) || bytes.Contains(record, []byte(strings.ReplaceAll(c, "-", ""))) || accounts.HasHash(u.TwoFactor, plain[:]) {
				t.Errorf("the record shows recovery code %s", c)
			}
		}

		if left, err := fx.f.Recover(ctx, fx.email, codes[0]); err != nil || left != 9 {
			t.Errorf("first use: %d left, %v", left, err)
		}
		if _, err := fx.f.Recover(ctx, fx.email, codes[0]); !errors.Is(err, accounts.ErrWrongCode) {
			t.Errorf("second use: %v", err)
		}
		typed := " " + strings.ToUpper(strings.Replace(codes[1], "-", " ", 1)) + " "
		if left, err := fx.f.Recover(ctx, fx.email, typed); err != nil || left != 8 {
			t.Errorf("typed as %q: %d left, %v", typed, left, err)
		}

		// Renewing takes an unused code, and uses it up even when the record of it fails.
		if _, err := fx.f.NewRecoveryCodes(ctx, fx.email, codes[0], noRecord); !errors.Is(err, accounts.ErrCurrentCode) || !errors.Is(err, accounts.ErrWrongCode) {
			t.Errorf("renewing with a used recovery code: %v", err)
		}
		failed := errors.New("the trail is down")
		if _, err := fx.f.NewRecoveryCodes(ctx, fx.email, codes[2], func() error { return failed }); !errors.Is(err, failed) {
			t.Errorf("renewing when the record fails: %v", err)
		}
		if _, err := fx.f.Recover(ctx, fx.email, codes[2]); !errors.Is(err, accounts.ErrWrongCode) {
			t.Errorf("a recovery code that renewed nothing, again: %v", err)
		}
		if n := len(fx.twoFactor(t).Recovery); n != 7 {
			t.Errorf("%d recovery codes kept after a renewal that failed, want the 7 unused", n)
		}
		renewed, err := fx.f.NewRecoveryCodes(ctx, fx.email, codes[3], noRecord)
		must(t, err)
		if len(renewed) != 10 || renewed[0] == codes[2] {
			t.Errorf("renewed %q", renewed)
		}
		if _, err := fx.f.Recover(ctx, fx.email, codes[2]); !errors.Is(err, accounts.ErrWrongCode) {
			t.Errorf("an old code after renewing: %v", err)
		}
		if left, err := fx.f.Recover(ctx, fx.email, renewed[9]); err != nil || left != 9 {
			t.Errorf("a new code: %d left, %v", left, err)
		}
	})
}

// A copy of the store (a backup) without HEARD_SECRET makes no codes: the
// secret is sealed under a key from HEARD_SECRET, for its own account only.
func TestACopyOfTheStoreCannotMakeCodes(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx, ctx := newFixture(t, st, "amy@example.org"), t.Context()
		recovery := fx.enrolRFC(t, 1111111109)
		u, _, err := st.GetUser(ctx, fx.email)
		must(t, err)
		record, _ := json.Marshal(u)
		b32 := base32.StdEncoding.EncodeToString(rfcSecret)
		for _, plain := range [][]byte{rfcSecret, []byte(b32), []byte(b32[:8])} {
			if bytes.Contains(u.TwoFactor.Secret, plain) || bytes.Contains(record, plain) {
				t.Errorf("the kept record shows the secret (%s)", plain)
			}
		}

		now := int64(1234567890)
		elsewhere, err := accounts.NewFactors(st, []byte("another HEARD_SECRET, also 32 characters long"), func() time.Time { return time.Unix(now, 0) })
		must(t, err)
		if err := elsewhere.Check(ctx, fx.email, rfcCode(t, now)); !errors.Is(err, accounts.ErrUnreadable) {
			t.Errorf("under another HEARD_SECRET: %v", err)
		}
		if _, err := elsewhere.Recover(ctx, fx.email, recovery[0]); !errors.Is(err, accounts.ErrWrongCode) {
			t.Errorf("a recovery code under another HEARD_SECRET: %v", err)
		}

		// The sealed record copied onto another account opens for nobody.
		must(t, st.PutUser(ctx, accounts.User{Email: "zed@example.org", Role: accounts.RoleWorker, TwoFactor: u.TwoFactor}))
		fx.now = time.Unix(now, 0)
		if err := fx.f.Check(ctx, "zed@example.org", rfcCode(t, now)); !errors.Is(err, accounts.ErrUnreadable) {
			t.Errorf("a copied record: %v", err)
		}
		if _, err := fx.f.Recover(ctx, "zed@example.org", recovery[0]); !errors.Is(err, accounts.ErrWrongCode) {
			t.Errorf("a copied record's recovery code: %v", err)
		}
		fx.check(t, now, rfcCode(t, now), nil) // amy's own still works
	})
}

func TestEnrollingAgainKeepsTheOldSecretUntilTheNewOneIsConfirmed(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx, ctx := newFixture(t, st, "amy@example.org"), t.Context()
		old := fx.enrolRFC(t, 1111111109)
		accounts.SetRandom(fx.f, rand.Reader)
		now := int64(1234567890)
		fx.now = time.Unix(now, 0)
		e, err := fx.f.Begin(ctx, fx.email)
		must(t, err)
		fx.check(t, now, rfcCode(t, now), nil) // the old phone still works meanwhile
		secret := strings.ReplaceAll(e.Secret, " ", "")
		// Replacing it needs a current code: none, or one used, is refused.
		for current, want := range map[string]error{"": accounts.ErrWrongCode, rfcCode(t, now): accounts.ErrCodeUsed} {
			if _, err := fx.f.Confirm(ctx, fx.email, codeOf(t, secret, now), current, noRecord); !errors.Is(err, accounts.ErrCurrentCode) || !errors.Is(err, want) {
				t.Errorf("replacing the second factor with current code %q: %v", current, err)
			}
		}
		fresh, err := fx.f.Confirm(ctx, fx.email, codeOf(t, secret, now), old[1], noRecord)
		must(t, err)
		fx.check(t, now+30, rfcCode(t, now+30), accounts.ErrWrongCode)
		fx.check(t, now+30, codeOf(t, secret, now+30), nil)
		if _, err := fx.f.Recover(ctx, fx.email, old[0]); !errors.Is(err, accounts.ErrWrongCode) {
			t.Errorf("an old recovery code after enrolling again: %v", err)
		}
		if _, err := fx.f.Recover(ctx, fx.email, fresh[0]); err != nil {
			t.Errorf("a new recovery code: %v", err)
		}
	})
}

func TestResetTakesTheSecondFactorAway(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx, ctx := newFixture(t, st, "amy@example.org"), t.Context()
		fx.enrolRFC(t, 1111111109)
		must(t, fx.f.Reset(ctx, fx.email))
		tf := fx.twoFactor(t)
		if tf.Enrolled() || len(tf.Recovery) != 0 || accounts.AfterPassword(tf, true) != accounts.EnrolFirst {
			t.Errorf("after Reset: %+v", tf)
		}
		fx.check(t, 1234567890, rfcCode(t, 1234567890), accounts.ErrNotEnrolled)
		if err := fx.f.Reset(ctx, "nobody@example.org"); !errors.Is(err, accounts.ErrNoAccount) {
			t.Errorf("Reset of no account: %v", err)
		}
		if _, err := fx.f.Begin(ctx, "nobody@example.org"); !errors.Is(err, accounts.ErrNoAccount) {
			t.Errorf("Begin for no account: %v", err)
		}
		if u, found, _ := st.GetUser(ctx, "nobody@example.org"); found {
			t.Errorf("an account was made: %+v", u)
		}
	})
}

// The enrolment page may be shown again (a reload, a worker who comes back
// to it): it shows the secret already waiting, which the worker may have
// added to their app, and only begins one when none is waiting.
func TestEnrolmentShownAgainIsTheSameSecret(t *testing.T) {
	onEachStore(t, func(t *testing.T, st accountStore) {
		fx, ctx := newFixture(t, st, "amy@example.org"), t.Context()
		fx.now = time.Unix(1111111109, 0)
		first, err := fx.f.Enrolment(ctx, fx.email)
		must(t, err)
		again, err := fx.f.Enrolment(ctx, "AMY@example.org")
		must(t, err)
		if first != again || len(strings.ReplaceAll(first.Secret, " ", "")) != 32 {
			t.Errorf("shown again: %+v, first %+v", again, first)
		}
		if !strings.Contains(first.URL, "secret="+strings.ReplaceAll(first.Secret, " ", "")) {
			t.Errorf("the QR code's URL %q does not hold the secret shown %q", first.URL, first.Secret)
		}
		if _, err := fx.f.Confirm(ctx, fx.email, codeOf(t, strings.ReplaceAll(first.Secret, " ", ""), fx.now.Unix()), "", noRecord); err != nil {
			t.Fatalf("confirmed with the secret shown twice: %v", err)
		}
		// Confirmed, nothing waits: the next enrolment (a new phone) is new.
		next, err := fx.f.Enrolment(ctx, fx.email)
		must(t, err)
		if next.Secret == first.Secret {
			t.Error("an enrolment after one was confirmed showed the same secret")
		}
	})
}

// noRecord is a record of a change that always takes it.
func noRecord() error { return nil }
