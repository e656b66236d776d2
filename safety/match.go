// Package safety spots danger and disclosures in what young people write.
package safety

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// Verdict is the kind of risk a message shows that decides its reply; higher comes first
// when a message shows several. Danger and self-harm lead (their replies start with 999);
// then the kinds whose replies name the most particular help: images (Report Remove),
// criminal exploitation (Fearless), and disclosure of sexual abuse (Childline).
type Verdict int

const (
	None Verdict = iota
	Disclosure
	Exploitation
	Images
	SelfHarm
	Danger
)

// Verdicts lists every verdict, lowest first.
var Verdicts = []Verdict{None, Disclosure, Exploitation, Images, SelfHarm, Danger}

var verdictNames = [...]string{None: "none", Disclosure: "disclosure", Exploitation: "exploitation", Images: "images",
	SelfHarm: "selfharm", Danger: "danger"}

func (v Verdict) String() string {
	if v < 0 || int(v) >= len(verdictNames) {
		return "none"
	}
	return verdictNames[v]
}

// ParseVerdict reads a verdict's name, as String writes it.
func ParseVerdict(name string) (Verdict, bool) {
	for v, n := range verdictNames {
		if n == name {
			return Verdict(v), true
		}
	}
	return None, false
}

// Urgent reports whether the reply must lead with 999: danger, or self-harm.
func (v Verdict) Urgent() bool { return v == Danger || v == SelfHarm }

// Result holds every kind of risk found: a message can be several at once.
type Result struct {
	Found [Danger + 1]bool // by verdict; Found[None] is never set
}

// Has reports whether the message shows the kind of risk v.
func (r Result) Has(v Verdict) bool { return v != None && r.Found[v] }

// Verdict is the kind found that comes first, which decides what the reply leads with.
func (r Result) Verdict() Verdict {
	for v := Danger; v > None; v-- {
		if r.Found[v] {
			return v
		}
	}
	return None
}

// Assess reads a message and reports what it says about danger, self-harm and
// exploitation. It is written to miss as little as it can: an extra helpline line costs
// little, a missed child a great deal.
func Assess(text string) Result {
	return lex.assess(text)
}

func (l *lexicon) assess(text string) Result {
	a := l.analyse(text)
	if l.leftToRules(text, a) {
		return a.rules
	}
	return classifier().judge(l, a)
}

// leftToRules reports whether the model does not read text: it has no words, or it is a
// lone run of letters and digits in which the vocabulary knows nothing, a code or a number
// ("ROUND7", "AUD12345": what a round's poster asks young people to text). Read as letters
// it is noise: the model flagged up to one in two such codes. The rules still read it.
func (l *lexicon) leftToRules(text string, a analysis) bool {
	return len(a.words) == 0 || isCode(text) && a.rules == (Result{}) && !a.knowsAny(l.form)
}

// parts is the verdict Assess gives text, with what the rules alone and the model alone
// found (the model's verdict before the rules' is added to it, and before it may overrule
// them), so an evaluation can say which part raised a flag.
func (l *lexicon) parts(text string) (got, rules, model Verdict) {
	a := l.analyse(text)
	rules = a.rules.Verdict()
	if l.leftToRules(text, a) {
		return rules, rules, None
	}
	m := classifier()
	lang, p := m.read(l, a)
	return m.combine(a, lang, p).Verdict(), rules, m.thresholds[lang].decide(p, None, a.held)
}

// isCode reports whether text is one short word of ASCII letters and digits,
// with at least one digit.
func isCode(text string) bool {
	text = strings.TrimSpace(text)
	if len(text) < 2 || len(text) > 20 {
		return false
	}
	digit := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case '0' <= c && c <= '9':
			digit = true
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		default:
			return false
		}
	}
	return digit
}

// knowsAny reports whether the vocabulary named any idea in the message
// beyond form (the tagger's own marks, such as a short text).
func (a analysis) knowsAny(form tagset) bool {
	for _, t := range a.tags {
		for i := range t {
			if t[i]&^form[i] != 0 {
				return true
			}
		}
	}
	return false
}

