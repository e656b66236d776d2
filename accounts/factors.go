package accounts

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

// An account locks after LockoutTries wrong tries (passwords, codes and
// recovery codes together) since its last sign-in, for what is left of
// LockoutWindow from the first of them.
const (
	LockoutTries  = 5
	LockoutWindow = 15 * time.Minute
)

// FactorStore is what the second factor needs kept: the lock-out count, the
// same one sign-in's passwords add to (LockoutKey), and the account's
// TwoFactor. Both stores implement it; store/storetest holds its contract.
type FactorStore interface {
	// Hit counts one try in the window that starts with key's first; it
	// returns the tries so far in that window.
	Hit(ctx context.Context, key string, window time.Duration) (int64, error)
	// ClearHits forgets key's count.
	ClearHits(ctx context.Context, key string) error
	// ChangeTwoFactor runs change on the account's TwoFactor and keeps what
	// it leaves, in one transaction, so two sign-ins at once never both use
	// one code. change may run more than once (when the account changed
	// meanwhile), so it only sets values. When change returns an error,
	// nothing is kept and that error is returned. ErrNoAccount when there is
	// no account with this email.
	ChangeTwoFactor(ctx context.Context, email string, change func(*TwoFactor) error) error
}

var (
	ErrNotEnrolled      = errors.New("accounts: this account has no second factor")
	ErrNothingToConfirm = errors.New("accounts: no second factor is waiting to be confirmed")
	ErrWrongCode        = errors.New("accounts: that code is not right")
	ErrCodeUsed         = errors.New("accounts: that code has been used already: wait for the next one")
	ErrLockedOut        = errors.New("accounts: too many tries for this account: wait 15 minutes")
	// ErrCurrentCode wraps why a code from the second factor in use was
	// refused when changing it (ErrWrongCode, ErrCodeUsed, ErrUnreadable).
	ErrCurrentCode = errors.New("accounts: the code from the second factor in use was refused")
	// ErrUnreadable means a sealed secret does not open: it was sealed under
	// another HEARD_SECRET, or for another account. The worker must enrol
	// again (an admin resets their second factor).
	ErrUnreadable = errors.New("accounts: the second factor cannot be read with this HEARD_SECRET")
)

// Factors enrols workers' second factors and checks their codes. Every code
// or recovery code tried counts toward the account's lock-out before it is
// checked, and a right one clears the count.
type Factors struct {
	store  FactorStore
	keys   factorKeys
	now    func() time.Time
	random io.Reader // secrets and recovery codes come from here
}

// NewFactors makes Factors over st, with keys derived from secret
// (HEARD_SECRET, at least 32 bytes), telling the time by now.
func NewFactors(st FactorStore, secret []byte, now func() time.Time) (*Factors, error) {
	keys, err := newFactorKeys(secret)
	if err != nil {
		return nil, err
	}
	return &Factors{store: st, keys: keys, now: now, random: rand.Reader}, nil
}

// Begin makes a new secret for the account and keeps it, sealed, until a
// code from it confirms it (Confirm). Beginning again replaces a secret not
// yet confirmed; a confirmed one goes on working meanwhile.
func (f *Factors) Begin(ctx context.Context, email string) (Enrolment, error) {
	email = NormaliseEmail(email)
	secret, enrolment, err := newSecret(email, f.random)
	if err != nil {
		return Enrolment{}, err
	}
	sealed := f.keys.sealSecret(email, secret)
	err = f.store.ChangeTwoFactor(ctx, email, func(tf *TwoFactor) error {
		tf.Pending = sealed
		return nil
	})
	if err != nil {
		return Enrolment{}, err
	}
	return enrolment, nil
}

// Enrolment is the enrolment waiting to be confirmed, so a page shown
// again shows the same secret (the worker may have added it to their app
// already); when none is waiting it begins one, as Begin does.
func (f *Factors) Enrolment(ctx context.Context, email string) (Enrolment, error) {
	email = NormaliseEmail(email)
	fresh, freshEnrolment, err := newSecret(email, f.random)
	if err != nil {
		return Enrolment{}, err
	}
	sealed := f.keys.sealSecret(email, fresh)
	var enrolment Enrolment
	err = f.store.ChangeTwoFactor(ctx, email, func(tf *TwoFactor) error {
		if len(tf.Pending) == 0 {
			tf.Pending, enrolment = sealed, freshEnrolment
			return nil
		}
		secret, err := f.keys.openSecret(email, tf.Pending)
		if err != nil {
			// Sealed under another HEARD_SECRET: it can never be
			// confirmed, so the fresh one takes its place.
			tf.Pending, enrolment = sealed, freshEnrolment
			return nil
		}
		enrolment, err = enrolmentOf(email, secret)
		return err
	})
	if err != nil {
		return Enrolment{}, err
	}
	return enrolment, nil
}

