package content

import (
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

var langs = []string{"en", "pl", "ro", "ur"}

func load(t *testing.T) *Library {
	t.Helper()
	lib, err := Load(langs)
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestEnglishPagesReadAtAgeNineToEleven(t *testing.T) {
	lib := load(t)
	var grades []float64
	worst, worstSlug := -100.0, ""
	for _, p := range lib.Pages("en") {
		r := FleschKincaid(p.MainText())
		grades = append(grades, r.Grade)
		if r.Grade > worst {
			worst, worstSlug = r.Grade, p.Slug
		}
		t.Logf("%-22s grade %4.1f (%d words, %d sentences)", p.Slug, r.Grade, r.Words, r.Sentences)
		if r.Grade > 6 {
			t.Errorf("%s: Flesch-Kincaid grade %.1f, want at most 6", p.Slug, r.Grade)
		}
	}
	sort.Float64s(grades)
	t.Logf("readability: median grade %.1f, worst %.1f (%s), %d pages", grades[len(grades)/2], worst, worstSlug, len(grades))
}

func TestFleschKincaidScoresHardTextHigher(t *testing.T) {
	easy := FleschKincaid("You are not in trouble. It is not your fault. Call us any time.")
	hard := FleschKincaid("Comprehensive problem-profiling necessitates multi-agency information-sharing protocols, systematically evaluated.")
	if easy.Grade > 3 || hard.Grade < 12 {
		t.Errorf("easy grade %.1f, hard grade %.1f", easy.Grade, hard.Grade)
	}
	if easy.Sentences != 3 || easy.Words != 14 {
		t.Errorf("easy text: %d sentences, %d words", easy.Sentences, easy.Words)
	}
}

func TestEveryPageIsTranslatedOrVisiblyFallsBack(t *testing.T) {
	lib := load(t)
	for _, lang := range langs[1:] {
		translated, fallback := 0, 0
		for _, en := range lib.Pages("en") {
			p := lib.Page(lang, en.Slug)
			switch {
			case p == nil:
				t.Errorf("%s/%s: missing, and no English fallback", lang, en.Slug)
			case p.Fallback:
				fallback++
			default:
				translated++
				if p.Order != en.Order {
					t.Errorf("%s/%s: order %d, English has %d", lang, en.Slug, p.Order, en.Order)
				}
			}
		}
		t.Logf("%s: %d pages translated, %d shown in English with a note", lang, translated, fallback)
	}
}

func TestLinksBetweenPagesLeadSomewhere(t *testing.T) {
	lib := load(t)
	href := regexp.MustCompile(`href="([^"]*)"`)
	for _, lang := range langs {
		for _, p := range lib.Pages(lang) {
			for _, b := range p.Blocks {
				for _, m := range href.FindAllStringSubmatch(string(b.HTML), -1) {
					link := m[1]
					if strings.Contains(link, ":") || link == "" {
						continue // tel:, sms:, https: links; helplines are checked elsewhere
					}
					slug := strings.TrimSuffix(strings.SplitN(link, "#", 2)[0], "/")
					if slug == "" || slug == "." {
						slug = Home
					}
					if lib.Page(lang, slug) == nil {
						t.Errorf("%s/%s links to %q: no such page", lang, p.Slug, link)
					}
				}
			}
		}
	}
}

func TestPagesUsePlaceholdersNotTypedNumbers(t *testing.T) {
	typed := regexp.MustCompile(`\b(999|101|0800|0808|116 ?123|85258|18000|18001)\b`)
	for _, lang := range langs {
		for _, name := range mustGlob(t, lang+"/*.md") {
			src, _ := files.ReadFile(name)
			_, _, body, _ := splitFrontMatter(src)
			body = anyPlaceholder.ReplaceAll(body, nil)
			if m := typed.Find(body); m != nil {
				t.Errorf("%s: typed number %q; use {{call:...}} so it comes from helplines.toml", name, m)
			}
		}
	}
}

var anyPlaceholder = regexp.MustCompile(`\{\{[a-z]+:[a-z0-9,-]+\}\}`)

func mustGlob(t *testing.T, pattern string) []string {
	t.Helper()
	names, err := fs.Glob(files, pattern)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestPlaceholdersBecomeLinksFromHelplineData(t *testing.T) {
	lib := load(t)
	blocks, err := lib.expand("<p>Call {{call:childline}} or text SHOUT to {{text:shout}}. See {{web:ceop}}.</p>\n<p>{{cards:emergency,samaritans}}</p>\n<p>After.</p>")
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 3 || len(blocks[1].Cards) != 2 || blocks[1].Cards[1].ID != "samaritans" {
		t.Fatalf("blocks: %+v", blocks)
	}
	for _, want := range []string{`href="tel:08001111"`, `>0800 1111<`, `href="sms:85258?body=SHOUT"`, `href="https://www.ceop.police.uk/safety-centre/"`} {
		if !strings.Contains(string(blocks[0].HTML), want) {
			t.Errorf("missing %s in %s", want, blocks[0].HTML)
		}
	}
	for _, bad := range []string{"{{call:nobody}}", "{{text:childline}}", "{{phone:childline}}", "<p>{{cards:childline,nobody}}</p>"} {
		if _, err := lib.expand(bad); err == nil {
			t.Errorf("%s: want an error", bad)
		}
	}
}

func TestHelplineOpenNowInUKTime(t *testing.T) {
	sched, err := parseSchedule("Mon-Fri 08:00-22:00; Sat-Sun 09:00-18:00")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		at   string // UTC
		want Status
	}{
		// 2026-11-23 is a Monday; November is GMT, so UK time = UTC.
		{"2026-11-23T07:59:00Z", Status{Known: true, Opens: "08:00"}},
		{"2026-11-23T08:00:00Z", Status{Known: true, Open: true, Until: "22:00"}},
		{"2026-11-27T22:00:00Z", Status{Known: true, Opens: "09:00", Tomorrow: true}}, // Friday night
		{"2026-11-29T18:30:00Z", Status{Known: true, Opens: "08:00", Tomorrow: true}}, // Sunday evening
		// 2026-07-06 is a Monday in BST (UTC+1): 07:30 UTC is 08:30 in the UK.
		{"2026-07-06T07:30:00Z", Status{Known: true, Open: true, Until: "22:00"}},
		{"2026-07-06T06:30:00Z", Status{Known: true, Opens: "08:00"}},
	}
	for _, c := range cases {
		at, _ := time.Parse(time.RFC3339, c.at)
		if got := sched.StatusAt(at); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.at, got, c.want)
		}
	}
	always, _ := parseSchedule("always")
	if got := always.StatusAt(time.Now()); !got.Open || got.Until != "" {
		t.Errorf("always: %+v", got)
	}
	for _, bad := range []string{"Mon-Fri 22:00-08:00", "Weekdays 08:00-22:00", "sometimes"} {
		if _, err := parseSchedule(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

// The helplines in helplines.toml must match the verified facts exactly. The
// facts live beside the project in CI; a user's checkout without them skips.
func TestHelplinesMatchVerifiedFacts(t *testing.T) {
	facts, err := os.ReadFile("../../shared/facts/helplines.md")
	if err != nil {
		t.Skip("verified facts not beside the project:", err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(facts), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) > 3 {
			rows[strings.TrimSpace(cells[1])] = line
		}
	}
	lib := load(t)
	for _, h := range lib.Helplines {
		row, ok := rows[h.ID]
		if !ok {
			t.Errorf("%s: not in the verified facts", h.ID)
			continue
		}
		for _, c := range h.Contacts {
			for _, fact := range []string{c.Number, c.URL, c.Address, c.Keyword} {
				if fact != "" && !strings.Contains(row, fact) {
					t.Errorf("%s: %q is not in the facts row: %s", h.ID, fact, row)
				}
			}
			if c.Hours == "always" && !strings.Contains(row, "24/7") && !strings.Contains(row, "24 hours") {
				t.Errorf("%s: says open always; facts: %s", h.ID, row)
			}
			if c.Open.Known && !c.Open.Always {
				for _, s := range c.Open.Spans {
					if want := factsHours(s); !strings.Contains(row, want) {
						t.Errorf("%s: hours %q not in facts row: %s", h.ID, want, row)
					}
				}
			}
		}
		if h.Bill != "" && !strings.Contains(row, "bill") {
			t.Errorf("%s: says the bill hides it; facts: %s", h.ID, row)
		}
	}
	if strings.Contains(string(facts), "0800 1111") && lib.Helpline("childline").Contacts[0].Number != "0800 1111" {
		t.Error("childline's first contact must be its phone")
	}
}

// factsHours writes a span the way the facts do: "Mon–Fri 8am–10pm".
func factsHours(s Span) string {
	ampm := func(m int) string { return time.Date(0, 1, 1, m/60, 0, 0, 0, time.UTC).Format("3pm") }
	return strings.Replace(s.Days, "-", "–", 1) + " " + ampm(s.From) + "–" + ampm(s.To)
}

// Every English page makes claims of law or process (who to call, what
// happens, what the law says, what Heard keeps), so each names the public
// pages they come from. A translation shows the English page's sources
// unless it lists its own.
func TestEveryPageNamesItsSources(t *testing.T) {
	lib := load(t)
	for _, lang := range langs {
		for _, p := range lib.Pages(lang) {
			if len(p.Sources) == 0 {
				t.Errorf("%s/%s: no sources: list the public pages behind its claims in its front matter (sources:)", lang, p.Slug)
				continue
			}
			last := p.Blocks[len(p.Blocks)-1]
			if !last.Aside || !strings.Contains(string(last.HTML), `href="`+p.Sources[0].URL+`"`) {
				t.Errorf("%s/%s: sources are not listed at the foot of the page: %q", lang, p.Slug, last.HTML)
			}
		}
	}
}

func TestSourcesAreParsedFromFrontMatter(t *testing.T) {
	lib := load(t)
	page, err := lib.parse("en", "law", []byte("---\ntitle: The law\nsources:\n  - https://www.legislation.gov.uk/ukpga/2003/42 Sexual Offences Act 2003\n  - https://www.gov.uk/x\norder: 3\n---\nYou are safe.\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{{"https://www.legislation.gov.uk/ukpga/2003/42", "Sexual Offences Act 2003"}, {"https://www.gov.uk/x", ""}}
	if len(page.Sources) != 2 || page.Sources[0] != want[0] || page.Sources[1] != want[1] || page.Order != 3 {
		t.Fatalf("got %+v, order %d", page.Sources, page.Order)
	}
	foot := string(page.Blocks[len(page.Blocks)-1].HTML)
	for _, s := range []string{"Where this comes from", `<a href="https://www.gov.uk/x">www.gov.uk/x</a> <span dir="ltr">gov.uk</span>`, `>Sexual Offences Act 2003</a> <span dir="ltr">legislation.gov.uk</span>`} {
		if !strings.Contains(foot, s) {
			t.Errorf("foot of page lacks %s: %s", s, foot)
		}
	}
	bad := map[string]string{
		"not a web page":    "sources:\n- javascript:alert(1) Sneaky",
		"no host":           "sources:\n- https:///path Nowhere",
		"not an address":    "sources:\n- Sexual Offences Act 2003",
		"item with no key":  "- https://www.gov.uk/x",
		"another list":      "tags:\n- https://www.gov.uk/x",
		"item after scalar": "order: 3\n- https://www.gov.uk/x",
	}
	for name, head := range bad {
		if _, err := lib.parse("en", "x", []byte("---\ntitle: X\n"+head+"\n---\nHi.\n")); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestSourcesAreSmallPrintNotCountedForReading(t *testing.T) {
	lib := load(t)
	page, err := lib.parse("en", "x", []byte("---\ntitle: X\nsources:\n- https://www.gov.uk/government/publications/working-together-to-safeguard-children--2 Working Together to Safeguard Children: statutory guidance on inter-agency arrangements\n---\nYou are safe. Tell someone.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if text := page.MainText(); strings.Contains(text, "Working Together") || strings.Contains(text, "Where this") {
		t.Errorf("reading text includes the sources: %q", text)
	}
	if r := FleschKincaid(page.MainText()); r.Words != 5 {
		t.Errorf("reading counted %d words, want the page's 5", r.Words)
	}
}

func TestTranslationsShowTheEnglishSourcesMarkedAsEnglish(t *testing.T) {
	lib := load(t)
	for _, lang := range langs[1:] {
		for _, en := range lib.Pages("en") {
			p := lib.Page(lang, en.Slug)
			if p.Fallback || len(en.Sources) == 0 {
				continue
			}
			foot := string(p.Blocks[len(p.Blocks)-1].HTML)
			if p.Sources[0] == en.Sources[0] && !strings.Contains(foot, `lang="en" hreflang="en" dir="auto"`) {
				t.Errorf("%s/%s: English sources not marked as English: %s", lang, p.Slug, foot)
			}
			if !strings.Contains(foot, sourcesHeading[lang]) {
				t.Errorf("%s/%s: sources heading not in %s: %s", lang, p.Slug, lang, foot)
			}
		}
	}
}

// Young people's words from the inquiry are quoted exactly as the facts
// record them: a quotation on any page (a Markdown "> " line) must be one of
// them, word for word.
func TestInquiryQuotesAreExactlyTheirWords(t *testing.T) {
	facts, err := os.ReadFile("../../shared/facts/see-me-hear-me.md")
	if err != nil {
		t.Skip("verified facts not beside the project:", err)
	}
	_, words, _ := strings.Cut(string(facts), "### Their own words")
	words, _, _ = strings.Cut(words, "\n## ")
	theirs := map[string]bool{}
	for _, line := range strings.Split(words, "\n") {
		if q, ok := strings.CutPrefix(strings.TrimSpace(line), "- "); ok {
			theirs[q] = true
		}
	}
	if len(theirs) == 0 {
		t.Fatal("no quotations found in the facts")
	}
	quoted := 0
	for _, name := range mustGlob(t, "*/*.md") {
		src, _ := files.ReadFile(name)
		for _, line := range strings.Split(string(src), "\n") {
			q, ok := strings.CutPrefix(line, "> ")
			if !ok {
				continue
			}
			quoted++
			// Translations keep the quotation in English, as evidence, and render it beside it.
			if !theirs[q] {
				t.Errorf("%s quotes %s: not word for word one of the young people's quotations in the facts", name, q)
			}
		}
	}
	if quoted < len(theirs) {
		t.Errorf("only %d quotations on the pages; the facts hold %d", quoted, len(theirs))
	}
}

// A translated page keeps young people's words in English, and marks them so:
// a screen reader then reads them with an English voice, and an Urdu page
// keeps their quotation marks in place.
func TestQuotationsKeptInEnglishAreMarkedEnglish(t *testing.T) {
	lib := load(t)
	for _, en := range lib.Pages("en") {
		quotes := 0
		for _, b := range en.Blocks {
			quotes += strings.Count(string(b.HTML), "<blockquote>")
		}
		if quotes == 0 {
			continue
		}
		for _, lang := range langs[1:] {
			p := lib.Page(lang, en.Slug)
			if p.Fallback {
				continue
			}
			marked := 0
			for _, b := range p.Blocks {
				marked += strings.Count(string(b.HTML), `<blockquote lang="en" dir="ltr">`)
			}
			if marked != quotes {
				t.Errorf("%s/%s: %d of %d English quotations marked lang=en", lang, p.Slug, marked, quotes)
			}
		}
	}
}
