package workers

import (
	"errors"
	"net/http"

	"heard/accounts"

	"github.com/labstack/echo/v4"
)

// localHelpNew is the form to add a local service.
func (w *handler) localHelpNew(c echo.Context) error {
	team, err := w.localTeam(c)
	if err != nil {
		return err
	}
	return w.localHelpFormPage(c, http.StatusOK, team, &localHelpForm{})
}

// localHelpAdd keeps a new local service, checked by this worker today.
func (w *handler) localHelpAdd(c echo.Context) error {
	team, err := w.localTeam(c)
	if err != nil {
		return err
	}
	in := localHelpInput(c)
	user := c.Get(workerKey).(accounts.User)
	_, problems, err := w.localHelp.Add(c.Request().Context(), team.ID, user.Email, in)
	switch {
	case errors.Is(err, errNotRecorded):
		return w.notRecorded(c)
	case err != nil:
		return err
	case len(problems) > 0:
		return w.localHelpFormPage(c, http.StatusUnprocessableEntity, team, &localHelpForm{Input: in, Problems: problems})
	}
	return c.Redirect(http.StatusSeeOther, localHelpPath(team.ID)+"?done=added")
}
