package audit

import (
	"context"
	"errors"
	"time"
)

// Store keeps the trail. Both of Heard's stores implement it; its contract
// is store/storetest's RunAudit.
type Store interface {
	// AddAudit keeps an entry, once it passes Check.
	AddAudit(ctx context.Context, e Entry) error
	// ListAudit returns a page of the entries that match q, newest (last
	// kept) first. It reads at most MaxExamined entries, never the whole
	// trail: a page may hold fewer than q's limit and still have a Next.
	ListAudit(ctx context.Context, q Query) (Page, error)
	// ForgetAudit deletes every entry made before cutoff, and returns how
	// many it deleted.
	ForgetAudit(ctx context.Context, cutoff time.Time) (int64, error)
}

// Query chooses entries: those of a team, of a person (Who), about a round,
// or any mix; an empty field matches every entry.
type Query struct {
	Team, Who, Round string
	// Limit is how many entries a page holds at most: DefaultLimit when 0,
	// and never more than MaxLimit.
	Limit int
	// Before is a page's Next: the entries kept before those it held. Empty
	// for the newest.
	Before string
}

// Page is some entries, newest first, and where the next (older) page
// begins: Next is empty when there are no older entries to look at.
type Page struct {
	Entries []Entry
	Next    string
}

// How many entries a page holds, and how many a store reads to fill one:
// when most entries of the trail it reads fail one of the filters (a person
// in a team they are not in), a page stops there, short, with a Next.
const (
	DefaultLimit = 50
	MaxLimit     = 500
	MaxExamined  = 2000
)

// ErrBadCursor means a Query's Before is no page's Next.
var ErrBadCursor = errors.New("audit: that is not where a page of the trail begins")

// PageSize is how many entries a page of q holds at most.
func (q Query) PageSize() int {
	switch {
	case q.Limit <= 0:
		return DefaultLimit
	case q.Limit > MaxLimit:
		return MaxLimit
	}
	return q.Limit
}

// Matches reports whether e is one of the entries q chooses.
func (q Query) Matches(e Entry) bool {
	return (q.Team == "" || e.Team == q.Team) && (q.Who == "" || e.Who == q.Who) && (q.Round == "" || e.Round == q.Round)
}

// KeepFor is how long entries are kept: two years, then Trail.Forget
// deletes them.
const KeepFor = 2 // years

// Trail records what workers do, and forgets it after KeepFor years.
type Trail struct {
	store Store
	now   func() time.Time
}

// NewTrail keeps the trail in st, telling the time by now.
func NewTrail(st Store, now func() time.Time) *Trail { return &Trail{store: st, now: now} }

// Record keeps e as done now, to the minute.
func (t *Trail) Record(ctx context.Context, e Entry) error {
	e.At = t.now().UTC().Truncate(time.Minute)
	return t.store.AddAudit(ctx, e)
}

// List returns a page of the entries q chooses, newest first.
func (t *Trail) List(ctx context.Context, q Query) (Page, error) { return t.store.ListAudit(ctx, q) }

// Forget deletes the entries older than KeepFor years, and returns how many
// it deleted. The daily retention job calls it; running it twice forgets
// nothing more.
func (t *Trail) Forget(ctx context.Context) (int64, error) {
	return t.store.ForgetAudit(ctx, t.now().AddDate(-KeepFor, 0, 0))
}
