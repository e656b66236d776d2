package workers

import (
	"errors"
	"net/http"

	"heard/accounts"

	"github.com/labstack/echo/v4"
)

// teamsView is the admins' list of teams, with the form to add one.
type teamsView struct {
	Rows    []teamRow
	Name    string // what was typed, kept on a problem
	Problem string
}

type teamRow struct {
	Team    accounts.Team
	Members int
}

func (w *handler) teamsPage(c echo.Context) error {
	return w.showTeams(c, http.StatusOK, &teamsView{})
}

func (w *handler) showTeams(c echo.Context, status int, tv *teamsView) error {
	ctx := c.Request().Context()
	teams, err := w.store.Teams(ctx)
	if err != nil {
		return err
	}
	users, err := w.store.Users(ctx)
	if err != nil {
		return err
	}
	members := map[string]int{}
	for _, u := range users {
		members[u.Team]++
	}
	for _, t := range teams {
		tv.Rows = append(tv.Rows, teamRow{Team: t, Members: members[t.ID]})
	}
	v := w.signedIn(c)
	v.Teams = tv
	return w.page(c, status, "admin", "Teams", v)
}

// addTeam makes a team from the form's name.
func (w *handler) addTeam(c echo.Context) error {
	name := c.Request().PostForm.Get("name")
	_, err := accounts.AddTeam(c.Request().Context(), w.store, name, w.now())
	switch {
	case errors.Is(err, accounts.ErrBadTeamName):
		return w.showTeams(c, http.StatusUnprocessableEntity, &teamsView{Name: name,
			Problem: "A team's name needs 1 to 60 letters, digits, spaces or punctuation."})
	case errors.Is(err, accounts.ErrTeamNameTaken):
		return w.showTeams(c, http.StatusConflict, &teamsView{Name: name,
			Problem: "There is already a team with that name. Pick another name."})
	case err != nil:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/workers/teams")
}
