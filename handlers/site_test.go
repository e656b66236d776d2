package handlers

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"heard/content"
	"heard/handlers/internal/webtest"
	"heard/handlers/web"
	"heard/locales"
	"heard/localhelp"
	"heard/store"
	"heard/ukphone"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
	"golang.org/x/net/html"
)

var langs = locales.Codes()

type testSite struct {
	handler http.Handler
	lib     *content.Library
	logs    *bytes.Buffer
}

func newTestSite(t testing.TB, cfg Config) *testSite {
	t.Helper()
	lib, bundle := loadWords(t)
	logs := &bytes.Buffer{}
	cfg.Log = slog.New(slog.NewJSONHandler(logs, nil))
	h, err := New(cfg, lib, bundle)
	if err != nil {
		t.Fatal(err)
	}
	return &testSite{handler: h, lib: lib, logs: logs}
}

func (s *testSite) do(method, target string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	req.RemoteAddr = "192.0.2.77:40000"
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	s.handler.ServeHTTP(rec, req)
	return rec
}

func (s *testSite) get(target string, headers ...string) *httptest.ResponseRecorder {
	return s.do(http.MethodGet, target, headers...)
}

// paths lists every public page in every language.
func (s *testSite) paths() []string {
	var paths []string
	for _, lang := range langs {
		for _, p := range s.lib.Pages(lang) {
			slug := p.Slug
			if slug == content.Home {
				slug = ""
			}
			paths = append(paths, "/"+lang+"/"+slug)
		}
	}
	return paths
}

func TestEveryPageHasLanguageQuickExitAndHelpBlock(t *testing.T) {
	s := newTestSite(t, Config{})
	for _, path := range s.paths() {
		rec := s.get(path)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", path, rec.Code)
			continue
		}
		checkPageFrame(t, path, rec.Body.String(), strings.Split(path, "/")[1])
	}
}

// checkPageFrame checks what every page, errors included, must have.
func checkPageFrame(t *testing.T, path, body, lang string) {
	t.Helper()
	doc := parse(t, body)
	root := first(doc, tag("html"))
	want, _ := locales.Lookup(lang)
	if attr(root, "lang") != want.Code || attr(root, "dir") != want.Dir {
		t.Errorf("%s: <html lang=%q dir=%q>, want %q %q", path, attr(root, "lang"), attr(root, "dir"), want.Code, want.Dir)
	}
	links := focusable(doc)
	if len(links) < 2 || attr(links[0], "id") != "skip-link" || attr(links[0], "href") != "#main" {
		t.Errorf("%s: first focusable is not the skip link to #main", path)
	} else if exit := links[1]; attr(exit, "id") != "quick-exit" || attr(exit, "href") != ExitURL ||
		!strings.Contains(attr(exit, "rel"), "nofollow") || !strings.Contains(attr(exit, "rel"), "noreferrer") {
		t.Errorf("%s: second focusable is not the quick exit: %v", path, exit.Attr)
	}
	if main := first(doc, tag("main")); main == nil || attr(main, "id") != "main" {
		t.Errorf("%s: no <main id=main>", path)
	}
	if n := len(all(doc, tag("h1"))); n != 1 {
		t.Errorf("%s: %d h1 elements", path, n)
	}
	help := first(doc, byID("help-block"))
	if help == nil || help.Data != "aside" {
		t.Errorf("%s: no aside#help-block", path)
	} else {
		var tels []string
		for _, a := range all(help, tag("a")) {
			tels = append(tels, attr(a, "href"))
		}
		if got := strings.Join(tels, " "); !strings.Contains(got, "tel:999") || !strings.Contains(got, "tel:08001111") {
			t.Errorf("%s: help block links %q, want tel:999 and tel:08001111", path, got)
		}
	}
	nav := first(doc, byID("languages"))
	if nav == nil || attr(nav, "aria-label") == "" {
		t.Errorf("%s: no labelled nav#languages", path)
	} else if a := all(nav, tag("a")); len(a) != len(locales.All) {
		t.Errorf("%s: language menu has %d links", path, len(a))
	} else {
		for i, l := range locales.All {
			if attr(a[i], "lang") != l.Code || text(a[i]) != l.Name {
				t.Errorf("%s: language link %d is %q lang=%q, want %q lang=%q", path, i, text(a[i]), attr(a[i], "lang"), l.Name, l.Code)
			}
		}
	}
	for _, n := range all(doc, func(*html.Node) bool { return true }) {
		if n.Data == "style" || (n.Data == "script" && attr(n, "src") == "") || hasAttr(n, "style") {
			t.Errorf("%s: inline <%s> or style attribute: the CSP forbids it", path, n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("%s: inline handler %s", path, a.Key)
			}
		}
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s := newTestSite(t, Config{PublicURL: mustURL("https://heard.example")})
	for _, path := range []string{"/en/", "/ur/help", "/en/nowhere", "/static/none.css", "/"} {
		h := s.get(path).Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		for name, want := range map[string]string{
			"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
			"Strict-Transport-Security": "max-age=31536000; includeSubDomains",
		} {
			if h.Get(name) != want {
				t.Errorf("%s: %s = %q, want %q", path, name, h.Get(name), want)
			}
		}
		for _, feature := range []string{"camera=()", "microphone=()", "geolocation=()"} {
			if !strings.Contains(h.Get("Permissions-Policy"), feature) {
				t.Errorf("%s: Permissions-Policy %q lacks %s", path, h.Get("Permissions-Policy"), feature)
			}
		}
		if h.Get("Set-Cookie") != "" {
			t.Errorf("%s: sets a cookie", path)
		}
	}
	plain := newTestSite(t, Config{PublicURL: mustURL("http://localhost:8080")})
	if hsts := plain.get("/en/").Header().Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("HSTS over plain http: %q", hsts)
	}
}

