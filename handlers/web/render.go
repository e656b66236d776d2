// Package web is what the public site and the workers' side share: the
// layout every page is drawn in and the renderer that draws it, the error
// pages, responses kept in memory, the protective headers, signed form
// tokens (CSRF) and the same-site check, limits per address, and the
// middleware that logs and recovers.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"time"

	"heard/content"
	"heard/locales"
)

//go:embed templates/*.html
var templateFiles embed.FS

// LanguageLink is one entry of the language menu.
type LanguageLink struct {
	Code, Name, Href string
	Current          bool
}

// LanguageLinks is the language menu, each language pointing at the same page.
func LanguageLinks(current, slug string) []LanguageLink {
	if slug == content.Home {
		slug = ""
	}
	var links []LanguageLink
	for _, l := range locales.All {
		links = append(links, LanguageLink{Code: l.Code, Name: l.Name, Href: "/" + l.Code + "/" + slug, Current: l.Code == current})
	}
	return links
}

// Pages are one side's page templates: each kind is Files' KIND.html,
// parsed with Shared, and the functions Funcs gives beside the common ones.
type Pages struct {
	Files  fs.FS
	Kinds  []string
	Shared []string
	// Funcs are the templates' own functions for a language; it is called
	// with nil while parsing.
	Funcs func(tr *locales.Translator) template.FuncMap
	// EnglishOnly pages are drawn in English alone.
	EnglishOnly bool
	// NoReadAloud pages leave out the layout's read-aloud script and
	// controls, which are for young people's pages.
	NoReadAloud bool
}

// Renderer holds the templates, parsed once at start-up: a missing template
// or message fails start-up, not a young person's request.
type Renderer struct {
	lib         *content.Library
	translators map[string]*locales.Translator
	assets      map[string]string // "style.css" -> "style.1a2b3c4d5e.css"
	exitURL     string
	kinds       map[string]map[string]*template.Template // "page", "home", "error" -> lang
}

// errorPages are the pages this package draws itself.
var errorPages = Pages{Files: templateFiles, Kinds: []string{"error"}}

// NewRenderer parses every side's pages into the shared layout.
func NewRenderer(lib *content.Library, translators map[string]*locales.Translator, assets map[string]string, exitURL string, sides ...Pages) (*Renderer, error) {
	r := &Renderer{lib: lib, translators: translators, assets: assets, exitURL: exitURL,
		kinds: map[string]map[string]*template.Template{}}
	for _, side := range append([]Pages{errorPages}, sides...) {
		if err := r.parse(side); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *Renderer) parse(side Pages) error {
	funcs := func(tr *locales.Translator) template.FuncMap {
		m := r.funcs(tr)
		m["readAloud"] = func() bool { return !side.NoReadAloud }
		if side.Funcs != nil {
			for name, f := range side.Funcs(tr) {
				m[name] = f
			}
		}
		return m
	}
	layout, err := template.New("layout.html").Funcs(funcs(nil)).ParseFS(templateFiles, "templates/layout.html", "templates/localcards.html")
	if err != nil {
		return err
	}
	for _, kind := range side.Kinds {
		base, err := template.Must(layout.Clone()).ParseFS(side.Files, append([]string{"templates/" + kind + ".html"}, side.Shared...)...)
		if err != nil {
			return err
		}
		// Each language has its own clone with its own functions, so no
		// page can be drawn with another language's words.
		r.kinds[kind] = map[string]*template.Template{}
		for code, tr := range r.translators {
			if side.EnglishOnly && code != locales.Default {
				continue
			}
			r.kinds[kind][code] = template.Must(base.Clone()).Funcs(funcs(tr))
		}
	}
	return nil
}

// Render draws one kind of page in a language. The layout reads, from
// every page's data, Lang (a locales.Language), Languages (the menu, from
// LanguageLinks), Title, Description, and Unreviewed (say discreetly that
// no native speaker has checked it). Each view declares them itself: a
// template reads a field promoted from an embedded struct through a slower,
// allocating lookup, on every request.
func (r *Renderer) Render(kind, lang string, data any) ([]byte, error) {
	t, ok := r.kinds[kind][lang]
	if !ok {
		return nil, fmt.Errorf("render %s %s: no such page", lang, kind)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s %s: %w", lang, kind, err)
	}
	return buf.Bytes(), nil
}

// Translator gives a language's words.
func (r *Renderer) Translator(lang string) *locales.Translator { return r.translators[lang] }

func (r *Renderer) funcs(tr *locales.Translator) template.FuncMap {
	return template.FuncMap{
		"t":       func(id string, data ...map[string]any) string { return tr.T(id, data...) },
		"tIn":     func(lang, id string, data ...map[string]any) string { return r.translators[lang].T(id, data...) },
		"plural":  func(id string, n int) string { return tr.Plural(id, n) },
		"asset":   func(name string) (string, error) { return r.asset(name) },
		"exitURL": func() string { return r.exitURL },
		"phone":   r.phone,
		"contact": r.contact,
		"dict":    dict,
		"dict2":   func(title string, rows any) map[string]any { return map[string]any{"Title": title, "Rows": rows} },
		"has":     slices.Contains[[]string],
		// A team's local help, below the national helplines (localcards.html).
		"localFrom": func(team string) template.HTML { return localFrom(tr, team) },
		"checkedOn": func(day time.Time) string { return checkedOn(tr, day) },
	}
}

func (r *Renderer) asset(name string) (string, error) {
	hashed, ok := r.assets[name]
	if !ok {
		return "", fmt.Errorf("no asset %q", name)
	}
	return hashed, nil
}

// phone returns a helpline's first phone contact, for the help block.
func (r *Renderer) phone(id string) (content.Contact, error) {
	if h := r.lib.Helpline(id); h != nil {
		for _, c := range h.Contacts {
			if c.Kind == "call" {
				return c, nil
			}
		}
	}
	return content.Contact{}, fmt.Errorf("no phone number for helpline %q", id)
}

// contact returns a helpline's first contact of a kind: "text", "report".
func (r *Renderer) contact(id, kind string) (content.Contact, error) {
	if h := r.lib.Helpline(id); h != nil {
		for _, c := range h.Contacts {
			if c.Kind == kind {
				return c, nil
			}
		}
	}
	return content.Contact{}, fmt.Errorf("no %s contact for helpline %q", kind, id)
}

func dict(kv ...string) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}
