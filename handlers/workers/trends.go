package workers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// trends shows each bank question's good answers month by month, across
// the team's rounds.
func (w *handler) trends(c echo.Context) error {
	ctx := c.Request().Context()
	team, rounds, err := w.teamRounds(ctx, signedInUser(c))
	if err != nil {
		return err
	}
	trends, err := w.monthly(ctx, rounds)
	if err != nil {
		return err
	}
	v := w.signedIn(c)
	v.Evidence = &evidenceView{Team: team, Trends: trends}
	return w.page(c, http.StatusOK, "trends", "Trends", v)
}
