package safety

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
)

// The second layer: a logistic regression over hashed character n-grams and words,
// trained on safety/corpus by `go generate` (see train.go). It catches what the rules
// miss (misspellings, paraphrases, new slang) because it looks at pieces of words, not
// whole ones. Its weights ship in model.bin; TestShippedModelIsTheCorpusModel holds them
// to the corpus.
//
//go:generate go run ./gen
//go:embed model.bin
var modelBytes []byte

// buckets is how many hashed features the model has: enough that few n-grams share
// one, small enough that the weights cost the binary little. With 27 authors' phrases,
// 262,144 buckets flag 13% fewer ordinary phrases in cross-validation grouped by author
// than 65,536 did, at the same urgent recall. 524,288 at 4 bits (as large as 262,144 were
// at 8) flagged 4% fewer in cross-validation and on the held-out sets, but answered 7 fewer
// urgent phrases with 999 in cross-validation and moved urgent phrases of the held-out sets
// both ways (1,588 of 1,612 either way): not kept.
const buckets = 1 << 18

// The lengths of the letter pieces the model reads. Cross-validation grouped by author
// found pieces of 2 letters added nothing to 3 to 5, and they cost a fifth of the time.
const ngramMin, ngramMax = 3, 5

// conceptWeight and ruleWeight are how many times the model counts each concept, and
// each rule that fired, against once for a word or a piece of one. The concepts are the
// same in every language, so weighing them more makes the model lean on what carries from
// one language and one voice to another; cross-validation grouped by author chose 3 and 2
// (1, 2 and 3 tried).
const conceptWeight, ruleWeight = 3, 2

// pairWeight is how many times a pair of concepts counts. Pairs are many and each is seen
// in few texts, so counted three times a handful of texts set a heavy weight ("took", read
// as swallowing, next to "anyone", from three danger texts); cross-validation and the
// held-out sets chose once among 0 to 3.
const pairWeight = 1

// conceptReach is how many words apart two concepts may be to make a pair the model reads
// ("chcę ... umrzeć", "want ... die"); cross-validation chose 6 among 1 to 8.
const conceptReach = 6

// window is the most words the classifier reads at once: a long comment is read in
// overlapping windows, so a cry for help in it is not drowned by the rest.
const window = 40

var classes = Verdicts // the model's outputs, in this order

// weightLevels is how many values a class's weights may take: 4 bits each, half the size
// of a signed byte, and chosen well (quantise) the verdicts are as good.
const weightLevels = 16

// bytesPerBucket holds one bucket's 4-bit weights, two classes to a byte (the number of
// classes is even: an odd one would not compile, as the constant would be negative).
const bytesPerBucket = uint(len(verdictNames)/2 - len(verdictNames)%2*len(verdictNames))

// model is the classifier: per class a bias and 4-bit weights, each one of the class's 16
// levels, the guesser of a text's language, and the thresholds for each language.
type model struct {
	corpusHash [32]byte
	thresholds [numLanguages]thresholds // by index in Languages
	bias       [len(verdictNames)]float32
	levels     [len(verdictNames)][weightLevels]float32
	// weights are 4-bit indexes into each class's levels, two classes to a byte,
	// bucket-major (bucket f's are weights[f*bytesPerBucket:]: a feature's weights share a
	// cache line), read where they lie in the embedded model.bin: no copy on the heap.
	weights  []byte
	language languageModel
}

// classifier reads model.bin the first time a message is assessed (go generate must
// not need a model to make one); TestShippedModelIsTheCorpusModel fails first if it is bad.
var classifier = sync.OnceValue(func() *model {
	m, err := readModel(modelBytes)
	if err != nil {
		panic(err)
	}
	return m
})

const modelMagic = "HEARDSM4"

