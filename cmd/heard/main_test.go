package main

import (
	"bytes"
	"net/url"
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
	err := playSMS(config{publicURL: &url.URL{Scheme: "https", Host: "heard.example"}}, []string{"--lang", "ro"}, strings.NewReader("salut\nAJUTOR\nSTOP\n"), &out)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	// Romanian goes without accents, as GSM-7: the welcome in two texts.
	for _, want := range []string{"heard> ", "999", "https://heard.example/ro/help", "(no reply)", "[GSM-7, 2 text(s)]"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if err := playSMS(config{}, []string{"--lang", "xx"}, strings.NewReader(""), &out); err == nil {
		t.Error("unknown language accepted")
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
