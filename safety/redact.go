package safety

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The markers are in English whatever the comment's language: the workers who read
// comments do. None holds a digit, '@', '.' or a letter that can start a match next to
// a bracket, so a second pass over redacted text finds nothing new.
const (
	markPhone    = "[phone]"
	markEmail    = "[email]"
	markAddress  = "[address]"
	markName     = "[name]"
	markLink     = "[link]"
	markPostcode = "[postcode]"
)

// Redact returns text with personal details replaced by a bracketed word, and how many it removed.
func Redact(text string) (redacted string, removed int) {
	low := asciiLower(text)
	for _, p := range redactions {
		if !p.maybe(low) {
			continue
		}
		if spans := p.find(text); len(spans) > 0 {
			text = replaceSpans(text, spans, p.mark)
			low = asciiLower(text)
			removed += len(spans)
		}
	}
	return text, removed
}

// redactions run in order. Emails go first so their '@' and dots are gone before
// links, handles and phone numbers are looked for; addresses go before names so a
// street is not taken for a surname. maybe is a quick test of the text in ASCII lower
// case that holds wherever find could find something: most comments need only a few
// of the regular expressions.
var redactions = []struct {
	mark  string
	maybe func(low string) bool
	find  func(string) []span
}{
	{markEmail, hasAny("@"), findEmails},
	{markLink, hasAny("/", "www."), findLinks},
	{markEmail, func(s string) bool {
		return hasAny("@", "at")(s) && hasAny(".", "dot")(s) &&
			hasAny("com", "net", "org", "uk", "pl", "ro", "pk", "ie", "me", "edu", "info", "io")(s)
	}, findSpelledEmails},
	{markLink, hasAny("@"), findHandles},
	{markLink, hasAny("snap", "insta", "ig", "tiktok", "twitter", "discord", "kik", "telegram", "fb", "facebook"), findSocialNames},
	{markPhone, hasDigit, findPhones},
	{markPhone, hasSpokenNumber, findSpokenPhones},
	{markPostcode, hasLetterDigit, findPostcodes},
	{markAddress, func(s string) bool { return hasDigit(s) && hasStreetWord(s) }, findStreets},
	{markAddress, func(s string) bool { return hasDigit(s) && hasForeignStreetWord(s) }, findForeignStreets},
	{markName, hasAny("name", "naam", "imi", "nazywam", "numesc", "cheam", "numele"), findIntroducedNames},
	{markName, hasAny("this", "call", "worker", "officer", "sergeant", "sgt", "constable", "pc"), findTitledNames},
	{markName, hasAny("نام"), findUrduNames},
}

// hasStreetWord holds a piece of each of reStreet's street words.
var hasStreetWord = hasAny("st", "road", "rd", "lane", "ln", "ave", "close", "dr", "way", "court", "crescent",
	"place", "gardens", "terrace", "grove", "square", "hill", "park", "walk", "row", "mews")

// hasForeignStreetWord holds a piece of each of reForeignStreet's street words.
var hasForeignStreetWord = hasAny("ul.", "ul ", "ul\t", "ulic", "al.", "alej", "alei", "aleea", "os.", "osiedl",
	"pl.", "plac", "str", "bd", "b-dul", "bulevard", "calea", "oseaua", "intrarea")

func hasAny(subs ...string) func(string) bool {
	return func(s string) bool {
		for _, sub := range subs {
			if strings.Contains(s, sub) {
				return true
			}
		}
		return false
	}
}

// asciiLower lowers A-Z and leaves every other byte, so offsets do not move.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func hasDigit(s string) bool {
	return strings.IndexFunc(s, isDigit) >= 0
}

// hasLetterDigit reports whether a letter is followed by a digit (ASCII), as in every
// postcode.
func hasLetterDigit(low string) bool {
	for i := 1; i < len(low); i++ {
		if '0' <= low[i] && low[i] <= '9' && 'a' <= low[i-1] && low[i-1] <= 'z' {
			return true
		}
	}
	return false
}

// span is a byte range of the text to replace.
type span struct{ start, end int }

