package workers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// trends shows each bank question's good answers month by month, across
// one team's rounds: a worker's own team's; an admin picks a team, or
// lands on the team of the round they came from (?round=CODE).
func (w *handler) trends(c echo.Context) error {
	ev, err := w.evidenceScope(c, c.QueryParam("round"))
	if err != nil {
		return err
	}
	if ev.TeamID != "" {
		if ev.Trends, err = w.monthly(c.Request().Context(), ev.Rounds); err != nil {
			return err
		}
	}
	v := w.signedIn(c)
	v.Evidence = ev
	return w.page(c, http.StatusOK, "trends", "Trends", v)
}
