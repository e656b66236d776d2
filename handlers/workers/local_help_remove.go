package workers

import (
	"errors"
	"net/http"

	"heard/localhelp"

	"github.com/labstack/echo/v4"
)

// localHelpRemove takes a local service off the team's list.
func (w *handler) localHelpRemove(c echo.Context) error {
	team, err := w.localTeam(c)
	if err != nil {
		return err
	}
	err = w.local.Service.Remove(c.Request().Context(), team.ID, c.Param("id"))
	if errors.Is(err, localhelp.ErrNotFound) {
		return echo.ErrNotFound
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localHelpPath(team.ID)+"?done=removed")
}
