package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"heard/accounts"
	"heard/store"

	bolt "go.etcd.io/bbolt"
)

// oldAccount is an account as kept before second factors: no twoFactor field.
const oldAccount = `{"email":"amy@example.org","role":"admin","hash":"$argon2id$x","created":"2026-01-05T09:00:00Z"}`

// An account kept before second factors reads as having none, and can be
// given one: new fields need no migration.
func checkOldAccountReads(t *testing.T, s storeWithAccounts) {
	t.Helper()
	ctx := t.Context()
	u, found, err := s.GetUser(ctx, "amy@example.org")
	if err != nil || !found || u.Role != accounts.RoleAdmin || u.PasswordHash != "$argon2id$x" ||
		!u.Created.Equal(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)) || u.TwoFactor.Enrolled() || len(u.TwoFactor.Pending) != 0 {
		t.Fatalf("the old account reads as %+v, %v, %v", u, found, err)
	}
	if accounts.AfterPassword(u.TwoFactor, accounts.Required(u, accounts.Team{})) != accounts.EnrolFirst {
		t.Error("an old admin account is not asked to enrol")
	}
	err = s.ChangeTwoFactor(ctx, u.Email, func(tf *accounts.TwoFactor) error {
		tf.Pending = []byte("sealed")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if u, _, _ := s.GetUser(ctx, u.Email); string(u.TwoFactor.Pending) != "sealed" || u.PasswordHash != "$argon2id$x" {
		t.Errorf("after a change: %+v", u)
	}
}

type storeWithAccounts interface {
	accounts.FactorStore
	GetUser(ctx context.Context, email string) (accounts.User, bool, error)
}

func TestEmbeddedReadsAnAccountKeptBeforeSecondFactors(t *testing.T) {
	dir := t.TempDir()
	openEmbedded(t, dir).Close()
	db, err := bolt.Open(filepath.Join(dir, "heard.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("users")).Put([]byte("amy@example.org"), []byte(oldAccount))
	})
	if closed := db.Close(); err != nil || closed != nil {
		t.Fatal(err, closed)
	}
	checkOldAccountReads(t, openEmbedded(t, dir))
}

func TestRedisReadsAnAccountKeptBeforeSecondFactors(t *testing.T) {
	t.Parallel()
	s := openRedis(t)
	if err := store.RedisClient(s).HSet(t.Context(), store.KeyPrefix(s)+"users:all", "amy@example.org", oldAccount).Err(); err != nil {
		t.Fatal(err)
	}
	checkOldAccountReads(t, s)
}
