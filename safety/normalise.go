package safety

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// subst maps what Unicode does not decompose to what people type instead: Polish ł, the
// Arabic-keyboard forms of Urdu letters, and a few emoji that carry meaning. An Arabic
// keyboard has one letter, ه, for both of Urdu's he (ہ, and ھ that marks a breathy
// consonant: "مجھے" is typed "مجهے"), so both fold to ہ, in the vocabulary as in texts.
var subst = map[rune]string{
	'ł': "l", 'đ': "d", 'ø': "o", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'ı': "i", 'þ': "th",
	'ي': "ی", 'ى': "ی", 'ك': "ک", 'ه': "ہ", 'ە': "ہ", 'ة': "ہ", 'ھ': "ہ", 'ں': "ن",
	'😂': " lol ", '🤣': " lol ", '😹': " lol ", '💀': " lol ",
	'🔪': " knife ", '🗡': " knife ", '🔫': " gun ", '💊': " pills ", '🆘': " sos ",
	// Small capitals, from "fancy text" generators ("ɪ ᴡᴀɴᴛ"); Unicode gives them no plain form.
	'ᴀ': "a", 'ʙ': "b", 'ᴄ': "c", 'ᴅ': "d", 'ᴇ': "e", 'ꜰ': "f", 'ɢ': "g", 'ʜ': "h", 'ɪ': "i",
	'ᴊ': "j", 'ᴋ': "k", 'ʟ': "l", 'ᴍ': "m", 'ɴ': "n", 'ᴏ': "o", 'ᴘ': "p", 'ʀ': "r",
	'ꜱ': "s", 'ᴛ': "t", 'ᴜ': "u", 'ᴠ': "v", 'ᴡ': "w", 'ʏ': "y", 'ᴢ': "z",
}

// inWord are marks that stand for a letter (or for nothing) when they sit between letters:
// "don't", "k!ll", "r@pe", "s*icide". Anywhere else they split words.
var inWord = map[rune]string{
	'\'': "'", '’': "'", '‘': "'", 'ʼ': "'", '`': "'", '´': "'",
	'!': "i", '@': "a", '$': "s", '*': "",
}

// leet undoes digits used as letters inside a word ("k1ll", "su1c1de").
var leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t")

// contraction turns what follows an apostrophe into a word; other endings ("n't", "'m",
// "'s") are joined on and the whole word expanded ("dont", "im", "hes").
var contraction = map[string]string{"ll": "will", "d": "would", "re": "are", "ve": "have"}

// words turns a message into normalised words: lower case, accents and zero-width or
// bidi marks gone, punctuation as spaces, letters typed 3+ times in a row collapsed,
// and text-speak and contractions spelled out ("ur gonna" -> "your going to").
func (l *lexicon) words(text string) []string {
	words, _ := l.sentences(text)
	return words
}

// sentences is words, with the number of the sentence (or clause) each word is in: a full
// stop, "!", "?", a comma or semicolon, their Urdu forms, or a new line ends one, but not
// "..." (a thought trailing on) or a point inside a number or a web address. A "not"
// denies only its own clause ("seriously, not joking, i need help now"). Cutting a
// clause too many can only leave a risk undenied, so flagged, never a risk unflagged.
func (l *lexicon) sentences(text string) ([]string, []int) {
	b := make([]byte, 0, len(text)+8)
	letterBefore := false
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		orig := r
		if s, ok := inWord[r]; ok {
			next, _ := utf8.DecodeRuneInString(text[i:])
			if letterBefore && unicode.IsLetter(next) {
				b = append(b, s...)
				continue
			}
			r = ' '
		}
		if endsSentence(text, i-n, orig) {
			b = append(b, '\n')
			letterBefore = false
			continue
		}
		var wrote bool
		b, wrote = appendFolded(b, r)
		if wrote {
			letterBefore = b[len(b)-1] != ' '
		}
	}

	s := string(b)
	out := make([]string, 0, len(s)/5+1)
	sentence := make([]int, 0, cap(out))
	n := 0
	for len(s) > 0 {
		rest := strings.TrimLeft(s, " \n")
		if strings.Contains(s[:len(s)-len(rest)], "\n") {
			n++
		}
		s = rest
		end := strings.IndexAny(s, " \n")
		if end < 0 {
			end = len(s)
		}
		if end > 0 {
			w := s[:end]
			if joined, used := l.spacedOut(s); used > 0 {
				w, end = joined, used
			} else if joined, used := l.splitWord(s, end); used > 0 {
				w, end = joined, used
			}
			out = l.appendWord(out, w)
			for len(sentence) < len(out) {
				sentence = append(sentence, n)
			}
		}
		s = s[end:]
	}
	return out, sentence
}

