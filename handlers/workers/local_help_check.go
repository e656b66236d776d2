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
	_, err = w.local.Service.Recheck(c.Request().Context(), team.ID, c.Param("id"), user.Email)
	if errors.Is(err, localhelp.ErrNotFound) {
		return echo.ErrNotFound
	} else if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, localHelpPath(team.ID)+"?done=checked")
}