// analysis is what the rules see in a message, which the classifier reads too.
type analysis struct {
	words []string // normalised, as typed (before respelling)
	tags  []tagset // the concepts each word says
	fired []bool   // by rule
	rules Result   // what the rules alone find
	// held: no rule fired, but some rule's words were there and a "not" denied them
	// ("i'm not going to kill myself", "nie chcę umrzeć"). The model then needs to be
	// surer to flag the text.
	held bool
}

func (l *lexicon) analyse(text string) analysis {
	ws, sentence := l.sentences(text)
	a := analysis{words: slices.Clone(ws), fired: make([]bool, len(l.rules))}
	var own []int
	a.tags, own = l.tag(ws)
	var all tagset // every concept in the message: a rule needing one it lacks cannot match
	for _, t := range a.tags {
		all.union(t)
	}
	for i := range l.rules {
		if ru := &l.rules[i]; ru.possible(all) {
			fired, held := ru.match(a.tags, own, sentence, l)
			a.fired[i] = fired
			a.rules.Found[ru.kind] = a.rules.Found[ru.kind] || fired
			a.held = a.held || held
		}
	}
	a.held = a.held && a.rules == Result{}
	return a
}

// A concept is an idea the vocabulary names; a tagset is a set of them.
type (
	concept uint8
	tagset  [3]uint64
)

func (t *tagset) add(c concept)     { t[c>>6] |= 1 << (c & 63) }
func (t tagset) has(c concept) bool { return t[c>>6]&(1<<(c&63)) != 0 }

func (t tagset) any(u tagset) bool {
	return t[0]&u[0] != 0 || t[1]&u[1] != 0 || t[2]&u[2] != 0
}

func (t *tagset) union(u tagset) {
	for i := range t {
		t[i] |= u[i]
	}
}

type rule struct {
	terms   string // as rules.toml writes it, to name the rule to the classifier
	kind    Verdict
	within  int  // the most words the match may span
	neg     bool // a "not" just before or inside the match cancels it
	seq     []tagset
	ordered bool
	first   tagset // what a match can start with
	after   tagset // concepts that make it ordinary two words before
	near    tagset // concepts that make it ordinary five words around
}

// shortCry is the most words a bare cry for help ("help me", "pomocy", "مدد") has.
const shortCry = 4

type phrase struct {
	rest  []string
	tags  tagset
	idiom bool
}

// tag finds the concepts each word says: it mends near-misses of risk words, blanks out
// idioms ("killing time"), then tags words and phrases, and numbers that may be an age.
// own gives, for a "not" that is a word of a vocabulary phrase ("not breathing", "nie
// oddycha", "saans nahi le raha"), where that phrase starts (-1 for every other word; nil
// when there is no such "not", as in most texts): such a "not" is the phrase's meaning,
// not a denial of it.
func (l *lexicon) tag(ws []string) (tags []tagset, own []int) {
	for i, w := range ws {
		ws[i] = l.respell(w)
	}
	masked := make([]bool, len(ws))
	for i, w := range ws {
		for _, p := range l.phrases[w] {
			if p.idiom && follows(ws, masked, i, p.rest) {
				for j := i; j <= i+len(p.rest); j++ {
					masked[j] = true
				}
			}
		}
	}
	tags = make([]tagset, len(ws))
	for i, w := range ws {
		if masked[i] {
			continue
		}
		tags[i] = l.single[w]
		for _, n := range l.stemLens {
			if n <= len(w) {
				tags[i].union(l.stems[w[:n]])
			}
		}
		for _, p := range l.phrases[w] {
			if !p.idiom && follows(ws, masked, i, p.rest) {
				tags[i].union(p.tags)
				for j := i; j <= i+len(p.rest); j++ {
					if !l.isNot(ws[j]) {
						continue
					}
					if own == nil {
						own = make([]int, len(ws))
						for k := range own {
							own[k] = -1
						}
					}
					if own[j] < 0 {
						own[j] = i
					}
				}
			}
		}
		if len(w) >= 2 && leadingDigits(w) == len(w) {
			tags[i].add(l.many)
			if isAdultAge(w) && (i+1 == len(ws) || !l.single[ws[i+1]].has(l.unit)) {
				tags[i].add(l.age)
			}
		}
	}
	if len(ws) > 0 && len(ws) <= shortCry {
		tags[0].add(l.short)
	}
	return tags, own
}