// spacedOut reads a word typed a letter at a time ("s u i c i d e", "h.e.l.p", "k-1-l-l")
// at the start of s, a sentence's folded text: three or more letters (or digits typed for
// letters) each on its own, which together make a word the detector knows. It returns the
// word and how much of s it took, or 0 when s does not start with one. Single letters that
// make no such word ("r u ok", "i c u") stay as they are.
func (l *lexicon) spacedOut(s string) (word string, used int) {
	if _, n := utf8.DecodeRuneInString(s); n == len(s) || s[n] != ' ' && s[n] != '\n' {
		return "", 0 // the common case, a word of two letters or more
	}
	// Where each letter of the run starts and ends in s; the run is cut at spellMax.
	var starts, ends [spellMax]int
	run := 0
	for i := 0; i < len(s) && run < spellMax; {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !strings.ContainsRune("013457", r) {
			break
		}
		if i+n < len(s) && s[i+n] != ' ' && s[i+n] != '\n' {
			break // part of a longer word
		}
		starts[run], ends[run] = i, i+n
		run++
		i += n
		if i < len(s) && s[i] == '\n' {
			break // the sentence ends here
		}
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	if run < 3 {
		return "", 0 // "i c", "r u": nothing to build
	}
	// The longest run that makes a known word, as typed or with its digits read as letters.
	// A word of three is taken only as the whole run: in a longer one it is more likely
	// chance (Romanian "n-o s-o" is not "nos").
	var buf [spellMax * utf8.UTFMax]byte
	for k := run; k >= 3 && (k >= 4 || k == run); k-- {
		b := buf[:0]
		for j := range k {
			b = append(b, s[starts[j]:ends[j]]...)
		}
		w := string(b)
		if !l.known(w) {
			w = leet.Replace(w)
		}
		if l.known(w) {
			return w, ends[k-1]
		}
	}
	return "", 0
}

// splitWord reads a risk word typed with a space inside it ("sui cide") at the start of s,
// a sentence's folded text whose first word ends at end. The word must be one of the risk
// words a slip of the keyboard is mended towards (rules.toml's fuzzy concepts), and both
// halves words the detector does not know, so two real words never become one ("the
// rapist" is never "therapist"; Roman Urdu's "kare ga" is left as typed). It returns the
// word and how much of s it took, or 0.
func (l *lexicon) splitWord(s string, end int) (word string, used int) {
	if end >= len(s) || s[end] != ' ' {
		return "", 0
	}
	next := end + 1
	var buf [64]byte
	stop := 0 // the next word's length
	for next+stop < len(s) && s[next+stop] != ' ' && s[next+stop] != '\n' {
		if stop++; end+stop > len(buf) {
			return "", 0
		}
	}
	if stop == 0 || end+stop < 6 {
		return "", 0
	}
	if !l.riskyBits.has(fnv(fnv(fnvStart, s[:end]), s[next:next+stop])) {
		return "", 0 // the two words together are no risky word: most pairs stop here
	}
	joined := append(append(buf[:0], s[:end]...), s[next:next+stop]...)
	if len(joined) < 6 || !slices.Contains(l.deletes[string(joined)], string(joined)) || l.known(s[:end]) || l.known(s[next:next+stop]) {
		return "", 0
	}
	return string(joined), next + stop
}

// spellMax is the longest word spacedOut reads a letter at a time.
const spellMax = 24

// endsSentence reports whether r, at text[i], ends a sentence.
func endsSentence(text string, i int, r rune) bool {
	switch r {
	case '\n', '!', '?', '۔', '؟', ',', ';', '،', '؛':
		return true
	case '.':
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+1:])
		return before != '.' && (i+1 == len(text) || unicode.IsSpace(after))
	}
	return false
}