// replaceSpans puts mark in place of each span, which must be in order and apart, and
// copies every other byte as it was (invalid UTF-8 included).
func replaceSpans(s string, spans []span, mark string) string {
	var b strings.Builder
	b.Grow(len(s) + len(spans)*len(mark))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.start])
		b.WriteString(mark)
		last = sp.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// matches keeps, left to right, the spans keep makes of re's matches, dropping any that
// would overlap one already kept.
func matches(s string, re *regexp.Regexp, keep func(s string, m []int) (span, bool)) []span {
	var out []span
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		sp, ok := keep(s, m)
		if ok && sp.start < sp.end && (len(out) == 0 || sp.start >= out[len(out)-1].end) {
			out = append(out, sp)
		}
	}
	return out
}

// wordy reports whether r would join onto a match beside it, so that the match would
// be only part of a word. Brackets count so nothing starts or ends against a marker:
// "[link]@x" is left alone both times Redact sees it.
func wordy(r rune) bool {
	return r == '[' || r == ']' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func runeBefore(s string, i int) rune {
	if i <= 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAt(s string, i int) rune {
	if i >= len(s) {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

// bounded compiles core so that it matches only where no word runs into its start
// (group 1 is core itself). The boundary is in the pattern, not checked afterwards, so a
// false start inside a word cannot hide a real match that follows it.
func bounded(core string) *regexp.Regexp {
	return regexp.MustCompile(`(?:^|[^\p{L}\p{N}\p{M}_\[\]])(` + core + `)`)
}

// --- emails, links and handles ---

var reEmail = regexp.MustCompile(`[\p{L}\p{N}\p{M}._%+\-]+@[\p{L}\p{N}\p{M}\-]+(?:\.[\p{L}\p{N}\p{M}\-]+)*\.\p{L}{2,}`)

func findEmails(s string) []span {
	return matches(s, reEmail, func(_ string, m []int) (span, bool) { return span{m[0], m[1]}, true })
}

// reLink takes web addresses, and bare domains only with a path: "tiktok.com/@jess"
// points at a person, "bbc.co.uk" does not.
var reLink = bounded(`(?i)(?:https?://|www\.[\p{L}\p{N}])[^\s<>"'\[\]]*` +
	`|[\p{L}\p{N}][\p{L}\p{N}\-]*(?:\.[\p{L}\p{N}\-]+)*\.(?:com|net|org|uk|me|io|gg|tv|ly|pl|ro|pk|app|ee|co)/[^\s<>"'\[\]]*`)

func findLinks(s string) []span {
	return matches(s, reLink, func(s string, m []int) (span, bool) {
		end := m[2] + len(strings.TrimRight(s[m[2]:m[3]], `.,;:!?)'"’`)) // the sentence's, not the link's
		return span{m[2], end}, true
	})
}

// reSpelledEmail is an address typed to dodge filters: "jess at gmail dot com",
// "jess(at)gmail(dot)co(dot)uk", "jess @ gmail . com". It must end in a common top-level
// domain, or "we met at school. com..." would go.
var reSpelledEmail = bounded(`(?i)[\p{L}\p{N}._%+\-]+[ \t]*` + spelledAt + `[ \t]*[\p{L}\p{N}\-]+` +
	`(?:[ \t]*` + spelledDot + `[ \t]*[\p{L}\p{N}\-]+)*?[ \t]*` + spelledDot + `[ \t]*` +
	`(?:co[ \t]*` + spelledDot + `[ \t]*uk|com|net|org|uk|pl|ro|pk|ie|me|edu|info|io)`)

const (
	spelledAt  = `(?:@|[(\[{<][ \t]*at[ \t]*[)\]}>]|[ \t]at[ \t])`
	spelledDot = `(?:\.|[(\[{<][ \t]*dot[ \t]*[)\]}>]|[ \t]dot[ \t])`
)

// reSpelledParts splits a spelled address at its "at": group 1 is the "at", 2 the
// domain's first word.
var reSpelledParts = regexp.MustCompile(`(?i)` + spelledAt + `[ \t]*([\p{L}\p{N}\-]+)`)

// mailProviders are the domains young people's addresses are mostly at. "look at
// bbc.co.uk" has a plain "at" and real dots, like "jess at gmail.com": only the
// provider tells them apart.
var mailProviders = set(`gmail googlemail hotmail outlook live msn yahoo ymail icloud me aol proton protonmail
	gmx mail wp o2 onet interia op tlen yandex`)

func findSpelledEmails(s string) []span {
	return matches(s, reSpelledEmail, func(s string, m []int) (span, bool) {
		sp := span{m[2], m[3]}
		if wordy(runeAt(s, sp.end)) { // "dot community" is not ".com"
			return sp, false
		}
		e := s[sp.start:sp.end]
		p := reSpelledParts.FindStringSubmatch(e)
		plain := p != nil && strings.TrimSpace(strings.ToLower(p[0][:len(p[0])-len(p[1])])) == "at" && !strings.Contains(asciiLower(e), "dot")
		return sp, !plain || mailProviders[strings.ToLower(p[1])]
	})
}

var (
	reHandle     = bounded(`@[\p{L}\p{N}_.]*[\p{L}\p{N}_]`)
	reHandleTime = regexp.MustCompile(`(?i)^@\d{1,2}(?:[.:]\d\d)?(?:am|pm)$`) // "@5pm" means at five
)

func findHandles(s string) []span {
	return matches(s, reHandle, func(s string, m []int) (span, bool) {
		h := s[m[2]:m[3]]
		ok := utf8.RuneCountInString(h) >= 3 && strings.IndexFunc(h, unicode.IsLetter) > 0 && !reHandleTime.MatchString(h)
		return span{m[2], m[3]}, ok
	})
}

// reSocial finds a username given without its '@': "my snap is jess_x", "insta: jess.x".
// Without a colon the name must look like a username (a digit, '_' or '.'), so "my
// snap is private" stays.
var reSocial = bounded(`(?i)(?:snap(?:chat)?|insta(?:gram)?|ig|tiktok|twitter|discord|kik|telegram|fb|facebook)` +
	`(?:[ \t]+(?:name|username|handle|id))?(?:[ \t]+(?:is|it's|its|=))?([ \t]*:[ \t]*|[ \t]+)([\p{L}\p{N}_.]+)`)

func findSocialNames(s string) []span {
	return matches(s, reSocial, func(s string, m []int) (span, bool) {
		name := strings.TrimRight(s[m[6]:m[7]], ".")
		sp := span{m[6], m[6] + len(name)}
		if wordy(runeAt(s, sp.end)) || !strings.ContainsFunc(name, unicode.IsLetter) {
			return sp, false
		}
		colon := strings.Contains(s[m[4]:m[5]], ":")
		return sp, (colon && !nameStop[stopForm(name)]) || strings.ContainsAny(name, "_.0123456789")
	})
}

// --- phone numbers ---

// isDigit accepts every decimal digit Unicode has, not only 0-9: the Arabic-Indic
// digits Urdu and Arabic keyboards type, full-width ones, and the mathematical ones
// "fancy text" apps make, so a number typed in any of them is still found.
func isDigit(r rune) bool {
	return '0' <= r && r <= '9' || r > unicode.MaxASCII && unicode.IsDigit(r)
}

// digitValue gives a digit as ASCII. Unicode places each script's digits as ten
// code points in order from zero, and its table of them (Nd) starts every range at a
// zero, so a digit's value is its distance from the range's start, modulo ten.
func digitValue(r rune) byte {
	if r <= unicode.MaxASCII {
		return byte(r)
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return byte('0' + (r-rune(rg.Lo))%10)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return byte('0' + (r-rune(rg.Lo))%10)
		}
	}
	return '0'
}

// keycapLen is the length of what makes the digit before s a keycap emoji ("7️⃣"): an
// emoji selector, then the enclosing keycap, or the keycap alone.
func keycapLen(s string) int {
	switch {
	case strings.HasPrefix(s, "\ufe0f\u20e3"):
		return len("\ufe0f\u20e3")
	case strings.HasPrefix(s, "\u20e3"):
		return len("\u20e3")
	}
	return 0
}

// numGroup is one block of digits in a run like "+44 (0)20 7946-0958".
type numGroup struct {
	start, end int    // bytes; a leading '+' is taken in, brackets only when both are there
	digits     string // in ASCII
	plus       bool
	sep        rune // what joins it to the group before: '.', '-' or, for only spaces, ' '; 0 if it is first
}

func findPhones(s string) []span {
	var out []span
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isDigit(r) || (r == '+' || r == '(') && groupStarts(s, i) {
			groups, end := readNumberRun(s, i)
			out = appendPhones(out, groups)
			i = max(end, i+n)
			continue
		}
		i += n
	}
	return out
}

// groupStarts reports whether digits begin at i, maybe after a '+' or a bracket.
func groupStarts(s string, i int) bool {
	if i < len(s) && s[i] == '+' {
		i++
	}
	if i < len(s) && s[i] == '(' {
		i++
	}
	return isDigit(runeAt(s, i))
}

// readNumberRun reads groups of digits joined by spaces, a dot or a dash (a bracketed
// group may touch the next). Anything else ends the run, so "10:30" is two runs and so
// are numbers on different lines. It returns where reading stopped.
func readNumberRun(s string, i int) ([]numGroup, int) {
	var groups []numGroup
	end, sep := i, rune(0)
	for {
		g, next, ok := readGroup(s, i, len(groups) == 0)
		if !ok {
			break
		}
		g.sep = sep
		groups = append(groups, g)
		end = next

		at := skipSpaces(s, next)
		sep = ' '
		if r := runeAt(s, at); r == '.' || r == '-' || r == '‐' || r == '–' {
			at = skipSpaces(s, at+utf8.RuneLen(r))
			sep = r
		}
		touching := at == next
		if touching && s[next-1] != ')' && runeAt(s, at) != '(' || runeAt(s, at) == '+' || !groupStarts(s, at) {
			break
		}
		i = at
	}
	return groups, end
}

func skipSpaces(s string, i int) int {
	for k := 0; k < 2; k++ {
		r := runeAt(s, i)
		if i >= len(s) || !(r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '\u2009') {
			break
		}
		i += utf8.RuneLen(r)
	}
	return i
}

// readGroup reads "+44", "(020)", "7946" or "۰۳۰۰" at i. Only the first group of a run
// may carry a '+'.
func readGroup(s string, i int, first bool) (numGroup, int, bool) {
	g := numGroup{start: i}
	p := i
	if p < len(s) && s[p] == '+' {
		if !first {
			return g, i, false
		}
		g.plus = true
		p++
	}
	open := p < len(s) && s[p] == '('
	if open {
		p++
	}
	digitsAt := p
	var d []byte
	for p < len(s) {
		r, n := utf8.DecodeRuneInString(s[p:])
		if !isDigit(r) {
			break
		}
		d = append(d, digitValue(r))
		p += n
		p += keycapLen(s[p:])
	}
	if len(d) == 0 {
		return g, i, false
	}
	g.digits, g.end = string(d), p
	if open && p < len(s) && s[p] == ')' {
		p++
		g.end = p
	} else if !g.plus {
		g.start = digitsAt // an unmatched bracket stays in the text
	}
	return g, p, true
}

// maxPhoneDigits is the longest number ITU-T E.164 allows.
const maxPhoneDigits = 15

// appendPhones finds phone numbers among a run's groups, trying the longest first from
// each group, so "I'm 14" followed by a mobile number loses only the number.
func appendPhones(out []span, groups []numGroup) []span {
	for i := 0; i < len(groups); {
		if looksLikeDate(groups[i:]) { // "01.02.2023 10:30" is a date and a time, not one number
			i += 3
			continue
		}
		if i+1 < len(groups) && len(groups[i].digits) == 1 && groups[i+1].sep == '.' { // nor "0.123456789"
			i += 2
			continue
		}
		last, n := i, 0
		for last < len(groups) && n+len(groups[last].digits) <= maxPhoneDigits {
			n += len(groups[last].digits)
			last++
		}
		found := false
		for j := last; j > i; j-- {
			if isPhone(groups[i:j]) {
				out = append(out, span{groups[i].start, groups[j-1].end})
				i, found = j, true
				break
			}
		}
		if !found {
			i++
		}
	}
	return out
}

func looksLikeDate(gs []numGroup) bool {
	if len(gs) < 3 || gs[1].sep == ' ' || gs[2].sep == ' ' {
		return false
	}
	a, b, c := len(gs[0].digits), len(gs[1].digits), len(gs[2].digits)
	return a <= 2 && b <= 2 && (c == 2 || c == 4)
}

// isPhone says whether groups make a number: with '+' or "00" any international length;
// starting with one 0 the 10 or 11 digits of UK, Romanian and Pakistani numbers; else a
// Polish "512 345 678", or 9 to 15 digits typed without a break.
func isPhone(gs []numGroup) bool {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.digits)
	}
	d := b.String()
	n := len(d)
	switch {
	case gs[0].plus:
		return n >= 8
	case strings.HasPrefix(d, "00"):
		return n >= 10
	case d[0] == '0':
		return n == 10 || n == 11
	case len(gs) == 1:
		return n >= 9
	}
	return len(gs) == 3 && len(gs[0].digits) == 3 && len(gs[1].digits) == 3 && len(gs[2].digits) == 3
}

