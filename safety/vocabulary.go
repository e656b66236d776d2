package safety

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// The vocabulary is data: a file per language (vocabulary/en.toml, pl, ro, ur, ur-Latn) that a
// reviewer who reads no Go can check, and rules.toml, which says which ideas found together
// mean each kind of risk. They are read and checked once, when the program starts; a mistake
// in them fails the tests (TestVocabularyFilesAreValid), never a young person's text.
//
//go:embed vocabulary/*.toml
var vocabularyFiles embed.FS

// Languages are the languages the vocabulary is written in, and the evaluation reports on.
var Languages = []string{"en", "pl", "ro", "ur", "ur-Latn"}

// languageFile is one vocabulary/{lang}.toml.
type languageFile struct {
	Language  string
	Spellings map[string][]string // the word the concepts use -> what people type instead
	Concepts  map[string][]string // concept -> words and phrases that say it
	Slang     []slangTerm
}

// slangTerm records where a slang word came from, so a reviewer can check it.
type slangTerm struct {
	Term, Means, Category, Source string
}

// rulesFile is vocabulary/rules.toml.
type rulesFile struct {
	Fuzzy        []string
	Features     []string // concepts only the classifier reads
	PlainWords   []string `toml:"plain_words"`
	Danger       []ruleSpec
	SelfHarm     []ruleSpec `toml:"selfharm"`
	Disclosure   []ruleSpec
	Exploitation []ruleSpec
	Images       []ruleSpec
}

type ruleSpec struct {
	Terms    string
	Within   int
	Neg      bool
	NotAfter string `toml:"not_after"`
	NotNear  string `toml:"not_near"`
}

// lexicon is the vocabulary and rules, compiled for matching.
type lexicon struct {
	byName      map[string]concept
	names       []string            // by concept
	conceptHash []uint32            // by concept: the model's feature for it
	vocab       map[string]string   // every word the concepts use, to itself
	single      map[string]tagset   // word -> concepts it says alone
	stems       map[string]tagset   // "zabi" from "zabi*" -> concepts every word starting so says
	stemLens    []int               // the byte lengths of the stems, longest first
	phrases     map[string][]phrase // first word -> phrases starting with it
	deletes     map[string][]string // each risky word, and it less any one letter -> the words
	riskyBits   wordFilter          // a filter of the risky words, for splitWord
	expansions  map[string][]string // what people type -> the words it stands for
	plainWords  map[string]bool
	counts      func() *counts // how often each word is used, to split run-together words (words.txt)
	rules       []rule
	slang       []slangTerm

	// Concepts the code itself looks at, beyond the rules.
	idiom, neg, negAfter, unneg, short, age, many, unit concept
	form                                                tagset // the concepts the tagger sets from form, not meaning (conceptsSetByCode)
}

// lex is the lexicon every Assess uses, read from the embedded files.
var lex = func() *lexicon {
	l, err := loadLexicon(vocabularyFiles)
	if err != nil {
		panic(err) // TestVocabularyFilesAreValid says which file and why
	}
	l.counts = countsOf(l)
	return l
}()

// conceptsSetByCode are the concepts the tagger fills, and those the code looks at.
var conceptsSetByCode = []string{"SHORT", "AGE", "MANY"}
var conceptsUsedByCode = []string{"IDIOM", "NEG", "NEGAFTER", "UNNEG", "UNIT", "SHORT", "AGE", "MANY"}

