package main

import (
	"context"
	"log/slog"
	"time"

	"heard/store"
)

// How the first team is given at start-up: tried once before Heard listens
// (so on the embedded store no page is ever served from before it), then,
// if the store did not answer (Redis down), again in the background until
// it does. Until then an account or round from before teams is seen by
// admins only.
const (
	firstTeamTimeout = 5 * time.Second
	firstTeamRetry   = 30 * time.Second
)

// giveFirstTeam gives what an install from before teams kept to its first
// team (store.Upgrades), and says so in the log: how many, never whose.
func giveFirstTeam(ctx context.Context, st store.Store, name string, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, firstTeamTimeout)
	defer cancel()
	done, err := st.GiveToFirstTeam(ctx, name, time.Now())
	if err != nil {
		log.Error("teams: giving the first team", "err", err.Error())
		return err
	}
	if !done.AlreadyDone && done.Team.ID != "" {
		log.Info("teams: gave what came before teams to the first team", "team", done.Team.ID,
			"accounts", done.Accounts, "rounds", done.Rounds, "posts", done.Posts)
	}
	return nil
}

// keepGivingFirstTeam tries again every firstTeamRetry until it is done or
// ctx ends.
func keepGivingFirstTeam(ctx context.Context, st store.Store, name string, log *slog.Logger) {
	tick := time.NewTicker(firstTeamRetry)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if giveFirstTeam(ctx, st, name, log) == nil {
				return
			}
		}
	}
}