// appendFolded appends the plain lower-case form of r, a space for anything that is not
// a letter or digit, or nothing for marks and invisible format characters (so a
// zero-width space inside a word cannot hide it). It reports whether it wrote anything.
func appendFolded(b []byte, r rune) ([]byte, bool) {
	switch {
	case r < utf8.RuneSelf:
		c := byte(r)
		switch {
		case 'A' <= c && c <= 'Z':
			return append(b, c+'a'-'A'), true
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			return append(b, c), true
		}
		return append(b, ' '), true
	case r == utf8.RuneError:
		return append(b, ' '), true
	case unicode.Is(unicode.Cf, r), unicode.IsMark(r), r == 'ـ': // tatweel stretches Arabic script
		return b, false
	case '٠' <= r && r <= '٩':
		return append(b, byte('0'+r-'٠')), true
	case '۰' <= r && r <= '۹':
		return append(b, byte('0'+r-'۰')), true
	case 0x1F150 <= r && r <= 0x1F169: // negative circled letters, 🅐 to 🅩
		return append(b, byte('a'+r-0x1F150)), true
	case 0x1F170 <= r && r <= 0x1F189: // negative squared letters, 🅰 to 🆉
		return append(b, byte('a'+r-0x1F170)), true
	}
	r = unicode.ToLower(r)
	if s, ok := subst[r]; ok {
		return append(b, s...), true
	}
	// Letters in circles or brackets (ⓐ, ⒜, 🄰) are symbols to Unicode, but their plain
	// form is a letter: they are read through it, as full-width letters are.
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !enclosed(r) {
		return append(b, ' '), true
	}
	var enc [utf8.UTFMax]byte
	d := norm.NFKD.Properties(enc[:utf8.EncodeRune(enc[:], r)]).Decomposition()
	if d == nil {
		return utf8.AppendRune(b, r), true
	}
	for len(d) > 0 { // "ă" -> "a", "ｋ" -> "k", "ﬁ" -> "fi"
		dr, n := utf8.DecodeRune(d)
		d = d[n:]
		if unicode.IsMark(dr) {
			continue
		}
		dr = unicode.ToLower(dr)
		switch s, ok := subst[dr]; {
		case ok:
			b = append(b, s...)
		case unicode.IsLetter(dr) || unicode.IsDigit(dr):
			b = utf8.AppendRune(b, dr)
		default:
			b = append(b, ' ')
		}
	}
	return b, true
}

// enclosed reports whether r is in Unicode's blocks of letters and digits in circles,
// brackets and squares (not its regional indicators, which pair into flags).
func enclosed(r rune) bool {
	return 0x2460 <= r && r <= 0x24FF || 0x1F100 <= r && r <= 0x1F1E5
}

// appendWord appends the normalised form of one raw word, which may be several words.
func (l *lexicon) appendWord(out []string, w string) []string {
	return l.appendRead(out, w, true)
}

// appendRead is appendWord; asTyped is false for a word whose digits were already read as
// letters, or that is itself a piece of a split word, which is then neither glued nor split
// again: its "2" is no longer between words ("aud231", a round's code, is not "aud to ei"),
// nor is "youth15505" "youth is o os".
func (l *lexicon) appendRead(out []string, w string, asTyped bool) []string {
	if w == "" {
		return out
	}
	if latin, ok := unconfuse(w); ok {
		w = latin
	}
	w = l.unstretch(w)
	if before, after, ok := strings.Cut(w, "'"); ok {
		after = strings.ReplaceAll(after, "'", "")
		if full, ok := contraction[after]; ok {
			return append(l.appendWord(out, before), full)
		}
		w = before + after
		if _, ok := l.expansions[w]; !ok && after == "s" {
			w = before // "man's flat" -> "man flat"; "he's" is expanded below
		}
	}
	if x, ok := l.expansions[w]; ok {
		return append(out, x...)
	}
	if isLaugh(w) {
		return append(out, "haha")
	}
	if d := leadingDigits(w); d > 0 && d < len(w) { // "19yo", "20s", "3am"
		return l.appendWord(append(out, w[:d]), w[d:])
	}
	if left, joint, right, ok := glued(w); ok && asTyped { // "want2die", "need4help"
		return l.appendWord(append(l.appendWord(out, left), joint), right)
	}
	if w[0] > '9' && strings.ContainsAny(w, "013457") {
		if leeted := leet.Replace(w); leeted != w {
			return l.appendRead(out, leeted, false)
		}
	}
	if asTyped {
		if pieces := l.runTogether(w); pieces != nil {
			for _, p := range pieces {
				out = l.appendRead(out, p, false)
			}
			return out
		}
	}
	return append(out, w)
}

