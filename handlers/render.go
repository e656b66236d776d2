package handlers

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"time"

	"heard/content"
	"heard/feedback"
	"heard/locales"
	"heard/safety"
)

//go:embed templates/*.html
var templateFiles embed.FS

// view is what a page template sees.
type view struct {
	Lang               locales.Language
	Languages          []languageLink
	Title, Description string
	Page               *content.Page
	Topics             []*content.Page
	Minutes            int  // reading time; 0 hides it
	Unreviewed         bool // say discreetly that no native speaker has checked it
	ErrorTitle         string
	ErrorText          string
	LanguageList       bool
	Now                time.Time      // the moment whose opening hours the page shows
	Form               *formView      // the feedback form
	Help               safety.Verdict // the thanks page leads with help for this: the comment sounded unsafe
	Worker             *workerView
	News               *newsView // "You said, we did"
}

// card is a helpline card with the moment it describes.
type card struct {
	*content.Helpline
	Now time.Time
}

type languageLink struct {
	Code, Name, Href string
	Current          bool
}

// statusLine is what a helpline card says about one contact's hours.
type statusLine struct {
	Open bool
	Text string
}

// renderer holds the templates, parsed once at start-up: a missing template
// or message fails start-up, not a young person's request.
type renderer struct {
	lib         *content.Library
	translators map[string]*locales.Translator
	assets      map[string]string // "style.css" -> "style.1a2b3c4d5e.css"
	exitURL     string
	kinds       map[string]map[string]*template.Template // "page", "home", "error" -> lang
}

// workerKinds are the workers' pages, which share the parts in parts.html.
var workerKinds = map[string]bool{"workers": true, "round": true, "post": true, "poster": true, "report": true,
	"compare": true, "trends": true, "profile": true}

func newRenderer(lib *content.Library, translators map[string]*locales.Translator, assets map[string]string, exitURL string) (*renderer, error) {
	r := &renderer{lib: lib, translators: translators, assets: assets, exitURL: exitURL,
		kinds: map[string]map[string]*template.Template{}}
	layout, err := template.New("layout.html").Funcs(r.funcs(nil)).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	for _, kind := range []string{"page", "home", "error", "feedback", "thanks", "news",
		"signin", "workers", "round", "post", "poster", "report", "compare", "trends", "profile"} {
		files := []string{"templates/" + kind + ".html"}
		if workerKinds[kind] {
			files = append(files, "templates/parts.html")
		}
		base, err := template.Must(layout.Clone()).ParseFS(templateFiles, files...)
		if err != nil {
			return nil, err
		}
		// Each language has its own clone with its own functions, so no
		// page can be drawn with another language's words.
		r.kinds[kind] = map[string]*template.Template{}
		for code, tr := range translators {
			if workerKinds[kind] && code != locales.Default {
				continue // workers' pages are in English only
			}
			r.kinds[kind][code] = template.Must(base.Clone()).Funcs(r.funcs(tr))
		}
	}
	return r, nil
}

// render draws one page in the view's language.
func (r *renderer) render(kind string, v *view) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.kinds[kind][v.Lang.Code].ExecuteTemplate(&buf, "layout", v); err != nil {
		return nil, fmt.Errorf("render %s %s: %w", v.Lang.Code, kind, err)
	}
	return buf.Bytes(), nil
}

func (r *renderer) funcs(tr *locales.Translator) template.FuncMap {
	return template.FuncMap{
		"t":        func(id string, data ...map[string]any) string { return tr.T(id, data...) },
		"tIn":      func(lang, id string, data ...map[string]any) string { return r.translators[lang].T(id, data...) },
		"plural":   func(id string, n int) string { return tr.Plural(id, n) },
		"asset":    func(name string) (string, error) { return r.asset(name) },
		"exitURL":  func() string { return r.exitURL },
		"phone":    r.phone,
		"contact":  r.contact,
		"flagName": flagName,
		"dict":     dict,
		"dict2":    func(title string, rows any) map[string]any { return map[string]any{"Title": title, "Rows": rows} },
		"has":      slices.Contains[[]string],
		"share":    share,
		"likert":   feedback.LikertChartSVG,
		"columns":  feedback.ColumnChartSVG,
		"trend":    feedback.TrendChartSVG,
		"points":   points,
		"verdict":  verdictClass,
		"span":     monthsOf,
		"card":     func(now time.Time, h *content.Helpline) card { return card{Helpline: h, Now: now} },
		"status":   func(now time.Time, c content.Contact) *statusLine { return contactStatus(tr, c, now) },
	}
}

