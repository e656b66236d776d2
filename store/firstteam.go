package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"heard/accounts"
	"heard/feedback"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// An install from before teams holds accounts, rounds and posts that
// belong to no team. At start-up, once, GiveToFirstTeam gives them to a
// first team (named by HEARD_FIRST_TEAM, "Heard" by default; an existing
// team of that name is used): every account, every round, and every post
// but those on the standing round, which go to accounts.Admins, as the
// standing round does. Then it notes that it is done, and never runs
// again: from then on Heard writes no record without a team, so anything
// teamless found later (written by an older Heard during an upgrade) is
// seen by admins only, never given to a team by guesswork.
//
// A new install has nothing to give: it is noted as done, and no team is
// made.

// FirstTeam is what GiveToFirstTeam did.
type FirstTeam struct {
	// AlreadyDone: an earlier start-up had done it; nothing changed.
	AlreadyDone bool
	// Team is the team given to; empty when nothing needed one.
	Team                    accounts.Team
	Accounts, Rounds, Posts int // how many were given a team
}

// Upgrades bring what an older Heard kept up to date, at start-up.
type Upgrades interface {
	// GiveToFirstTeam gives what belongs to no team to the team named
	// name, once (see FirstTeam). Several instances may run it at once.
	GiveToFirstTeam(ctx context.Context, name string, now time.Time) (FirstTeam, error)
}

// metaTeams is the meta key that says the first team was given; its value
// is that team's id, or "" when there was nothing to give.
const metaTeams = "teams"

// teamless gives a record without a team its team, and says whether it
// did. The standing round's posts go to admins.
func teamless(kind string, raw []byte, team string) (changed []byte, given bool, err error) {
	switch kind {
	case kindUsers:
		return giveTeam(raw, team, func(u *accounts.User) *string { return &u.Team })
	case kindRounds:
		return giveTeam(raw, team, func(r *feedback.Round) *string { return &r.Team })
	case kindPosts:
		var p feedback.Post
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, false, err
		}
		if p.Round == feedback.Standing {
			team = accounts.Admins
		}
		return giveTeam(raw, team, func(p *feedback.Post) *string { return &p.Team })
	}
	return nil, false, fmt.Errorf("store: no team for %s", kind)
}

func giveTeam[T any](raw []byte, team string, field func(*T) *string) ([]byte, bool, error) {
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, false, err
	}
	if *field(&v) != "" {
		return nil, false, nil
	}
	*field(&v) = team
	b, err := json.Marshal(v)
	return b, true, err
}

// countTeamless says how many records of a kind belong to no team.
func countTeamless(kind string, values [][]byte) (int, error) {
	n := 0
	for _, v := range values {
		_, given, err := teamless(kind, v, "x")
		if err != nil {
			return 0, err
		}
		if given {
			n++
		}
	}
	return n, nil
}

// The embedded store does it all in one transaction.
func (e *Embedded) GiveToFirstTeam(ctx context.Context, name string, now time.Time) (FirstTeam, error) {
	name, err := accounts.CheckTeamName(name)
	if err != nil {
		return FirstTeam{}, err
	}
	var done FirstTeam
	err = e.update(ctx, func(tx *bolt.Tx) error {
		done = FirstTeam{}
		meta := tx.Bucket([]byte(kindMeta))
		if meta.Get([]byte(metaTeams)) != nil {
			done.AlreadyDone = true
			return nil
		}
		waiting := 0
		for _, kind := range []string{kindUsers, kindRounds, kindPosts} {
			var values [][]byte
			tx.Bucket([]byte(kind)).ForEach(func(_, v []byte) error { values = append(values, v); return nil })
			n, err := countTeamless(kind, values)
			if err != nil {
				return fmt.Errorf("store: %s: %w", kind, err)
			}
			waiting += n
		}
		if waiting > 0 {
			team, found, err := teamNamed(tx, name)
			if err != nil {
				return err
			}
			if !found {
				team = accounts.Team{ID: accounts.NewTeamID(), Name: name, Created: now.UTC()}
				value, err := json.Marshal(team)
				if err != nil {
					return err
				}
				if err := createTeam(tx, team.ID, accounts.TeamNameKey(name), value); err != nil {
					return err
				}
			}
			done.Team = team
			for kind, count := range map[string]*int{kindUsers: &done.Accounts, kindRounds: &done.Rounds, kindPosts: &done.Posts} {
				if *count, err = giveBucket(tx.Bucket([]byte(kind)), kind, team.ID); err != nil {
					return err
				}
			}
		}
		return meta.Put([]byte(metaTeams), []byte(done.Team.ID))
	})
	return done, err
}

