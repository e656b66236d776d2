package locales

import (
	"crypto/sha1"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

func TestMatchTakesOnlyRealMatches(t *testing.T) {
	cases := map[string]string{
		"":                         "en",
		"pl":                       "pl",
		"pl-PL,en;q=0.5":           "pl",
		"ur-IN":                    "ur",
		"fa":                       "en",
		"ar-EG,ar;q=0.9":           "en",
		"pa-Arab-PK":               "en",
		"en;q=0.2,ro;q=0.9":        "ro",
		"ro;q=2":                   "en",
		"pl;q=0":                   "en",
		",,;;q=,":                  "en",
		"de-CH, fr;q=0.9, ur;q=.5": "ur",
	}
	for header, want := range cases {
		if got := Match(header); got != want {
			t.Errorf("Match(%q) = %q, want %q", header, got, want)
		}
	}
}

func TestEnglishFileIsTheExtractOfTheGoMessages(t *testing.T) {
	var file map[string]any
	if _, err := toml.DecodeFS(files, "active.en.toml", &file); err != nil {
		t.Fatal(err)
	}
	var inFile, inGo []string
	for id := range file {
		inFile = append(inFile, id)
	}
	for _, m := range Messages {
		inGo = append(inGo, m.ID)
	}
	sort.Strings(inFile)
	sort.Strings(inGo)
	if !reflect.DeepEqual(inFile, inGo) {
		t.Errorf("active.en.toml is out of date: run `goi18n extract -outdir locales locales`\nfile: %v\ngo:   %v", inFile, inGo)
	}
}

// TestTranslationsAreComplete checks that every language has every message,
// in every plural form its grammar needs (go-i18n's CLDR rules decide which:
// Polish needs one, few and many; Romanian one and few), and keeps the
// template fields the English has.
func TestTranslationsAreComplete(t *testing.T) {
	bundle, err := Bundle()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range All[1:] {
		localizer := i18n.NewLocalizer(bundle, lang.Code)
		missing := 0
		for _, m := range Messages {
			// Fields filled with their own names show the template as written.
			asWritten := map[string]any{}
			for _, f := range field.FindAllString(m.Other, -1) {
				name := strings.Trim(f, "{}.")
				asWritten[name] = f
			}
			cfg := &i18n.LocalizeConfig{MessageID: m.ID, TemplateData: asWritten}
			if m.One != "" {
				for _, n := range []any{0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 102, 105, 1000, "1.5"} {
					cfg.PluralCount = n
					if _, err := localizer.Localize(cfg); err != nil {
						t.Errorf("%s: %s for %v: %v", lang.Code, m.ID, n, err)
					}
				}
				continue
			}
			got, err := localizer.Localize(cfg)
			var notFound *i18n.MessageNotFoundErr
			if errors.As(err, &notFound) {
				missing++
				t.Errorf("%s: no translation of %s", lang.Code, m.ID)
				continue
			}
			if err != nil {
				t.Errorf("%s: %s: %v", lang.Code, m.ID, err)
			}
			if want, have := fields(m.Other), fields(got); want != have {
				t.Errorf("%s: %s uses fields %s, English uses %s (%q)", lang.Code, m.ID, have, want, got)
			}
		}
		t.Logf("%s: %d of %d messages translated", lang.Code, len(Messages)-missing, len(Messages))
	}
}

var field = regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)

func fields(s string) string {
	found := field.FindAllString(s, -1)
	sort.Strings(found)
	return fmt.Sprint(found)
}

// TestTranslationsFollowTheCurrentEnglish catches a translation left behind
// when its English changed: goi18n merge records a hash of the English each
// translation was made from (its description and "other" text).
func TestTranslationsFollowTheCurrentEnglish(t *testing.T) {
	for _, lang := range All[1:] {
		var file map[string]struct {
			Hash string `toml:"hash"`
		}
		if _, err := toml.DecodeFS(files, "active."+lang.Code+".toml", &file); err != nil {
			t.Fatal(err)
		}
		for _, m := range Messages {
			sum := sha1.Sum([]byte(m.Description + m.Other))
			if want := fmt.Sprintf("sha1-%x", sum); file[m.ID].Hash != want {
				t.Errorf("%s: %s was translated from other English; run goi18n merge and translate it again", lang.Code, m.ID)
			}
		}
	}
}
