package admin

import (
	"context"
	"fmt"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/store"
)

// What an operator changes with `heard user` and `heard team` is written in the audit trail
// as done by audit.Operator, after it is done: a command refused (a typo, a name taken)
// writes nothing. Lists and checks change nothing, and are not written.

// recorded writes that the operator did what to account u (its team is the entry's), and
// returns reply; or, when the trail does not take it, an error that says the change was
// made all the same.
func recorded(ctx context.Context, st store.Store, reply string, what audit.Action, u accounts.User) (string, error) {
	e := audit.Entry{Who: audit.Operator, What: what, Account: u.Email, Team: u.Team}
	if err := audit.NewTrail(st, time.Now).Record(ctx, e); err != nil {
		return "", notRecorded(reply, err)
	}
	return reply, nil
}

// notRecorded is the error of a command that was done but is not in the audit trail.
func notRecorded(reply string, err error) error {
	return fmt.Errorf("%s; but it is not in the audit trail, which did not take it (%w): note it down yourself", reply, err)
}
