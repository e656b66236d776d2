package safety

import "math"

// The classifier's thresholds are chosen for each language (train.go), because a
// language whose phrases are harder to tell apart must not make every other language
// flag more ordinary texts. Which language a text is in is guessed from its letters: a
// naive Bayes model over pieces of 1 to 3 letters and whole words of its first 40 words,
// trained on the corpus.

// numLanguages is len(Languages), for arrays kept per language.
const numLanguages = 5

// langBuckets is how many hashed letter pieces the language guesser keeps per language.
const langBuckets = 1 << 12

// languageModel holds, per language, the log chance of each hashed piece, as a signed
// byte times scale.
type languageModel struct {
	Prior [numLanguages]float32
	Scale float32
	LogP  [numLanguages][langBuckets]int8
}

// languageFeatures hashes the pieces of words the language guesser reads.
func languageFeatures(dst []uint32, words []string) []uint32 {
	var buf [128]byte
	var starts [len(buf) + 1]int
	for _, w := range words {
		dst = append(dst, hash("L", w, "")%langBuckets)
		if len(w)+2 > len(buf) {
			continue
		}
		b := append(append(append(buf[:0], '<'), w...), '>')
		runes := runeStarts(starts[:0], b)
		for n := 1; n <= 3; n++ {
			for i := 0; i+n < len(runes); i++ {
				dst = append(dst, hashBytes(byte('l'+n), b[runes[i]:runes[i+n]])%langBuckets)
			}
		}
	}
	return dst
}

// guess is the index in Languages of the likeliest language of a text with these features.
func (m *languageModel) guess(feats []uint32) int {
	best, bestScore := 0, float32(math.Inf(-1))
	for l := range m.LogP {
		var sum int32
		row := &m.LogP[l]
		for _, f := range feats {
			sum += int32(row[f])
		}
		if score := m.Prior[l] + float32(sum)*m.Scale; score > bestScore {
			best, bestScore = l, score
		}
	}
	return best
}

// trainLanguage counts the pieces of each language's phrases, with add-one smoothing.
func trainLanguage(feats [][]uint32, lang []int) languageModel {
	var counts [numLanguages][langBuckets]float64
	var totals, phrases [numLanguages]float64
	for i, fs := range feats {
		phrases[lang[i]]++
		for _, f := range fs {
			counts[lang[i]][f]++
			totals[lang[i]]++
		}
	}
	var logp [numLanguages][langBuckets]float64
	low := 0.0
	for l := range counts {
		for f := range counts[l] {
			logp[l][f] = math.Log((counts[l][f] + 1) / (totals[l] + langBuckets))
			low = math.Min(low, logp[l][f])
		}
	}
	var m languageModel
	m.Scale = float32(-low / 127)
	for l := range logp {
		m.Prior[l] = float32(math.Log((phrases[l] + 1) / (float64(len(feats)) + numLanguages)))
		for f := range logp[l] {
			m.LogP[l][f] = int8(math.Round(logp[l][f] / float64(m.Scale)))
		}
	}
	return m
}
