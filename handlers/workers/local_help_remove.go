package workers

import (
	"errors"
	"net/http"

	"heard/accounts"
	"heard/localhelp"

	"github.com/labstack/echo/v4"
)

// localHelpRemove takes a local service off the team's list.
func (w *handler) localHelpRemove(c echo.Context) error {
	team, err := w.localTeam(c)
	if err != nil {
		return err
	}
	user := c.Get(workerKey).(accounts.User)
	err = w.localHelp.Remove(c.Request().Context(), team.ID, c.Param("id"), user.Email)
	switch {
	case errors.Is(err, localhelp.ErrNotFound):
		return echo.ErrNotFound
	case errors.Is(err, errNotRecorded):
		return w.notRecorded(c)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, localHelpPath(team.ID)+"?done=removed")
}
