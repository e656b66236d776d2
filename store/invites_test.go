package store_test

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"heard/accounts"
	"heard/store"
)

var pendingInvite = accounts.Invite{Email: "amy@example.org", Role: accounts.RoleWorker, Team: "north",
	Created: time.Now(), Expires: time.Now().Add(accounts.InviteFor)}

// The embedded file holds no live invitation's token, so a copy of it (or a backup)
// opens no sign-up or reset link.
func TestEmbeddedKeepsNoInviteToken(t *testing.T) {
	s := openEmbedded(t, t.TempDir())
	token := accounts.NewSessionID()
	if err := s.PutInvite(t.Context(), token, pendingInvite, time.Hour); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(store.FilePath(s))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(file, []byte("amy@example.org")) {
		t.Fatal("the file does not hold the invitation at all: the search below would prove nothing")
	}
	if bytes.Contains(file, []byte(token)) {
		t.Error("the file holds a live invitation's token")
	}
}

// Nor does Redis, in any key or value.
func TestRedisKeepsNoInviteToken(t *testing.T) {
	s := openRedis(t)
	ctx, client := t.Context(), store.RedisClient(s)
	token := accounts.NewSessionID()
	if err := s.PutInvite(ctx, token, pendingInvite, time.Hour); err != nil {
		t.Fatal(err)
	}
	keys, err := client.Keys(ctx, store.KeyPrefix(s)+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var everything strings.Builder
	for _, k := range keys {
		everything.WriteString(k + " " + client.Get(ctx, k).Val() + "\n")
	}
	if !strings.Contains(everything.String(), `"email":"amy@example.org"`) {
		t.Fatal("the invitation is not among the keys read: the search below would prove nothing")
	}
	if strings.Contains(everything.String(), token) {
		t.Error("Redis holds a live invitation's token")
	}
}
