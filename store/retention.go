package store

import (
	"context"
	"errors"
	"time"

	"heard/feedback"
)

// DefaultCommentMonths is how long young people's comments are kept: a
// year of rounds plus a month to report on the last of them.
const DefaultCommentMonths = 13

// ForgetOldComments deletes, in every round, the comments made before
// cutoff. Answers and tallies stay: they name no one. Every instance may
// run it; running it twice forgets nothing more.
func ForgetOldComments(ctx context.Context, s Feedback, cutoff time.Time) (int64, error) {
	rounds, err := s.Rounds(ctx)
	if err != nil {
		return 0, err
	}
	codes := []string{feedback.Standing}
	for _, r := range rounds {
		codes = append(codes, r.Code)
	}
	var total int64
	var errs []error
	for _, code := range codes {
		n, err := s.ForgetComments(ctx, code, cutoff)
		total += n
		errs = append(errs, err)
	}
	return total, errors.Join(errs...)
}
