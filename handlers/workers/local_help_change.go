package workers

import (
	"errors"
	"net/http"

	"heard/accounts"
	"heard/localhelp"

	"github.com/labstack/echo/v4"
)

// localHelpEdit is the form to change a local service, filled in.
func (w *handler) localHelpEdit(c echo.Context) error {
	team, err := w.localTeam(c)
	if err != nil {
		return err
	}
	e, err := w.localHelp.Get(c.Request().Context(), team.ID, c.Param("id"))
	if errors.Is(err, localhelp.ErrNotFound) {
		return echo.ErrNotFound
	} else if err != nil {
		return err
	}
	return w.localHelpFormPage(c, http.StatusOK, team, &localHelpForm{ID: e.ID,
		Input: localhelp.Input{Name: e.Name, Phone: e.Phone, Web: e.Web, Hours: e.Hours}})
}

// localHelpChange keeps a local service's new details. The worker has just
// written them, so it counts as a check.
func (w *handler) localHelpChange(c echo.Context) error {
	team, err := w.localTeam(c)
	if err != nil {
		return err
	}
	in := localHelpInput(c)
	user := c.Get(workerKey).(accounts.User)
	_, problems, err := w.localHelp.Change(c.Request().Context(), team.ID, c.Param("id"), user.Email, in)
	switch {
	case errors.Is(err, localhelp.ErrNotFound):
		return echo.ErrNotFound
	case errors.Is(err, errNotRecorded):
		return w.notRecorded(c)
	case err != nil:
		return err
	case len(problems) > 0:
		return w.localHelpFormPage(c, http.StatusUnprocessableEntity, team, &localHelpForm{ID: c.Param("id"), Input: in, Problems: problems})
	}
	return c.Redirect(http.StatusSeeOther, localHelpPath(team.ID)+"?done=changed")
}
