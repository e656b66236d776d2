package workers

import (
	"net/http"
	"slices"

	"heard/accounts"
	"heard/audit"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// takeDown removes a post, for one published by mistake. A post the worker
// may not see (another team's) is not found, as one that never was.
func (w *handler) takeDown(c echo.Context) error {
	ctx := c.Request().Context()
	posts, err := w.store.Posts(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(posts, func(p feedback.Post) bool { return p.ID == c.Param("id") })
	if i < 0 || !accounts.CanSeePost(signedInUser(c), posts[i]) {
		return echo.ErrNotFound
	}
	round := feedback.Round{Code: posts[i].Round, Team: posts[i].Team}
	if err := w.recordRound(c, audit.TookDownPost, round); err != nil {
		return w.notRecorded(c)
	}
	if err := w.store.DeletePost(ctx, posts[i].ID); err != nil {
		return err
	}
	w.postsChanged()
	return c.Redirect(http.StatusSeeOther, roundPath(posts[i].Round)+"#posts")
}
