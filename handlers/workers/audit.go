package workers

import (
	"context"
	"errors"
	"net/http"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// What the workers' side writes in the audit trail, and when.
//
// Every action is written before it is done, once what was sent has been
// checked: a sign-in, seeing a round's comments, an export, a poster or a
// report, creating, opening or closing a round, publishing or taking down a
// post. If the trail cannot take the entry, the action is refused with a
// kind 503 and nothing is shown, sent or changed. So are the admins' pages:
// adding a team, inviting, disabling, enabling, unlocking, moving an account
// or making its reset link; and a one-time link, used by the worker it was
// made for: knowing who took young
// people's words away matters more than the export. The other way round is
// possible only when the store fails between the two: an entry for an
// action that then failed.

// viewedEvery is how often seeing one round's comments is written, per
// worker: the results page is reloaded all day (each post published comes
// back to it), and an entry per view would bury the exports among views.
// "Who read these comments, and when, to the hour" is what an admin asks.
const viewedEvery = time.Hour

// trailShown is how many of a round's exports its page shows, newest
// first, from the roundTrailRead newest entries about the round.
const (
	trailShown     = 5
	roundTrailRead = 200
)

// taken are the actions that take a round's answers away from Heard: its
// page shows who did them.
var taken = map[audit.Action]bool{audit.ExportedCSV: true, audit.ExportedJSON: true, audit.PrintedReport: true}

// trailLine is one line of "exported by … on …" on a round's page.
type trailLine struct {
	Who, Words string
	LocalHelp  string    // the local service's name, for a change to local help
	At         time.Time // in the UK's time
}

// teamOfRound is the team a round's entries belong to: the standing round
// is the admins'.
func teamOfRound(round feedback.Round) string {
	if round.Code == feedback.Standing {
		return accounts.Admins
	}
	return round.Team
}

// record writes e, or says why it could not (in the log, without who).
func (w *handler) record(ctx context.Context, e audit.Entry) error {
	err := w.trail.Record(ctx, e)
	if err != nil {
		w.log.Error("audit: an action was refused, as the trail did not take it", "action", e.What.String(), "err", err.Error())
	}
	return err
}

// recordRound writes what the signed-in worker does to round.
func (w *handler) recordRound(c echo.Context, what audit.Action, round feedback.Round) error {
	user := c.Get(workerKey).(accounts.User)
	return w.record(c.Request().Context(), audit.Entry{Who: user.Email, What: what, Round: round.Code, Team: teamOfRound(round)})
}

// recordAccount writes what the signed-in admin does to the account with
// email, in team (the account's, or the one it moves to).
func (w *handler) recordAccount(c echo.Context, what audit.Action, email, team string) error {
	user := c.Get(workerKey).(accounts.User)
	return w.record(c.Request().Context(), audit.Entry{Who: user.Email, What: what, Account: email, Team: team})
}

// recordSignIn writes that user signed in (what: SignedIn, or
// SignedInWithRecoveryCode).
func (w *handler) recordSignIn(ctx context.Context, what audit.Action, user accounts.User) error {
	return w.record(ctx, audit.Entry{Who: user.Email, What: what, Team: user.Team})
}

// recordFor is the record an accounts change makes before it is kept: e,
// and errNotRecorded when the trail does not take it, so nothing is kept.
func (w *handler) recordFor(ctx context.Context, e audit.Entry) func() error {
	return func() error {
		if err := w.record(ctx, e); err != nil {
			return errNotRecorded
		}
		return nil
	}
}

// notRecorded is the answer when the trail did not take an action's entry.
func (w *handler) notRecorded(c echo.Context) error {
	v := w.signedIn(c)
	v.Problem = "Heard could not write this down in its record of who did what, so it was not done. Nothing was changed. Please try again in a minute."
	return w.page(c, http.StatusServiceUnavailable, "workers", "Not done", v)
}

// roundTrail writes that the worker saw round's comments (unless they did
// within viewedEvery), and returns the latest exports of it by its team
// and admins, for its page.
func (w *handler) roundTrail(c echo.Context, round feedback.Round, sawComments bool) ([]trailLine, error) {
	ctx := c.Request().Context()
	user := c.Get(workerKey).(accounts.User)
	team := teamOfRound(round)
	page, err := w.trail.List(ctx, audit.Query{Round: round.Code, Limit: roundTrailRead})
	if err != nil {
		return nil, err
	}
	since := w.now().UTC().Truncate(time.Minute).Add(-viewedEvery)
	seen := false
	var lines []trailLine
	for _, e := range page.Entries {
		if e.What == audit.ViewedComments && e.Who == user.Email && e.At.After(since) {
			seen = true
		}
		if taken[e.What] && e.Team == team && len(lines) < trailShown {
			lines = append(lines, trailLine{Who: e.Who, Words: e.What.Words(), At: e.At.In(feedback.UK)})
		}
	}
	if sawComments && !seen {
		if err := w.recordRound(c, audit.ViewedComments, round); err != nil {
			return nil, errNotRecorded
		}
	}
	return lines, nil
}

// errNotRecorded is returned by what writes the trail for a page or a
// change (recordFor), which then answers with notRecorded.
var errNotRecorded = errors.New("the audit trail did not take the entry")

// localHelpTrail is the latest changes to the local help of round's team,
// for its page: none for the admins' rounds, which have no local help.
func (w *handler) localHelpTrail(ctx context.Context, round feedback.Round) ([]trailLine, error) {
	team := teamOfRound(round)
	if w.localHelp == nil || team == "" || team == accounts.Admins {
		return nil, nil
	}
	page, err := w.trail.List(ctx, audit.Query{Team: team, Limit: roundTrailRead})
	if err != nil {
		return nil, err
	}
	var lines []trailLine
	for _, e := range page.Entries {
		if isLocalHelp(e.What) && len(lines) < trailShown {
			lines = append(lines, trailLine{Who: e.Who, Words: e.What.Words(), LocalHelp: e.LocalHelp, At: e.At.In(feedback.UK)})
		}
	}
	return lines, nil
}