// --- postcodes ---

// postcodeAreas are the letters every UK postcode starts with. Using the real list
// rather than any one or two letters keeps "ks3" and "y9" (school years) safe.
const postcodeAreas = `AB AL BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN
DT DY EC EH EN EX FK FY GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY LA LD LE LL LN LS LU
ME MK ML NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA
TD TF TN TQ TR TS TW UB WA WC WD WF WN WR WS WV YO ZE B E G L M N S W`

// rePostcode is area, district ("1", "33", "1A") and the inward part, whose letters
// are never C, I, K, M, O or V; so "b4 5pm" is not a postcode. Group 2 is the area.
var rePostcode = bounded(`([A-Za-z]{1,2})[0-9][A-Za-z0-9]?[ \t\x{a0}]?[0-9][ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}`)

var postcodeArea = set(postcodeAreas)

var ordinal = regexp.MustCompile(`^(?:1st|2nd|3rd|[04-9]th)$`)

func findPostcodes(s string) []span {
	return matches(s, rePostcode, func(s string, m []int) (span, bool) {
		pc := s[m[2]:m[3]]
		// "b4 2nd" is text-speak for "before 2nd".
		if f := strings.Fields(pc); len(f) == 2 && f[0] == "b4" && ordinal.MatchString(f[1]) {
			return span{}, false
		}
		return span{m[2], m[3]}, postcodeArea[strings.ToUpper(s[m[4]:m[5]])] && !wordy(runeAt(s, m[3]))
	})
}