// isNot reports whether w on its own is a "not", before or after what it denies.
func (l *lexicon) isNot(w string) bool {
	t := l.single[w]
	return t.has(l.neg) || t.has(l.negAfter)
}

// follows reports whether rest comes right after word i, none of it blanked by an idiom.
func follows(ws []string, masked []bool, i int, rest []string) bool {
	if i+len(rest) >= len(ws) {
		return false
	}
	for k, r := range rest {
		if ws[i+1+k] != r || masked[i+1+k] {
			return false
		}
	}
	return true
}

// isAdultAge reports whether w is a number from 18 to 69: a child naming a partner's age.
func isAdultAge(w string) bool {
	return len(w) == 2 && '1' <= w[0] && w[0] <= '6' && '0' <= w[1] && w[1] <= '9' && w >= "18"
}

// respell maps a word to the vocabulary word it was probably meant to be: "killin" ->
// "killing", and for words of five or more letters one slip of the keyboard ("sucide",
// "dangr", "scaerd"), as long as the first letter is right and the word is not an
// ordinary one that happens to be close ("rapid").
func (l *lexicon) respell(w string) string {
	if l.vocab[w] != "" || len(w) < 4 || l.plainWords[w] {
		return w
	}
	var buf [64]byte
	if strings.HasSuffix(w, "in") && len(w) < len(buf) {
		if v := l.vocab[string(append(append(buf[:0], w...), 'g'))]; v != "" {
			return v
		}
	}
	if utf8.RuneCountInString(w) < 5 || len(w) >= len(buf) {
		return w
	}
	for _, v := range l.deletes[w] { // a letter left out
		if oneSlip(w, v) {
			return v
		}
	}
	for i, r := range w {
		d := append(append(buf[:0], w[:i]...), w[i+utf8.RuneLen(r):]...)
		for _, v := range l.deletes[string(d)] { // a letter too many, a letter wrong, or two swapped
			if oneSlip(w, v) {
				return v
			}
		}
	}
	return w
}

