package workers

import (
	"heard/audit"
	"heard/feedback"
	"heard/locales"

	"github.com/labstack/echo/v4"
)

// exportJSON gives a round's results (not single responses) as JSON:
// hidden cells carry no number.
func (w *handler) exportJSON(c echo.Context) error {
	round, err := w.findRound(c)
	if err != nil {
		return err
	}
	tallies, err := w.store.Tallies(c.Request().Context(), round.Code)
	if err != nil {
		return err
	}
	if err := w.recordRound(c, audit.ExportedJSON, round); err != nil {
		return w.notRecorded(c)
	}
	download(c, "application/json; charset=utf-8", "heard-"+round.Code+".json")
	return feedback.WriteJSON(c.Response(), feedback.BuildResults(round.Form(w.bank), round.Code, locales.Default, tallies))
}
