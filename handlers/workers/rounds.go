package workers

import (
	"net/http"

	"heard/accounts"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// roundRow is one line of the workers' list of rounds.
type roundRow struct {
	Round feedback.Round
	Team  string // whose round it is, on an admin's list
	State string
	Total int64
}

// home lists the rounds a worker may see, with how many answered: their
// team's, newest first; for an admin, the standing round and then every
// team's, each labelled with its team.
func (w *handler) home(c echo.Context) error {
	ctx := c.Request().Context()
	user := signedInUser(c)
	team, rounds, err := w.teamRounds(ctx, user)
	if err != nil {
		return err
	}
	names := map[string]string{}
	if accounts.IsAdmin(user) {
		if names, err = w.teamNames(ctx); err != nil {
			return err
		}
	}
	now := w.now()
	rows := make([]roundRow, 0, len(rounds))
	for _, r := range rounds {
		tallies, err := w.store.Tallies(ctx, r.Code)
		if err != nil {
			return err
		}
		rows = append(rows, roundRow{Round: r, Team: names[r.Team], State: r.State(now), Total: tallies["total"]})
	}
	v := w.signedIn(c)
	v.Rounds, v.Team, v.Home = rows, team, true
	return w.page(c, http.StatusOK, "workers", "Rounds", v)
}
