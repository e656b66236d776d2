package store_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"heard/accounts"
	"heard/feedback"
	"heard/store"

	bolt "go.etcd.io/bbolt"
)

// oldFile is testdata/before-teams.db, a file written by Heard before teams (see
// testdata/README.md), copied into a folder of the test's own.
func oldFile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "before-teams.db"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "heard.db"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkGivenFirstTeam checks that what the old file holds is given to the first team
// once, and works as before: the worker's password, the round's answers and comments.
func checkGivenFirstTeam(t *testing.T, s store.Store) {
	t.Helper()
	ctx, now := t.Context(), time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	done, err := s.GiveToFirstTeam(ctx, "Ealing Youth Service", now)
	if err != nil {
		t.Fatal(err)
	}
	if done.AlreadyDone || done.Team.Name != "Ealing Youth Service" || done.Accounts != 2 || done.Rounds != 1 || done.Posts != 2 {
		t.Fatalf("given: %+v", done)
	}
	team := done.Team.ID
	amy, found, err := s.GetUser(ctx, "amy@example.org")
	if err != nil || !found || amy.Team != team || amy.Role != accounts.RoleWorker || !accounts.CheckPassword(amy.PasswordHash, "worker's long password") {
		t.Errorf("the worker: %+v %v %v", amy, found, err)
	}
	if root, _, _ := s.GetUser(ctx, "root@example.org"); root.Team != team || root.Role != accounts.RoleAdmin {
		t.Errorf("the admin: %+v", root)
	}
	spring, _, err := s.GetRound(ctx, "SPRING")
	if err != nil || spring.Team != team || spring.Title != "Spring drop-in" || len(spring.Questions) != 2 || len(spring.Channels) != 2 {
		t.Errorf("the round: %+v %v", spring, err)
	}
	if !accounts.CanSeeRound(amy, spring) {
		t.Error("the worker no longer sees the round she made")
	}
	posts, err := s.Posts(ctx)
	if err != nil || len(posts) != 2 {
		t.Fatalf("posts: %+v %v", posts, err)
	}
	for _, p := range posts {
		want := team
		if p.Round == feedback.Standing {
			want = accounts.Admins
		}
		if p.Team != want || p.Said["en"] == "" {
			t.Errorf("post %s of %s: team %q, want %q", p.ID, p.Round, p.Team, want)
		}
	}
	for _, round := range []string{"SPRING", feedback.Standing} {
		tallies, err := s.Tallies(ctx, round)
		if err != nil || len(tallies) == 0 {
			t.Errorf("%s's tallies: %v %v", round, tallies, err)
		}
		if comments, err := s.Comments(ctx, round, 10); err != nil || len(comments) != 1 || comments[0].Comment != "They listened." {
			t.Errorf("%s's comments: %+v %v", round, comments, err)
		}
	}
	if again, err := s.GiveToFirstTeam(ctx, "Ealing Youth Service", now); err != nil || !again.AlreadyDone {
		t.Errorf("the next start-up: %+v %v", again, err)
	}
	if teams, err := s.Teams(ctx); err != nil || len(teams) != 1 {
		t.Errorf("teams: %+v %v", teams, err)
	}
}

// A file written before teams opens, and its accounts, round and posts go to the first
// team, once: after a restart it is still done.
func TestAFileFromBeforeTeamsIsGivenItsFirstTeam(t *testing.T) {
	dir := oldFile(t)
	s, err := store.OpenEmbedded(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkGivenFirstTeam(t, s)
	s.Close()
	s = openEmbedded(t, dir)
	if again, err := s.GiveToFirstTeam(t.Context(), "Another Name", time.Now()); err != nil || !again.AlreadyDone {
		t.Errorf("after a restart: %+v %v", again, err)
	}
}

// oldRecords reads the accounts, rounds and posts of the old file exactly as Heard wrote
// them, by bucket and key.
func oldRecords(t *testing.T) map[string]map[string][]byte {
	t.Helper()
	db, err := bolt.Open(filepath.Join(oldFile(t), "heard.db"), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	records := map[string]map[string][]byte{}
	err = db.View(func(tx *bolt.Tx) error {
		for _, kind := range []string{"users", "rounds", "posts"} {
			records[kind] = map[string][]byte{}
			err := tx.Bucket([]byte(kind)).ForEach(func(k, v []byte) error {
				records[kind][string(k)] = append([]byte(nil), v...)
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// On Redis: the same records, byte for byte as the older Heard wrote them, put where its
// Redis store kept them (the responses, which teams do not touch, through the store), are given to the first team.
func TestRedisFromBeforeTeamsIsGivenItsFirstTeam(t *testing.T) {
	t.Run("one node", func(t *testing.T) { checkRedisFromBeforeTeams(t, openRedis(t)) })
	t.Run("cluster", func(t *testing.T) { checkRedisFromBeforeTeams(t, openCluster(t)) })
}

func checkRedisFromBeforeTeams(t *testing.T, s *store.Redis) {
	ctx, client, prefix := t.Context(), store.RedisClient(s), store.KeyPrefix(s)
	where := map[string]string{"users": prefix + "users:all", "rounds": prefix + "rounds", "posts": prefix + "posts"}
	for kind, records := range oldRecords(t) {
		for field, value := range records {
			if err := client.HSet(ctx, where[kind], field, value).Err(); err != nil {
				t.Fatal(err)
			}
		}
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i, round := range []string{"SPRING", feedback.Standing} {
		if err := s.SaveResponse(ctx, feedback.Response{Round: round, Channel: "web", Lang: "en", At: at.Add(time.Duration(i) * time.Hour),
			Answers: map[string]int{"listened": 4, "safe": 5}, Comment: "They listened."}); err != nil {
			t.Fatal(err)
		}
	}
	checkGivenFirstTeam(t, s)
}
