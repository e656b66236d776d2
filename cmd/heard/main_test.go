package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecretIsMadeOnceAndKept(t *testing.T) {
	cfg := config{dataDir: filepath.Join(t.TempDir(), "data")}
	first, err := loadSecret(cfg)
	if err != nil {
		t.Fatal(err)
	}
	again, err := loadSecret(cfg)
	if err != nil || !bytes.Equal(first, again) || len(first) != 64 {
		t.Fatalf("secret %q then %q (%v)", first, again, err)
	}
	info, err := os.Stat(filepath.Join(cfg.dataDir, "secret"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("secret file: %v %v", info.Mode(), err)
	}
}

func TestSecretRequiredWithRedis(t *testing.T) {
	if _, err := loadSecret(config{redisURL: "redis://127.0.0.1:6379/0", dataDir: t.TempDir()}); err == nil {
		t.Error("REDIS_URL without HEARD_SECRET was accepted")
	}
	if _, err := loadSecret(config{secret: "short"}); err == nil {
		t.Error("a short HEARD_SECRET was accepted")
	}
	got, err := loadSecret(config{secret: strings.Repeat("k", 32), redisURL: "redis://x"})
	if err != nil || string(got) != strings.Repeat("k", 32) {
		t.Errorf("given secret: %q %v", got, err)
	}
}

func TestSafetyCommandPrintsVerdictTabLine(t *testing.T) {
	var out bytes.Buffer
	in := "this is killing me lol\ni want to die\n\nhe wont let me leave his flat\n"
	if err := checkSafety(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := "none\tthis is killing me lol\nselfharm\ti want to die\nnone\t\ndanger\the wont let me leave his flat\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestSMSCommandPlaysAConversation(t *testing.T) {
	var out bytes.Buffer
	err := playSMS(config{publicURL: "https://heard.example"}, []string{"--lang", "ro"}, strings.NewReader("salut\nAJUTOR\nSTOP\n"), &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"heard> ", "999", "https://heard.example/ro/help", "(no reply)", "UCS-2"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if err := playSMS(config{}, []string{"--lang", "xx"}, strings.NewReader(""), &out); err == nil {
		t.Error("unknown language accepted")
	}
	out.Reset()
	err = playSMS(config{publicURL: "https://heard.example"}, []string{"--channel", "whatsapp", "--lang", "ur"}, strings.NewReader("INFO\n3\nSTOP\n"), &out)
	if err != nil {
		t.Fatal(err)
	}
	got = out.String()
	for _, want := range []string{"[WhatsApp, ", " characters]", "*یہ تمہارا قصور نہیں ہے*", "ہم یہ چیٹ بھول گئے ہیں"} {
		if !strings.Contains(got, want) {
			t.Errorf("WhatsApp output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "https://heard.example/ur/not-your-fault") || strings.Contains(got, "text(s)") {
		t.Errorf("WhatsApp played as SMS:\n%s", got)
	}
	if err := playSMS(config{}, []string{"--channel", "pigeon"}, strings.NewReader(""), &out); err == nil {
		t.Error("unknown channel accepted")
	}
}

func TestUserCommandAddsListsAndDisablesAccounts(t *testing.T) {
	cfg := config{dataDir: t.TempDir()}
	var out bytes.Buffer
	if err := manageUsers(cfg, []string{"add", "--email", "Amy@Example.org", "--role", "admin"}, strings.NewReader("a long enough password\n"), &out); err != nil {
		t.Fatal(err)
	}
	if err := manageUsers(cfg, []string{"add", "--email", "amy@example.org"}, strings.NewReader("another long password\n"), &out); err == nil {
		t.Error("a second account for the same email was made")
	}
	if err := manageUsers(cfg, []string{"add", "--email", "bo@example.org"}, strings.NewReader("short\n"), &out); err == nil {
		t.Error("a short password was accepted")
	}
	if err := manageUsers(cfg, []string{"disable", "--email", "amy@example.org"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := manageUsers(cfg, []string{"list"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, "amy@example.org\tadmin\tdisabled\t") || strings.Contains(got, "password") || strings.Contains(got, "argon") {
		t.Errorf("list: %q", got)
	}
}

func TestDurationsAndMonthsAreCheckedAtStart(t *testing.T) {
	for v, ok := range map[string]bool{"": true, "13": true, "1": true, "36": true, "0": false, "37": false, "thirteen": false, "-2": false} {
		if _, err := commentMonths(v); (err == nil) != ok {
			t.Errorf("HEARD_COMMENT_MONTHS=%q: %v", v, err)
		}
	}
	if m, _ := commentMonths(""); m != 13 {
		t.Errorf("default months %d", m)
	}
	for v, ok := range map[string]bool{"": true, "0s": true, "2s": true, "1m": true, "2m": false, "-1s": false, "soon": false} {
		if _, err := drainFor(v); (err == nil) != ok {
			t.Errorf("HEARD_DRAIN=%q: %v", v, err)
		}
	}
}
