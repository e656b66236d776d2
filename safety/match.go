// Package safety spots danger and disclosures in what young people write.
package safety

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Verdict is the most urgent kind of risk in a message; higher is more urgent.
type Verdict int

const (
	None Verdict = iota
	Disclosure
	SelfHarm
	Danger
)

func (v Verdict) String() string {
	switch v {
	case Disclosure:
		return "disclosure"
	case SelfHarm:
		return "selfharm"
	case Danger:
		return "danger"
	}
	return "none"
}

// Result holds every kind of risk found: a message can be several at once.
type Result struct {
	Danger, SelfHarm, Disclosure bool
}

// Verdict is the most urgent kind found, which decides what the reply leads with.
func (r Result) Verdict() Verdict {
	switch {
	case r.Danger:
		return Danger
	case r.SelfHarm:
		return SelfHarm
	case r.Disclosure:
		return Disclosure
	}
	return None
}

// Assess reads a message and reports what it says about danger, self-harm and
// exploitation. It is written to miss as little as it can: an extra helpline line costs
// little, a missed child a great deal.
func Assess(text string) Result {
	tags := tag(words(text))
	var found [Danger + 1]bool
	for i := range rules {
		if ru := &rules[i]; !found[ru.kind] && ru.match(tags) {
			found[ru.kind] = true
		}
	}
	return Result{Danger: found[Danger], SelfHarm: found[SelfHarm], Disclosure: found[Disclosure]}
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
	kind              Verdict
	terms             string // concepts that must all be found; "A/B" is either; ">" keeps the order
	within            int    // the most words the match may span
	neg               bool   // a "not" just before or inside the match cancels it
	notAfter, notNear string // concepts that make it ordinary: two words before; five words around

	seq         []tagset
	ordered     bool
	first       tagset // what a match can start with
	after, near tagset
}

// shortCry is the most words a bare cry for help ("help me", "pomocy", "مدد") has.
const shortCry = 4

// The lexicon, built from concepts by init.
var (
	byName  = map[string]concept{}
	vocab   = map[string]string{}   // every word the concepts use, to itself
	single  = map[string]tagset{}   // word -> concepts it says alone
	phrases = map[string][]phrase{} // first word -> phrases starting with it
	risky   = map[string]bool{}     // words of 6+ letters worth respelling towards
	deletes = map[string][]string{} // each risky word, and it less any one letter -> the words
)

// Concepts the code itself looks at, beyond the rules.
var idiom, neg, unneg, short, age, many, unit concept

type phrase struct {
	rest  []string
	tags  tagset
	idiom bool
}

func init() {
	names := make([]string, 0, len(concepts))
	for name := range concepts {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) > 64*len(tagset{}) {
		panic("safety: too many concepts for a tagset")
	}
	for i, name := range names {
		byName[name] = concept(i)
	}
	idiom, neg, unneg, short, age, many, unit = byName["IDIOM"], byName["NEG"], byName["UNNEG"], byName["SHORT"], byName["AGE"],
		byName["MANY"], byName["UNIT"]
	for _, name := range names {
		c := byName[name]
		for _, entry := range strings.Split(concepts[name], ",") {
			ws := words(entry)
			if len(ws) == 0 {
				continue
			}
			for _, w := range ws {
				vocab[w] = w
			}
			if len(ws) == 1 && fuzzy[name] && utf8.RuneCountInString(ws[0]) >= 6 {
				risky[ws[0]] = true
			}
			if len(ws) == 1 && c != idiom {
				t := single[ws[0]]
				t.add(c)
				single[ws[0]] = t
				continue
			}
			p := phrase{rest: ws[1:], idiom: c == idiom}
			p.tags.add(c)
			phrases[ws[0]] = append(phrases[ws[0]], p)
		}
	}
	targets := make([]string, 0, len(risky))
	for w := range risky {
		targets = append(targets, w)
	}
	sort.Strings(targets) // so respell picks the same word every time
	for _, w := range targets {
		deletes[w] = append(deletes[w], w)
		for i, r := range w {
			d := w[:i] + w[i+utf8.RuneLen(r):]
			deletes[d] = append(deletes[d], w)
		}
	}
	for i := range rules {
		rules[i].compile()
	}
}

