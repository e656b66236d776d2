package workers

import (
	"net/http"
	"time"

	"heard/audit"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// openRound and closeRound start and stop a round taking answers now.
func (w *handler) openRound(c echo.Context) error {
	return w.setRound(c, audit.OpenedRound, (*feedback.Round).OpenNow)
}
func (w *handler) closeRound(c echo.Context) error {
	return w.setRound(c, audit.ClosedRound, (*feedback.Round).CloseNow)
}

func (w *handler) setRound(c echo.Context, what audit.Action, change func(*feedback.Round, time.Time)) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	if round.Code == feedback.Standing {
		return echo.NewHTTPError(http.StatusBadRequest, "The standing round is always open.")
	}
	if err := w.recordRound(c, what, round); err != nil {
		return w.notRecorded(c)
	}
	change(&round, w.now())
	if err := w.store.PutRound(c.Request().Context(), round); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, roundPath(round.Code))
}
