package workers

import (
	"net/http"
	"slices"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// reportView maps a round's results to the seven principles.
type reportView struct {
	Round      feedback.Round
	Principles []principleReport
	Posts      int
	Printed    time.Time
}

type principleReport struct {
	feedback.Principle
	Questions []feedback.QuestionResult
}

// report is a printable summary of a round, principle by principle.
func (w *handler) report(c echo.Context) error {
	round, results, posts, err := w.roundResults(c)
	if err != nil {
		return err
	}
	rv := &reportView{Round: round, Posts: len(posts), Printed: w.now()}
	for _, p := range feedback.Principles {
		pr := principleReport{Principle: p}
		for _, q := range results.Questions {
			if q.Principle == p.Number {
				pr.Questions = append(pr.Questions, q)
			}
		}
		rv.Principles = append(rv.Principles, pr)
	}
	ev, ok, err := w.reportEvidence(c, round, posts)
	if err != nil {
		return err
	}
	if !ok {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	if err := w.recordRound(c, audit.PrintedReport, round); err != nil {
		return w.notRecorded(c)
	}
	v := w.signedIn(c)
	v.Results, v.Report, v.Evidence = &results, rv, ev
	return w.page(c, http.StatusOK, "report", "Report: "+round.Title, v)
}

// reportEvidence is what a round's report adds: a comparison, when the
// report asks for one (?before=CODE, or ?post=ID) or the round has a post
// to split at (its first), and the round's months, when it has two or
// more. ok is false when the report asked for a comparison it cannot make.
func (w *handler) reportEvidence(c echo.Context, round feedback.Round, posts []feedback.Post) (ev *evidenceView, ok bool, err error) {
	ctx := c.Request().Context()
	rounds, err := w.roundsOf(ctx, ownerOf(round)) // compared only with a round of its own team
	if err != nil {
		return nil, false, err
	}
	rounds = accounts.RoundsFor(signedInUser(c), rounds)
	ev = &evidenceView{}
	q := c.QueryParams()
	switch {
	case q.Has("before"):
		before, found := choose(rounds, q.Get("before"))
		if !found || before.Code == round.Code {
			return nil, false, nil
		}
		ev.Comparison, err = w.compareRounds(ctx, before, round)
	case q.Has("post"):
		i := slices.IndexFunc(posts, func(p feedback.Post) bool { return p.ID == q.Get("post") })
		if i < 0 {
			return nil, false, nil
		}
		ev.Comparison, err = w.splitAtPost(ctx, round, posts[i])
	case len(posts) > 0:
		first := slices.MinFunc(posts, func(a, b feedback.Post) int { return a.Published.Compare(b.Published) })
		ev.Comparison, err = w.splitAtPost(ctx, round, first)
	}
	if err != nil {
		return nil, false, err
	}
	if ev.Trends, err = w.monthly(ctx, []feedback.Round{round}); err != nil {
		return nil, false, err
	}
	if len(ev.Trends) > 0 && len(ev.Trends[0].Months) < 2 {
		ev.Trends = nil
	}
	return ev, true, nil
}