func (r *rule) compile() {
	for _, f := range strings.Fields(r.terms) {
		if f == ">" {
			r.ordered = true
			continue
		}
		var t tagset
		for _, name := range strings.Split(f, "/") {
			t.add(mustConcept(name))
		}
		r.seq = append(r.seq, t)
		if !r.ordered || len(r.seq) == 1 {
			r.first.union(t) // an ordered match starts with its first term, any other with any term
		}
	}
	r.after, r.near = conceptSet(r.notAfter), conceptSet(r.notNear)
}

func conceptSet(names string) tagset {
	var t tagset
	for _, name := range strings.Fields(names) {
		t.add(mustConcept(name))
	}
	return t
}

// mustConcept fails at start-up, not in front of a child, if a rule names a concept that
// does not exist.
func mustConcept(name string) concept {
	c, ok := byName[name]
	if !ok {
		panic("safety: rule names unknown concept " + name)
	}
	return c
}

// tag finds the concepts each word says: it mends near-misses of risk words, blanks out
// idioms ("killing time"), then tags words and phrases, and numbers that may be an age.
func tag(ws []string) []tagset {
	for i, w := range ws {
		ws[i] = respell(w)
	}
	masked := make([]bool, len(ws))
	for i, w := range ws {
		for _, p := range phrases[w] {
			if p.idiom && follows(ws, masked, i, p.rest) {
				for j := i; j <= i+len(p.rest); j++ {
					masked[j] = true
				}
			}
		}
	}
	tags := make([]tagset, len(ws))
	for i, w := range ws {
		if masked[i] {
			continue
		}
		tags[i] = single[w]
		for _, p := range phrases[w] {
			if !p.idiom && follows(ws, masked, i, p.rest) {
				tags[i].union(p.tags)
			}
		}
		if len(w) >= 2 && leadingDigits(w) == len(w) {
			tags[i].add(many)
			if isAdultAge(w) && (i+1 == len(ws) || !single[ws[i+1]].has(unit)) {
				tags[i].add(age)
			}
		}
	}
	if len(ws) > 0 && len(ws) <= shortCry {
		tags[0].add(short)
	}
	return tags
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
func respell(w string) string {
	if vocab[w] != "" || len(w) < 4 || plainWords[w] {
		return w
	}
	var buf [64]byte
	if strings.HasSuffix(w, "in") && len(w) < len(buf) {
		if v := vocab[string(append(append(buf[:0], w...), 'g'))]; v != "" {
			return v
		}
	}
	if utf8.RuneCountInString(w) < 5 || len(w) >= len(buf) {
		return w
	}
	for _, v := range deletes[w] { // a letter left out
		if oneSlip(w, v) {
			return v
		}
	}
	for i, r := range w {
		d := append(append(buf[:0], w[:i]...), w[i+utf8.RuneLen(r):]...)
		for _, v := range deletes[string(d)] { // a letter too many, a letter wrong, or two swapped
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

// match reports whether the rule's concepts are all found close together somewhere in
// the message, and nothing nearby makes them ordinary.
func (r *rule) match(tags []tagset) bool {
	for i := range tags {
		if !tags[i].any(r.first) {
			continue
		}
		end, ok := r.span(tags, i)
		if ok && !r.blocked(tags, i, end) {
			return true
		}
	}
	return false
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

func (r *rule) blocked(tags []tagset, start, end int) bool {
	return r.neg && negated(tags, start, end) ||
		anyIn(tags, start-2, start-1, r.after) ||
		anyIn(tags, start-5, end+5, r.near)
}

// negated reports whether a "not" stands just before or inside a match, unless it only
// says the child cannot stop ("i cant stop hurting myself" is not a denial).
func negated(tags []tagset, start, end int) bool {
	for j := max(start-2, 0); j <= end; j++ {
		if tags[j].has(neg) && (j+1 == len(tags) || !tags[j+1].has(unneg)) {
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

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
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
