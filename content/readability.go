package content

import (
	"regexp"
	"strings"
	"unicode"
)

// Readability is a Flesch–Kincaid reading grade and the counts behind it.
type Readability struct {
	Grade                       float64
	Sentences, Words, Syllables int
}

var (
	blockEnd = regexp.MustCompile(`</(p|li|h[1-6]|td|th|dt|dd)>`)
	tag      = regexp.MustCompile(`<[^>]*>`)
)

// MainText returns a page's words as a reader meets them: tags removed, and a
// full stop wherever a paragraph, list item or heading ends, because each of
// those reads as a sentence of its own. Small print about the page (its
// sources) is left out: it is not what the page says to its reader.
func (p *Page) MainText() string {
	var b strings.Builder
	for _, block := range p.Blocks {
		if block.Aside {
			continue
		}
		text := blockEnd.ReplaceAllString(string(block.HTML), ".\n")
		b.WriteString(tag.ReplaceAllString(text, " "))
	}
	return strings.NewReplacer("&rsquo;", "'", "&#39;", "'", "&amp;", "&", "&quot;", `"`).Replace(b.String())
}

// FleschKincaid grades English text: 0.39 words per sentence plus 11.8
// syllables per word, less 15.59. Grade 6 suits readers of about 11.
func FleschKincaid(text string) Readability {
	var r Readability
	for _, sentence := range strings.FieldsFunc(text, func(c rune) bool { return strings.ContainsRune(".!?", c) }) {
		words := strings.FieldsFunc(sentence, func(c rune) bool {
			return !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '\''
		})
		if len(words) == 0 {
			continue
		}
		r.Sentences++
		for _, w := range words {
			r.Words++
			r.Syllables += syllables(w)
		}
	}
	if r.Words == 0 {
		return r
	}
	r.Grade = 0.39*float64(r.Words)/float64(r.Sentences) + 11.8*float64(r.Syllables)/float64(r.Words) - 15.59
	return r
}

// syllables estimates an English word's syllables by its vowel groups, less a
// silent final e ("make"), but not "-le" ("little"). Numbers count as one.
func syllables(word string) int {
	w := strings.ToLower(strings.Trim(word, "'"))
	count, inVowel := 0, false
	for _, c := range w {
		vowel := strings.ContainsRune("aeiouy", c)
		if vowel && !inVowel {
			count++
		}
		inVowel = vowel
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && count > 1 {
		count--
	}
	return max(count, 1)
}
