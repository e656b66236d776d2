package workers

import (
	"context"
	"errors"
	"net/http"
	"time"

	"heard/accounts"
	"heard/audit"

	"github.com/labstack/echo/v4"
)

// An admin makes a second factor required for a team's workers, or no
// longer required. Admins always need one. A worker of the team already
// signed in is sent to set one up at their next page.

func (w *handler) teamRulePage(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	team, found, err := w.store.GetTeam(ctx, c.Param("id"))
	if err != nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	if !found {
		return echo.ErrNotFound
	}
	v := w.signedIn(c)
	v.Factor = &factorView{Step: "team", Team: team}
	return w.page(c, http.StatusOK, "factor", "Second factor: "+team.Name, v)
}

func (w *handler) setTeamRule(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 5*time.Second)
	defer cancel()
	required := c.Request().PostForm.Get("required") == "yes"
	if _, found, err := w.store.GetTeam(ctx, c.Param("id")); err != nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	} else if !found {
		return echo.ErrNotFound
	}
	admin := c.Get(workerKey).(accounts.User)
	if err := w.record(ctx, audit.Entry{Who: admin.Email, What: audit.ChangedTeamTwoFactorRule, Team: c.Param("id")}); err != nil {
		return w.notRecorded(c)
	}
	err := w.store.SetTeamTwoFactor(ctx, c.Param("id"), required)
	if errors.Is(err, accounts.ErrNoTeam) {
		return echo.ErrNotFound
	}
	v := w.signedIn(c)
	if err != nil {
		team, _, _ := w.store.GetTeam(ctx, c.Param("id"))
		v.Problem = "Nothing was changed: Heard cannot reach its store just now. Please try again in a few minutes."
		v.Factor = &factorView{Step: "team", Team: team}
		return w.page(c, http.StatusServiceUnavailable, "factor", "Second factor: "+team.Name, v)
	}
	team, _, err := w.store.GetTeam(ctx, c.Param("id"))
	if err != nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable)
	}
	v.Factor = &factorView{Step: "team", Team: team, Done: "Saved. Workers in this team no longer need a second factor (admins still do)."}
	if team.RequireTwoFactor {
		v.Factor.Done = "Saved. Everyone in this team needs a second factor now. Anyone without one sets it up before they see anything else."
	}
	return w.page(c, http.StatusOK, "factor", "Second factor: "+team.Name, v)
}
