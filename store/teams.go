package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"heard/accounts"
	"heard/feedback"

	"github.com/redis/go-redis/v9"
	bolt "go.etcd.io/bbolt"
)

// Teams are few and small, like accounts: one bucket (one Redis hash) of
// JSON by id, and beside it an index from each name's TeamNameKey to its
// id, which is what keeps names unique. In Redis the two share a hash tag,
// so a Cluster keeps them in one slot and one script writes both.
//
// Invitations are kept like sessions: under the SHA-256 of their token,
// expiring, with beside them the hash of each email's newest one, so an
// older link of the same account stops working.

func sortTeams(teams []accounts.Team) {
	slices.SortFunc(teams, func(a, b accounts.Team) int {
		return cmp.Or(cmp.Compare(accounts.TeamNameKey(a.Name), accounts.TeamNameKey(b.Name)), cmp.Compare(a.ID, b.ID))
	})
}

func ofTeam(rounds []feedback.Round, team string) []feedback.Round {
	return slices.DeleteFunc(rounds, func(r feedback.Round) bool { return r.Team != team })
}

func (e *Embedded) CreateTeam(ctx context.Context, t accounts.Team) error {
	value, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return e.update(ctx, func(tx *bolt.Tx) error { return createTeam(tx, t.ID, accounts.TeamNameKey(t.Name), value) })
}

func createTeam(tx *bolt.Tx, id, nameKey string, value []byte) error {
	names := tx.Bucket([]byte(kindTeamNames))
	if names.Get([]byte(nameKey)) != nil {
		return accounts.ErrTeamNameTaken
	}
	if err := names.Put([]byte(nameKey), []byte(id)); err != nil {
		return err
	}
	return tx.Bucket([]byte(kindTeams)).Put([]byte(id), value)
}

func (e *Embedded) GetTeam(ctx context.Context, id string) (accounts.Team, bool, error) {
	return getJSON[accounts.Team](ctx, e, kindTeams, id)
}

func (e *Embedded) TeamNamed(ctx context.Context, name string) (t accounts.Team, found bool, err error) {
	err = e.view(ctx, func(tx *bolt.Tx) error {
		t, found, err = teamNamed(tx, name)
		return err
	})
	return t, found, err
}

func teamNamed(tx *bolt.Tx, name string) (t accounts.Team, found bool, err error) {
	id := tx.Bucket([]byte(kindTeamNames)).Get([]byte(accounts.TeamNameKey(name)))
	if id == nil {
		return t, false, nil
	}
	v := tx.Bucket([]byte(kindTeams)).Get(id)
	if v == nil {
		return t, false, nil
	}
	return t, true, decodeJSON(kindTeams, string(id), v, &t)
}

func (e *Embedded) Teams(ctx context.Context) ([]accounts.Team, error) {
	teams, err := allJSON[accounts.Team](ctx, e, kindTeams)
	sortTeams(teams)
	return teams, err
}

func (e *Embedded) RoundsOfTeam(ctx context.Context, team string) ([]feedback.Round, error) {
	rounds, err := e.Rounds(ctx)
	return ofTeam(rounds, team), err
}

func (e *Embedded) PutInvite(ctx context.Context, token string, inv accounts.Invite, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return err
	}
	value, err := json.Marshal(inv)
	if err != nil {
		return err
	}
	hash, expires := sessionKey(token), time.Now().Add(ttl)
	return e.update(ctx, func(tx *bolt.Tx) error {
		invites, newest := tx.Bucket([]byte(kindInvites)), tx.Bucket([]byte(kindInviteOf))
		if old, ok := live(newest.Get([]byte(inv.Email)), time.Now()); ok {
			if err := invites.Delete(bytes.Clone(old)); err != nil {
				return err
			}
		}
		if err := invites.Put([]byte(hash), pack(expires, value)); err != nil {
			return err
		}
		return newest.Put([]byte(inv.Email), pack(expires, []byte(hash)))
	})
}

func (e *Embedded) TakeInvite(ctx context.Context, token string) (inv accounts.Invite, found bool, err error) {
	hash := []byte(sessionKey(token))
	err = e.update(ctx, func(tx *bolt.Tx) error {
		invites, newest := tx.Bucket([]byte(kindInvites)), tx.Bucket([]byte(kindInviteOf))
		now := time.Now()
		v, ok := live(invites.Get(hash), now)
		if !ok {
			return nil
		}
		if err := decodeJSON(kindInvites, "", v, &inv); err != nil {
			return err
		}
		if err := invites.Delete(hash); err != nil {
			return err
		}
		if cur, ok := live(newest.Get([]byte(inv.Email)), now); !ok || string(cur) != string(hash) {
			return nil // replaced by a newer link
		}
		found = true
		return newest.Delete([]byte(inv.Email))
	})
	if !found {
		inv = accounts.Invite{}
	}
	return inv, found, err
}

func (e *Embedded) GetInvite(ctx context.Context, token string) (inv accounts.Invite, found bool, err error) {
	hash := []byte(sessionKey(token))
	err = e.view(ctx, func(tx *bolt.Tx) error {
		now := time.Now()
		v, ok := live(tx.Bucket([]byte(kindInvites)).Get(hash), now)
		if !ok {
			return nil
		}
		if err := decodeJSON(kindInvites, "", v, &inv); err != nil {
			return err
		}
		cur, ok := live(tx.Bucket([]byte(kindInviteOf)).Get([]byte(inv.Email)), now)
		found = ok && string(cur) == string(hash)
		return nil
	})
	if !found || err != nil {
		return accounts.Invite{}, false, err
	}
	return inv, true, nil
}

