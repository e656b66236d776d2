package workers

import (
	"context"
	"slices"

	"heard/accounts"
	"heard/feedback"

	"github.com/labstack/echo/v4"
)

// Whose rounds a worker sees. A worker sees, exports, prints and changes
// only their own team's rounds and posts; an admin sees every team's and
// the standing round, which belongs to Admins. Every route asks
// accounts.CanSeeRound or CanSeePost and answers "no" with the same
// not-found page as a round that never existed, so another team's round
// gives no hint that it is there.

// allRounds names what an admin chooses from: every team's rounds.
const allRounds = "All rounds"

// adminsName is how pages name what belongs to Admins.
const adminsName = "Admins"

// signedInUser is the account of the request, as read at this request.
func signedInUser(c echo.Context) accounts.User { return c.Get(workerKey).(accounts.User) }

// standing is the standing round, the admins'.
func (w *handler) standing() feedback.Round {
	r := feedback.StandingRound(w.bank)
	r.Team = accounts.Admins
	return r
}

// teamRounds are the rounds u may compare, and take trends across, with
// the name of whose they are: a worker's team's, newest first; for an
// admin, the standing round and then every team's.
func (w *handler) teamRounds(ctx context.Context, u accounts.User) (string, []feedback.Round, error) {
	if accounts.IsAdmin(u) {
		rounds, err := w.store.Rounds(ctx)
		return allRounds, append([]feedback.Round{w.standing()}, rounds...), err
	}
	team, found, err := w.store.GetTeam(ctx, u.Team)
	if err != nil || !found || !accounts.CanSeeTeam(u, team.ID) {
		return "", nil, err
	}
	rounds, err := w.store.RoundsOfTeam(ctx, team.ID)
	return team.Name, accounts.RoundsFor(u, rounds), err
}

// ownerOf is the team a round belongs to for choosing rounds to set side
// by side: the standing round and rounds of no team are the admins'.
func ownerOf(r feedback.Round) string {
	if r.Code == feedback.Standing || r.Team == "" {
		return accounts.Admins
	}
	return r.Team
}

// roundsOf are one team's rounds, newest first: for Admins, the standing
// round and then the rounds of Admins or of no team.
func (w *handler) roundsOf(ctx context.Context, team string) ([]feedback.Round, error) {
	if team != accounts.Admins {
		return w.store.RoundsOfTeam(ctx, team)
	}
	rounds, err := w.store.Rounds(ctx)
	rounds = slices.DeleteFunc(rounds, func(r feedback.Round) bool { return ownerOf(r) != accounts.Admins })
	return append([]feedback.Round{w.standing()}, rounds...), err
}

// evidenceScope is whose rounds the compare and trends pages set side by
// side: always one team's, so no page mixes two teams' rounds. A worker's
// is their own team's, and asking for another team is not found. An admin
// picks a team (?team=ID), or lands on the team of the round they came
// from (landing, a round's code); with neither, the view has no rounds and
// lists the teams to pick from.
func (w *handler) evidenceScope(c echo.Context, landing string) (*evidenceView, error) {
	ctx := c.Request().Context()
	user := signedInUser(c)
	asked := c.QueryParam("team")
	if !accounts.IsAdmin(user) {
		if asked != "" && !accounts.CanSeeTeam(user, asked) {
			return nil, echo.ErrNotFound
		}
		name, rounds, err := w.teamRounds(ctx, user)
		return &evidenceView{Team: name, TeamID: user.Team, Rounds: rounds}, err
	}
	if asked == "" && landing != "" {
		if landing == feedback.Standing {
			asked = accounts.Admins
		} else if code := feedback.NormaliseCode(landing); feedback.ValidCode(code) {
			r, found, err := w.store.GetRound(ctx, code)
			if err != nil {
				return nil, err
			}
			if found {
				asked = ownerOf(r)
			}
		}
	}
	teams, err := w.store.Teams(ctx)
	if err != nil {
		return nil, err
	}
	ev := &evidenceView{ChooseTeam: true}
	for _, t := range append(teams, accounts.Team{ID: accounts.Admins, Name: adminsName}) {
		ev.Teams = append(ev.Teams, teamChoice{ID: t.ID, Name: t.Name, Chosen: t.ID == asked})
		if t.ID == asked {
			ev.Team, ev.TeamID = t.Name, t.ID
		}
	}
	switch {
	case asked == "":
		return ev, nil
	case ev.TeamID == "":
		return nil, echo.ErrNotFound
	}
	ev.Rounds, err = w.roundsOf(ctx, ev.TeamID)
	return ev, err
}

// teamNames maps every team's id to its name, Admins included, for admins'
// pages that label rounds by team.
func (w *handler) teamNames(ctx context.Context) (map[string]string, error) {
	teams, err := w.store.Teams(ctx)
	names := map[string]string{accounts.Admins: adminsName, "": adminsName}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	return names, err
}

// teamOfRounds is one team's name and rounds.
type teamOfRounds struct {
	Name   string
	Rounds []feedback.Round
}

// everyTeam is each team's rounds, by name, then the admins' (the standing
// round, and rounds of no team yet): for the problem profile, which only
// admins see.
func (w *handler) everyTeam(ctx context.Context) ([]teamOfRounds, error) {
	teams, err := w.store.Teams(ctx)
	if err != nil {
		return nil, err
	}
	rounds, err := w.store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	every := make([]teamOfRounds, 0, len(teams)+1)
	for _, t := range teams {
		index[t.ID] = len(every)
		every = append(every, teamOfRounds{Name: t.Name})
	}
	admins := teamOfRounds{Name: adminsName, Rounds: []feedback.Round{w.standing()}}
	for _, r := range rounds {
		if i, ok := index[r.Team]; ok {
			every[i].Rounds = append(every[i].Rounds, r)
		} else {
			admins.Rounds = append(admins.Rounds, r)
		}
	}
	return append(every, admins), nil
}

// teamPosts are the posts of these rounds, newest first.
func (w *handler) teamPosts(ctx context.Context, rounds []feedback.Round) ([]feedback.Post, error) {
	all, err := w.store.Posts(ctx)
	return slices.DeleteFunc(all, func(p feedback.Post) bool {
		_, ok := choose(rounds, p.Round)
		return !ok
	}), err
}

// visibleRound is a round found by code, or echo.ErrNotFound when there is
// none or u may not see it: the two look the same.
func visibleRound(u accounts.User, r feedback.Round, found bool) (feedback.Round, error) {
	if !found || !accounts.CanSeeRound(u, r) {
		return feedback.Round{}, echo.ErrNotFound
	}
	return r, nil
}
