package accounts

import (
	"strings"
	"testing"
)

func TestPasswordHashesCheckOnlyTheirOwnPassword(t *testing.T) {
	hash, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(hash, "horse") {
		t.Errorf("hash %q", hash)
	}
	again, _ := HashPassword("correct horse battery")
	if again == hash {
		t.Error("two hashes of one password are the same: no salt?")
	}
	if !CheckPassword(hash, "correct horse battery") || CheckPassword(hash, "correct horse batterY") || CheckPassword(hash, "") {
		t.Error("the check accepts the wrong password or refuses the right one")
	}
	// A hash made with the settings used before still checks.
	const older = "$argon2id$v=19$m=65536,t=3,p=2$c29tZXNhbHRzb21lc2FsdA$IFOyqiX/XqMxT/kDPSUk9EGVB7kPBz6C0qTU/OlEGX4"
	if !CheckPassword(older, "correct horse battery") {
		t.Error("a hash with the earlier settings no longer checks")
	}
	for _, damaged := range []string{"", "$argon2id$", strings.Replace(hash, "argon2id", "argon2i", 1), hash[:len(hash)-4] + "!!!!", "$argon2id$v=19$m=1,t=1,p=1$$"} {
		if CheckPassword(damaged, "correct horse battery") {
			t.Errorf("damaged hash %q matched", damaged)
		}
	}
}

func TestNewAccountsNeedAnEmailARoleAndALongPassword(t *testing.T) {
	if email, err := CheckNew("  Worker@Example.ORG ", RoleAdmin, "a long enough password"); err != nil || email != "worker@example.org" {
		t.Errorf("good account: %q %v", email, err)
	}
	for _, c := range []struct{ email, role, password string }{
		{"not an email", RoleWorker, "a long enough password"},
		{"Name <w@example.org>", RoleWorker, "a long enough password"},
		{"w@example.org", "boss", "a long enough password"},
		{"w@example.org", RoleWorker, "short"},
		{"w@example.org", RoleWorker, strings.Repeat("long ", MaxPasswordBytes/5+1)},
	} {
		if _, err := CheckNew(c.email, c.role, c.password); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

func TestSessionIDsAreFreshAndLong(t *testing.T) {
	a, b := NewSessionID(), NewSessionID()
	if a == b || len(a) < 40 {
		t.Errorf("ids %q %q", a, b)
	}
}

func TestLimiterRefusesBeyondItsPlacesAtOnce(t *testing.T) {
	l := NewLimiter(2)
	for i := range 2 {
		if !l.TryAcquire() {
			t.Fatalf("free place %d was refused", i+1)
		}
	}
	if l.TryAcquire() {
		t.Fatal("a third check ran alongside two with two places")
	}
	l.Release()
	if !l.TryAcquire() {
		t.Error("a place given back was not free again")
	}
}

func BenchmarkCheckPassword(b *testing.B) {
	hash, err := HashPassword("correct horse battery")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		CheckPassword(hash, "correct horse battery")
	}
}
