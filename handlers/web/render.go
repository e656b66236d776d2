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
	"sync/atomic"
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
// which defines "main/KIND", parsed with Shared, and the functions Funcs
// gives beside the common ones.
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
	kinds       map[string]map[string]*page // "page", "home", "error" -> lang
}

// page is one kind of page in one language: the template set of its side
// and language, the name that draws it there, and the size it last drew,
// so the next drawing starts with room for it.
type page struct {
	set  *template.Template
	name string
	size atomic.Int64
}

// errorPages are the pages this package draws itself.
var errorPages = Pages{Files: templateFiles, Kinds: []string{"error"}}

// NewRenderer parses every side's pages into the shared layout.
func NewRenderer(lib *content.Library, translators map[string]*locales.Translator, assets map[string]string, exitURL string, sides ...Pages) (*Renderer, error) {
	r := &Renderer{lib: lib, translators: translators, assets: assets, exitURL: exitURL,
		kinds: map[string]map[string]*page{}}
	for _, side := range append([]Pages{errorPages}, sides...) {
		if err := r.parse(side); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// parse reads one side's layout, shared parts and kinds into one template
// set, once, with "page/KIND" drawing each kind in the layout.
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
	base, err := template.New("layout.html").Funcs(funcs(nil)).ParseFS(templateFiles, "templates/layout.html", "templates/localcards.html")
	if err != nil {
		return err
	}
	files := slices.Clone(side.Shared)
	for _, kind := range side.Kinds {
		if _, taken := r.kinds[kind]; taken {
			return fmt.Errorf("two sides draw a page %q", kind)
		}
		files = append(files, "templates/"+kind+".html")
		text := `{{template "layout-top" .}}{{template "main/` + kind + `" .}}{{template "layout-bottom" .}}`
		if _, err := base.New("page/" + kind).Parse(text); err != nil {
			return err
		}
	}
	if _, err := base.ParseFS(side.Files, files...); err != nil {
		return err
	}
	for _, kind := range side.Kinds {
		if base.Lookup("main/"+kind) == nil {
			return fmt.Errorf("templates/%s.html does not define \"main/%s\"", kind, kind)
		}
		r.kinds[kind] = map[string]*page{}
	}
	// Each language has its own copy of the side's templates with its own
	// functions, so no page can be drawn with another language's words.
	// One copy per language, not per kind and language: html/template's
	// Clone copies every parse tree, and the copies were a third of the
	// live heap.
	for code, tr := range r.translators {
		if side.EnglishOnly && code != locales.Default {
			continue
		}
		set := template.Must(base.Clone()).Funcs(funcs(tr))
		for _, kind := range side.Kinds {
			r.kinds[kind][code] = &page{set: set, name: "page/" + kind}
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
	p, ok := r.kinds[kind][lang]
	if !ok {
		return nil, fmt.Errorf("render %s %s: no such page", lang, kind)
	}
	// Room for the last drawing and a little more: growing the buffer
	// step by step was a tenth of the bytes allocated under load, and a
	// page kept in memory would keep the unused half of its last step.
	var buf bytes.Buffer
	buf.Grow(int(p.size.Load()) + 512)
	if err := p.set.ExecuteTemplate(&buf, p.name, data); err != nil {
		return nil, fmt.Errorf("render %s %s: %w", lang, kind, err)
	}
	p.size.Store(int64(buf.Len()))
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
