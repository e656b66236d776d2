package feedback

import (
	"context"
	"time"
)

// ResponseStore keeps young people's responses and the counts made from
// them. Both of Heard's stores implement it; the feedback form and the SMS
// service write to it, the workers' pages read it.
type ResponseStore interface {
	// SaveResponse keeps one response and adds it to its round's tallies,
	// in one transaction: results read from the tallies never disagree with
	// the responses. A response that comes with an ID is kept once: saving
	// the same ID again within a few hours (store.SameResponseFor) does
	// nothing and succeeds, so a form sent twice, or sent again after an
	// error that hid whether it was kept, counts once.
	SaveResponse(ctx context.Context, r Response) error
	// Tallies returns a round's counters (see Response.TallyFields); none
	// is absent.
	Tallies(ctx context.Context, round string) (map[string]int64, error)
	// EachResponse calls fn with each of a round's responses, oldest first,
	// with its comment while the comment is kept. It reads in pages, never
	// the whole round at once, and stops at fn's first error.
	EachResponse(ctx context.Context, round string, fn func(Response) error) error
	// Comments returns up to limit of a round's responses that carry a
	// comment, newest first, without reading the rest: a round may hold a
	// million responses.
	Comments(ctx context.Context, round string, limit int) ([]Response, error)
	// ForgetComments deletes a round's comments made before cutoff, and
	// returns how many it deleted; the responses' answers and the tallies
	// stay.
	ForgetComments(ctx context.Context, round string, cutoff time.Time) (int64, error)
	// SeriesByMonth returns how each question of a round was answered each
	// month, as Response.SeriesFields names the counters; none is absent.
	// Series are kept apart from the tallies, so reading the tallies never
	// reads them.
	SeriesByMonth(ctx context.Context, round string) (map[string]int64, error)
	// SeriesByDay returns how each question was answered each day of one
	// month ("2026-03"). Days are read a month at a time, so a round that
	// runs for years costs no more to split at a day than one that ran for
	// a month.
	SeriesByDay(ctx context.Context, round, month string) (map[string]int64, error)
	// BackfillSeries counts into the round's series the responses kept
	// before series existed, and returns how many it counted. When the
	// series already count every answer the tallies count, it reads nothing
	// more and returns 0. Running it again, or on several instances at
	// once, never counts a response twice.
	BackfillSeries(ctx context.Context, round string) (int64, error)
}

// RoundStore keeps the rounds workers run and their "You said, we did"
// posts. Both of Heard's stores implement it.
type RoundStore interface {
	// CreateRound keeps a new round; store.ErrExists if its code is taken.
	CreateRound(ctx context.Context, r Round) error
	// PutRound replaces a round (to open or close it).
	PutRound(ctx context.Context, r Round) error
	// GetRound returns the round with this code.
	GetRound(ctx context.Context, code string) (r Round, found bool, err error)
	// Rounds returns every round, newest first.
	Rounds(ctx context.Context) ([]Round, error)
	// AddPost publishes a post; store.ErrExists if its id is taken.
	AddPost(ctx context.Context, p Post) error
	// Posts returns every post, newest first.
	Posts(ctx context.Context) ([]Post, error)
	// DeletePost takes a post down; deleting a missing one is not an error.
	DeletePost(ctx context.Context, id string) error
}
