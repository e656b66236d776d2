// Package accounts is participation workers' sign-in: roles, argon2id
// password hashes and session ids. Young people never have accounts.
package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Roles: a worker reads results and runs rounds; an admin also manages accounts.
const (
	RoleWorker = "worker"
	RoleAdmin  = "admin"
)

// MinPasswordLength keeps passwords long rather than complicated;
// MaxPasswordBytes keeps what is hashed small (a password is refused before
// hashing when longer).
const (
	MinPasswordLength = 12
	MaxPasswordBytes  = 1024
)

// argon2id settings: OWASP's first recommendation (Password Storage Cheat
// Sheet: m=19 MiB, t=2, p=1), about 45 ms on a small server. Each check
// holds argonMemory while it runs, so how many run at once (see Limiter) is
// what bounds sign-in's memory. Hashes made earlier with other settings
// (64 MiB, t=3, p=2) still check: the settings are read from each hash.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	saltLen      = 16
)

var (
	ErrWeakPassword = fmt.Errorf("accounts: a password needs at least %d characters", MinPasswordLength)
	ErrLongPassword = fmt.Errorf("accounts: a password can have at most %d bytes", MaxPasswordBytes)
	ErrBadEmail     = errors.New("accounts: that is not an email address")
	ErrBadRole      = errors.New("accounts: the role must be worker or admin")
)

// CheckNew validates a new account's details, returning the email as kept
// (lower case, trimmed).
func CheckNew(email, role, password string) (string, error) {
	email = NormaliseEmail(email)
	if !ValidEmail(email) {
		return "", ErrBadEmail
	}
	if role != RoleWorker && role != RoleAdmin {
		return "", ErrBadRole
	}
	if len([]rune(password)) < MinPasswordLength {
		return "", ErrWeakPassword
	}
	if len(password) > MaxPasswordBytes {
		return "", ErrLongPassword
	}
	return email, nil
}

// Limiter lets at most a fixed number of password checks run at once. Each
// holds argonMemory while it runs, so the limit bounds the memory sign-in
// can take whatever arrives; past it TryAcquire says no at once, and nobody
// queues.
type Limiter chan struct{}

// NewLimiter allows n checks at once.
func NewLimiter(n int) Limiter { return make(Limiter, n) }

// TryAcquire takes a place if one is free; whoever gets one calls Release.
func (l Limiter) TryAcquire() bool {
	select {
	case l <- struct{}{}:
		return true
	default:
		return false
	}
}

// Release gives back a place TryAcquire took.
func (l Limiter) Release() { <-l }

// LockoutKey is the rate-limit key that counts an account's failed sign-ins:
// the sign-in page adds to it, and a right password or an admin's unlock
// clears it.
func LockoutKey(email string) string { return "signin:" + NormaliseEmail(email) }

// ValidEmail reports whether email is an address as kept: normalised, and
// nothing but the address (no name, no angle brackets).
func ValidEmail(email string) bool {
	addr, err := mail.ParseAddress(email)
	return err == nil && addr.Address == email && NormaliseEmail(email) == email
}

// NormaliseEmail is how an email is compared and kept.
func NormaliseEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// HashPassword returns the password's argon2id hash in the usual encoded
// form, with its own random salt and the settings used.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches an encoded hash, comparing
// in constant time. A damaged hash matches nothing.
func CheckPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var memory, time uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &time, &threads); err != nil {
		return false
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, time, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewSessionID is a fresh, unguessable session id, made at every sign-in so
// an id planted before sign-in is never the one that signs in.
func NewSessionID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
