package store_test

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/store"
)

// A copy of the embedded store (the file, or a backup of it) holds no live session id, so
// whoever gets one cannot sign in with it.
func TestEmbeddedKeepsNoSessionID(t *testing.T) {
	s := openEmbedded(t, t.TempDir())
	ctx := t.Context()
	var ids []string
	for range 3 {
		id := accounts.NewSessionID()
		ids = append(ids, id)
		if err := s.PutSession(ctx, id, "amy@example.org", time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if email, found, err := s.GetSession(ctx, ids[0]); err != nil || !found || email != "amy@example.org" {
		t.Fatalf("the session does not work: %q %v %v", email, found, err)
	}
	snapshot, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	backup, err := io.ReadAll(snapshot)
	snapshot.Close()
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(store.FilePath(s))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(backup, []byte("amy@example.org")) {
		t.Fatal("the backup does not hold the sessions at all: the search below would prove nothing")
	}
	for _, id := range ids {
		for name, copy := range map[string][]byte{"backup": backup, "file": file} {
			if bytes.Contains(copy, []byte(id)) {
				t.Errorf("the %s holds a live session id", name)
			}
		}
	}
}

// Redis holds no live session id either, in any key or value.
func TestRedisKeepsNoSessionID(t *testing.T) {
	s := openRedis(t)
	ctx, client := t.Context(), store.RedisClient(s)
	id := accounts.NewSessionID()
	if err := s.PutSession(ctx, id, "amy@example.org", time.Hour); err != nil {
		t.Fatal(err)
	}
	keys, err := client.Keys(ctx, store.KeyPrefix(s)+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var everything strings.Builder
	for _, k := range keys {
		everything.WriteString(k)
		switch client.Type(ctx, k).Val() {
		case "string":
			everything.WriteString(client.Get(ctx, k).Val())
		case "set":
			everything.WriteString(strings.Join(client.SMembers(ctx, k).Val(), " "))
		}
	}
	if !strings.Contains(everything.String(), "amy@example.org") {
		t.Fatal("the session is not among the keys read: the search below would prove nothing")
	}
	if strings.Contains(everything.String(), id) {
		t.Error("Redis holds a live session id")
	}
}
