package admin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"heard/accounts"
	"heard/audit"
	"heard/store"
)

// Teams of participation workers. Each worker belongs to one and sees only its rounds and
// posts; admins see every team.

func addTeam(ctx context.Context, st store.Store, req Request) (string, error) {
	t, err := accounts.AddTeam(ctx, st, req.Team, time.Now())
	if err != nil {
		return "", err
	}
	reply := fmt.Sprintf("added team %s", t.Name)
	if err := audit.NewTrail(st, time.Now).Record(ctx, audit.Entry{Who: audit.Operator, What: audit.CreatedTeam, Team: t.ID}); err != nil {
		return "", notRecorded(reply, err)
	}
	return reply, nil
}

// listTeams prints each team: its name, how many accounts it has, and when it was made.
func listTeams(ctx context.Context, st store.Store, _ Request) (string, error) {
	teams, err := st.Teams(ctx)
	if err != nil {
		return "", err
	}
	users, err := st.Users(ctx)
	if err != nil {
		return "", err
	}
	members := map[string]int{}
	for _, u := range users {
		members[u.Team]++
	}
	var out strings.Builder
	for _, t := range teams {
		fmt.Fprintf(&out, "%s\t%d accounts\t%s\n", t.Name, members[t.ID], t.Created.Format(time.DateOnly))
	}
	return strings.TrimSuffix(out.String(), "\n"), nil
}

// teamOf finds the team an operator named; no name is no team (for an admin).
func teamOf(ctx context.Context, st store.Store, name string) (accounts.Team, error) {
	if strings.TrimSpace(name) == "" {
		return accounts.Team{}, nil
	}
	t, err := accounts.FindTeam(ctx, st, name)
	if errors.Is(err, accounts.ErrNoTeam) {
		return t, fmt.Errorf("no team is named %q: `heard team list` shows them, `heard team add NAME` makes one", name)
	}
	return t, err
}

// teamNames names teams by id, for listing accounts: "-" for none.
func teamNames(ctx context.Context, st store.Store) (func(id string) string, error) {
	teams, err := st.Teams(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{"": "-", accounts.Admins: "-"}
	for _, t := range teams {
		names[t.ID] = t.Name
	}
	return func(id string) string {
		if name, ok := names[id]; ok {
			return name
		}
		return "(unknown team " + id + ")"
	}, nil
}

// inTeam is ", in TEAM" for a team, and nothing for none.
func inTeam(t accounts.Team) string {
	if t.ID == "" {
		return ""
	}
	return ", in " + t.Name
}
