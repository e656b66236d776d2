// Package store keeps what Heard must remember between requests, in one embedded file or in Redis.
package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"heard/feedback"
	"heard/sms"
)

// Store is everything Heard keeps. Keys are already keyed hashes (an HMAC of a phone number or
// an address) or Twilio MessageSids: the store never sees a raw phone number.
//
// Every implementation passes the contract tests in storetest.
type Store interface {
	// StartText and FinishText keep the SMS channel's state (see sms.Store).
	StartText(ctx context.Context, t sms.TextStart) (sms.Started, error)
	FinishText(ctx context.Context, t sms.TextFinish) error

	// Hit counts one hit in the fixed window that starts with key's first hit and lasts
	// window; it returns the number of hits so far in that window.
	Hit(ctx context.Context, key string, window time.Duration) (count int64, err error)
	// ClearHits forgets key's count, so its next Hit starts a new window (a lock-out
	// lifted by a right password or by an admin). Clearing a missing key is not an error.
	ClearHits(ctx context.Context, key string) error

	// SaveResponse keeps one feedback response and adds it to its round's tallies, in one
	// transaction: results read from the tallies never disagree with the responses.
	// A response that comes with an ID is kept once: saving the same ID again within
	// SameResponseFor does nothing and succeeds, so a form sent twice, or sent again
	// after an error that hid whether it was kept, counts once.
	SaveResponse(ctx context.Context, r feedback.Response) error
	// Tallies returns a round's counters (see feedback.Response.TallyFields); none is absent.
	Tallies(ctx context.Context, round string) (map[string]int64, error)
	// EachResponse calls fn with each of a round's responses, oldest first, with its comment
	// while the comment is kept. It reads in pages, never the whole round at once, and stops
	// at fn's first error.
	EachResponse(ctx context.Context, round string, fn func(feedback.Response) error) error
	// Comments returns up to limit of a round's responses that carry a comment, newest first,
	// without reading the rest: a round may hold a million responses.
	Comments(ctx context.Context, round string, limit int) ([]feedback.Response, error)
	// ForgetComments deletes a round's comments made before cutoff, and returns how many it
	// deleted; the responses' answers and the tallies stay.
	ForgetComments(ctx context.Context, round string, cutoff time.Time) (int64, error)
	// SeriesByMonth returns how each question of a round was answered each month, as
	// feedback.Response.SeriesFields names the counters; none is absent. Series are kept
	// apart from the tallies, so reading the tallies never reads them.
	SeriesByMonth(ctx context.Context, round string) (map[string]int64, error)
	// SeriesByDay returns how each question was answered each day of one month ("2026-03").
	// Days are read a month at a time, so a round that runs for years costs no more to
	// split at a day than one that ran for a month.
	SeriesByDay(ctx context.Context, round, month string) (map[string]int64, error)
	// BackfillSeries counts into the round's series the responses kept before series
	// existed, and returns how many it counted. When the series already count every answer
	// the tallies count, it reads nothing more and returns 0. Running it again, or on
	// several instances at once, never counts a response twice.
	BackfillSeries(ctx context.Context, round string) (int64, error)

	// CreateRound keeps a new round; ErrExists if its code is taken.
	CreateRound(ctx context.Context, r feedback.Round) error
	// PutRound replaces a round (to open or close it).
	PutRound(ctx context.Context, r feedback.Round) error
	// GetRound returns the round with this code.
	GetRound(ctx context.Context, code string) (r feedback.Round, found bool, err error)
	// Rounds returns every round, newest first.
	Rounds(ctx context.Context) ([]feedback.Round, error)

	// AddPost publishes a "You said, we did" post.
	AddPost(ctx context.Context, p feedback.Post) error
	// Posts returns every post, newest first.
	Posts(ctx context.Context) ([]feedback.Post, error)
	// DeletePost takes a post down; deleting a missing one is not an error.
	DeletePost(ctx context.Context, id string) error

	// PutUser creates or replaces a participation worker's account.
	PutUser(ctx context.Context, u User) error
	// GetUser returns the account with this (normalised) email.
	GetUser(ctx context.Context, email string) (u User, found bool, err error)
	// Users returns every account, sorted by email.
	Users(ctx context.Context) ([]User, error)
	// PutSession keeps a signed-in session, expiring ttl from now. Only a hash of the id is
	// kept (sessionKey), so a copy of the store signs nobody in.
	PutSession(ctx context.Context, id, email string, ttl time.Duration) error
	// GetSession returns the email a live session belongs to.
	GetSession(ctx context.Context, id string) (email string, found bool, err error)
	// DeleteSession ends a session; ending a missing one is not an error.
	DeleteSession(ctx context.Context, id string) error
	// DeleteUserSessions ends every session of the account with this email (a password
	// reset, a disabled account); an account with none is not an error.
	DeleteUserSessions(ctx context.Context, email string) error

	// Ping reports whether the store answers, for /readyz.
	Ping(ctx context.Context) error
	// Close releases the store; it must not be used afterwards.
	Close() error
}

// User is a participation worker's account. Only workers have accounts.
type User struct {
	Email        string    `json:"email"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"hash"`
	Disabled     bool      `json:"disabled,omitempty"`
	Created      time.Time `json:"created"`
}

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
	kindLocalHelp    = "localhelp"
)

// sessionKey is what a session is kept under: the SHA-256 of its id. The id is 32 random
// bytes, so an unkeyed hash is enough: nobody can go from the key back to the cookie.
func sessionKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:])
}
