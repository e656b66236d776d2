package safety

import (
	"math/bits"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Phone numbers written in words, wholly or partly: "oh seven seven double one...",
// "zero 7 seven", "o7 nine hundred...", "pięćset dwanaście...", "zero șapte unu...",
// "صفر تین...", "sifar teen...". A young person who types their number this way, or
// to get round a filter, must not have it shown to a worker.
//
// The text is read as runs of number words and digits with only spaces and a little
// punctuation between them. A run is a phone number when it reads as at least nine
// digits (eight after a '+'), holds a word, holds three different digits and is not
// counting ("one two three ... ten"). Every word in a run must be a number word, so
// "I was one of two" or "do you do" never make a run long enough, and words another
// language shares (English "do" is Roman Urdu's two) cost nothing in ordinary text.

// spokenKind is what a number word does in a number.
type spokenKind uint8

const (
	spokenDigit    spokenKind = iota // "seven", "siedem", "سات"; "oh" and "o" for zero
	spokenTeen                       // ten to nineteen
	spokenTens                       // twenty to ninety
	spokenHundred                    // "hundred", "sute": times what comes before
	spokenHundreds                   // a whole hundred in one word: "pięćset", "trzysta"
	spokenTimes                      // "double", "triple"
	spokenAnd                        // "and", "și" inside a number: "nine hundred and twelve"
	spokenTyped                      // digits typed as digits
)

type spokenWord struct {
	kind  spokenKind
	value int
}

// spokenWordList gives the number words of English, Polish, Romanian, Urdu and Roman
// Urdu by what they do and their value. They are written as people type them, with
// and without accents; foldSpoken makes both the same, so one spelling of each is
// enough. Polish has a word for each digit as a name ("dwójka", "siódemka"), used
// for bus lines and marks and in reading numbers out. Romanian "un" (a) and Urdu's
// hundreds ("سو", "sau", which is Romanian "or") are left out: too common as other words.
var spokenWordList = []struct {
	kind  spokenKind
	value int
	words string
}{
	{spokenDigit, 0, "zero oh o nought nil sifar صفر زیرو"},
	{spokenDigit, 1, "one jeden jedna jedno jedynka unu una ek aik ik ایک اک"},
	{spokenDigit, 2, "two dwa dwie dwójka doi două do dou دو"},
	{spokenDigit, 3, "three trzy trójka trei teen tin تین"},
	{spokenDigit, 4, "four cztery czwórka patru char chaar چار"},
	{spokenDigit, 5, "five pięć piątka cinci paanch panch panj پانچ"},
	{spokenDigit, 6, "six sześć szóstka șase chay chhe chhay chhah che chey چھ چھے چھہ"},
	{spokenDigit, 7, "seven siedem siódemka șapte saat sat سات"},
	{spokenDigit, 8, "eight osiem ósemka opt aath ath aat آٹھ"},
	{spokenDigit, 9, "nine dziewięć dziewiątka nouă nau naw nou نو"},
	{spokenTeen, 10, "ten dziesięć zece"},
	{spokenTeen, 11, "eleven jedenaście unsprezece unșpe"},
	{spokenTeen, 12, "twelve dwanaście doisprezece douăsprezece doișpe"},
	{spokenTeen, 13, "thirteen trzynaście treisprezece treișpe"},
	{spokenTeen, 14, "fourteen czternaście paisprezece paișpe"},
	{spokenTeen, 15, "fifteen piętnaście cincisprezece cinșpe"},
	{spokenTeen, 16, "sixteen szesnaście șaisprezece șaișpe"},
	{spokenTeen, 17, "seventeen siedemnaście șaptesprezece șapteșpe"},
	{spokenTeen, 18, "eighteen osiemnaście optsprezece optșpe optișpe"},
	{spokenTeen, 19, "nineteen dziewiętnaście nouăsprezece nouășpe"},
	{spokenTens, 20, "twenty dwadzieścia douăzeci"},
	{spokenTens, 30, "thirty trzydzieści treizeci"},
	{spokenTens, 40, "forty fourty czterdzieści patruzeci"},
	{spokenTens, 50, "fifty pięćdziesiąt cincizeci"},
	{spokenTens, 60, "sixty sześćdziesiąt șaizeci șasezeci"},
	{spokenTens, 70, "seventy siedemdziesiąt șaptezeci"},
	{spokenTens, 80, "eighty osiemdziesiąt optzeci"},
	{spokenTens, 90, "ninety dziewięćdziesiąt nouăzeci"},
	{spokenHundred, 100, "hundred sute sută"},
	{spokenHundreds, 100, "sto"},
	{spokenHundreds, 200, "dwieście"},
	{spokenHundreds, 300, "trzysta"},
	{spokenHundreds, 400, "czterysta"},
	{spokenHundreds, 500, "pięćset"},
	{spokenHundreds, 600, "sześćset"},
	{spokenHundreds, 700, "siedemset"},
	{spokenHundreds, 800, "osiemset"},
	{spokenHundreds, 900, "dziewięćset"},
	{spokenTimes, 2, "double dbl"},
	{spokenTimes, 3, "triple treble"},
	{spokenAnd, 0, "and și"},
}

// spokenWords holds every number word folded. spokenStarts gives, for a word's first
// two bytes, the lengths of the number words that start with them (a bit each), so
// most words of a comment are passed over with no lookup; spokenSingles are the number
// words of one byte ("o").
var (
	spokenWords   = map[string]spokenWord{}
	spokenStarts  [256]*[256]uint64
	spokenSingles [256]bool
)

func init() {
	for _, e := range spokenWordList {
		for _, w := range strings.Fields(e.words) {
			f := string(foldSpoken(nil, w))
			spokenWords[f] = spokenWord{e.kind, e.value}
			if len(f) == 1 {
				spokenSingles[f[0]] = true
			} else {
				if spokenStarts[f[0]] == nil {
					spokenStarts[f[0]] = new([256]uint64)
				}
				spokenStarts[f[0]][f[1]] |= 1 << len(f) // every word is shorter than 64 bytes
			}
		}
	}
}

// spokenFolds are the letters typed in place of others: Polish and Romanian without
// accents, and Urdu on an Arabic keyboard (see subst in normalise.go).
var spokenFolds = map[rune]rune{
	'ą': 'a', 'ć': 'c', 'ę': 'e', 'ł': 'l', 'ń': 'n', 'ó': 'o', 'ś': 's', 'ź': 'z', 'ż': 'z',
	'ă': 'a', 'â': 'a', 'î': 'i', 'ș': 's', 'ş': 's', 'ț': 't', 'ţ': 't',
	'ي': 'ی', 'ى': 'ی', 'ك': 'ک', 'ه': 'ہ', 'ھ': 'ہ', 'ة': 'ہ', 'ۃ': 'ہ', 'آ': 'ا',
}

// foldSpoken appends word in lower case with accents and vowel marks gone, letters
// folded as spokenFolds says and digits in ASCII.
func foldSpoken(dst []byte, word string) []byte {
	for _, r := range word {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
		case isDigit(r):
			dst = append(dst, digitValue(r))
		case unicode.IsMark(r): // an accent typed apart, Urdu's vowel marks, a keycap
		default:
			r = unicode.ToLower(r)
			if f, ok := spokenFolds[r]; ok {
				r = f
			}
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// maxSpokenToken is the longest word, in folded bytes, read as number words run
// together ("sevenseven", "o7700"); longer words are not numbers.
const maxSpokenToken = 63

// spokenAtom is one number word or typed digit run, and which word of the text it is in.
type spokenAtom struct {
	spokenWord
	digits string // for spokenTyped
	tok    int
}

// splitSpoken appends the number words and digits a folded word is made of, or
// reports that it is not made only of them.
func splitSpoken(atoms []spokenAtom, f []byte, tok int) ([]spokenAtom, bool) {
	n := len(f)
	if n == 0 || n > maxSpokenToken {
		return atoms, false
	}
	var from [maxSpokenToken + 1]uint8 // where the piece ending here starts, plus one
	reach := uint64(1)
	for p := 0; p < n; p++ {
		if reach&(1<<p) == 0 {
			continue
		}
		if isASCIIDigit(f[p]) {
			q := p
			for q < n && isASCIIDigit(f[q]) {
				q++
			}
			reachPiece(&reach, &from, p, q)
			continue
		}
		if spokenSingles[f[p]] {
			reachPiece(&reach, &from, p, p+1)
		}
		next := spokenStarts[f[p]]
		if next == nil || p+1 == n {
			continue
		}
		lens := next[f[p+1]] & (1<<(n-p+1) - 1) // the words that fit
		for ; lens != 0; lens &= lens - 1 {
			l := bits.TrailingZeros64(lens)
			if _, ok := spokenWords[string(f[p:p+l])]; ok {
				reachPiece(&reach, &from, p, p+l)
			}
		}
	}
	if reach&(1<<n) == 0 {
		return atoms, false
	}
	var ends [maxSpokenToken]uint8
	k := 0
	for q := n; q > 0; q = int(from[q]) - 1 {
		ends[k] = uint8(q)
		k++
	}
	for i, p := k-1, uint8(0); i >= 0; i-- {
		piece := f[p:ends[i]]
		if isASCIIDigit(piece[0]) {
			atoms = append(atoms, spokenAtom{spokenWord{kind: spokenTyped}, string(piece), tok})
		} else {
			atoms = append(atoms, spokenAtom{spokenWords[string(piece)], "", tok})
		}
		p = ends[i]
	}
	return atoms, true
}

// reachPiece notes that a piece from p to q can follow what reached p.
func reachPiece(reach *uint64, from *[maxSpokenToken + 1]uint8, p, q int) {
	if *reach&(1<<q) == 0 {
		*reach |= 1 << q
		from[q] = uint8(p + 1)
	}
}

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

// spokenSeparator reports whether r may stand between the words of a number: spaces
// and line breaks, invisible marks (right-to-left text carries them), and the commas,
// dots, dashes, slashes and brackets people group numbers with.
func spokenSeparator(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r' || strings.ContainsRune(",.-/()+", r)
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune(",.-‐‑–—/()+،۔", r)
}

// spokenWordRune reports whether r is part of a word. An apostrophe joins letters, so
// "o'clock" is one word and not a zero.
func spokenWordRune(s string, i int, r rune) bool {
	if r == '\'' || r == '’' {
		return unicode.IsLetter(runeBefore(s, i)) && unicode.IsLetter(runeAt(s, i+utf8.RuneLen(r)))
	}
	if r < utf8.RuneSelf {
		return asciiAlnum(byte(r))
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || isDigit(r)
}

// spokenReader reads a text word by word, collecting runs of number words.
type spokenReader struct {
	s     string
	atoms []spokenAtom
	toks  []span // the words of the current run
}

// next reads the word at i and returns where it ends and whether it is a number. A
// date ("01.02.2023") is read whole as a word that is not a number.
func (r *spokenReader) next(i int) (end int, number bool) {
	if end := dateEnd(r.s, i); end > i {
		return end, false
	}
	j := i
	for j < len(r.s) {
		if c := r.s[j]; c < utf8.RuneSelf && c != '\'' { // most text is ASCII
			if !asciiAlnum(c) {
				break
			}
			j++
			continue
		}
		c, n := utf8.DecodeRuneInString(r.s[j:])
		if !spokenWordRune(r.s, j, c) {
			break
		}
		j += n
	}
	if j-i > 4*maxSpokenToken || !startsSpoken(r.s[i:j]) { // four bytes a letter at most
		return j, false
	}
	var buf [maxSpokenToken + 1]byte
	f := foldSpoken(buf[:0], r.s[i:j])
	var ok bool
	r.atoms, ok = splitSpoken(r.atoms, f, len(r.toks))
	if ok {
		r.toks = append(r.toks, span{i, j})
	}
	return j, ok
}

// startsSpoken is false for a word whose first two letters, in ASCII, start no number
// word, as most words of a comment: they need not be folded and split.
func startsSpoken(w string) bool {
	if len(w) < 2 || !asciiLetter(w[0]) || !asciiLetter(w[1]) {
		return true
	}
	a, b := w[0]|0x20, w[1]|0x20
	return spokenSingles[a] || spokenStarts[a] != nil && spokenStarts[a][b] != 0
}

func asciiLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func asciiAlnum(c byte) bool { return asciiLetter(c) || isASCIIDigit(c) }

// dateEnd is the end of a date written with digits ("1.2.23", "01/02/2023") at i, or i.
func dateEnd(s string, i int) int {
	j := i
	for part := 0; part < 3; part++ {
		k := j
		for k < len(s) && isASCIIDigit(s[k]) {
			k++
		}
		d := k - j
		if d == 0 || part < 2 && d > 2 || part == 2 && d != 2 && d != 4 {
			return i
		}
		j = k
		if part < 2 {
			if j >= len(s) || s[j] != '.' && s[j] != '/' && s[j] != '-' {
				return i
			}
			j++
		}
	}
	return j
}

// findSpokenPhones finds runs of number words that read as a phone number.
func findSpokenPhones(s string) []span {
	r := spokenReader{s: s}
	var out []span
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		if !spokenWordRune(s, i, c) {
			if !spokenSeparator(c) {
				out = r.endRun(out)
			}
			i += n
			continue
		}
		end, number := r.next(i)
		if !number {
			out = r.endRun(out)
		}
		i = end
	}
	return r.endRun(out)
}

// hasSpokenNumber is findSpokenPhones' quick test: whether any word holds a number
// word. Every phone number it finds holds one.
func hasSpokenNumber(s string) bool {
	r := spokenReader{s: s}
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		if !spokenWordRune(s, i, c) {
			i += n
			continue
		}
		end, _ := r.next(i)
		for _, a := range r.atoms {
			if a.kind != spokenTyped {
				return true
			}
		}
		r.atoms, r.toks = r.atoms[:0], r.toks[:0]
		i = end
	}
	return false
}

// endRun reads the run collected so far as numbers, appends the phone numbers among
// them and starts a new run.
func (r *spokenReader) endRun(out []span) []span {
	defer func() { r.atoms, r.toks = r.atoms[:0], r.toks[:0] }()
	if mostDigits(r.atoms) < 8 {
		return out
	}
	var buf [16]spokenGroup
	groups := buf[:0]
	check := func() {
		if len(groups) == 0 {
			return
		}
		sp := span{r.toks[groups[0].firstTok].start, r.toks[groups[len(groups)-1].lastTok].end}
		plus := sp.start > 0 && r.s[sp.start-1] == '+'
		if plus {
			sp.start--
		}
		if spokenPhone(groups, plus) && (len(out) == 0 || sp.start >= out[len(out)-1].end) {
			out = append(out, sp)
		}
		groups = groups[:0]
	}
	for i := 0; i < len(r.atoms); {
		g, next, ok := readSpokenGroup(r.atoms, i)
		if !ok { // a word out of place ("and" on its own) ends a number
			check()
			i++
			continue
		}
		groups = append(groups, g)
		i = next
	}
	check()
	return out
}

// mostDigits is as many digits as atoms could read as, so short runs, as most are, are
// passed over unread.
func mostDigits(atoms []spokenAtom) int {
	n := 0
	for _, a := range atoms {
		switch a.kind {
		case spokenTyped:
			n += len(a.digits)
		case spokenDigit:
			n++
		case spokenTeen, spokenTens, spokenTimes, spokenHundred: // "double" and "hundred" add two
			n += 2
		case spokenHundreds:
			n += 3
		}
	}
	return n
}

// spokenGroup is one number as it was said: "seven", "double oh", "nine hundred and
// twelve", "07700".
type spokenGroup struct {
	digits            string
	value             int // -1 if too long to compare
	word              bool
	firstTok, lastTok int
}

// readSpokenGroup reads the number starting at atoms[i] and returns where it ends.
func readSpokenGroup(atoms []spokenAtom, i int) (spokenGroup, int, bool) {
	a := atoms[i]
	g := spokenGroup{word: a.kind != spokenTyped, firstTok: a.tok, lastTok: a.tok}
	at := func(j int, kinds ...spokenKind) bool {
		if j >= len(atoms) {
			return false
		}
		for _, k := range kinds {
			if atoms[j].kind == k {
				return true
			}
		}
		return false
	}
	j := i + 1
	switch a.kind {
	case spokenTyped:
		g.digits = a.digits
	case spokenTimes: // "double seven", "triple 5": the next digit said again
		if !at(j, spokenDigit, spokenTyped) {
			return g, i, false
		}
		d := atoms[j].digits
		if atoms[j].kind == spokenDigit {
			d = strconv.Itoa(atoms[j].value)
		}
		g.digits = strings.Repeat(d[:1], a.value) + d[1:]
		j++
	case spokenDigit, spokenTeen, spokenTens, spokenHundreds, spokenHundred:
		v := a.value
		if a.kind == spokenTens && at(j, spokenDigit, spokenAnd) { // "seventy seven", "douăzeci și trei"
			k := j
			if at(k, spokenAnd) {
				k++
			}
			if at(k, spokenDigit) && atoms[k].value > 0 {
				v += atoms[k].value
				j = k + 1
			}
		}
		switch {
		case a.kind == spokenHundreds || a.kind == spokenHundred:
			j = hundredsTail(atoms, j, &v)
		case at(j, spokenHundred): // "nine hundred", "o sută" (one hundred), "seventy seven hundred"
			v = max(v, 1) * 100
			j = hundredsTail(atoms, j+1, &v)
		}
		g.digits = strconv.Itoa(v)
	default: // "and" not inside a number
		return g, i, false
	}
	g.lastTok = atoms[j-1].tok
	g.value = -1
	if len(g.digits) <= 9 {
		g.value, _ = strconv.Atoi(g.digits)
	}
	return g, j, true
}

// hundredsTail adds to a hundred the tens and ones after it: "five hundred and
// twelve", "pięćset dwanaście", "trzysta czterdzieści pięć". A digit alone joins only
// after "and": "oh eight hundred, one one..." is 0800 and 1 1.
func hundredsTail(atoms []spokenAtom, j int, v *int) int {
	k := j
	and := k < len(atoms) && atoms[k].kind == spokenAnd
	if and {
		k++
	}
	if k >= len(atoms) {
		return j
	}
	switch a := atoms[k]; a.kind {
	case spokenTeen:
		*v += a.value
		return k + 1
	case spokenTens:
		*v += a.value
		k++
		if k+1 < len(atoms) && atoms[k].kind == spokenAnd && atoms[k+1].kind == spokenDigit && atoms[k+1].value > 0 {
			k++
		}
		if k < len(atoms) && atoms[k].kind == spokenDigit && atoms[k].value > 0 {
			*v += atoms[k].value
			k++
		}
		return k
	case spokenDigit:
		if and || atoms[j-1].kind == spokenHundreds {
			*v += a.value
			return k + 1
		}
	}
	return j
}

// spokenPhone says whether groups read as a phone number: with a word among them, at
// least nine digits (eight after a '+', as findPhones asks of international numbers),
// three different digits ("ten ten ten ten ten" is a score) and not counting up or down
// in even steps ("one two three ...", "ten twenty thirty ...").
func spokenPhone(groups []spokenGroup, plus bool) bool {
	word, n := false, 0
	var seen [10]bool
	distinct := 0
	for _, g := range groups {
		word = word || g.word
		n += len(g.digits)
		for i := 0; i < len(g.digits); i++ {
			if d := g.digits[i] - '0'; !seen[d] {
				seen[d] = true
				distinct++
			}
		}
	}
	if !word || distinct < 3 || n < 9 && !(plus && n >= 8) {
		return false
	}
	return !counting(groups)
}

// counting reports whether three or more groups go up or down in even steps.
func counting(groups []spokenGroup) bool {
	if len(groups) < 3 {
		return false
	}
	step := groups[1].value - groups[0].value
	for i := 1; i < len(groups); i++ {
		if groups[i].value < 0 || groups[i-1].value < 0 || groups[i].value-groups[i-1].value != step {
			return false
		}
	}
	return true
}
