// Package content loads Heard's plain-language pages (Markdown per language)
// and the helplines they point to, and checks them at start-up.
package content

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
)

//go:embed helplines.toml questions.toml */*.md
var files embed.FS

// QuestionBank returns the feedback questions file (package feedback reads it).
func QuestionBank() []byte {
	b, _ := files.ReadFile("questions.toml")
	return b
}

// Home is the slug of each language's front page, served at /{lang}/.
const Home = "home"

// Page is one page in one language, ready to put in a layout.
type Page struct {
	Lang, Slug     string
	Title, Summary string
	Order          int  // place in the list of topics; 0 means not listed
	Unreviewed     bool // a translation not yet checked by a native speaker
	Fallback       bool // English shown because the translation is missing
	Blocks         []Block
	Words          int
	Chat           string // the page as the text of a chat message; empty for a page of contact cards
}

// Block is a piece of a page: rendered Markdown, or a list of helpline cards
// (which the web layer draws, since they say whether a line is open now).
type Block struct {
	HTML  template.HTML
	Cards []*Helpline
}

// Library is every page in every language, and the helplines.
type Library struct {
	Helplines []Helpline
	pages     map[string]map[string]*Page // lang -> slug -> page
}

// Load reads and checks all content. langs are the site's language codes,
// the first being the source language every page must exist in.
func Load(langs []string) (*Library, error) {
	raw, err := files.ReadFile("helplines.toml")
	if err != nil {
		return nil, err
	}
	lib := &Library{pages: map[string]map[string]*Page{}}
	if lib.Helplines, err = loadHelplines(raw); err != nil {
		return nil, err
	}
	for _, lang := range langs {
		lib.pages[lang] = map[string]*Page{}
		names, _ := fs.Glob(files, lang+"/*.md")
		for _, name := range names {
			src, err := files.ReadFile(name)
			if err != nil {
				return nil, err
			}
			page, err := lib.parse(lang, strings.TrimSuffix(path.Base(name), ".md"), src)
			if err != nil {
				return nil, fmt.Errorf("content/%s: %w", name, err)
			}
			lib.pages[lang][page.Slug] = page
		}
	}
	source := langs[0]
	if len(lib.pages[source]) == 0 || lib.pages[source][Home] == nil {
		return nil, fmt.Errorf("content: no %s pages, or no %s/%s.md", source, source, Home)
	}
	for _, lang := range langs[1:] {
		for slug, page := range lib.pages[source] {
			if _, ok := lib.pages[lang][slug]; !ok {
				fallback := *page
				fallback.Lang, fallback.Fallback = lang, true
				lib.pages[lang][slug] = &fallback
			}
		}
		for slug := range lib.pages[lang] {
			if _, ok := lib.pages[source][slug]; !ok {
				return nil, fmt.Errorf("content/%s/%s.md has no %s page", lang, slug, source)
			}
		}
	}
	return lib, nil
}

// Page returns a page, or nil when there is none with that slug.
func (lib *Library) Page(lang, slug string) *Page {
	return lib.pages[lang][slug]
}

// Pages returns every page of a language, sorted by slug.
func (lib *Library) Pages(lang string) []*Page {
	var pages []*Page
	for _, p := range lib.pages[lang] {
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Slug < pages[j].Slug })
	return pages
}

// Topics returns a language's listed pages in their order.
func (lib *Library) Topics(lang string) []*Page {
	var topics []*Page
	for _, p := range lib.pages[lang] {
		if p.Order > 0 {
			topics = append(topics, p)
		}
	}
	sort.Slice(topics, func(i, j int) bool { return topics[i].Order < topics[j].Order })
	return topics
}

// Helpline returns the helpline with this id, or nil.
func (lib *Library) Helpline(id string) *Helpline {
	for i := range lib.Helplines {
		if lib.Helplines[i].ID == id {
			return &lib.Helplines[i]
		}
	}
	return nil
}