// --- street addresses ---

// reStreet is a house number, one to three words and a street word: "12 Acacia
// Avenue", "flat 3, 45 high st", "12-14 Park Road".
var reStreet = bounded(`(?i)(?:(?:flat|apt\.?|apartment|unit)[ \t]*\d{1,4}[a-z]?[ \t]*,?[ \t]*)?` +
	`\d{1,4}[a-z]?(?:[ \t]*[-–][ \t]*\d{1,4}[a-z]?)?[ \t]*,?[ \t]+` +
	`((?:\p{L}[\p{L}\p{M}'’\-]*[ \t]+){1,3})` +
	`(street|st|road|rd|lane|ln|avenue|ave|close|drive|dr|way|court|crescent|place|gardens|terrace|grove|square|hill|park|walk|row|mews)`)

// plainStreetWords are ordinary words too ("3 of us were close", "a 5 minute walk"): the
// street's name must then be capitalised.
var plainStreetWords = set("close drive dr way court place hill park walk row square")

// streetStop are words that do not name a street, so "3 times up the hill" and "2 miles
// down the road" stay. They count only in lower case: "12 The Grove" is an address.
var streetStop = set(`a an the this that these those my your his her its our their me you him us them i we he
	she they it and or but so to of in on at by for from with into onto up down over under near off out about
	around past through across along behind next than then as is am are was were be been do does did have has
	had go goes went going come came get got live lives lived living walked walking ran run times time min
	mins minute minutes hour hours hr hrs day days week weeks month months year years mile miles km metres
	meters steps people friends mates kids boys girls men women guys other more most many much few some any
	all no not very really too quite just only also even still lol each every whole long short big small`)

