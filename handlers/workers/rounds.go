package workers

import (
	"net/http"

	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// roundRow is one line of the workers' list of rounds.
type roundRow struct {
	Round feedback.Round
	State string
	Total int64
}

// home lists the rounds, the standing one first, with how many answered.
func (w *handler) home(c echo.Context) error {
	ctx := c.Request().Context()
	rounds, err := w.store.Rounds(ctx)
	if err != nil {
		return err
	}
	now := w.now()
	rows := []roundRow{{Round: feedback.StandingRound(w.bank), State: feedback.Open}}
	for _, r := range rounds {
		rows = append(rows, roundRow{Round: r, State: r.State(now)})
	}
	for i := range rows {
		tallies, err := w.store.Tallies(ctx, rows[i].Round.Code)
		if err != nil {
			return err
		}
		rows[i].Total = tallies["total"]
	}
	v := w.signedIn(c)
	v.Rounds = rows
	return w.page(c, http.StatusOK, "workers", "Rounds", v)
}
