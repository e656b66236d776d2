package workers

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sort"

	"heard/feedback"
	"heard/locales"

	"github.com/labstack/echo/v4"
)

// roundView is one round's page: its results, its posts, what can be done.
type roundView struct {
	Round     feedback.Round
	Standing  bool
	State     string
	Posts     []feedback.Post
	Languages []locales.Language
	Said, Did map[string]string // a post being written, kept on a problem
}

// A round is found by its code; the standing round by its name. One the
// worker may not see is not found (team.go).
func (w *handler) findRound(c echo.Context) (feedback.Round, error) {
	code := c.Param("code")
	if code == feedback.Standing {
		return visibleRound(signedInUser(c), w.standing(), true)
	}
	r, found, err := w.store.GetRound(c.Request().Context(), feedback.NormaliseCode(code))
	if err != nil {
		return r, err
	}
	return visibleRound(signedInUser(c), r, found)
}

func roundPath(code string) string { return workersHome + "rounds/" + code }

// roundPage shows a round's results: every question's answers, channels,
// languages, weeks, breakdowns with small numbers hidden, the comments with
// safety flags first, and its "You said, we did" posts.
func (w *handler) roundPage(c echo.Context) error {
	round, results, posts, err := w.roundResults(c)
	if err != nil {
		return err
	}
	comments, err := w.store.Comments(c.Request().Context(), round.Code, commentsShown)
	if err != nil {
		return err
	}
	// Newest first, as stored; those that sound unsafe lead.
	sort.SliceStable(comments, func(i, j int) bool { return comments[i].Flag != "" && comments[j].Flag == "" })
	trail, err := w.roundTrail(c, round, len(comments) > 0)
	if errors.Is(err, errNotRecorded) {
		return w.notRecorded(c)
	} else if err != nil {
		return err
	}
	local, err := w.localHelpTrail(c.Request().Context(), round)
	if err != nil {
		return err
	}
	v := w.signedIn(c)
	v.Results, v.Comments, v.Trail, v.LocalTrail = &results, comments, trail, local
	for _, cm := range comments {
		if cm.Flag != "" {
			v.Flagged++
		}
	}
	v.Round = &roundView{Round: round, Standing: round.Code == feedback.Standing, State: round.State(w.now()), Posts: posts,
		Languages: locales.All, Said: map[string]string{}, Did: map[string]string{}}
	return w.page(c, http.StatusOK, "round", round.Title, v)
}

// roundResults reads the round a page is about, its results and its posts.
func (w *handler) roundResults(c echo.Context) (feedback.Round, feedback.Results, []feedback.Post, error) {
	round, err := w.findRound(c)
	if err != nil {
		return round, feedback.Results{}, nil, err
	}
	ctx := c.Request().Context()
	tallies, err := w.store.Tallies(ctx, round.Code)
	if err != nil {
		return round, feedback.Results{}, nil, err
	}
	posts, err := w.roundPosts(ctx, round.Code)
	return round, feedback.BuildResults(round.Form(w.bank), round.Code, locales.Default, tallies), posts, err
}

func (w *handler) roundPosts(ctx context.Context, code string) ([]feedback.Post, error) {
	all, err := w.store.Posts(ctx)
	return slices.DeleteFunc(all, func(p feedback.Post) bool { return p.Round != code }), err
}
