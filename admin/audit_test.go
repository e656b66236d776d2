package admin_test

import (
	"context"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"heard/admin"
	"heard/audit"
	"heard/store"
	"heard/store/storetest"

	"github.com/redis/go-redis/v9"
)

// The operator's commands write the trail on both stores; when the trail does not take
// the entry (Redis's count of entries made a string), the change stands and the command
// says, as an error, that it was done but is not in the trail.
func TestOperatorCommandsWriteTheTrailOnBothStores(t *testing.T) {
	embedded, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer embedded.Close()
	prefix := "heard:test:" + rand.Text() + ":"
	redisStore, err := store.OpenRedis(storetest.RedisURL(t), store.WithKeyPrefix(prefix))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := redisStore.DeleteAll(context.Background()); err != nil {
			t.Error(err)
		}
		redisStore.Close()
	}()
	for name, st := range map[string]store.Store{"embedded": embedded, "redis": redisStore} {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			for _, req := range []admin.Request{
				{Command: "team add", Team: "Leeds"},
				{Command: "user add", Email: "amy@example.org", Role: "worker", Team: "leeds", Password: "a long enough password"},
				{Command: "user disable", Email: "Amy@example.org"},
			} {
				if out, err := admin.Run(ctx, st, req); err != nil {
					t.Fatalf("%s: %v %s", req.Command, err, out)
				}
			}
			leeds, _, _ := st.TeamNamed(ctx, "Leeds")
			page, err := audit.NewTrail(st, time.Now).List(ctx, audit.Query{Team: leeds.ID})
			if err != nil || len(page.Entries) != 3 {
				t.Fatalf("%+v %v", page, err)
			}
			for i, what := range []audit.Action{audit.DisabledAccount, audit.AddedAccount, audit.CreatedTeam} {
				if e := page.Entries[i]; e.Who != audit.Operator || e.What != what || e.Team != leeds.ID {
					t.Errorf("entry %d: %+v, want the operator's %s in Leeds", i, e, what)
				}
			}
		})
	}
	opts, err := redis.ParseURL(storetest.RedisURL(t))
	if err != nil {
		t.Fatal(err)
	}
	raw := redis.NewClient(opts)
	defer raw.Close()
	if err := raw.Set(context.Background(), prefix+"{audit}:seq", "not a number", 0).Err(); err != nil {
		t.Fatal(err)
	}
	out, err := admin.Run(t.Context(), redisStore, admin.Request{Command: "user enable", Email: "amy@example.org"})
	if err == nil || out != "" || !strings.HasPrefix(err.Error(), "enabled amy@example.org: they can sign in again; but it is not in the audit trail") {
		t.Errorf("enable with the trail broken: %q, %v", out, err)
	}
	if amy, _, _ := redisStore.GetUser(t.Context(), "amy@example.org"); amy.Disabled || amy.Email == "" {
		t.Errorf("the change did not stand: %+v", amy)
	}
}
