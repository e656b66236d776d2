// Package content loads Heard's plain-language pages (Markdown per language)
// and the helplines they point to, and checks them at start-up.
package content

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
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
	// Sources are the public pages that back the page's claims of law and
	// process. A translation without its own shows the English page's.
	Sources []Source
}

// Source is a public page a page's facts come from.
type Source struct {
	URL, Title string
}

// Site is the source's web site as people say it: "gov.uk", "childline.org.uk".
func (s Source) Site() string {
	u, err := url.Parse(s.URL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// Block is a piece of a page: rendered Markdown, or a list of helpline cards
// (which the web layer draws, since they say whether a line is open now).
type Block struct {
	HTML  template.HTML
	Cards []*Helpline
	// Aside is said about the page rather than by it (its sources): small
	// print, left out of the reading-level count.
	Aside bool
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
		for slug, page := range lib.pages[lang] {
			english, ok := lib.pages[source][slug]
			if !ok {
				return nil, fmt.Errorf("content/%s/%s.md has no %s page", lang, slug, source)
			}
			if len(page.Sources) == 0 && !page.Fallback {
				page.Sources = english.Sources
				page.Blocks = append(page.Blocks, sourcesBlock(lang, english))
			}
			if !page.Fallback {
				markEnglishQuotes(page, english)
			}
		}
	}
	return lib, nil
}

// markdown renders and parses every page: goldmark's parser is built once
// here, where a new one for each page cost more than the page itself.
var markdown = goldmark.New()

// blockquote finds a quotation as goldmark writes it.
var blockquote = regexp.MustCompile(`(?s)<blockquote>\n(.*?)</blockquote>`)

// markEnglishQuotes marks the quotations a translated page keeps in English
// (young people's own words, quoted as evidence) as English, left to right,
// so a screen reader reads them with an English voice and an Urdu page
// keeps their quotation marks and brackets in place.
func markEnglishQuotes(page, english *Page) {
	quoted := map[string]bool{}
	for _, b := range english.Blocks {
		for _, m := range blockquote.FindAllStringSubmatch(string(b.HTML), -1) {
			quoted[quoteText(m[1])] = true
		}
	}
	for i, b := range page.Blocks {
		page.Blocks[i].HTML = template.HTML(blockquote.ReplaceAllStringFunc(string(b.HTML), func(q string) string {
			if !quoted[quoteText(blockquote.FindStringSubmatch(q)[1])] {
				return q
			}
			return `<blockquote lang="en" dir="ltr">` + strings.TrimPrefix(q, "<blockquote>")
		}))
	}
}

// quoteText is a quotation's words, without direction marks or spaces, to compare.
func quoteText(html string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(html, "\u200e", "")), "")
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
	meta, lists, body, err := splitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	for key := range lists {
		if key != "sources" {
			return nil, fmt.Errorf("front matter %q: only sources may be a list", key)
		}
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
	if err := markdown.Convert(body, &html); err != nil {
		return nil, err
	}
	page.Words = len(strings.Fields(string(body)))
	if page.Chat, err = lib.chatText(body); err != nil {
		return nil, err
	}
	if page.Blocks, err = lib.expand(html.String()); err != nil {
		return nil, err
	}
	if page.Sources, err = parseSources(lists["sources"]); err != nil {
		return nil, err
	}
	if len(page.Sources) > 0 {
		page.Blocks = append(page.Blocks, sourcesBlock(lang, page))
	}
	return page, nil
}

// splitFrontMatter separates the lines between --- fences: "key: value", or
// "key:" followed by "- item" lines, which make a list.
func splitFrontMatter(src []byte) (map[string]string, map[string][]string, []byte, error) {
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return nil, nil, nil, fmt.Errorf("no front matter (a first line of ---)")
	}
	head, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return nil, nil, nil, fmt.Errorf("front matter is not closed with ---")
	}
	meta, lists := map[string]string{}, map[string][]string{}
	listKey := ""
	for _, line := range strings.Split(head, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if item, ok := strings.CutPrefix(trimmed, "- "); ok {
			if listKey == "" {
				return nil, nil, nil, fmt.Errorf("front matter line %q is a list item with no \"key:\" line above it", line)
			}
			lists[listKey] = append(lists[listKey], strings.TrimSpace(item))
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, nil, nil, fmt.Errorf("front matter line %q is not key: value", line)
		}
		key, value = strings.TrimSpace(key), strings.Trim(strings.TrimSpace(value), `"`)
		if listKey = ""; value == "" {
			listKey = key
			continue
		}
		meta[key] = value
	}
	return meta, lists, []byte(body), nil
}

// parseSources reads "https://address Title of the page" items; the title
// is optional. Only web addresses are taken: a source is a page anyone can open.
func parseSources(items []string) ([]Source, error) {
	var sources []Source
	for _, item := range items {
		address, title, _ := strings.Cut(item, " ")
		u, err := url.Parse(address)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("source %q: want a public web address (https://...), then a title if you like", item)
		}
		sources = append(sources, Source{URL: address, Title: strings.TrimSpace(title)})
	}
	return sources, nil
}

// sourcesHeading is "Where this comes from" in each language; a language
// missing here shows the English, marked as English.
var sourcesHeading = map[string]string{
	"en": "Where this comes from",
	"pl": "Skąd to wiemy",
	"ro": "De unde știm asta",
	"ur": "یہ معلومات کہاں سے ہیں",
}

// sourcesBlock is the small print at the foot of a page in lang that lists
// from's sources. Titles are marked with from's language, since a
// translation shows the English page's sources. A div, not a footer: the
// page's own footer is the site's, and comes after main.
func sourcesBlock(lang string, from *Page) Block {
	var b strings.Builder
	heading, ok := sourcesHeading[lang]
	if !ok {
		heading = `<span lang="en" dir="ltr">` + sourcesHeading["en"] + `</span>`
	}
	fmt.Fprintf(&b, "<div class=\"sources meta\">\n<h2 class=\"meta\">%s</h2>\n<ul>\n", heading)
	for _, s := range from.Sources {
		title := s.Title
		if title == "" {
			title = strings.TrimPrefix(s.URL, "https://")
		}
		marks := ""
		if from.Lang != lang {
			marks = fmt.Sprintf(` lang="%s" hreflang="%s" dir="auto"`, from.Lang, from.Lang)
		}
		// The site's name after the link says where it leads (an official
		// site is worth knowing before you tap), and keeps the link inline.
		fmt.Fprintf(&b, "<li><a href=\"%s\"%s>%s</a> <span dir=\"ltr\">%s</span></li>\n",
			template.HTMLEscapeString(s.URL), marks, template.HTMLEscapeString(title), template.HTMLEscapeString(s.Site()))
	}
	b.WriteString("</ul>\n</div>\n")
	return Block{HTML: template.HTML(b.String()), Aside: true}
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
