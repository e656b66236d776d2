package workers

import (
	"context"
	"slices"

	"heard/feedback"
)

// allRounds is the one team there is until workers belong to teams: every
// worker sees every round.
const allRounds = "All rounds"

// teamRounds are the rounds a worker may compare, and take trends across,
// with their team's name: the standing round first, then newest first.
// Today every worker sees every round, as one team. When workers belong to
// teams, this is where a worker's rounds become their team's only.
func (w *handler) teamRounds(ctx context.Context) (string, []feedback.Round, error) {
	rounds, err := w.store.Rounds(ctx)
	if err != nil {
		return "", nil, err
	}
	return allRounds, append([]feedback.Round{feedback.StandingRound(w.bank)}, rounds...), nil
}

// teamOfRounds is one team's name and rounds.
type teamOfRounds struct {
	Name   string
	Rounds []feedback.Round
}

// everyTeam is each team's rounds, for the problem profile: today one team
// holding every round. When teams arrive, one entry per team, for admins
// only.
func (w *handler) everyTeam(ctx context.Context) ([]teamOfRounds, error) {
	team, rounds, err := w.teamRounds(ctx)
	return []teamOfRounds{{Name: team, Rounds: rounds}}, err
}

// teamPosts are the posts of these rounds, newest first.
func (w *handler) teamPosts(ctx context.Context, rounds []feedback.Round) ([]feedback.Post, error) {
	all, err := w.store.Posts(ctx)
	return slices.DeleteFunc(all, func(p feedback.Post) bool {
		_, ok := choose(rounds, p.Round)
		return !ok
	}), err
}