var (
	telLink = regexp.MustCompile(`(?:tel|sms):([^"?]*)`)
	// Runs of digits, in any script, with single spaces or hyphens between.
	digitRun = regexp.MustCompile(`\p{Nd}+(?:[ -]\p{Nd}+)*`)
)

// TestEveryPhoneNumberIsAVerifiedHelpline reads every page a visitor can get,
// in every language and every opening-hours state, and checks each tel: and
// sms: link, and each number of five or more digits in its text, against the
// numbers in helplines.toml (which another test holds to the verified facts).
// A team's local help (elements marked localhelp.PageMark, on a team's round
// pages) is a worker's entry, not a verified helpline: its numbers must be
// UK numbers that can be called (ukphone), and nothing else on the page may
// hide among them.
func TestEveryPhoneNumberIsAVerifiedHelpline(t *testing.T) {
	st, err := store.OpenEmbedded(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, code := webtest.LocalTeam(t, st, "North", time.Now(), webtest.Clinic, webtest.YouthService)
	s := newTestSite(t, Config{Store: st, Secret: testSecret})
	allowed := map[string]bool{}
	for _, h := range s.lib.Helplines {
		for _, c := range h.Contacts {
			if c.Number != "" {
				allowed[c.Dial()] = true
			}
		}
	}
	var bodies = map[string]string{}
	paths := append(s.paths(), "/en/nowhere", "/xx/", "/ur/nowhere")
	for _, lang := range langs {
		paths = append(paths, "/"+lang+"/feedback/"+code, "/"+lang+"/feedback/"+code+"/thanks", "/"+lang+"/feedback/"+code+"/thanks?help=danger")
	}
	for _, path := range paths {
		bodies[path] = s.get(path).Body.String()
	}
	// Every opening-hours variant and error page, as rendered at start-up.
	built := buildTestSite(t)
	for lang, timed := range built.timed {
		for slug, tp := range timed {
			for key, v := range tp.variants {
				bodies[lang+"/"+slug+" at "+key] = string(v.Body())
			}
		}
	}
	built.errorPages.Each(func(lang, key string, v *web.Response) {
		bodies[lang+" error "+key] = string(v.Body())
	})
	checked, local := 0, 0
	for path, body := range bodies {
		doc := parse(t, body)
		for _, card := range all(doc, func(n *html.Node) bool { return hasAttr(n, localhelp.PageMark) }) {
			local++
			checkLocalNumbers(t, path, card)
			card.Parent.RemoveChild(card)
		}
		var rest strings.Builder
		if err := html.Render(&rest, doc); err != nil {
			t.Fatal(err)
		}
		for _, m := range telLink.FindAllStringSubmatch(rest.String(), -1) {
			checked++
			if !allowed[m[1]] {
				t.Errorf("%s: link to %q is not a verified helpline number", path, m[0])
			}
		}
		for _, run := range digitRun.FindAllString(rawText(first(doc, tag("body"))), -1) {
			digits := asciiDigits(run)
			if len(digits) >= 5 {
				checked++
				if !allowed[digits] {
					t.Errorf("%s: number %q in the text is not a verified helpline number", path, run)
				}
			}
		}
	}
	if checked < 100 || local < 8 {
		t.Errorf("only %d numbers checked and %d local cards: the pages lost their helplines?", checked, local)
	}
	t.Logf("%d pages, %d numbers and links checked, %d local cards", len(bodies), checked, local)
}

// checkLocalNumbers checks a local card: each of its links to call or text
// is a UK number that can be called, and each number in its text is the
// number of one of those links, as written.
func checkLocalNumbers(t *testing.T, path string, card *html.Node) {
	t.Helper()
	linked := map[string]bool{}
	for _, a := range all(card, tag("a")) {
		href := attr(a, "href")
		scheme, number, found := strings.Cut(href, ":")
		if !found || (scheme != "tel" && scheme != "sms") {
			continue
		}
		n, err := ukphone.Parse(number)
		if err != nil || !n.Callable() || n.Dial() != number {
			t.Errorf("%s: a local card links to %q, not a UK number to call (%v)", path, href, err)
		}
		linked[number] = true
	}
	for _, run := range writtenNumber.FindAllString(rawText(card), -1) {
		if len(asciiDigits(run)) < 5 {
			continue
		}
		if n, err := ukphone.Parse(run); err != nil || !linked[n.Dial()] {
			t.Errorf("%s: number %q on a local card is not one it links to (%v)", path, run, err)
		}
	}
}

// writtenNumber is a phone number as a team may write one: digits, spaces,
// hyphens and brackets, perhaps after a plus.
var writtenNumber = regexp.MustCompile(`\+?\(?\p{Nd}[\p{Nd} ()-]*\p{Nd}`)

func asciiDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsDigit(r) {
			b.WriteRune('0' + digitValue(r))
		}
	}
	return b.String()
}