// loadLexicon reads and checks the vocabulary files in fsys (a folder named vocabulary).
func loadLexicon(fsys fs.FS) (*lexicon, error) {
	var rf rulesFile
	if err := decodeStrict(fsys, "vocabulary/rules.toml", &rf); err != nil {
		return nil, err
	}
	files := make([]languageFile, len(Languages))
	for i, lang := range Languages {
		name := "vocabulary/" + lang + ".toml"
		if err := decodeStrict(fsys, name, &files[i]); err != nil {
			return nil, err
		}
		if files[i].Language != lang {
			return nil, fmt.Errorf("safety: %s says it is language %q", name, files[i].Language)
		}
	}
	l := &lexicon{byName: map[string]concept{}, vocab: map[string]string{}, single: map[string]tagset{},
		stems: map[string]tagset{}, phrases: map[string][]phrase{}, deletes: map[string][]string{},
		expansions: map[string][]string{}, plainWords: map[string]bool{}}
	if err := l.addSpellings(files); err != nil {
		return nil, err
	}
	for _, w := range rf.PlainWords {
		for _, n := range l.words(w) { // as a text's words are: "پھنسی" folds to "پہنسی"
			l.plainWords[n] = true
		}
	}

	entries := map[string][]string{} // concept -> every entry, all languages
	for _, name := range conceptsSetByCode {
		entries[name] = nil
	}
	for _, f := range files {
		for name, list := range f.Concepts {
			if name != strings.ToUpper(name) || name == "" {
				return nil, fmt.Errorf("safety: %s.toml: concept %q must be in capitals", f.Language, name)
			}
			entries[name] = append(entries[name], list...)
		}
		if err := checkSlang(f); err != nil {
			return nil, err
		}
		l.slang = append(l.slang, f.Slang...)
	}
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) > 64*len(tagset{}) {
		return nil, fmt.Errorf("safety: %d concepts, more than a tagset holds", len(names))
	}
	for i, name := range names {
		l.byName[name] = concept(i)
	}
	l.names = names
	for _, name := range names {
		l.conceptHash = append(l.conceptHash, hash("c", name, ""))
	}
	for _, name := range conceptsUsedByCode {
		if _, ok := l.byName[name]; !ok {
			return nil, fmt.Errorf("safety: no language defines concept %s, which the detector needs", name)
		}
	}
	l.idiom, l.neg, l.unneg, l.short = l.byName["IDIOM"], l.byName["NEG"], l.byName["UNNEG"], l.byName["SHORT"]
	for _, name := range conceptsSetByCode {
		l.form.add(l.byName[name])
	}
	l.negAfter = l.byName["NEGAFTER"]
	l.age, l.many, l.unit = l.byName["AGE"], l.byName["MANY"], l.byName["UNIT"]

	fuzzy := map[string]bool{}
	for _, name := range rf.Fuzzy {
		if _, ok := l.byName[name]; !ok {
			return nil, fmt.Errorf("safety: rules.toml: fuzzy names unknown concept %s", name)
		}
		fuzzy[name] = true
	}
	risky := map[string]bool{}
	for _, name := range names {
		if err := l.addConcept(name, entries[name], fuzzy[name], risky); err != nil {
			return nil, err
		}
	}
	l.indexRisky(risky)
	used := map[string]bool{}
	for _, name := range conceptsUsedByCode {
		used[name] = true
	}
	for _, name := range rf.Features {
		if _, ok := l.byName[name]; !ok {
			return nil, fmt.Errorf("safety: rules.toml: features names unknown concept %s", name)
		}
		used[name] = true
	}
	for _, group := range []struct {
		kind  Verdict
		specs []ruleSpec
	}{{Danger, rf.Danger}, {SelfHarm, rf.SelfHarm}, {Disclosure, rf.Disclosure}, {Exploitation, rf.Exploitation}, {Images, rf.Images}} {
		for _, s := range group.specs {
			r := rule{terms: s.Terms, kind: group.kind, within: s.Within, neg: s.Neg}
			if err := l.compile(&r, s, used); err != nil {
				return nil, err
			}
			l.rules = append(l.rules, r)
		}
	}
	for _, name := range names {
		if !used[name] {
			return nil, fmt.Errorf("safety: concept %s is in the vocabulary but no rule uses it (a misspelt name?)", name)
		}
	}
	return l, nil
}

// decodeStrict reads a TOML file and refuses keys it does not know, so a misspelt key is
// an error rather than a rule quietly lost.
func decodeStrict(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("safety: %w", err)
	}
	md, err := toml.Decode(string(b), v)
	if err != nil {
		return fmt.Errorf("safety: %s: %w", name, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return fmt.Errorf("safety: %s: unknown key %s", name, un[0])
	}
	return nil
}

// addSpellings fills the text-speak table; a spelling that means two things is an error.
func (l *lexicon) addSpellings(files []languageFile) error {
	for _, f := range files {
		for to, froms := range f.Spellings {
			words := strings.Fields(to)
			if len(words) == 0 {
				return fmt.Errorf("safety: %s.toml: an empty spelling", f.Language)
			}
			for _, from := range froms {
				if old, ok := l.expansions[from]; ok && strings.Join(old, " ") != to {
					return fmt.Errorf("safety: %s.toml: %q spells both %q and %q", f.Language, from, strings.Join(old, " "), to)
				}
				if from != strings.ToLower(from) || strings.ContainsAny(from, " \t") {
					return fmt.Errorf("safety: %s.toml: spelling %q must be one word in small letters", f.Language, from)
				}
				l.expansions[from] = words
			}
		}
	}
	return nil
}