func readModel(b []byte) (*model, error) {
	r := bytes.NewReader(b)
	var head struct {
		Magic      [8]byte
		CorpusHash [32]byte
		Buckets    uint32
		Classes    uint32
		Thresholds [numLanguages]thresholds
	}
	if err := binary.Read(r, binary.LittleEndian, &head); err != nil {
		return nil, fmt.Errorf("safety: model.bin: %w", err)
	}
	if string(head.Magic[:]) != modelMagic || head.Buckets != buckets || int(head.Classes) != len(classes) {
		return nil, errors.New("safety: model.bin is not a model for this code: run go generate ./safety")
	}
	m := &model{corpusHash: head.CorpusHash, thresholds: head.Thresholds}
	for _, v := range []any{&m.bias, &m.levels} {
		if err := binary.Read(r, binary.LittleEndian, v); err != nil {
			return nil, fmt.Errorf("safety: model.bin: %w", err)
		}
	}
	start, n := len(b)-r.Len(), buckets*int(bytesPerBucket)
	if r.Len() < n {
		return nil, errors.New("safety: model.bin: weights cut short")
	}
	m.weights = b[start : start+n : start+n]
	r = bytes.NewReader(b[start+n:])
	if err := binary.Read(r, binary.LittleEndian, &m.language); err != nil {
		return nil, fmt.Errorf("safety: model.bin: %w", err)
	}
	if r.Len() != 0 {
		return nil, errors.New("safety: model.bin has bytes left over")
	}
	return m, nil
}

func (m *model) marshal() []byte {
	var buf bytes.Buffer
	binary.Write(&buf, binary.LittleEndian, struct {
		Magic      [8]byte
		CorpusHash [32]byte
		Buckets    uint32
		Classes    uint32
		Thresholds [numLanguages]thresholds
	}{[8]byte([]byte(modelMagic)), m.corpusHash, buckets, uint32(len(classes)), m.thresholds})
	binary.Write(&buf, binary.LittleEndian, m.bias)
	binary.Write(&buf, binary.LittleEndian, m.levels)
	buf.Write(m.weights)
	binary.Write(&buf, binary.LittleEndian, &m.language)
	return buf.Bytes()
}

// thresholds turn the model's chances into a verdict; training chooses them (train.go).
type thresholds struct {
	Risk    float32 // flag the likeliest risky kind when the chance of any risk reaches this
	Urgent  float32 // flag danger or self-harm when their chance together reaches this
	Overall float32 // the model overrules the rules when the chance of "none" reaches this
	Held    float32 // on a text whose risk words a "not" denied (analysis.held), flag only if the chance of any risk reaches this too
}

// decide is the verdict for one text from the model's chances and what the rules found.
func (t thresholds) decide(p [len(verdictNames)]float32, rules Verdict, held bool) Verdict {
	if held && 1-p[None] < t.Held {
		return None
	}
	v := None
	if 1-p[None] >= t.Risk {
		v = argmaxRisky(p)
	}
	if p[Danger]+p[SelfHarm] >= t.Urgent && v < SelfHarm {
		v = SelfHarm
		if p[Danger] >= p[SelfHarm] {
			v = Danger
		}
	}
	if rules > v && p[None] < t.Overall {
		v = rules
	}
	return v
}

// judge combines rules and model: the model's verdict is added to what the rules found,
// unless the model is sure enough the text is ordinary to overrule them. A long text is
// read in overlapping windows, and its riskiest window counts; the model overrules the
// rules only on a text it reads whole, so a cry for help at the end of a long comment
// is never talked away by the rest of it.
func (m *model) judge(l *lexicon, a analysis) Result {
	if len(a.words) == 0 {
		return a.rules
	}
	lang, p := m.read(l, a)
	return m.combine(a, lang, p)
}

// combine is judge's verdict from the model's chances p for a text seeming to be in lang.
func (m *model) combine(a analysis, lang int, p [len(verdictNames)]float32) Result {
	t := m.thresholds[lang]
	r := a.rules
	if p[None] >= t.Overall && len(a.words) <= window {
		r = Result{}
	}
	if v := t.decide(p, None, a.held); v != None {
		r.Found[v] = true
	}
	return r
}

// read guesses a text's language (its index in Languages) and gives the model's chances
// for its riskiest window: the one least likely to be ordinary.
func (m *model) read(l *lexicon, a analysis) (lang int, p [len(verdictNames)]float32) {
	feats := languageFeatures(make([]uint32, 0, 2048), a.words[:min(len(a.words), window)])
	lang = m.language.guess(feats)
	leastOrdinary := float32(2)
	for start := 0; ; start += window / 2 {
		end := min(start+window, len(a.words))
		feats = l.appendFeatures(feats[:0], a, start, end)
		if q := m.probabilities(feats); q[None] < leastOrdinary {
			p, leastOrdinary = q, q[None]
		}
		if end == len(a.words) {
			return lang, p
		}
	}
}