// digitValue reads a decimal digit of any script (Urdu pages may use ۰–۹).
func digitValue(r rune) rune {
	for _, zero := range []rune{'0', '٠', '۰', '०'} {
		if r >= zero && r <= zero+9 {
			return r - zero
		}
	}
	return 0
}

func TestFirstViewFitsIn14KB(t *testing.T) {
	s := newTestSite(t, Config{})
	doc := parse(t, s.get("/en/").Body.String())
	gzipped := func(href string) int { return len(s.get(href, "Accept-Encoding", "gzip").Body.Bytes()) }
	var cssSize, jsSize int
	for _, l := range all(doc, tag("link")) {
		if attr(l, "rel") == "stylesheet" {
			cssSize += gzipped(attr(l, "href"))
		}
	}
	// The scripts are deferred, so they do not hold up the first paint, but
	// they come with the first view all the same: they count.
	for _, script := range all(doc, tag("script")) {
		jsSize += gzipped(attr(script, "src"))
	}
	if cssSize == 0 || jsSize == 0 {
		t.Fatalf("stylesheet %d bytes, scripts %d bytes: not found", cssSize, jsSize)
	}
	worst, worstPath := 0, ""
	for _, path := range s.paths() {
		size := gzipped(path) + cssSize + jsSize
		if size > worst {
			worst, worstPath = size, path
		}
		if size > 14*1024 {
			t.Errorf("%s: first view %d bytes gzipped, over 14 KB", path, size)
		}
	}
	t.Logf("largest first view: %s, %.1f KB gzipped (HTML + %.1f KB CSS + %.1f KB scripts)",
		worstPath, float64(worst)/1024, float64(cssSize)/1024, float64(jsSize)/1024)
}

