package workers

import (
	"errors"
	"net/http"

	"heard/accounts"
	"heard/localhelp"

	"github.com/labstack/echo/v4"
)

// localHelpCheck records that the worker checked a local service today,
// unchanged: it shows for another six months.
func (w *handler) localHelpCheck(c echo.Context) error {
	team, err := w.localTeam(c)
	if err != nil {
		return err
	}
	user := c.Get(workerKey).(accounts.User)
	_, err = w.localHelp.Recheck(c.Request().Context(), team.ID, c.Param("id"), user.Email)
	switch {
	case errors.Is(err, localhelp.ErrNotFound):
		return echo.ErrNotFound
	case errors.Is(err, errNotRecorded):
		return w.notRecorded(c)
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, localHelpPath(team.ID)+"?done=checked")
}