// Confirm checks a code from the secret Begin made and, when it is right,
// makes it the account's second factor, with new recovery codes: they are
// returned to be shown once, and kept only as hashes.
//
// When the account has a second factor already, current must be a code from
// it (its app's, newer than the last accepted, or an unused recovery code),
// and it is used up: a session alone, taken from an unlocked laptop, must not
// swap the worker's factor for another. The new code is checked first, so a
// current code is never taken for a change that is then refused.
//
// record runs once the codes are right and before anything is kept (for the
// audit trail): when it fails, nothing changes but the current code is used.
func (f *Factors) Confirm(ctx context.Context, email, code, current string, record func() error) ([]string, error) {
	email = NormaliseEmail(email)
	codes, hashes, err := f.newRecovery(email)
	if err != nil {
		return nil, err
	}
	if err := f.try(ctx, email); err != nil {
		return nil, err
	}
	now := f.now()
	var proven TwoFactor
	var step int64
	err = f.store.ChangeTwoFactor(ctx, email, func(tf *TwoFactor) error {
		if len(tf.Pending) == 0 {
			return ErrNothingToConfirm
		}
		secret, err := f.keys.openSecret(email, tf.Pending)
		if err != nil {
			return err
		}
		// This secret's codes were never accepted, so no step of it is used.
		var ok bool
		if step, ok = matchingStep(secret, code, now); !ok {
			return ErrWrongCode
		}
		if tf.Enrolled() {
			if err := f.useCurrent(email, tf, current, now); err != nil {
				return err
			}
		}
		proven = *tf
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := record(); err != nil {
		return nil, err
	}
	err = f.store.ChangeTwoFactor(ctx, email, func(tf *TwoFactor) error {
		// Another change came first (a confirmation of this secret, a reset).
		if !bytes.Equal(tf.Pending, proven.Pending) || !bytes.Equal(tf.Secret, proven.Secret) {
			return ErrNothingToConfirm
		}
		*tf = TwoFactor{Secret: tf.Pending, Confirmed: now.UTC(), LastStep: step, Recovery: hashes}
		return nil
	})
	if err != nil {
		return nil, err
	}
	f.clear(ctx, email)
	return codes, nil
}

// Check checks a code from the account's authenticator app at sign-in. A
// code is accepted from the step now falls in or the one either side, and
// only once: a code of the step last accepted, or an earlier one, is
// ErrCodeUsed.
func (f *Factors) Check(ctx context.Context, email, code string) error {
	email = NormaliseEmail(email)
	if err := f.try(ctx, email); err != nil {
		return err
	}
	now := f.now()
	err := f.store.ChangeTwoFactor(ctx, email, func(tf *TwoFactor) error {
		if !tf.Enrolled() {
			return ErrNotEnrolled
		}
		secret, err := f.keys.openSecret(email, tf.Secret)
		if err != nil {
			return err
		}
		step, ok := matchingStep(secret, code, now)
		switch {
		case !ok:
			return ErrWrongCode
		case step <= tf.LastStep:
			return ErrCodeUsed
		}
		tf.LastStep = step
		return nil
	})
	if err != nil {
		return err
	}
	f.clear(ctx, email)
	return nil
}

// Recover signs in with a recovery code instead of a code from the app. The
// code is used up; it returns how many are left.
func (f *Factors) Recover(ctx context.Context, email, code string) (left int, err error) {
	email = NormaliseEmail(email)
	if err := f.try(ctx, email); err != nil {
		return 0, err
	}
	hash := f.keys.recoveryHash(email, normaliseRecovery(code))
	err = f.store.ChangeTwoFactor(ctx, email, func(tf *TwoFactor) error {
		if !tf.Enrolled() {
			return ErrNotEnrolled
		}
		i := findHash(tf.Recovery, hash)
		if i < 0 {
			return ErrWrongCode
		}
		tf.Recovery = slices.Delete(tf.Recovery, i, i+1)
		left = len(tf.Recovery)
		return nil
	})
	if err != nil {
		return 0, err
	}
	f.clear(ctx, email)
	return left, nil
}

// NewRecoveryCodes replaces all the account's recovery codes with new ones,
// returned to be shown once. current must be a code from the account's
// second factor, or one of its unused recovery codes, and it is used up, as
// in Confirm; record runs as in Confirm.
func (f *Factors) NewRecoveryCodes(ctx context.Context, email, current string, record func() error) ([]string, error) {
	email = NormaliseEmail(email)
	codes, hashes, err := f.newRecovery(email)
	if err != nil {
		return nil, err
	}
	if err := f.try(ctx, email); err != nil {
		return nil, err
	}
	now := f.now()
	var proven []byte
	err = f.store.ChangeTwoFactor(ctx, email, func(tf *TwoFactor) error {
		if !tf.Enrolled() {
			return ErrNotEnrolled
		}
		proven = tf.Secret
		return f.useCurrent(email, tf, current, now)
	})
	if err != nil {
		return nil, err
	}
	if err := record(); err != nil {
		return nil, err
	}
	err = f.store.ChangeTwoFactor(ctx, email, func(tf *TwoFactor) error {
		// Reset or replaced meanwhile: the code proved another factor.
		if !tf.Enrolled() || !bytes.Equal(tf.Secret, proven) {
			return ErrNotEnrolled
		}
		tf.Recovery = hashes
		return nil
	})
	if err != nil {
		return nil, err
	}
	f.clear(ctx, email)
	return codes, nil
}

// useCurrent takes code as proof that whoever sends it holds the account's
// second factor in use: a code from its app, newer than the last accepted,
// or one of its unused recovery codes. What it accepts is used up. A refusal
// wraps ErrCurrentCode, to tell it from a new code's.
func (f *Factors) useCurrent(email string, tf *TwoFactor, code string, now time.Time) error {
	secret, openErr := f.keys.openSecret(email, tf.Secret)
	if openErr == nil {
		if step, ok := matchingStep(secret, code, now); ok {
			if step <= tf.LastStep {
				return fmt.Errorf("%w: %w", ErrCurrentCode, ErrCodeUsed)
			}
			tf.LastStep = step
			return nil
		}
	}
	if i := findHash(tf.Recovery, f.keys.recoveryHash(email, normaliseRecovery(code))); i >= 0 {
		tf.Recovery = slices.Delete(tf.Recovery, i, i+1)
		return nil
	}
	if openErr != nil {
		return fmt.Errorf("%w: %w", ErrCurrentCode, openErr)
	}
	return fmt.Errorf("%w: %w", ErrCurrentCode, ErrWrongCode)
}

// Reset takes the account's second factor away (a lost phone and lost
// recovery codes, or a new HEARD_SECRET): it enrols again at its next
// sign-in when one is required.
func (f *Factors) Reset(ctx context.Context, email string) error {
	return ResetTwoFactor(ctx, f.store, email)
}

// ResetTwoFactor is Reset without the keys, which taking a factor away
// does not need: for the operator's command, which has no HEARD_SECRET
// when Heard runs on the embedded store.
func ResetTwoFactor(ctx context.Context, st FactorStore, email string) error {
	return st.ChangeTwoFactor(ctx, NormaliseEmail(email), func(tf *TwoFactor) error {
		*tf = TwoFactor{}
		return nil
	})
}

// newRecovery makes recovery codes and the hashes they are kept as.
func (f *Factors) newRecovery(email string) ([]string, [][]byte, error) {
	codes, err := newRecoveryCodes(f.random)
	if err != nil {
		return nil, nil, err
	}
	hashes := make([][]byte, len(codes))
	for i, c := range codes {
		hashes[i] = f.keys.recoveryHash(email, normaliseRecovery(c))
	}
	return codes, hashes, nil
}

// try counts one try toward the account's lock-out, before it is checked,
// and refuses it once there have been LockoutTries since the last sign-in.
func (f *Factors) try(ctx context.Context, email string) error {
	n, err := f.store.Hit(ctx, LockoutKey(email), LockoutWindow)
	if err != nil {
		return err
	}
	if n > LockoutTries {
		return ErrLockedOut
	}
	return nil
}

// clear forgets the account's tries once a code is right. The code is used
// by then, so the sign-in stands even when the count cannot be cleared: the
// account would only lock a little sooner, and its window ends.
func (f *Factors) clear(ctx context.Context, email string) {
	_ = f.store.ClearHits(ctx, LockoutKey(email))
}
