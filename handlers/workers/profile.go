package workers

import (
	"net/http"

	"heard/accounts"
	"heard/feedback"
	"heard/locales"

	"github.com/labstack/echo/v4"
)

// profile sets every team's results side by side, by service and by area,
// suppressed as each round's page is.
// Only admins see it; to a worker it is not there.
func (w *handler) profile(c echo.Context) error {
	if !accounts.IsAdmin(signedInUser(c)) {
		return echo.ErrNotFound
	}
	ctx := c.Request().Context()
	every, err := w.everyTeam(ctx)
	if err != nil {
		return err
	}
	teams := make([]feedback.TeamResults, 0, len(every))
	for _, t := range every {
		team := feedback.TeamResults{Team: t.Name}
		for _, r := range t.Rounds {
			tallies, err := w.store.Tallies(ctx, r.Code)
			if err != nil {
				return err
			}
			team.Rounds = append(team.Rounds, feedback.BuildResults(r.Form(w.bank), r.Code, locales.Default, tallies))
		}
		teams = append(teams, team)
	}
	p := feedback.BuildProfile(w.bank.Questions, teams)
	v := w.signedIn(c)
	v.Evidence = &evidenceView{Profile: &p}
	return w.page(c, http.StatusOK, "profile", "Problem profile", v)
}