// probabilities is the model's chance of each class for one window's features.
func (m *model) probabilities(feats []uint32) [len(verdictNames)]float32 {
	var s [len(verdictNames)]float32
	for _, f := range feats {
		for i, x := range m.weights[uint(f)*bytesPerBucket:][:bytesPerBucket] {
			s[2*i] += m.levels[2*i][x&15]
			s[2*i+1] += m.levels[2*i+1][x>>4]
		}
	}
	var z [len(verdictNames)]float32
	norm := float32(1 / math.Sqrt(float64(len(feats))))
	for c := range classes {
		z[c] = m.bias[c] + s[c]*norm
	}
	return softmax(z)
}

func softmax(z [len(verdictNames)]float32) [len(verdictNames)]float32 {
	top := z[0]
	for _, v := range z {
		top = max(top, v)
	}
	var sum float32
	for i, v := range z {
		z[i] = float32(math.Exp(float64(v - top)))
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
	return z
}

// argmaxRisky is the most likely class other than none; urgent ones win ties.
func argmaxRisky(p [len(verdictNames)]float32) Verdict {
	best := Danger
	for v := Danger; v > None; v-- {
		if p[v] > p[best] {
			best = v
		}
	}
	return best
}

// appendFeatures hashes what the model looks at in words start to end: each word, each
// pair of words, the 3- to 5-letter pieces of each word with its edges marked ("<kil",
// "ill>"), the concepts each word says and each pair of them a few words apart (the same
// in every language), and which rules fired anywhere in the message.
func (l *lexicon) appendFeatures(dst []uint32, a analysis, start, end int) []uint32 {
	var buf [128]byte
	var starts [len(buf) + 1]int
	prev := ""
	for i, w := range a.words[start:end] {
		dst = append(dst, hash("w", w, "")%buckets)
		if prev != "" {
			dst = append(dst, hash("b", prev, w)%buckets)
		}
		prev = w
		for c := range a.tags[start+i].each() {
			hc := l.conceptHash[c]
			for range conceptWeight {
				dst = append(dst, hc%buckets)
			}
			for j := start + i + 1; j < end && j <= start+i+conceptReach; j++ {
				for d := range a.tags[j].each() {
					pair := ((hc ^ l.conceptHash[d]*0x9E3779B1) * 16777619) % buckets
					for range pairWeight {
						dst = append(dst, pair)
					}
				}
			}
		}
		if len(w)+2 > len(buf) {
			continue
		}
		b := append(append(append(buf[:0], '<'), w...), '>')
		runes := runeStarts(starts[:0], b)
		for n := ngramMin; n <= ngramMax; n++ {
			for i := 0; i+n < len(runes); i++ {
				dst = append(dst, hashBytes(byte('0'+n), b[runes[i]:runes[i+n]])%buckets)
			}
		}
	}
	for i, fired := range a.fired {
		if fired {
			for range ruleWeight {
				dst = append(dst, hash("r", l.rules[i].terms, "")%buckets, hash("k", l.rules[i].kind.String(), "")%buckets)
			}
		}
	}
	return dst
}

// runeStarts appends where each character of b starts, and len(b) at the end.
func runeStarts(starts []int, b []byte) []int {
	for i := range b {
		if b[i]&0xC0 != 0x80 {
			starts = append(starts, i)
		}
	}
	return append(starts, len(b))
}

// hash is FNV-1a over a kind tag and one or two words.
func hash(kind, a, b string) uint32 {
	return fnv(fnv(fnv(fnv(fnvStart, kind), a), "\x00"), b)
}

const fnvStart = uint32(2166136261)

// fnv carries an FNV-1a hash h on over s, so that several strings hash as one without
// being joined.
func fnv(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

func hashBytes(kind byte, s []byte) uint32 {
	h := (fnvStart ^ uint32(kind)) * 16777619
	for _, c := range s {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}