func (r *renderer) asset(name string) (string, error) {
	hashed, ok := r.assets[name]
	if !ok {
		return "", fmt.Errorf("no asset %q", name)
	}
	return hashed, nil
}

// phone returns a helpline's first phone contact, for the help block.
func (r *renderer) phone(id string) (content.Contact, error) {
	if h := r.lib.Helpline(id); h != nil {
		for _, c := range h.Contacts {
			if c.Kind == "call" {
				return c, nil
			}
		}
	}
	return content.Contact{}, fmt.Errorf("no phone number for helpline %q", id)
}

// flagNames say in plain words what a flagged comment sounds like, for workers.
var flagNames = map[safety.Verdict]string{
	safety.Danger:       "Danger now",
	safety.SelfHarm:     "Suicide or self-harm",
	safety.Disclosure:   "Sexual abuse or grooming",
	safety.Exploitation: "Criminal exploitation",
	safety.Images:       "Image-based abuse",
}

// flagName names a comment's safety flag as stored; one this code does not know is shown
// as it is, never hidden.
func flagName(flag string) string {
	if v, ok := safety.ParseVerdict(flag); ok && flagNames[v] != "" {
		return flagNames[v]
	}
	return flag
}

// contact returns a helpline's first contact of a kind: "text", "report".
func (r *renderer) contact(id, kind string) (content.Contact, error) {
	if h := r.lib.Helpline(id); h != nil {
		for _, c := range h.Contacts {
			if c.Kind == kind {
				return c, nil
			}
		}
	}
	return content.Contact{}, fmt.Errorf("no %s contact for helpline %q", kind, id)
}

// share is how many of total answered a or b, as a percentage with the
// count, for reports: "42% (21)".
func share(a, b, total int64) string {
	if total == 0 {
		return "none answered"
	}
	return fmt.Sprintf("%d%% (%d)", (a+b)*100/total, a+b)
}

// points writes a difference of two shares in percentage points, signed:
// "+12", "-5", "0".
func points(d float64) string {
	switch p := math.Round(100 * d); {
	case p > 0:
		return fmt.Sprintf("+%.0f", p)
	case p < 0:
		return fmt.Sprintf("%.0f", p)
	}
	return "0"
}

func dict(kv ...string) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// contactStatus says whether a contact is open now and when it is open, in
// UK time. A phone or text contact whose hours are unknown, and any contact
// whose hours cannot be trusted now (marked for re-checking, or checked over
// 12 months ago), sends people to the service's website instead; other
// contacts (websites, email) say nothing.
func contactStatus(tr *locales.Translator, c content.Contact, now time.Time) *statusLine {
	s := c.StatusAt(now)
	switch {
	case !s.Known && (c.Hours != "" || c.Kind == "call" || c.Kind == "text"):
		return &statusLine{Text: tr.T("HoursUnknown")}
	case !s.Known:
		return nil
	case s.Always:
		return &statusLine{Open: true, Text: tr.T("OpenNow") + ": " + tr.T("HoursAlways")}
	}
	state := tr.T("ClosedNow")
	switch {
	case s.Open:
		state = tr.T("OpenUntil", map[string]any{"Time": s.Until})
	case s.Opens != "" && s.Tomorrow:
		state = tr.T("OpensTomorrow", map[string]any{"Time": s.Opens})
	case s.Opens != "":
		state = tr.T("OpensToday", map[string]any{"Time": s.Opens})
	}
	var spans []string
	for _, span := range c.Open.Spans {
		spans = append(spans, tr.T("Days"+strings.ReplaceAll(span.Days, "-", ""))+" "+span.Clock())
	}
	text := state + " " + tr.T("UKTime") + ". " + strings.Join(spans, "; ") + "."
	if tr.RightToLeft() {
		text = locales.NumbersLeftToRight(text) // "09:00–17:00", not "17:00–09:00"
	}
	return &statusLine{Open: s.Open, Text: text}
}

// statusKey names the opening state of every contact on a page at a moment:
// pages whose key is the same look the same.
func statusKey(page *content.Page, now time.Time) string {
	var b strings.Builder
	for _, block := range page.Blocks {
		for _, h := range block.Cards {
			for _, c := range h.Contacts {
				if c.Hours != "" {
					s := c.StatusAt(now)
					fmt.Fprintf(&b, "%t%t%s%s%t|", s.Known, s.Open, s.Until, s.Opens, s.Tomorrow)
				}
			}
		}
	}
	return b.String()
}
