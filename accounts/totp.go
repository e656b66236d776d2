package accounts

import (
	"encoding/base32"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// Time-based one-time codes (RFC 6238) as every authenticator app makes
// them: HMAC-SHA1, six digits, 30-second steps counted from the Unix epoch.
// The arithmetic (RFC 4226's truncation, base32, the otpauth:// URL) is
// github.com/pquerna/otp's; this file only chooses the settings and which
// steps a code may come from.
const (
	// Issuer names Heard in the worker's authenticator app.
	Issuer      = "Heard"
	stepSeconds = 30
	// secretSize is 160 bits, the length RFC 4226 (section 4) recommends.
	secretSize = 20
)

var codeOptions = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

var base32NoPadding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Enrolment is what a worker needs to add Heard to an authenticator app.
type Enrolment struct {
	// URL is the otpauth:// address (issuer Heard, the account's email) to
	// draw as a QR code.
	URL string
	// Secret is the same secret in base32, in groups of four, for typing
	// in by hand.
	Secret string
}

// newSecret makes a secret from random for the account, and its enrolment.
func newSecret(email string, random io.Reader) ([]byte, Enrolment, error) {
	raw := make([]byte, secretSize)
	if _, err := io.ReadFull(random, raw); err != nil {
		return nil, Enrolment{}, err
	}
	enrolment, err := enrolmentOf(email, raw)
	if err != nil {
		return nil, Enrolment{}, err
	}
	return raw, enrolment, nil
}

// enrolmentOf is what the worker types or scans to add secret to an app.
func enrolmentOf(email string, secret []byte) (Enrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: Issuer, AccountName: email, Secret: secret,
		Digits: codeOptions.Digits, Algorithm: codeOptions.Algorithm})
	if err != nil {
		return Enrolment{}, err
	}
	return Enrolment{URL: key.URL(), Secret: inGroups(key.Secret(), 4)}, nil
}

// inGroups splits s into groups of n characters, with a space between.
func inGroups(s string, n int) string {
	var b strings.Builder
	for i := 0; i < len(s); i += n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+n, len(s))])
	}
	return b.String()
}

// step is the 30-second step that t falls in.
func step(t time.Time) int64 { return t.Unix() / stepSeconds }

// matchingStep returns the latest step, of now's and the one either side
// (a phone's clock may be a little off, and a code typed as it changes is
// still fair), whose code is code. Spaces in code are ignored: apps show
// "123 456".
func matchingStep(secret []byte, code string, now time.Time) (int64, bool) {
	code = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code)
	encoded := base32NoPadding.EncodeToString(secret)
	var found int64
	matched := false
	// All three are checked, whichever matches, so the time taken says nothing.
	for s := step(now) - 1; s <= step(now)+1; s++ {
		if ok, err := hotp.ValidateCustom(code, uint64(s), encoded, codeOptions); err == nil && ok {
			found, matched = s, true
		}
	}
	return found, matched
}
