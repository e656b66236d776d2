package handlers

import (
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"heard/locales"
	"heard/store"
)

// TestEachLanguageDrawsOnlyItsOwnWords draws every kind of public page in
// every language at once, and checks that each shows its language's words,
// from the layout, the page and the parts it calls, and never another
// language's. The kinds share their parsed templates within a language.
func TestEachLanguageDrawsOnlyItsOwnWords(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := newFormSite(t, st)
	_, bundle := loadWords(t)
	words := map[string]*locales.Translator{}
	for _, lang := range langs {
		words[lang] = locales.NewTranslator(bundle, lang)
	}
	layout := []string{"SkipLink", "QuickExit", "HelpBlockMore", "FooterTagline"}
	pages := map[string][]string{ // path after the language -> the words it must show
		"/":                            {"HelpBlockDanger"},
		"/help":                        {"ContactCall"},
		"/feedback":                    {"FeedbackTitle", "FeedbackCommentLabel"},
		"/feedback/thanks?help=danger": {"FeedbackThanksDanger", "FeedbackNext"},
		"/you-said-we-did":             {"NewsTitle"},
		"/no-such-page":                {"NotFoundTitle"},
	}
	type drawn struct{ lang, path, body string }
	results := make(chan drawn, 2*len(langs)*len(pages))
	var wg sync.WaitGroup
	for range 2 {
		for _, lang := range langs {
			for path := range pages {
				wg.Go(func() {
					rec := httptest.NewRecorder()
					f.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/"+lang+path, nil))
					results <- drawn{lang, path, html.UnescapeString(rec.Body.String())}
				})
			}
		}
	}
	wg.Wait()
	close(results)
	for d := range results {
		for _, id := range append(pages[d.path], layout...) {
			own := words[d.lang].T(id)
			if !strings.Contains(d.body, own) {
				t.Errorf("/%s%s: no %s %q", d.lang, d.path, id, own)
			}
			for _, other := range langs {
				// Short words (Call) may be inside longer ones or in a page
				// shown in English; longer ones are the template's alone.
				if theirs := words[other].T(id); theirs != own && utf8.RuneCountInString(theirs) >= 8 && strings.Contains(d.body, theirs) {
					t.Errorf("/%s%s: has %s in %s: %q", d.lang, d.path, id, other, theirs)
				}
			}
		}
	}
}