func giveBucket(b *bolt.Bucket, kind, team string) (int, error) {
	changed := map[string][]byte{}
	err := b.ForEach(func(k, v []byte) error {
		value, given, err := teamless(kind, v, team)
		if given {
			changed[string(k)] = value
		}
		return err
	})
	for k, v := range changed {
		if err == nil {
			err = b.Put([]byte(k), v)
		}
	}
	return len(changed), err
}

// Redis: accounts, rounds and posts are three hashes in three slots, so
// no one transaction holds them all. Each hash is given its team in a
// transaction of its own (WATCH, then MULTI), which a concurrent change of
// the same hash makes try again, so nothing written meanwhile is lost;
// the note that it is done comes last. Instances starting together may
// each run it: they find or make the same team (names are unique), and
// giving a team to what has one already changes nothing.
func (r *Redis) GiveToFirstTeam(ctx context.Context, name string, now time.Time) (FirstTeam, error) {
	name, err := accounts.CheckTeamName(name)
	if err != nil {
		return FirstTeam{}, err
	}
	marker := r.key(kindMeta, metaTeams)
	switch err := r.client.Get(ctx, marker).Err(); {
	case err == nil:
		return FirstTeam{AlreadyDone: true}, nil
	case !errors.Is(err, redis.Nil):
		return FirstTeam{}, fail(err)
	}
	hashes := map[string]string{kindUsers: r.usersKey(), kindRounds: r.prefix + kindRounds, kindPosts: r.prefix + kindPosts}
	waiting := 0
	for kind, key := range hashes {
		raw, err := r.client.HVals(ctx, key).Result()
		if err != nil {
			return FirstTeam{}, fail(err)
		}
		values := make([][]byte, len(raw))
		for i, v := range raw {
			values[i] = []byte(v)
		}
		n, err := countTeamless(kind, values)
		if err != nil {
			return FirstTeam{}, fmt.Errorf("store: %s: %w", kind, err)
		}
		waiting += n
	}
	var done FirstTeam
	if waiting > 0 {
		if done.Team, err = r.firstTeam(ctx, name, now); err != nil {
			return FirstTeam{}, err
		}
		for kind, count := range map[string]*int{kindUsers: &done.Accounts, kindRounds: &done.Rounds, kindPosts: &done.Posts} {
			if *count, err = r.giveHash(ctx, hashes[kind], kind, done.Team.ID); err != nil {
				return FirstTeam{}, err
			}
		}
	}
	if err := r.client.SetNX(ctx, marker, done.Team.ID, 0).Err(); err != nil {
		return FirstTeam{}, fail(err)
	}
	return done, nil
}

// firstTeam finds the team named name, or makes it.
func (r *Redis) firstTeam(ctx context.Context, name string, now time.Time) (accounts.Team, error) {
	for {
		if team, found, err := r.TeamNamed(ctx, name); err != nil || found {
			return team, err
		}
		team := accounts.Team{ID: accounts.NewTeamID(), Name: name, Created: now.UTC()}
		switch err := r.CreateTeam(ctx, team); {
		case err == nil:
			return team, nil
		case !errors.Is(err, accounts.ErrTeamNameTaken): // another instance made it: read it
			return accounts.Team{}, err
		}
	}
}

// giveHashTries bounds how often one hash's transaction is tried again
// while workers change it.
const giveHashTries = 20

// giveHash gives a team to every record of the hash key that has none, in
// one transaction that a change made meanwhile makes try again (update.go).
func (r *Redis) giveHash(ctx context.Context, key, kind, team string) (int, error) {
	given := 0
	err := r.watchHash(ctx, key, giveHashTries, func(tx *redis.Tx) (map[string]any, error) {
		raw, err := tx.HGetAll(ctx, key).Result()
		if err != nil {
			return nil, fail(err)
		}
		changed := map[string]any{}
		for field, v := range raw {
			value, ok, err := teamless(kind, []byte(v), team)
			if err != nil {
				return nil, fmt.Errorf("store: %s %s is damaged: %w", kind, field, err)
			}
			if ok {
				changed[field] = value
			}
		}
		given = len(changed)
		return changed, nil
	})
	if err != nil {
		return 0, err
	}
	return given, nil
}
