package safety

import (
	"bytes"
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// words.txt is how often each word of the corpus is used, as read by words() without
// splitting run-together words: a first line "total N", then "word<TAB>count" lines in byte
// order. `go generate` writes it with model.bin; TestShippedWordCountsAreTheCorpus holds it
// to the corpus. Looked up where it lies in the binary, by binary search: no copy on the heap.
//
//go:embed words.txt
var wordCountsText string

// countsOf reads words.txt the first time l may need to split a word: until then none of
// the table's pages are touched, and a Heard that never meets a run-together word holds
// none of it in memory.
func countsOf(l *lexicon) func() *counts {
	return sync.OnceValue(func() *counts {
		return readWordCounts(wordCountsText, slices.Collect(maps.Keys(l.vocab)), slices.Collect(maps.Keys(l.expansions)))
	})
}

// counts is the table of words.txt: its lines after the first, the total, and a filter
// that says at once of most words neither in the table nor known to the vocabulary (extra)
// that they are not (a 32 KB Bloom filter: a word split at n places looks up about n*n/2
// pieces, nearly all of them not words, and each search of the table, or of the
// vocabulary's maps, cost more than the rest of the split).
type counts struct {
	lines string
	total float64
	maybe wordFilter
}

const countBits = 1 << 18

// wordFilter is the bits of a filter of words, as many as a power of two: each word added
// sets the bits its hashes pick, so a bit that is clear means no word picking it was added.
// An empty filter holds nothing.
type wordFilter []uint64

func newWordFilter(bits int) wordFilter { return make(wordFilter, bits/64) }

func (f wordFilter) add(h uint32) {
	h &= uint32(len(f)*64 - 1)
	f[h/64] |= 1 << (h % 64)
}

func (f wordFilter) has(h uint32) bool {
	if len(f) == 0 {
		return false
	}
	h &= uint32(len(f)*64 - 1)
	return f[h/64]&(1<<(h%64)) != 0
}

func readWordCounts(text string, extra ...[]string) *counts {
	head, lines, _ := strings.Cut(text, "\n")
	n, err := strconv.Atoi(strings.TrimPrefix(head, "total "))
	if err != nil || n <= 0 {
		return &counts{} // no table: nothing is split (TestShippedWordCountsAreTheCorpus fails)
	}
	c := &counts{lines: lines, total: float64(n), maybe: newWordFilter(countBits)}
	for line := range strings.Lines(lines) {
		word, _, _ := strings.Cut(line, "\t")
		c.mayHold(word)
	}
	for _, words := range extra {
		for _, w := range words {
			c.mayHold(w)
		}
	}
	return c
}

func (c *counts) mayHold(w string) {
	a, b := filterHashes(w)
	c.maybe.add(a)
	c.maybe.add(b)
}

// maybeKnown is true for every word the table or the vocabulary has, and for few others
// (about one in fifty): false means the word is surely neither's.
func (c *counts) maybeKnown(w string) bool {
	a, b := filterHashes(w)
	return c.maybe.has(a) && c.maybe.has(b)
}

// filterHashes pick the two bits of the filter that stand for w.
func filterHashes(w string) (uint32, uint32) {
	h := fnv(fnvStart, w)
	return h, (h>>16 | h<<16) * 2654435761
}

// count is how many times w is in the corpus, or 0.
func (c *counts) count(w string) int {
	if c == nil || !c.maybeKnown(w) {
		return 0
	}
	lo, hi := 0, len(c.lines) // search among the lines starting in [lo, hi)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := strings.LastIndexByte(c.lines[:mid], '\n') + 1
		if start < lo {
			start = lo
		}
		end := start + strings.IndexByte(c.lines[start:], '\n')
		if end < start {
			end = len(c.lines)
		}
		word, n, _ := strings.Cut(c.lines[start:end], "\t")
		switch {
		case word == w:
			k, _ := strconv.Atoi(n)
			return k
		case word < w:
			lo = end + 1
		default:
			hi = start
		}
	}
	return 0
}

// WordCounts makes words.txt from the corpus: every word as words() reads it, with no
// run-together word split (the table is what decides those).
func WordCounts(examples []Example) []byte {
	plain := lex.unsplit()
	n := map[string]int{}
	total := 0
	for _, e := range examples {
		for _, w := range plain.words(e.Text) {
			n[w]++
			total++
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "total %d\n", total)
	for _, w := range slices.Sorted(maps.Keys(n)) {
		fmt.Fprintf(&b, "%s\t%d\n", w, n[w])
	}
	return b.Bytes()
}

// unsplit is the lexicon with no run-together word split. The corpus is read so when its
// words are counted and when the model learns from it: at that moment words.txt may be
// the one counted before a new author's phrases came, and the model must not depend on it.
// Once counted, every corpus word is in words.txt, so none is split when Heard runs either.
func (l *lexicon) unsplit() *lexicon {
	plain := *l
	plain.counts = nil
	return &plain
}