// oneSlip reports whether a and b start with the same letter and differ by one letter
// added or dropped, two letters swapped, or one letter hit instead of the key beside it.
// Other changes make real words too often ("stared" is not "scared", "rating" not "raping").
func oneSlip(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if x[0] != y[0] {
		return false
	}
	if len(x) < len(y) {
		x, y = y, x
	}
	i := 0
	for i < len(y) && x[i] == y[i] {
		i++
	}
	switch len(x) - len(y) {
	case 1:
		return string(x[i+1:]) == string(y[i:])
	case 0:
		if i == len(x) {
			return false
		}
		if string(x[i+1:]) == string(y[i+1:]) {
			return neighbours(x[i], y[i])
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && string(x[i+2:]) == string(y[i+2:])
	}
	return false
}

// possible reports whether a message with these concepts could match the rule.
func (r *rule) possible(all tagset) bool {
	for _, t := range r.seq {
		if !all.any(t) {
			return false
		}
	}
	return true
}

// match reports whether the rule's concepts are all found close together somewhere in
// the message and nothing nearby makes them ordinary (fired), or whether they were found
// only where a "not" denied them (held).
func (r *rule) match(tags []tagset, own, sentence []int, l *lexicon) (fired, held bool) {
	for i := range tags {
		if !tags[i].any(r.first) {
			continue
		}
		end, ok := r.span(tags, i)
		if !ok {
			continue
		}
		switch {
		case r.neg && l.negated(tags, own, sentence, i, end):
			held = true
		case !r.blocked(tags, own, sentence, i, end, l):
			return true, false
		}
	}
	return false, held
}

// span finds the rest of the rule's concepts within r.within words of word i, and
// returns where the match ends.
func (r *rule) span(tags []tagset, i int) (int, bool) {
	last := min(i+r.within, len(tags)-1)
	end, from := i, i
	for k, t := range r.seq {
		if r.ordered && k == 0 {
			if !tags[i].any(t) {
				return 0, false
			}
			continue
		}
		j := from
		for j <= last && !tags[j].any(t) {
			j++
		}
		if j > last {
			return 0, false
		}
		end = max(end, j)
		if r.ordered {
			from = j
		}
	}
	return end, true
}

func (r *rule) blocked(tags []tagset, own, sentence []int, start, end int, l *lexicon) bool {
	return r.neg && l.negated(tags, own, sentence, start, end) ||
		anyIn(tags, start-2, start-1, r.after) ||
		anyIn(tags, start-5, end+5, r.near)
}

// negated reports whether a "not" stands just before or inside a match, unless it only
// says the child cannot stop ("i cant stop hurting myself" is not a denial), or an Urdu
// "not" just after it, where Urdu puts it ("ڈر نہیں لگتا", "dar nahi lagta"). A "not" in
// another sentence denies nothing here ("مجھے پولیس چاہیے۔ زیادہ نہیں لکھ سکتی"), nor does
// an Urdu "not" two words before, which denies the verb it stands before ("ghar nahi
// jana mjhe dar lagta hai": not going home, scared). Nor does a "not" that is a word of a
// phrase the match is made of ("my brother is not breathing").
func (l *lexicon) negated(tags []tagset, own, sentence []int, start, end int) bool {
	ownNot := func(j int) bool { return own != nil && start <= own[j] && own[j] <= end }
	for j := max(start-2, 0); j <= end; j++ {
		if j < start && (sentence[j] != sentence[start] || j < start-1 && tags[j].has(l.negAfter)) || ownNot(j) {
			continue
		}
		if tags[j].has(l.neg) && (j+1 == len(tags) || !tags[j+1].has(l.unneg)) {
			return true
		}
	}
	for j := end + 1; j <= end+2 && j < len(tags) && sentence[j] == sentence[end]; j++ {
		if tags[j].has(l.negAfter) && !ownNot(j) {
			return true
		}
	}
	return false
}

func anyIn(tags []tagset, from, to int, t tagset) bool {
	if t == (tagset{}) {
		return false
	}
	for j := max(from, 0); j <= to && j < len(tags); j++ {
		if tags[j].any(t) {
			return true
		}
	}
	return false
}

// neighbours reports whether a and b sit side by side on a QWERTY keyboard (or are not
// Latin letters, where layouts vary too much to say).
func neighbours(a, b rune) bool {
	if a >= utf8.RuneSelf || b >= utf8.RuneSelf {
		return true
	}
	return strings.ContainsRune(keyNeighbours[a], b)
}

var keyNeighbours = func() map[rune]string {
	rows := []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	m := map[rune]string{}
	at := func(r, i int) string {
		if r < 0 || r >= len(rows) || i < 0 || i >= len(rows[r]) {
			return ""
		}
		return rows[r][i : i+1]
	}
	for r, row := range rows { // each row sits half a key right of the one above
		for i, k := range row {
			m[k] = at(r, i-1) + at(r, i+1) + at(r-1, i) + at(r-1, i+1) + at(r+1, i-1) + at(r+1, i)
		}
	}
	return m
}()

// each yields the concepts in t, lowest first.
func (t tagset) each() func(yield func(concept) bool) {
	return func(yield func(concept) bool) {
		for i, word := range t {
			for word != 0 {
				b := bits.TrailingZeros64(word)
				if !yield(concept(i*64 + b)) {
					return
				}
				word &^= 1 << b
			}
		}
	}
}
