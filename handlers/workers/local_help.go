package workers

import (
	"net/http"
	"time"

	"heard/accounts"
	"heard/localhelp"

	"github.com/labstack/echo/v4"
)

// A team's local services, under /workers/local-help/TEAM: the list with
// what is due for a check, add, change, "I checked it today", remove. A
// worker reaches their own team's only; an admin chooses a team. Another
// team's id, or an entry of another team, is not found, as one that never
// was.

// localHelpView is what the local help pages show.
type localHelpView struct {
	Team    accounts.Team
	Choose  bool // an admin chooses a team of Teams
	Teams   []accounts.Team
	NoTeam  bool // a worker in no team: nothing to list
	Entries []localHelpRow
	Due     int    // how many are hidden, or soon will be
	Done    string // what the last action did, in a sentence
	Form    *localHelpForm
}

// localHelpRow is one of the team's entries, with where it stands.
type localHelpRow struct {
	localhelp.Listed
	Due, Hidden bool // due for a check; hidden from young people until checked
}

// localHelpForm is the add or change form, with what was typed and its problems.
type localHelpForm struct {
	ID       string // the entry changed; "" when adding
	Input    localhelp.Input
	Problems localhelp.Problems
}

// done are the sentences shown after each action, by the name the
// redirect carries.
var done = map[string]string{
	"added":   "Added. Young people see it on your team's rounds' pages, thanks pages and posters.",
	"changed": "Saved, and counted as checked today.",
	"checked": "Thank you: marked as checked today. It shows for another 6 months.",
	"removed": "Removed. Young people no longer see it.",
}

func (w *handler) registerLocalHelp(get func(string, echo.HandlerFunc), post func(string, echo.HandlerFunc, ...echo.MiddlewareFunc) *echo.Route,
	signed, form func(echo.HandlerFunc) echo.HandlerFunc) {
	get("/workers/local-help", signed(w.localHelpTeams))
	get("/workers/local-help/:team", signed(w.localHelpList))
	get("/workers/local-help/:team/new", signed(w.localHelpNew))
	post("/workers/local-help/:team", form(w.localHelpAdd))
	get("/workers/local-help/:team/:id", signed(w.localHelpEdit))
	post("/workers/local-help/:team/:id", form(w.localHelpChange))
	post("/workers/local-help/:team/:id/check", form(w.localHelpCheck))
	post("/workers/local-help/:team/:id/delete", form(w.localHelpRemove))
}

func localHelpPath(team string) string { return "/workers/local-help/" + team }

// localTeam is the team a local help page is about, when the worker may
// see it; otherwise not found.
func (w *handler) localTeam(c echo.Context) (accounts.Team, error) {
	id := c.Param("team")
	if w.local == nil || !accounts.CanSeeTeam(c.Get(workerKey).(accounts.User), id) {
		return accounts.Team{}, echo.ErrNotFound
	}
	team, found, err := w.store.GetTeam(c.Request().Context(), id)
	switch {
	case err != nil:
		return team, err
	case !found:
		return team, echo.ErrNotFound
	}
	return team, nil
}

// localHelpTeams sends a worker to their team's list; an admin chooses a team.
func (w *handler) localHelpTeams(c echo.Context) error {
	if w.local == nil {
		return echo.ErrNotFound
	}
	user := c.Get(workerKey).(accounts.User)
	v := w.signedIn(c)
	v.LocalHelp = &localHelpView{}
	if !accounts.IsAdmin(user) {
		if accounts.CanSeeTeam(user, user.Team) {
			return c.Redirect(http.StatusSeeOther, localHelpPath(user.Team))
		}
		v.LocalHelp.NoTeam = true
		return w.page(c, http.StatusOK, "localhelp", "Local help", v)
	}
	teams, err := w.store.Teams(c.Request().Context())
	if err != nil {
		return err
	}
	v.LocalHelp.Choose, v.LocalHelp.Teams = true, teams
	return w.page(c, http.StatusOK, "localhelp", "Local help: choose a team", v)
}

// localHelpList is the team's local services, each with where it stands.
func (w *handler) localHelpList(c echo.Context) error {
	team, err := w.localTeam(c)
	if err != nil {
		return err
	}
	entries, err := w.localHelp.ForTeam(c.Request().Context(), team.ID)
	if err != nil {
		return err
	}
	v := w.signedIn(c)
	v.LocalHelp = &localHelpView{Team: team, Done: done[c.QueryParam("done")]}
	for _, e := range entries {
		row := localHelpRow{Listed: e, Due: e.Freshness == localhelp.Due, Hidden: e.Freshness == localhelp.Hidden}
		if row.Due || row.Hidden {
			v.LocalHelp.Due++
		}
		v.LocalHelp.Entries = append(v.LocalHelp.Entries, row)
	}
	return w.page(c, http.StatusOK, "localhelp", "Local help: "+team.Name, v)
}

// localHelpForm shows the add or change form, with problems beside the
// fields they are about and everything typed kept.
func (w *handler) localHelpFormPage(c echo.Context, status int, team accounts.Team, form *localHelpForm) error {
	v := w.signedIn(c)
	v.LocalHelp = &localHelpView{Team: team, Form: form}
	title := "Add a local service"
	if form.ID != "" {
		title = "Change a local service"
	}
	if len(form.Problems) > 0 {
		v.Problem = "Something needs fixing. Look for the notes below. Nothing was saved yet."
	}
	return w.page(c, status, "localhelp", title, v)
}

// localHelpInput reads the add or change form.
func localHelpInput(c echo.Context) localhelp.Input {
	f := c.Request().PostForm
	return localhelp.Input{Name: f.Get("name"), Phone: f.Get("phone"), Web: f.Get("web"), Hours: f.Get("hours")}
}

// ukDay is a day as workers read it: 14 March 2026.
func ukDay(day time.Time) string { return day.Format("2 January 2006") }