// runTogether splits a word that is several typed with no spaces ("iwanttodie",
// "chceumrzec", Urdu whose letters that do not join left no space) into the likeliest
// words by how often the corpus uses each, or returns nil. Only a word neither the corpus
// nor the vocabulary knows is split, only into words they know, and only into three or
// more: two would break ordinary words the corpus never met ("the rapist" in "therapist",
// "under standing").
func (l *lexicon) runTogether(w string) []string {
	if l.counts == nil || len(w) < runMin || l.known(w) {
		return nil
	}
	table := l.counts()
	if table.total == 0 || table.maybeKnown(w) {
		return nil // in the table, or (one word in fifty or so) said to be by its filter
	}
	var starts [runMax + 1]int // where each letter starts in w, and len(w)
	n := 0
	for i, r := range w {
		if !unicode.IsLetter(r) || n == runMax {
			return nil
		}
		starts[n] = i
		n++
	}
	starts[n] = len(w)
	// best[i]: the likeliest reading of the first i letters, where its last word starts,
	// and how many words it has.
	var best [runMax + 1]float64
	var from, words [runMax + 1]int
	for i := 1; i <= n; i++ {
		best[i] = math.Inf(-1)
		for j := max(0, i-runWordMax); j < i; j++ {
			if math.IsInf(best[j], -1) && j > 0 {
				continue
			}
			if s := best[j] + l.logChance(table, w[starts[j]:starts[i]], i-j); s > best[i] {
				best[i], from[i], words[i] = s, j, words[j]+1
			}
		}
	}
	// The word typed as one, never seen, is given a chance of one in ten for each letter:
	// the split must be likelier ("nie przy jem nos ci", rare short words, is not). On the
	// corpus, this splits 8% of the words used once, were they never seen (89 of 1,101 of 8
	// letters or more), and 75% of three words from its phrases typed as one.
	if words[n] < 3 || best[n] <= -float64(n)*math.Ln10 {
		return nil
	}
	var pieces []string
	for i := n; i > 0; i = from[i] {
		pieces = append(pieces, w[starts[from[i]]:starts[i]])
	}
	slices.Reverse(pieces)
	return pieces
}

// logChance is the log of how likely w, of the given number of letters, is as a word of a
// text: its share of the corpus's words; for text-speak ("dont", "wanna"), that of the word
// it starts with; for a word only the vocabulary has, once in the corpus. A word neither
// knows, or a letter alone that is seldom a word ("s"), cannot be read: minus infinity.
func (l *lexicon) logChance(table *counts, w string, letters int) float64 {
	if !table.maybeKnown(w) {
		return math.Inf(-1) // most pieces: no look-up at all
	}
	k := table.count(w)
	if k == 0 {
		if x, ok := l.expansions[w]; ok && letters > 1 {
			k = table.count(x[0]) + 1
		} else if l.vocab[w] != "" && letters > 1 {
			k = 1
		}
	}
	if k == 0 || letters == 1 && float64(k) < table.total/500 {
		return math.Inf(-1)
	}
	return math.Log(float64(k) / table.total)
}

// runMin is the fewest bytes in a word runTogether tries to split, runMax the most letters,
// and runWordMax the longest word it looks for inside one.
const runMin, runMax, runWordMax = 8, 64, 20