func (lib *Library) parse(lang, slug string, src []byte) (*Page, error) {
	meta, body, err := splitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	page := &Page{Lang: lang, Slug: slug, Title: meta["title"], Summary: meta["summary"]}
	if page.Title == "" {
		return nil, fmt.Errorf("front matter needs a title")
	}
	if o, ok := meta["order"]; ok {
		if page.Order, err = strconv.Atoi(o); err != nil {
			return nil, fmt.Errorf("order %q: %w", o, err)
		}
	}
	page.Unreviewed = meta["translation"] == "unreviewed"

	var html bytes.Buffer
	if err := goldmark.Convert(body, &html); err != nil {
		return nil, err
	}
	page.Words = len(strings.Fields(string(body)))
	if page.Chat, err = lib.chatText(body); err != nil {
		return nil, err
	}
	page.Blocks, err = lib.expand(html.String())
	return page, err
}

// splitFrontMatter separates the "key: value" lines between --- fences.
func splitFrontMatter(src []byte) (map[string]string, []byte, error) {
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return nil, nil, fmt.Errorf("no front matter (a first line of ---)")
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return nil, nil, fmt.Errorf("front matter is not closed with ---")
	}
	meta := map[string]string{}
	for _, line := range strings.Split(head, "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, nil, fmt.Errorf("front matter line %q is not key: value", line)
		}
		meta[strings.TrimSpace(key)] = strings.Trim(strings.TrimSpace(value), `"`)
	}
	return meta, []byte(body), nil
}

var (
	placeholder = regexp.MustCompile(`\{\{(call|text|web):([a-z0-9-]+)\}\}`)
	cardsLine   = regexp.MustCompile(`<p>\{\{cards:([a-z0-9,-]+)\}\}</p>\n?`)
)

// expand turns placeholders into links and card blocks, so every number on a
// page comes from helplines.toml and none is typed into a page by hand.
func (lib *Library) expand(html string) ([]Block, error) {
	var firstErr error
	html = placeholder.ReplaceAllStringFunc(html, func(m string) string {
		parts := placeholder.FindStringSubmatch(m)
		link, err := lib.inlineLink(parts[1], parts[2])
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return link
	})
	if firstErr != nil {
		return nil, firstErr
	}
	var blocks []Block
	for {
		loc := cardsLine.FindStringSubmatchIndex(html)
		if loc == nil {
			break
		}
		if loc[0] > 0 {
			blocks = append(blocks, Block{HTML: template.HTML(html[:loc[0]])})
		}
		var cards []*Helpline
		for _, id := range strings.Split(html[loc[2]:loc[3]], ",") {
			h := lib.Helpline(id)
			if h == nil {
				return nil, fmt.Errorf("cards: no helpline %q", id)
			}
			cards = append(cards, h)
		}
		blocks = append(blocks, Block{Cards: cards})
		html = html[loc[1]:]
	}
	if html != "" {
		blocks = append(blocks, Block{HTML: template.HTML(html)})
	}
	for _, b := range blocks {
		if left := strings.Index(string(b.HTML), "{{"); left >= 0 {
			end := min(len(b.HTML), left+40)
			return nil, fmt.Errorf("unknown placeholder near %q", b.HTML[left:end])
		}
	}
	return blocks, nil
}

func (lib *Library) inlineLink(kind, id string) (string, error) {
	h := lib.Helpline(id)
	if h == nil {
		return "", fmt.Errorf("{{%s:%s}}: no such helpline", kind, id)
	}
	for _, c := range h.Contacts {
		switch {
		case kind == "call" && c.Kind == "call":
			return fmt.Sprintf(`<a href="tel:%s" dir="ltr">%s</a>`, c.Dial(), template.HTMLEscapeString(c.Number)), nil
		case kind == "text" && c.Kind == "text":
			return fmt.Sprintf(`<a href="sms:%s?body=%s" dir="ltr">%s</a>`, c.Dial(), template.URLQueryEscaper(c.Keyword), template.HTMLEscapeString(c.Number)), nil
		case kind == "web" && c.URL != "":
			return fmt.Sprintf(`<a href="%s">%s</a>`, template.HTMLEscapeString(c.URL), template.HTMLEscapeString(h.Name)), nil
		}
	}
	return "", fmt.Errorf("{{%s:%s}}: that helpline has no contact of that kind", kind, id)
}