func (l *lexicon) addConcept(name string, entries []string, fuzzy bool, risky map[string]bool) error {
	c := l.byName[name]
	for _, entry := range entries {
		if strings.Contains(entry, "*") {
			stem, _ := strings.CutSuffix(entry, "*")
			ws := l.words(stem)
			if len(ws) != 1 || utf8.RuneCountInString(ws[0]) < 3 || strings.ContainsAny(stem, " *") {
				return fmt.Errorf("safety: concept %s: %q: a * may only end one word of three or more letters", name, entry)
			}
			t := l.stems[ws[0]]
			t.add(c)
			l.stems[ws[0]] = t
			if !containsInt(l.stemLens, len(ws[0])) {
				l.stemLens = append(l.stemLens, len(ws[0]))
				sort.Sort(sort.Reverse(sort.IntSlice(l.stemLens)))
			}
			continue
		}
		ws := l.words(entry)
		if len(ws) == 0 {
			return fmt.Errorf("safety: concept %s: %q has no words", name, entry)
		}
		for _, w := range ws {
			l.vocab[w] = w
		}
		if len(ws) == 1 && fuzzy && utf8.RuneCountInString(ws[0]) >= 6 {
			risky[ws[0]] = true
		}
		if len(ws) == 1 && c != l.idiom {
			t := l.single[ws[0]]
			t.add(c)
			l.single[ws[0]] = t
			continue
		}
		p := phrase{rest: ws[1:], idiom: c == l.idiom}
		p.tags.add(c)
		l.phrases[ws[0]] = append(l.phrases[ws[0]], p)
	}
	return nil
}

// indexRisky lists each risky word under itself and under it less any one letter, so
// respell finds a word one slip away with a few map look-ups.
func (l *lexicon) indexRisky(risky map[string]bool) {
	targets := make([]string, 0, len(risky))
	for w := range risky {
		targets = append(targets, w)
	}
	sort.Strings(targets) // so respell picks the same word every time
	for _, w := range targets {
		l.deletes[w] = append(l.deletes[w], w)
		if l.riskyBits == nil {
			l.riskyBits = newWordFilter(riskyBitsLen)
		}
		l.riskyBits.add(fnv(fnvStart, w))
		for i, r := range w {
			d := w[:i] + w[i+utf8.RuneLen(r):]
			l.deletes[d] = append(l.deletes[d], w)
		}
	}
}

func (l *lexicon) compile(r *rule, s ruleSpec, used map[string]bool) error {
	for _, f := range strings.Fields(s.Terms) {
		if f == ">" {
			r.ordered = true
			continue
		}
		var t tagset
		for _, name := range strings.Split(f, "/") {
			c, err := l.concept(name, s.Terms, used)
			if err != nil {
				return err
			}
			t.add(c)
		}
		r.seq = append(r.seq, t)
		if !r.ordered || len(r.seq) == 1 {
			r.first.union(t) // an ordered match starts with its first term, any other with any term
		}
	}
	if len(r.seq) == 0 {
		return fmt.Errorf("safety: rules.toml: a %s rule has no terms", r.kind)
	}
	if len(r.seq) > 1 && r.within == 0 {
		return fmt.Errorf("safety: rules.toml: rule %q needs within", s.Terms)
	}
	var err error
	if r.after, err = l.conceptSet(s.NotAfter, s.Terms, used); err != nil {
		return err
	}
	r.near, err = l.conceptSet(s.NotNear, s.Terms, used)
	return err
}

func (l *lexicon) conceptSet(names, rule string, used map[string]bool) (tagset, error) {
	var t tagset
	for _, name := range strings.Fields(names) {
		c, err := l.concept(name, rule, used)
		if err != nil {
			return t, err
		}
		t.add(c)
	}
	return t, nil
}

func (l *lexicon) concept(name, rule string, used map[string]bool) (concept, error) {
	c, ok := l.byName[name]
	if !ok {
		return 0, fmt.Errorf("safety: rules.toml: rule %q names unknown concept %s", rule, name)
	}
	used[name] = true
	return c, nil
}

// checkSlang holds every slang entry to a meaning, a category and a public source.
func checkSlang(f languageFile) error {
	for _, s := range f.Slang {
		if s.Term == "" || s.Means == "" || !strings.HasPrefix(s.Source, "https://") {
			return fmt.Errorf("safety: %s.toml: slang %q needs a meaning and an https source", f.Language, s.Term)
		}
		if _, ok := ParseVerdict(s.Category); !ok || s.Category == "none" {
			return fmt.Errorf("safety: %s.toml: slang %q has unknown category %q", f.Language, s.Term, s.Category)
		}
	}
	return nil
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// riskyBitsLen is the size of lexicon.riskyBits: a few hundred risky words in 65,536 bits,
// so that nearly every pair of words in a text is ruled out by one bit.
const riskyBitsLen = 1 << 16