func TestRootSendsEachBrowserToItsLanguage(t *testing.T) {
	s := newTestSite(t, Config{})
	cases := map[string]string{
		"":                          "/en/",
		"pl-PL,pl;q=0.9,en;q=0.8":   "/pl/",
		"ro":                        "/ro/",
		"mo":                        "/ro/",
		"ur-PK":                     "/ur/",
		"UR":                        "/ur/",
		"fa-IR,fa;q=0.9":            "/en/", // Persian shares a script with Urdu: not a match
		"ar,ar-SA;q=0.9":            "/en/",
		"hi-IN":                     "/en/",
		"de-DE, ro;q=0.5, pl;q=0.7": "/pl/",
		"en-GB,en;q=0.9,ur;q=0.8":   "/en/",
		"pl;q=0, ro;q=0.1":          "/ro/",
		"pl;q=nonsense":             "/en/",
		"*":                         "/en/",
	}
	for accept, want := range cases {
		rec := s.get("/", "Accept-Language", accept)
		if rec.Code != http.StatusFound || rec.Header().Get("Location") != want {
			t.Errorf("Accept-Language %q: %d to %q, want %q", accept, rec.Code, rec.Header().Get("Location"), want)
		}
		if rec.Header().Get("Vary") != "Accept-Language" {
			t.Errorf("redirect does not vary by Accept-Language")
		}
	}
}

func TestErrorsAreKindPagesInTheVisitorsLanguage(t *testing.T) {
	s := newTestSite(t, Config{})
	cases := []struct {
		method, path string
		status       int
		lang         string
		languageList bool
	}{
		{"GET", "/en/no-such-page", 404, "en", false},
		{"GET", "/pl/no-such-page", 404, "pl", false},
		{"GET", "/ur/no-such-page", 404, "ur", false},
		{"GET", "/xx/help", 404, "en", true},
		{"GET", "/de/", 404, "en", true},
		{"GET", "/static/../../etc/passwd", 404, "en", true},
		{"GET", "/en/" + strings.Repeat("a", 5000), 404, "en", false},
		{"GET", "/en/%ff%fe%00", 404, "en", false},
		{"GET", "/en/help/extra/parts", 404, "en", false},
		{"POST", "/en/help", 405, "en", false},
		{"DELETE", "/ro/", 405, "ro", false},
	}
	for _, c := range cases {
		rec := s.do(c.method, c.path)
		if rec.Code != c.status {
			t.Errorf("%s %.40s: status %d, want %d", c.method, c.path, rec.Code, c.status)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); ct != web.ContentHTML {
			t.Errorf("%s %.40s: Content-Type %q", c.method, c.path, ct)
		}
		body := rec.Body.String()
		checkPageFrame(t, c.path, body, c.lang)
		hasList := strings.Contains(body, "Choose your language")
		if hasList != c.languageList {
			t.Errorf("%s %.40s: language list shown %t, want %t", c.method, c.path, hasList, c.languageList)
		}
	}
}

func TestBrokenRequestsGetA4xxNotACrash(t *testing.T) {
	s := newTestSite(t, Config{})
	srv := httptest.NewUnstartedServer(s.handler)
	srv.Config = NewServer("", s.handler)
	srv.Start()
	defer srv.Close()

	req, _ := http.NewRequest("GET", srv.URL+"/en/", nil)
	req.Header.Set("X-Huge", strings.Repeat("x", 64<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 KB header: status %d", resp.StatusCode)
	}
	resp, err = http.Get(srv.URL + "/en/" + strings.Repeat("%e2%98", 3000))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("long odd path: status %d", resp.StatusCode)
	}
	if rec := s.get("/en/"); rec.Code != http.StatusOK {
		t.Errorf("after bad requests the site answers %d", rec.Code)
	}
}

