package accounts

import (
	"bytes"
	"crypto/sha256"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// rfcSecret is the SHA-1 secret of RFC 6238's test vectors (Appendix B).
var rfcSecret = []byte("12345678901234567890")

// rfcVectors are RFC 6238's published SHA-1 codes (eight digits) at their times.
var rfcVectors = []struct {
	unix int64
	code string
}{
	{59, "94287082"},
	{1111111109, "07081804"},
	{1111111111, "14050471"},
	{1234567890, "89005924"},
	{2000000000, "69279037"},
	{20000000000, "65353130"},
}

func TestTheLibraryMakesRFC6238sCodes(t *testing.T) {
	secret := base32NoPadding.EncodeToString(rfcSecret)
	for _, v := range rfcVectors {
		got, err := totp.GenerateCodeCustom(secret, time.Unix(v.unix, 0),
			totp.ValidateOpts{Digits: otp.DigitsEight, Algorithm: otp.AlgorithmSHA1})
		if err != nil || got != v.code {
			t.Errorf("at %d: %q, %v; RFC 6238 says %q", v.unix, got, err, v.code)
		}
	}
}

// Six-digit codes are the last six digits of the eight-digit ones (both are
// the same number modulo a power of ten), so the RFC's vectors check ours.
func TestCodesMatchRFC6238sVectorsAtTheirStep(t *testing.T) {
	for _, v := range rfcVectors {
		at := time.Unix(v.unix, 0)
		got, ok := matchingStep(rfcSecret, v.code[2:], at)
		if !ok || got != v.unix/30 {
			t.Errorf("%s at %d: step %d, %v; want step %d", v.code[2:], v.unix, got, ok, v.unix/30)
		}
		if _, ok := matchingStep(rfcSecret, v.code[2:], at.Add(2*stepSeconds*time.Second)); ok {
			t.Errorf("%s is still accepted two steps later", v.code[2:])
		}
		if _, ok := matchingStep(rfcSecret, v.code, at); ok {
			t.Errorf("the eight-digit %s is accepted", v.code)
		}
	}
	if s, ok := matchingStep(rfcSecret, " 287 082 ", time.Unix(59, 0)); !ok || s != 1 {
		t.Error("a code with spaces, as apps show it, is refused")
	}
}

func TestEnrolmentGivesTheOtpauthURLAndTheSecretInGroups(t *testing.T) {
	raw, e, err := newSecret("amy@example.org", bytes.NewReader(rfcSecret))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, rfcSecret) {
		t.Errorf("secret %q, want the random bytes it was made from", raw)
	}
	if want := "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"; e.Secret != want {
		t.Errorf("secret for typing %q, want %q", e.Secret, want)
	}
	u, err := url.Parse(e.URL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/Heard:amy@example.org" || q.Get("issuer") != "Heard" ||
		q.Get("secret") != strings.ReplaceAll(e.Secret, " ", "") || q.Get("digits") != "6" || q.Get("period") != "30" ||
		q.Get("algorithm") != "SHA1" {
		t.Errorf("URL %s", e.URL)
	}
	if _, _, err := newSecret("amy@example.org", bytes.NewReader(rfcSecret[:10])); err == nil {
		t.Error("a secret made from too little randomness")
	}
}

func TestRecoveryCodesAreRandomReadableAndForgiving(t *testing.T) {
	random := bytes.NewReader(bytes.Repeat([]byte{0, 31, 32, 200, 255}, 20))
	codes, err := newRecoveryCodes(random)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != RecoveryCodes || codes[0] != "0z08z-0z08z" {
		t.Errorf("codes %q", codes)
	}
	for _, c := range []struct{ typed, want string }{
		{"k3m9q-x7v2a", "k3m9qx7v2a"},
		{" K3M9Q X7V2A ", "k3m9qx7v2a"},
		{"oOiIlL-10", "001111" + "10"},
	} {
		if got := normaliseRecovery(c.typed); got != c.want {
			t.Errorf("%q read as %q, want %q", c.typed, got, c.want)
		}
	}
	for _, r := range recoveryAlpha {
		if strings.ContainsRune("ilou", r) {
			t.Errorf("the alphabet has %q", r)
		}
	}
}

func TestFindHashComparesEveryHash(t *testing.T) {
	a, b, c := sha256.Sum256([]byte("a")), sha256.Sum256([]byte("b")), sha256.Sum256([]byte("c"))
	hashes := [][]byte{a[:], b[:], c[:]}
	for i, h := range hashes {
		if got := findHash(hashes, h); got != i {
			t.Errorf("found %d, want %d", got, i)
		}
	}
	if got := findHash(hashes, a[:16]); got != -1 {
		t.Errorf("a prefix matched %d", got)
	}
}

func TestSealedSecretsOpenOnlyForTheirAccountUnderTheirKey(t *testing.T) {
	k, err := newFactorKeys([]byte(strings.Repeat("s", 32)))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := newFactorKeys([]byte(strings.Repeat("t", 32)))
	sealed := k.sealSecret("amy@example.org", rfcSecret)
	if bytes.Contains(sealed, rfcSecret) || bytes.Equal(sealed, k.sealSecret("amy@example.org", rfcSecret)) {
		t.Error("the sealed secret shows the secret, or two sealings are alike (no nonce)")
	}
	if got, err := k.openSecret("amy@example.org", sealed); err != nil || !bytes.Equal(got, rfcSecret) {
		t.Errorf("opened %q, %v", got, err)
	}
	if _, err := k.openSecret("zed@example.org", sealed); err != ErrUnreadable {
		t.Errorf("opened for another account: %v", err)
	}
	if _, err := other.openSecret("amy@example.org", sealed); err != ErrUnreadable {
		t.Errorf("opened under another HEARD_SECRET: %v", err)
	}
	if _, err := k.openSecret("amy@example.org", sealed[:10]); err != ErrUnreadable {
		t.Errorf("opened a cut one: %v", err)
	}
	if _, err := newFactorKeys([]byte("short")); err == nil {
		t.Error("keys from a short secret")
	}
}

func TestSecondFactorIsRequiredForAdminsAndWhereTheTeamSaysSo(t *testing.T) {
	strict := Team{ID: "a1", Name: "Youth Service", RequireTwoFactor: true}
	relaxed := Team{ID: "b2", Name: "Abbey Road"}
	for _, c := range []struct {
		name     string
		user     User
		team     Team
		required bool
	}{
		{"an admin without a team", User{Role: RoleAdmin}, Team{}, true},
		{"an admin of a team that requires it", User{Role: RoleAdmin, Team: "a1"}, strict, true},
		{"an admin of a team that does not", User{Role: RoleAdmin, Team: "b2"}, relaxed, true},
		{"a worker of a team that does not", User{Role: RoleWorker, Team: "b2"}, relaxed, false},
		{"a worker of a team that requires it", User{Role: RoleWorker, Team: "a1"}, strict, true},
		{"a worker, with another team's rule", User{Role: RoleWorker, Team: "b2"}, strict, false},
		{"a worker without a team", User{Role: RoleWorker}, Team{RequireTwoFactor: true}, false},
	} {
		if got := Required(c.user, c.team); got != c.required {
			t.Errorf("%s: Required = %v", c.name, got)
		}
	}
}

func TestAfterTheRightPasswordSignInAsksForACodeEnrolsOrSignsIn(t *testing.T) {
	enrolled := TwoFactor{Secret: []byte("sealed"), Confirmed: time.Unix(59, 0)}
	pending := TwoFactor{Pending: []byte("sealed")}
	for _, c := range []struct {
		name     string
		tf       TwoFactor
		required bool
		want     Next
	}{
		{"enrolled, required", enrolled, true, AskForCode},
		{"enrolled, not required", enrolled, false, AskForCode},
		{"none, required", TwoFactor{}, true, EnrolFirst},
		{"only begun, required", pending, true, EnrolFirst},
		{"none, not required", TwoFactor{}, false, StartSession},
		{"only begun, not required", pending, false, StartSession},
	} {
		if got := AfterPassword(c.tf, c.required); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