// Redis: the teams' two hashes share the tag {teams}.
func (r *Redis) teamsKey() string     { return r.prefix + "{teams}:all" }
func (r *Redis) teamNamesKey() string { return r.prefix + "{teams}:names" }

var createTeamScript = redis.NewScript(`
if redis.call('hsetnx', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('hset', KEYS[2], ARGV[2], ARGV[3])
return 1`)

func (r *Redis) CreateTeam(ctx context.Context, t accounts.Team) error {
	value, err := json.Marshal(t)
	if err != nil {
		return err
	}
	created, err := createTeamScript.Run(ctx, r.client, []string{r.teamNamesKey(), r.teamsKey()},
		accounts.TeamNameKey(t.Name), t.ID, value).Int()
	if err != nil {
		return fail(err)
	}
	if created == 0 {
		return accounts.ErrTeamNameTaken
	}
	return nil
}

func (r *Redis) GetTeam(ctx context.Context, id string) (accounts.Team, bool, error) {
	return hashGet[accounts.Team](ctx, r, r.teamsKey(), id)
}

func (r *Redis) TeamNamed(ctx context.Context, name string) (accounts.Team, bool, error) {
	id, err := r.client.HGet(ctx, r.teamNamesKey(), accounts.TeamNameKey(name)).Result()
	if errors.Is(err, redis.Nil) {
		return accounts.Team{}, false, nil
	}
	if err != nil {
		return accounts.Team{}, false, fail(err)
	}
	return r.GetTeam(ctx, id)
}

func (r *Redis) Teams(ctx context.Context) ([]accounts.Team, error) {
	teams, err := hashAll[accounts.Team](ctx, r, r.teamsKey())
	sortTeams(teams)
	return teams, err
}

// RoundsOfTeam reads every round and keeps the team's: rounds are few (one
// hash of hundreds at most), so an index per team would cost more than it
// saves.
func (r *Redis) RoundsOfTeam(ctx context.Context, team string) ([]feedback.Round, error) {
	rounds, err := r.Rounds(ctx)
	return ofTeam(rounds, team), err
}

// An invitation is a key of its own (found by its token's hash, in any
// Cluster slot); the key of its email's newest invitation holds that hash.
// Taking one is GETDEL (once, whoever asks at the same moment), then a
// check that it is still its email's newest.
func (r *Redis) inviteKey(hash string) string    { return r.key(kindInvites, hash) }
func (r *Redis) inviteOfKey(email string) string { return r.key(kindInviteOf, email) }

func (r *Redis) PutInvite(ctx context.Context, token string, inv accounts.Invite, ttl time.Duration) error {
	if err := checkTTL(ttl); err != nil {
		return err
	}
	value, err := json.Marshal(inv)
	if err != nil {
		return err
	}
	hash := sessionKey(token)
	if err := r.client.Set(ctx, r.inviteKey(hash), value, ttl).Err(); err != nil {
		return fail(err)
	}
	old, err := r.client.SetArgs(ctx, r.inviteOfKey(inv.Email), hash, redis.SetArgs{TTL: ttl, Get: true}).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fail(err)
	}
	if old != "" {
		// Were this lost, the old link would still not work: it is no longer the newest.
		if err := r.client.Del(ctx, r.inviteKey(old)).Err(); err != nil {
			return fail(err)
		}
	}
	return nil
}

// takeNewest deletes an email's newest-invitation key when it holds this
// hash, and says whether it did.
var takeNewest = redis.NewScript(`
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`)

// decodeInvite reads an invitation as Redis answered it: none, a failure,
// or the invitation.
func decodeInvite(raw []byte, err error) (accounts.Invite, bool, error) {
	if errors.Is(err, redis.Nil) {
		return accounts.Invite{}, false, nil
	}
	if err != nil {
		return accounts.Invite{}, false, fail(err)
	}
	var inv accounts.Invite
	if err := decodeJSON(kindInvites, "", raw, &inv); err != nil {
		return accounts.Invite{}, false, err
	}
	return inv, true, nil
}

func (r *Redis) TakeInvite(ctx context.Context, token string) (accounts.Invite, bool, error) {
	hash := sessionKey(token)
	inv, found, err := decodeInvite(r.client.GetDel(ctx, r.inviteKey(hash)).Bytes())
	if !found || err != nil {
		return accounts.Invite{}, false, err
	}
	newest, err := takeNewest.Run(ctx, r.client, []string{r.inviteOfKey(inv.Email)}, hash).Int()
	if err != nil {
		return accounts.Invite{}, false, fail(err)
	}
	if newest == 0 {
		return accounts.Invite{}, false, nil
	}
	return inv, true, nil
}

func (r *Redis) GetInvite(ctx context.Context, token string) (accounts.Invite, bool, error) {
	hash := sessionKey(token)
	inv, found, err := decodeInvite(r.client.Get(ctx, r.inviteKey(hash)).Bytes())
	if !found || err != nil {
		return accounts.Invite{}, false, err
	}
	newest, err := r.client.Get(ctx, r.inviteOfKey(inv.Email)).Result()
	if errors.Is(err, redis.Nil) {
		return accounts.Invite{}, false, nil
	}
	if err != nil {
		return accounts.Invite{}, false, fail(err)
	}
	if newest != hash {
		return accounts.Invite{}, false, nil
	}
	return inv, true, nil
}
