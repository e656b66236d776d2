// Package locales holds Heard's interface strings (go-i18n message files) and
// chooses a visitor's language: matching, text direction and fallback.
package locales

import (
	"embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed active.*.toml
var files embed.FS

// Language is one language the site is written in.
type Language struct {
	Code string // as in URLs: "en", "ur"
	Name string // the language's name in itself: "Polski"
	Dir  string // "ltr" or "rtl"
}

// Default is the language of the source text, shown when nothing better matches.
const Default = "en"

// All lists the site's languages in the order the language menu shows them.
var All = []Language{
	{Code: "en", Name: "English", Dir: "ltr"},
	{Code: "pl", Name: "Polski", Dir: "ltr"},
	{Code: "ro", Name: "Română", Dir: "ltr"},
	{Code: "ur", Name: "اردو", Dir: "rtl"},
}

// Codes lists the languages' URL codes, the source language first.
func Codes() []string {
	codes := make([]string, len(All))
	for i, l := range All {
		codes[i] = l.Code
	}
	return codes
}

// Lookup returns the language with this URL code.
func Lookup(code string) (Language, bool) {
	for _, l := range All {
		if l.Code == code {
			return l, true
		}
	}
	return Language{}, false
}

// aliases maps other codes for the same language to ours ("mo" is an old
// code for Romanian as written in Moldova).
var aliases = map[string]string{"mo": "ro"}

// Match picks the best language for an Accept-Language header. Only a real
// match counts: the primary subtag must be one of ours. Anything else (a
// Persian or Arabic browser, say) gets English, not a language that merely
// shares a script or a region with the browser's.
func Match(acceptLanguage string) string {
	best, bestQ := Default, 0.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, q := parseRange(part)
		if q <= bestQ {
			continue
		}
		primary, _, _ := strings.Cut(tag, "-")
		if alias, ok := aliases[primary]; ok {
			primary = alias
		}
		if _, ok := Lookup(primary); ok {
			best, bestQ = primary, q
		}
	}
	return best
}

// parseRange reads one "tag;q=0.8" item, lower-cased. A malformed quality
// value counts as 0, so the item is ignored rather than trusted.
func parseRange(part string) (tag string, q float64) {
	tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
	tag = strings.ToLower(strings.TrimSpace(tag))
	q = 1
	if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
		parsed, err := strconv.ParseFloat(v, 64)
		if err != nil || parsed < 0 || parsed > 1 {
			return tag, 0
		}
		q = parsed
	}
	return tag, q
}

// Bundle loads every message file. It fails when a file is missing or broken,
// so a bad translation stops start-up instead of reaching a young person.
func Bundle() (*i18n.Bundle, error) {
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	if err := bundle.AddMessages(language.English, Messages...); err != nil {
		return nil, err
	}
	for _, l := range All {
		if _, err := bundle.LoadMessageFileFS(files, "active."+l.Code+".toml"); err != nil {
			return nil, fmt.Errorf("locales: %s: %w", l.Code, err)
		}
	}
	return bundle, nil
}

var byID = func() map[string]*i18n.Message {
	m := make(map[string]*i18n.Message, len(Messages))
	for _, msg := range Messages {
		m[msg.ID] = msg
	}
	return m
}()

// Translator gives one language's strings, falling back to English for any
// message a translation lacks (tests keep the translations complete).
type Translator struct {
	localizer *i18n.Localizer
	lang      Language
}

// NewTranslator returns the translator for a language code.
func NewTranslator(bundle *i18n.Bundle, code string) *Translator {
	lang, _ := Lookup(code)
	return &Translator{localizer: i18n.NewLocalizer(bundle, code), lang: lang}
}

// RightToLeft reports whether the translator's language is written right to left.
func (t *Translator) RightToLeft() bool {
	return t.lang.Dir == "rtl"
}

// T returns the message with this ID. data, if given, fills its template.
// An unknown ID is a programming error: it panics, which fails the page
// render at start-up, before any visitor sees a blank label.
func (t *Translator) T(id string, data ...map[string]any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id, DefaultMessage: mustMessage(id)}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
	}
	s, _ := t.localizer.Localize(cfg)
	return s
}

// Plural returns the message with this ID in the plural form for count.
func (t *Translator) Plural(id string, count int) string {
	s, _ := t.localizer.Localize(&i18n.LocalizeConfig{
		MessageID:      id,
		DefaultMessage: mustMessage(id),
		PluralCount:    count,
		TemplateData:   map[string]any{"Count": count},
	})
	return s
}

func mustMessage(id string) *i18n.Message {
	msg, ok := byID[id]
	if !ok {
		panic("locales: no message " + strconv.Quote(id))
	}
	return msg
}