// unstretch collapses a letter typed three or more times ("pleeease", "helllp"). Most
// words want one letter left, a few want two ("killll" -> "kill"): keep whichever is a
// word we know.
func (l *lexicon) unstretch(w string) string {
	if !stretched(w) {
		return w
	}
	one := squeeze(w, 1)
	if two := squeeze(w, 2); !l.known(one) && l.known(two) {
		return two
	}
	return one
}

func stretched(w string) bool {
	var last rune
	run := 0
	for _, r := range w {
		if r != last {
			last, run = r, 0
		}
		if run++; run == 3 && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// squeeze keeps at most keep copies of a letter repeated three or more times in a row.
// Digits are left alone: 999 is a phone number.
func squeeze(w string, keep int) string {
	var b strings.Builder
	rs := []rune(w)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] == rs[i] {
			j++
		}
		n := j - i
		if n >= 3 && unicode.IsLetter(rs[i]) {
			n = keep
		}
		for range n {
			b.WriteRune(rs[i])
		}
		i = j
	}
	return b.String()
}

// isLaugh spots "hahaha", "ahah", "hehehe" and "lolol", whatever their length.
func isLaugh(w string) bool {
	if len(w) < 4 {
		return false
	}
	return strings.Trim(w, "ha") == "" && strings.Contains(w, "ha") ||
		strings.Trim(w, "he") == "" && strings.Contains(w, "he") ||
		strings.Trim(w, "lo") == "" && strings.HasPrefix(w, "lol")
}

func leadingDigits(w string) int {
	n := 0
	for n < len(w) && '0' <= w[n] && w[n] <= '9' {
		n++
	}
	return n
}

// known reports whether w is a word the detector or the text-speak table knows.
func (l *lexicon) known(w string) bool {
	_, ok := l.expansions[w]
	return ok || l.vocab[w] != ""
}

// glued splits a word joined by a digit typed for a word between two others: "2" for "to"
// ("want2die"), "4" for "for" ("need4help"). Both sides must be words of their own, two
// letters or more around a 2 and three around a 4, since a 4 inside a shorter word is a
// letter ("sc4red", "cr4zy").
func glued(w string) (left, joint, right string, ok bool) {
	i := 0
	for i < len(w) && w[i] != '2' && w[i] != '4' {
		i++
	}
	if i == len(w) {
		return "", "", "", false
	}
	joint, least := "to", 2
	if w[i] == '4' {
		joint, least = "for", 3
	}
	left, right = w[:i], w[i+1:]
	if len(left) < least || len(right) < least || !lettersOnly(left) || !isASCIILetter(right[0]) {
		return "", "", "", false
	}
	return left, joint, right, true
}

func lettersOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIILetter(s[i]) {
			return false
		}
	}
	return true
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' }

// lookalike maps Cyrillic and Greek letters to the Latin letters they look like. Typed in
// among Latin ones ("i wаnt to diе" with a Cyrillic а and е), they hide a word from a reader
// that goes by letters, though a person reads it as ever.
var lookalike = map[rune]byte{
	'а': 'a', 'в': 'b', 'е': 'e', 'і': 'i', 'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o',
	'р': 'p', 'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'ԁ': 'd', 'һ': 'h', 'ӏ': 'l',
	'ԛ': 'q', 'ԝ': 'w',
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
	'τ': 't', 'υ': 'u', 'χ': 'x', 'γ': 'y', 'ζ': 'z',
}

// unconfuse spells a word of Latin letters salted with lookalikes, or of lookalikes alone
// ("і", "а"), in Latin letters. A word with any other letter (a word of Urdu, or most words
// of Russian or Ukrainian) is left as it is.
func unconfuse(w string) (string, bool) {
	other := false
	for _, r := range w {
		if r < utf8.RuneSelf {
			continue // most words are all ASCII: no look-up
		}
		if _, ok := lookalike[r]; !ok {
			return w, false
		}
		other = true
	}
	if !other {
		return w, false
	}
	b := make([]byte, 0, len(w))
	for _, r := range w {
		if c, ok := lookalike[r]; ok {
			b = append(b, c)
		} else {
			b = utf8.AppendRune(b, r)
		}
	}
	return string(b), true
}
