package safety

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// TestVocabularyFilesAreValid loads the shipped files as the program does: a mistake in
// them fails here, not in front of a young person.
func TestVocabularyFilesAreValid(t *testing.T) {
	l, err := loadLexicon(vocabularyFiles)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.rules) == 0 || len(l.single) == 0 {
		t.Fatalf("loaded %d rules and %d words", len(l.rules), len(l.single))
	}
	for _, v := range []Verdict{Danger, SelfHarm, Disclosure, Exploitation, Images} {
		n := 0
		for _, r := range l.rules {
			if r.kind == v {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no rule says %s", v)
		}
	}
}

// TestABrokenVocabularyFileIsRefused changes one thing in a copy of the files and
// expects loadLexicon to name it.
func TestABrokenVocabularyFileIsRefused(t *testing.T) {
	cases := []struct {
		name, file, from, to, want string
	}{
		{"unknown concept in a rule", "rules.toml", `terms = "ALARM"`, `terms = "ALARMS"`, "unknown concept ALARMS"},
		{"misspelt key", "rules.toml", "not_near = \"ATFIRST\"}", "not_nearby = \"ATFIRST\"}", "unknown key"},
		{"concept no rule uses", "en.toml", "[concepts]\n", "[concepts]\nNOSUCH = [\"word\"]\n", "no rule uses"},
		{"wrong language", "pl.toml", `language = "pl"`, `language = "ro"`, `says it is language "ro"`},
		{"bad TOML", "ro.toml", "[concepts]", "[concepts", "ro.toml"},
		{"star inside a phrase", "pl.toml", `"wykorzystuje",`, `"wykorzyst* mnie",`, "a * may only end"},
		{"spelling meaning two things", "pl.toml", `"nie wiem" = ["nwm"]`, `"nie wiem" = ["nwm", "ur"]`, `"ur" spells both`},
		{"slang without a source", "en.toml", "language = \"en\"\n", "language = \"en\"\n[[slang]]\nterm = \"x\"\nmeans = \"y\"\ncategory = \"danger\"\n", "https source"},
		{"a rule without within", "rules.toml", `{terms = "AM > HIDE", within = 2,`, `{terms = "AM > HIDE",`, "needs within"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := fstest.MapFS{}
			matches, _ := fs.Glob(vocabularyFiles, "vocabulary/*.toml")
			for _, m := range matches {
				b, _ := fs.ReadFile(vocabularyFiles, m)
				files[m] = &fstest.MapFile{Data: b}
			}
			f := files["vocabulary/"+c.file]
			if !strings.Contains(string(f.Data), c.from) {
				t.Fatalf("%s has no %q to break", c.file, c.from)
			}
			f.Data = []byte(strings.Replace(string(f.Data), c.from, c.to, 1))
			_, err := loadLexicon(files)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an error saying %q", err, c.want)
			}
		})
	}
}

func TestAStarMatchesEveryWordForm(t *testing.T) {
	files := fstest.MapFS{}
	matches, _ := fs.Glob(vocabularyFiles, "vocabulary/*.toml")
	for _, m := range matches {
		b, _ := fs.ReadFile(vocabularyFiles, m)
		files[m] = &fstest.MapFile{Data: b}
	}
	f := files["vocabulary/pl.toml"]
	f.Data = []byte(strings.Replace(string(f.Data), "\nMETHOD = [", "\nMETHOD = [\"zzsamob*\", ", 1))
	l, err := loadLexicon(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"zzsamobojstwo", "myślę o zzsamobójstwie", "ZZSAMOB"} {
		if !l.assess(text).Has(SelfHarm) {
			t.Errorf("%q: the stem zzsamob* did not match", text)
		}
	}
	if l.assess("zzsamo").Has(SelfHarm) {
		t.Error("zzsamo matched the stem zzsamob*")
	}
}
