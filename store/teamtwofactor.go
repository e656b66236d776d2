package store

import (
	"context"

	"heard/accounts"
)

// A team's rule on second factors is a field of its record, changed in one
// transaction (see update.go) so nothing else kept in the record is lost to
// a change made at the same moment. On Redis the teams are one hash, watched
// whole.

func (e *Embedded) SetTeamTwoFactor(ctx context.Context, id string, required bool) error {
	return updateJSON(ctx, e, kindTeams, id, accounts.ErrNoTeam, requireTwoFactor(required))
}

func (r *Redis) SetTeamTwoFactor(ctx context.Context, id string, required bool) error {
	return hashUpdate(ctx, r, r.teamsKey(), id, accounts.ErrNoTeam, requireTwoFactor(required))
}

func requireTwoFactor(required bool) func(*accounts.Team) error {
	return func(t *accounts.Team) error {
		t.RequireTwoFactor = required
		return nil
	}
}