func findStreets(s string) []span {
	return matches(s, reStreet, func(s string, m []int) (span, bool) {
		sp := span{m[2], m[3]}
		if wordy(runeAt(s, sp.end)) {
			return sp, false
		}
		mustCap := plainStreetWords[strings.ToLower(s[m[6]:m[7]])]
		for _, w := range strings.Fields(s[m[4]:m[5]]) {
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsLower(r) && (mustCap || streetStop[strings.ToLower(w)]) {
				return sp, false
			}
		}
		return sp, true
	})
}

// reForeignStreet is the Polish and Romanian order, street word first and number last:
// "ul. Długa 5/3", "na ulicy Długiej 5 m. 2", "strada Mihai Eminescu 10", "str. Lunga nr
// 5, bl. 3, ap. 12". Group 2 is the street word, 3 the name, 4 the "nr".
var reForeignStreet = bounded(`(?i)(ul\.|al\.|os\.|pl\.|str\.|bd\.|b-dul\.?|bdul\.?|șos\.|sos\.|` +
	`(?:ul|ulica|ulicy|ulicę|aleja|alei|aleję|osiedle|osiedlu|plac|placu|` +
	`str|strada|stradă|strazii|străzii|bulevardul|calea|aleea|șoseaua|şoseaua|soseaua|intrarea)[ \t])[ \t]*` +
	`((?:\p{L}[\p{L}\p{M}'’\-]*[ \t]+){0,2}\p{L}[\p{L}\p{M}'’\-]*)[ \t]*,?[ \t]*` +
	`(nr\.?[ \t]*)?\d{1,4}[a-z]?(?:[ \t]*/[ \t]*\d{1,4}[a-z]?)?` +
	`(?:[ \t]*,?[ \t]*(?:m|lok|bl|sc|et|ap)\.?[ \t]*\d{1,4})*`)

