package workers

import (
	"net/http"

	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// takeDown removes a post, for one published by mistake.
func (w *handler) takeDown(c echo.Context) error {
	if err := w.store.DeletePost(c.Request().Context(), c.Param("id")); err != nil {
		return err
	}
	w.postsChanged()
	back := roundPath(feedback.Standing)
	if code := feedback.NormaliseCode(c.Request().PostForm.Get("round")); feedback.ValidCode(code) {
		back = roundPath(code)
	}
	return c.Redirect(http.StatusSeeOther, back+"#posts")
}