func buildTestSite(t *testing.T) *site {
	t.Helper()
	lib, bundle := loadWords(t)
	built, err := buildSite(lib, bundle, ExitURL, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	return built
}

func TestPanicBecomesTheKind500Page(t *testing.T) {
	built := buildTestSite(t)
	logs := &bytes.Buffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	e := echo.New()
	e.HTTPErrorHandler = built.errorPages.Handler(log)
	e.Use(web.RecoverPanic(log))
	e.GET("/:lang/boom", func(echo.Context) error { panic("a bug with a secret inside") })

	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/ro/boom", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	checkPageFrame(t, "/ro/boom", body, "ro")
	if strings.Contains(body, "secret") || strings.Contains(body, "goroutine") {
		t.Error("the 500 page shows the panic")
	}
	if !strings.Contains(logs.String(), "a bug with a secret inside") {
		t.Error("the panic was not logged for us")
	}
}

func TestCompressedVariantsAndRevalidation(t *testing.T) {
	s := newTestSite(t, Config{})
	plain := s.get("/en/help").Body.String()
	br := s.get("/en/help", "Accept-Encoding", "gzip, deflate, br")
	if br.Header().Get("Content-Encoding") != "br" || br.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("brotli: %v", br.Header())
	}
	if got, _ := io.ReadAll(brotli.NewReader(br.Body)); string(got) != plain {
		t.Error("brotli body differs from the plain page")
	}
	gz := s.get("/en/help", "Accept-Encoding", "gzip, br;q=0")
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("br;q=0 still gave %q", gz.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(zr); string(got) != plain {
		t.Error("gzip body differs from the plain page")
	}
	etag := gz.Header().Get("ETag")
	if rec := s.get("/en/help", "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d with %d bytes", rec.Code, rec.Body.Len())
	}
	if rec := s.do(http.MethodHead, "/en/help"); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d bytes", rec.Code, rec.Body.Len())
	}

	doc := parse(t, plain)
	for _, n := range append(all(doc, tag("link")), all(doc, tag("script"))...) {
		href := attr(n, "href") + attr(n, "src")
		if !regexp.MustCompile(`^/static/[a-z]+\.[0-9a-f]{10}\.(css|js)$`).MatchString(href) {
			t.Errorf("asset %q has no hashed name", href)
			continue
		}
		rec := s.get(href)
		if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != cacheAsset {
			t.Errorf("%s: %d, Cache-Control %q", href, rec.Code, rec.Header().Get("Cache-Control"))
		}
	}
}

func TestLogsNameTheRouteNeverTheAddressOrQuery(t *testing.T) {
	s := newTestSite(t, Config{})
	s.get("/en/help?name=Jess+Smith&phone=07700900123", "X-Forwarded-For", "203.0.113.9")
	s.get("/pl/nope?q=secret")
	logs := s.logs.String()
	for _, leak := range []string{"Jess", "07700900123", "secret", "192.0.2.77", "203.0.113.9", "/en/help"} {
		if strings.Contains(logs, leak) {
			t.Errorf("logs contain %q:\n%s", leak, logs)
		}
	}
	if !strings.Contains(logs, `"route":"/:lang/:slug"`) || !strings.Contains(logs, `"status":404`) {
		t.Errorf("logs do not name the route and status:\n%s", logs)
	}
}

func TestUntranslatedPageShowsEnglishWithANoteInTheReadersLanguage(t *testing.T) {
	built := buildTestSite(t)
	lib, _ := content.Load(langs)
	english := *lib.Page("en", "gangs")
	english.Lang, english.Fallback = "pl", true
	polish, _ := locales.Lookup("pl")
	body, err := built.render.Render("page", polish.Code, built.pageView(lib, polish, &english))
	if err != nil {
		t.Fatal(err)
	}
	doc := parse(t, string(body))
	if attr(first(doc, tag("html")), "lang") != "pl" {
		t.Error("the page frame is not in Polish")
	}
	note := first(doc, func(n *html.Node) bool { return attr(n, "class") == "note" })
	if note == nil || !strings.Contains(text(note), "po angielsku") {
		t.Fatalf("no fallback note in Polish: %v", note)
	}
	// Inside the English text, the note itself is marked as Polish, so a
	// screen reader or the Listen button reads it in a Polish voice.
	if attr(note, "lang") != "pl" || attr(note, "dir") != "ltr" {
		t.Errorf("the note is marked lang=%q dir=%q, want pl, ltr", attr(note, "lang"), attr(note, "dir"))
	}
	wrapper := note.Parent
	if attr(wrapper, "lang") != "en" || attr(wrapper, "dir") != "ltr" || !strings.Contains(text(wrapper), english.Title) {
		t.Error("the English text is not marked lang=en dir=ltr")
	}
}

func TestUnreviewedTranslationsSaySoDiscreetly(t *testing.T) {
	s := newTestSite(t, Config{})
	for _, lang := range langs {
		page := s.lib.Page(lang, "help")
		body := s.get("/" + lang + "/help").Body.String()
		footer := text(first(parse(t, body), tag("footer")))
		bundle, _ := locales.Bundle()
		note := locales.NewTranslator(bundle, lang).T("UnreviewedNote")
		if page.Unreviewed != strings.Contains(footer, note) {
			t.Errorf("%s/help: unreviewed %t, footer note shown %t", lang, page.Unreviewed, !page.Unreviewed)
		}
	}
}
