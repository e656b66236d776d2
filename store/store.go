// Package store keeps what Heard must remember between requests, in one embedded file or in Redis.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"
	"heard/localhelp"
	"heard/sms"
)

// Store is everything Heard keeps: every role below, which its users own
// and take one by one (the SMS service an sms.Store, the workers' side an
// accounts.Store, ...). Only cmd/heard holds a whole Store: it opens one,
// hands out its roles, and closes it. Keys are already keyed hashes (an
// HMAC of a phone number or an address, or of a Twilio MessageSid): the store
// never sees a raw phone number.
//
// Every implementation passes the contract tests in storetest, one suite
// per role.
type Store interface {
	sms.Store
	feedback.ResponseStore
	feedback.RoundStore
	accounts.Store
	accounts.FactorStore
	audit.Store
	localhelp.Store
	Limits
	Health
	Upgrades
	// Close releases the store; it must not be used afterwards.
	Close() error
}

// Limits counts hits in fixed windows: the sign-in lock-out, and the limits
// per address on the feedback form and sign-in. No domain owns them, so
// the role is the store's own.
type Limits interface {
	// Hit counts one hit in the fixed window that starts with key's first
	// hit and lasts window; it returns the number of hits so far in that
	// window.
	Hit(ctx context.Context, key string, window time.Duration) (count int64, err error)
	// ClearHits forgets key's count, so its next Hit starts a new window (a
	// lock-out lifted by a right password or by an admin). Clearing a
	// missing key is not an error.
	ClearHits(ctx context.Context, key string) error
}

// Health says whether the store answers: for /readyz, and before a
// download starts.
type Health interface {
	Ping(ctx context.Context) error
}

// Feedback is what the jobs over every round (retention, the series
// backfill) need: the rounds, and their responses.
type Feedback interface {
	feedback.RoundStore
	feedback.ResponseStore
}

// Both backends implement every role.
var (
	_ Store = (*Embedded)(nil)
	_ Store = (*Redis)(nil)
)

// ErrUnavailable is wrapped by errors that mean the backend could not be reached (Redis down,
// a timeout), so callers can fail open or answer 503 with errors.Is.
var ErrUnavailable = errors.New("store: unavailable")

// SameResponseFor is how long a response's ID is remembered: longer than a
// feedback form's token lives (6 hours), so any resend of a form is caught.
const SameResponseFor = 7 * time.Hour

// ErrExists is returned when creating something whose name is taken.
var ErrExists = errors.New("store: already exists")

// errTTL refuses a ttl or window under a millisecond: Redis would take 0 as "keep forever",
// and nothing about a young person may be kept forever by mistake.
var errTTL = errors.New("store: ttl must be at least 1ms")

func checkTTL(ttl time.Duration) error {
	if ttl < time.Millisecond {
		return errTTL
	}
	return nil
}

// Prefixes of the kinds of key, shared by both implementations (bucket names, Redis key parts).
const (
	kindConversation = "conv"
	kindMessage      = "sid"
	kindRate         = "rate"
	// kindOptOut is where older versions kept, forever, a hash of every
	// number that said STOP. Twilio enforces STOP itself, so nothing read
	// them: opening a store deletes them.
	kindOptOut       = "optout"
	kindSession      = "session"
	kindUserSessions = "user-sessions"
	kindUsers        = "users"
	kindRounds       = "rounds"
	kindPosts        = "posts"
	kindTeams        = "teams"
	kindTeamNames    = "team-names"
	kindInvites      = "invite"
	kindInviteOf     = "invite-of"
	// kindMeta holds what the store knows about itself: that an install
	// from before teams has been given its first team (GiveToFirstTeam).
	kindMeta      = "meta"
	kindLocalHelp = "localhelp"
)

// sessionKey is what a session is kept under: the SHA-256 of its id. The id is 32 random
// bytes, so an unkeyed hash is enough: nobody can go from the key back to the cookie.
func sessionKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}
