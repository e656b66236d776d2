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
	if err := safetyCommand(nil, strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	want := "none\tthis is killing me lol\nselfharm\ti want to die\nnone\t\ndanger\the wont let me leave his flat\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestSafetyEvalPrintsFiguresPerLanguageNeverPhrases scores a small labelled file.
func TestSafetyEvalPrintsFiguresPerLanguageNeverPhrases(t *testing.T) {
	path := filepath.Join(t.TempDir(), "phrases.tsv")
	phrases := "# lang, category, text\nen\tdanger\the has a knife and says he will kill me\npl\tselfharm\tchcę się zabić\n" +
		"ur-Latn\tnone\tmujhe homework mein madad chahiye\nro\timages\tmă șantajează cu poze nud\n"
	if err := os.WriteFile(path, []byte(phrases), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := safetyCommand([]string{"--eval", path}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"en: urgent recall 100.0% (1/1)", "pl: urgent recall 100.0% (1/1)",
		"ur-Latn: urgent recall - (0/0), risky recall - (0/0), false alarms 0.0% (0/1)", "ro: urgent recall - (0/0), risky recall 100.0% (1/1)",
		"got danger", "all: urgent recall 100.0% (2/2), risky recall 100.0% (3/3), false alarms 0.0% (0/1)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("eval output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "knife") || strings.Contains(out.String(), "zabić") {
		t.Error("eval printed a phrase")
	}
	if err := safetyCommand([]string{"--eval", filepath.Join(t.TempDir(), "missing.tsv")}, strings.NewReader(""), &out); err == nil {
		t.Error("a missing file is not an error")
	}
}

func TestSafetyExplainSaysWhyLineByLine(t *testing.T) {
	var out bytes.Buffer
	if err := safetyCommand([]string{"--explain"}, strings.NewReader("he is outside and im scared\nsee you at football\n"), &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"he is outside and im scared\nverdict: danger\nrules that fired: danger: ", "  scared ", "FEAR",
		"see you at football\nverdict: none\nrules: none fired\nmodel (en thresholds): none "} {
		if !strings.Contains(got, want) {
			t.Errorf("--explain output lacks %q:\n%s", want, got)
		}
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
	out.Reset()
	err = playSMS(config{publicURL: &url.URL{Scheme: "https", Host: "heard.example"}}, []string{"--channel", "whatsapp", "--lang", "ur"}, strings.NewReader("INFO\n3\nSTOP\n"), &out)
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
