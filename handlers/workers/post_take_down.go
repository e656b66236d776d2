package workers

import (
	"net/http"
	"slices"

	"heard/audit"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// takeDown removes a post, for one published by mistake.
func (w *handler) takeDown(c echo.Context) error {
	ctx := c.Request().Context()
	posts, err := w.store.Posts(ctx)
	if err != nil {
		return err
	}
	if i := slices.IndexFunc(posts, func(p feedback.Post) bool { return p.ID == c.Param("id") }); i >= 0 {
		round := feedback.Round{Code: posts[i].Round, Team: posts[i].Team}
		if err := w.recordRound(c, audit.TookDownPost, round); err != nil {
			return w.notRecorded(c)
		}
		if err := w.store.DeletePost(ctx, posts[i].ID); err != nil {
			return err
		}
		w.postsChanged()
	}
	back := roundPath(feedback.Standing)
	if code := feedback.NormaliseCode(c.Request().PostForm.Get("round")); feedback.ValidCode(code) {
		back = roundPath(code)
	}
	return c.Redirect(http.StatusSeeOther, back+"#posts")
}