// foreignStop are Polish and Romanian small words that do not name a street: "na
// ulicy byłam 3 razy" is not an address.
var foreignStop = set(`de la în in cu pe și si şi a o un nu e este am fost na w z do i od po za że ze to jest
	był była było się sie są mam ma nie tam tu`)

// shortForms are the abbreviated street words, which say "address" on their own; a
// full word ("ulica", "strada", "calea") needs a capitalised name or a "nr".
var shortForms = set("ul. al. os. pl. str. bd. b-dul b-dul. bdul bdul. șos. sos. ul str")

func findForeignStreets(s string) []span {
	return matches(s, reForeignStreet, func(s string, m []int) (span, bool) {
		sp := span{m[2], m[3]}
		if isDigit(runeAt(s, sp.end)) {
			return sp, false
		}
		words := strings.Fields(s[m[6]:m[7]])
		for _, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsLower(r) && foreignStop[strings.ToLower(w)] {
				return sp, false
			}
		}
		first, _ := utf8.DecodeRuneInString(words[0])
		short := shortForms[strings.ToLower(strings.TrimSpace(s[m[4]:m[5]]))]
		return sp, short || m[8] >= 0 || unicode.IsUpper(first)
	})
}

// --- names ---

// reIntroduced are the ways people give their own name. The name may be in lower case
// ("my name is jess smith"), then up to two words that are not small words are taken.
var reIntroduced = bounded(`(?i)(?:my[ \t]+name[ \t]+is|my[ \t]+name['’]?s|mam[ \t]+na[ \t]+imi[eę]|` +
	`nazywam[ \t]+si[eę]|m[aăâ][ \t]+numesc|m[aă][ \t]+cheam[aă]|numele[ \t]+meu[ \t]+(?:este|e)|mera[ \t]+naam)`)

// reTitled are phrases followed by a name only when it is capitalised: "this is Jess"
// but "this is hard", "PC Jones" but "my PC broke", "Officer Khan" but "the officer was
// kind". Workers' and officers' names identify the young person too.
var reTitled = bounded(`(?:(?i:this[ \t]+is|call[ \t]+me|i['’]?m[ \t]+called|i[ \t]+am[ \t]+called|` +
	`my[ \t]+(?:social|youth)[ \t]+worker(?:['’]?s[ \t]+name)?[ \t]+is|(?:social|youth)[ \t]+worker[ \t]+called|` +
	`officer|sergeant|sgt\.?|constable)|PCSO|PC)`)

// reUrduName is "میرا نام X ہے" (my name is X), with X one or two words.
var reUrduName = bounded(`(?:میرا|ميرا)[ \t]+نام[ \t]+([\p{L}\p{M}]+(?:[ \t]+[\p{L}\p{M}]+)?)[ \t]+(?:ہے|هے|ھے|ہیں)`)

// nameStop are words that follow those phrases without being names: "my name is not
// important", "this is The worst", "my name is Jess I'm 14".
var nameStop = set(`a an the this that it its it's i i'm im i'd ive i've me my mine you your he she we they
	him her us them his our their and but or so because cos if when what why how who where which not no nope
	never very really just too also actually literally honestly kind kinda like private secret irrelevant
	important unimportant none nothing nobody anonymous hidden confidential withheld unknown blank same
	different long short weird hard bad good wrong unfair stupid crazy ridiculous serious urgent annoying
	boring scary sad awful horrible terrible getting going gonna being is was are were be been on in at to of
	for from with here there now then back later today tonight tomorrow again names whatever ok okay please
	pls lol omg year school home mum mom dad nan gran grandma grandad nie nu`)

func findIntroducedNames(s string) []span {
	return matches(s, reIntroduced, func(s string, m []int) (span, bool) {
		start, end := nameAfter(s, m[3], true)
		return span{start, end}, true
	})
}

func findTitledNames(s string) []span {
	return matches(s, reTitled, func(s string, m []int) (span, bool) {
		start, end := nameAfter(s, m[3], false)
		return span{start, end}, true
	})
}

func findUrduNames(s string) []span {
	return matches(s, reUrduName, func(s string, m []int) (span, bool) {
		return span{m[4], m[5]}, !nameStop[s[m[4]:m[5]]]
	})
}

// nameAfter returns the name after a phrase ending at i, past spaces, or an empty span
// if there is none: up to two capitalised words (or words of a script without case),
// or, when lower is allowed, up to two lower-case words.
func nameAfter(s string, i int, lower bool) (start, end int) {
	start = i
	for start < len(s) && (s[start] == ' ' || s[start] == '\t') {
		start++
	}
	w := nameWord(s, start)
	if start == i || w == "" || nameStop[stopForm(w)] {
		return i, i
	}
	end = start + len(w)
	switch nameCase(w) {
	case titled, uncased:
	case lowerCase:
		if !lower {
			return i, i
		}
		// "my name is jess smith": a second word that is not a small
		// word goes too; losing a word of a comment costs less than a surname.
	case shouted:
		if !lower {
			return i, i
		}
	}
	j := end
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if w2 := nameWord(s, j); j > end && w2 != "" && nameCase(w2) == nameCase(w) && !nameStop[stopForm(w2)] {
		return start, j + len(w2)
	}
	return start, end
}

// nameWord is the word at i: letters, marks, digits, '_' and inner apostrophes or hyphens
// ("O'Neil", "Anne-Marie", "jess_x"). It must start with a letter and not run on from
// a word before i.
func nameWord(s string, i int) string {
	r, _ := utf8.DecodeRuneInString(s[i:])
	if i >= len(s) || !unicode.IsLetter(r) || wordy(runeBefore(s, i)) {
		return ""
	}
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '_' || r == '\'' || r == '’' || r == '-') {
			break
		}
		j += n
	}
	return strings.TrimRight(s[i:j], "'’-")
}

// stopForm is w as nameStop lists it: lower case, straight apostrophe, no "'s".
func stopForm(w string) string {
	w = strings.ToLower(strings.ReplaceAll(w, "’", "'"))
	if strings.HasSuffix(w, "'s") && w != "it's" {
		w = w[:len(w)-2]
	}
	return w
}

type letterCase int

const (
	titled    letterCase = iota // "Jess", "J"
	lowerCase                   // "jess"
	shouted                     // "JESS": in "THIS IS SO UNFAIR" capitals mean nothing
	uncased                     // Urdu, Arabic and other scripts without capitals
)

func nameCase(w string) letterCase {
	first, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.IsLower(first):
		return lowerCase
	case !unicode.IsUpper(first):
		return uncased
	case utf8.RuneCountInString(w) > 1 && strings.ToUpper(w) == w:
		return shouted
	}
	return titled
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
