package safety

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"math/rand/v2"
	"path"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Training is deterministic: a fixed seed, a fixed order of files and examples, and
// float64 arithmetic written so the compiler cannot fuse it differently. The same corpus
// always gives the same model.bin, byte for byte.
const (
	trainSeed = 20261127
	folds     = 5
)

// l2 of 3e-4 rather than 1e-3 flags 6% fewer ordinary phrases in grouped
// cross-validation once the corpus had 27 authors (1e-4 and 3e-3 do worse).
var (
	trainEpochs = 25
	learnRate   = 0.5
	l2          = 3e-4
)

const (
	// minUrgentRecall is the share of each language's danger and self-harm phrases, each
	// judged in cross-validation grouped by author (by a model that never saw its
	// author's words), that must get a reply leading with 999; the thresholds that reach
	// it in every language (and minRiskyRecall) with the fewest false alarms win. It was
	// 0.97 until the larger model, whose better separation paid for 0.975; with 35
	// authors, 0.9775 flags no more ordinary phrases in cross-validation than 0.975 did
	// with 27 (9.2% against 9.3%), and 0.98 flags 10.0%.
	minUrgentRecall = 0.9775
	// minRiskyRecall is the same for every risky phrase getting any verdict.
	minRiskyRecall = 0.92
)

// riskyWeight makes a missed risky phrase cost more in training than a false alarm.
var riskyWeight = [len(verdictNames)]float64{None: 1, Disclosure: 1, Exploitation: 1, Images: 1, SelfHarm: 1, Danger: 1}

// ReadCorpus reads every corpus/AUTHOR/*.tsv in fsys, in name order, and hashes them
// together. Each folder holds one author's phrases.
func ReadCorpus(fsys fs.FS) ([]Example, [32]byte, error) {
	names, err := fs.Glob(fsys, "corpus/*/*.tsv")
	if err != nil {
		return nil, [32]byte{}, err
	}
	sort.Strings(names)
	h := sha256.New()
	var all []Example
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, [32]byte{}, err
		}
		h.Write([]byte(name + "\x00"))
		h.Write(b)
		examples, err := ReadExamples(bytes.NewReader(b))
		if err != nil {
			return nil, [32]byte{}, fmt.Errorf("%s: %w", name, err)
		}
		author := path.Base(path.Dir(name))
		for i := range examples {
			examples[i].Author = author
		}
		all = append(all, examples...)
	}
	return all, [32]byte(h.Sum(nil)), nil
}

// BuildModel trains the classifier on the corpus and returns model.bin's bytes. The
// thresholds come from cross-validation grouped by author: each author's phrases are
// judged by a model trained on the other authors' alone, as a new young person's words
// will be, and the thresholds are chosen on those judgements (chooseThresholds).
//
// cv receives, per language, how rules and model did in that cross-validation, and in
// five random folds that mix the authors (nil: not wanted, and the random folds are
// skipped: they do not change the model).
func BuildModel(examples []Example, corpusHash [32]byte, cv io.Writer) []byte {
	data := make([]sample, len(examples))
	weight := balance(examples)
	langFeats := make([][]uint32, len(examples))
	lex := lex.unsplit()
	for i, e := range examples {
		a := lex.analyse(e.Text)
		data[i] = sample{feats: lex.appendFeatures(nil, a, 0, len(a.words)), want: e.Want, rules: a.rules.Verdict(),
			held: a.held, weight: weight[i], lang: slices.Index(Languages, e.Lang)}
		langFeats[i] = languageFeatures(nil, a.words[:min(len(a.words), window)])
	}
	fold := authorFolds(examples)
	guessLanguages(data, langFeats, fold)
	grouped := crossValidate(data, fold)
	m := fit(data).quantise(data)
	m.corpusHash = corpusHash
	m.language = trainLanguage(langFeats, sampleLanguages(data))
	for l := range m.thresholds {
		var group []sample
		var p [][len(verdictNames)]float32
		for i, s := range data {
			if s.guess == l {
				group = append(group, s)
				p = append(p, grouped[i])
			}
		}
		m.thresholds[l] = chooseThresholds(group, p)
	}
	if cv != nil {
		fmt.Fprintln(cv, "thresholds, by the language the text seems to be in:")
		for l, t := range m.thresholds {
			fmt.Fprintf(cv, "  %s: risk %.2f, urgent %.2f, overrule the rules %.2f, held back by the rules %.2f\n", Languages[l], t.Risk, t.Urgent, t.Overall, t.Held)
		}
		fmt.Fprintln(cv, "\nGrouped by author: each author's phrases judged by a model trained on the others'.")
		writeCV(cv, examples, data, grouped, m.thresholds)
		fmt.Fprintln(cv, "Five random folds, the authors mixed: each phrase judged by a model that never saw it.")
		writeCV(cv, examples, data, crossValidate(data, randomFolds(len(data))), m.thresholds)
	}
	return m.marshal()
}

// guessLanguages sets each sample's guessed language from a language guesser trained on
// the other folds, as the thresholds will meet it in a text from a new voice.
func guessLanguages(data []sample, langFeats [][]uint32, fold []int) {
	for k := range slices.Max(fold) + 1 {
		var feats [][]uint32
		var langs []int
		for i, s := range data {
			if fold[i] != k {
				feats = append(feats, langFeats[i])
				langs = append(langs, s.lang)
			}
		}
		m := trainLanguage(feats, langs)
		for i := range data {
			if fold[i] == k {
				data[i].guess = m.guess(langFeats[i])
			}
		}
	}
}

func sampleLanguages(data []sample) []int {
	langs := make([]int, len(data))
	for i, s := range data {
		langs[i] = s.lang
	}
	return langs
}

// authorFolds puts each author's phrases in a fold of their own.
func authorFolds(examples []Example) []int {
	index := map[string]int{}
	fold := make([]int, len(examples))
	for i, e := range examples {
		k, ok := index[e.Author]
		if !ok {
			k = len(index)
			index[e.Author] = k
		}
		fold[i] = k
	}
	return fold
}

// randomFolds deals n phrases into five folds in a fixed shuffled order.
func randomFolds(n int) []int {
	fold := make([]int, n)
	for i, j := range rand.New(rand.NewPCG(trainSeed, 1)).Perm(n) {
		fold[j] = i % folds
	}
	return fold
}

// crossValidate judges each sample by a model trained on the samples in other folds.
// The folds train side by side (each fit has its own seeded order, and each writes only
// its own samples' judgements, so the result is the same as one by one): with 27 or more
// authors one by one took minutes.
func crossValidate(data []sample, fold []int) [][len(verdictNames)]float32 {
	n := slices.Max(fold) + 1
	p := make([][len(verdictNames)]float32, len(data))
	queue := make(chan int, n) // not "folds": that is the random folds' count
	for k := range n {
		queue <- k
	}
	close(queue)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), maxTrainers, n) {
		wg.Go(func() {
			for k := range queue {
				judgeFold(data, fold, k, p)
			}
		})
	}
	wg.Wait()
	return p
}

// maxTrainers bounds the folds trained at once: each holds 25 MB of weights.
const maxTrainers = 8

// judgeFold trains on every fold but k and judges fold k's samples into p.
func judgeFold(data []sample, fold []int, k int, p [][len(verdictNames)]float32) {
	var train []sample
	for i, s := range data {
		if fold[i] != k {
			train = append(train, s)
		}
	}
	w := fit(train)
	for i, s := range data {
		if fold[i] == k {
			for c, x := range w.probabilities(s.feats) {
				p[i][c] = float32(x)
			}
		}
	}
}

// writeCV reports, per language and per author, how the thresholds did on judgements p.
func writeCV(w io.Writer, examples []Example, data []sample, p [][len(verdictNames)]float32, t [numLanguages]thresholds) {
	scores := map[string]*Score{"all": {}}
	authors := map[string]*Score{}
	for i, e := range examples {
		got := t[data[i].guess].decide(p[i], data[i].rules, data[i].held)
		for _, k := range []string{e.Lang, "all"} {
			if scores[k] == nil {
				scores[k] = &Score{}
			}
			scores[k].Confusion[e.Want][got]++
		}
		k := e.Author + " " + e.Lang
		if authors[k] == nil {
			authors[k] = &Score{}
		}
		authors[k].Confusion[e.Want][got]++
	}
	WriteReport(w, scores)
	keys := slices.Sorted(maps.Keys(authors))
	for _, k := range keys {
		s := authors[k]
		uh, ut := s.Urgent()
		rh, rt := s.Risky()
		fa, ft := s.FalseAlarms()
		fmt.Fprintf(w, "%s: urgent recall %s (%d/%d), risky recall %s (%d/%d), false alarms %s (%d/%d)\n",
			k, percent(uh, ut), uh, ut, percent(rh, rt), rh, rt, percent(fa, ft), fa, ft)
	}
	fmt.Fprintln(w)
}

type sample struct {
	feats  []uint32
	want   Verdict
	rules  Verdict
	held   bool
	weight float64 // how much it counts in training (balance)
	lang   int     // index in Languages
	guess  int     // the language a guesser that never saw its author takes it for
}

// balance weighs each phrase so that, among one author's phrases in one language, the
// ordinary ones count as much in training as the risky ones together. An author who
// wrote more risky phrases than ordinary ones in a language would otherwise teach the
// model that the language's everyday words are a sign of risk. The weights average 1.
func balance(examples []Example) []float64 {
	group := func(e Example) string { return e.Author + "\x00" + e.Lang + "\x00" + fmt.Sprint(e.Want == None) }
	n := map[string]float64{}
	for _, e := range examples {
		n[group(e)]++
	}
	w := make([]float64, len(examples))
	sum := 0.0
	for i, e := range examples {
		w[i] = 1 / n[group(e)]
		sum += w[i]
	}
	for i := range w {
		w[i] *= float64(len(w)) / sum
	}
	return w
}

// chooseThresholds tries thresholds on a grid for one language's phrases. Recall comes
// first: of those that catch at least minUrgentRecall of the urgent phrases and
// minRiskyRecall of the risky ones in cross-validation, it keeps the ones that flag the
// fewest ordinary phrases, then catch the most urgent ones. (If none reaches both, those
// that come closest: the fewest urgent phrases, or four times as many risky ones, short.)
func chooseThresholds(data []sample, p [][len(verdictNames)]float32) thresholds {
	type result struct {
		t                                               thresholds
		urgent, urgentTotal, risky, riskyTotal, flagged int
	}
	shortfall := func(r result) float64 {
		return max(0, minUrgentRecall*float64(r.urgentTotal)-float64(r.urgent),
			(minRiskyRecall*float64(r.riskyTotal)-float64(r.risky))/4)
	}
	better := func(a, b result) bool {
		switch sa, sb := shortfall(a), shortfall(b); {
		case sa != sb:
			return sa < sb
		case a.flagged != b.flagged:
			return a.flagged < b.flagged
		}
		return a.urgent > b.urgent
	}
	try := func(t thresholds) result {
		r := result{t: t}
		for i, s := range data {
			v := t.decide(p[i], s.rules, s.held)
			switch {
			case s.want == None:
				if v != None {
					r.flagged++
				}
				continue
			case s.want.Urgent():
				r.urgentTotal++
				if v.Urgent() {
					r.urgent++
				}
			}
			r.riskyTotal++
			if v != None {
				r.risky++
			}
		}
		return r
	}
	// The grid, searched one part at a time: the three main thresholds with the lowest
	// bar for texts the rules held back, then that bar, then the three again. A text
	// whose risk words are all denied is flagged only if the model is fairly sure, 70% to
	// 90%: never at even odds ("nie chcę umrzeć" is a denial), never only when all but
	// certain (a "not" can itself be the danger: "am promis ca nu ma mai tai dar n-am
	// rezistat", promised not to cut and did).
	best := try(thresholds{Risk: 2, Urgent: 2, Overall: 2})
	main := func(held float32) {
		for _, overall := range []float32{0.8, 0.9, 0.95, 2} { // 2: never overrule the rules
			for risk := 20; risk <= 98; risk += 2 {
				for _, urgent := range []int{2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 23, 26, 30, 35, 40, 45, 50, 60, 70, 80, 90, 101} {
					if r := try(thresholds{Risk: float32(risk) / 100, Urgent: float32(urgent) / 100, Overall: overall, Held: held}); better(r, best) {
						best = r
					}
				}
			}
		}
	}
	main(0.7)
	for _, held := range []float32{0.8, 0.9} {
		t := best.t
		t.Held = held
		if r := try(t); better(r, best) {
			best = r
		}
	}
	main(best.t.Held)
	return best.t
}

// weights is the model while it trains, in float64.
type weights struct {
	bias [len(verdictNames)]float64
	w    []float64 // class-major
}

// fit trains multinomial logistic regression by stochastic gradient descent with
// AdaGrad steps, over the samples in a fixed shuffled order each epoch.
func fit(data []sample) *weights {
	nc := len(classes)
	w := &weights{w: make([]float64, nc*buckets)}
	g2 := make([]float64, nc*buckets)
	var gb2 [len(verdictNames)]float64
	rng := rand.New(rand.NewPCG(trainSeed, 2))
	idx := make([]int, len(data))
	for i := range idx {
		idx[i] = i
	}
	for range trainEpochs {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			s := data[i]
			if len(s.feats) == 0 {
				continue
			}
			norm := 1 / math.Sqrt(float64(len(s.feats)))
			p := w.probabilities(s.feats)
			for c := range nc {
				target := 0.0
				if Verdict(c) == s.want {
					target = 1
				}
				g := riskyWeight[s.want] * s.weight * (p[c] - target)
				gb2[c] += g * g
				w.bias[c] -= learnRate * g / math.Sqrt(gb2[c]+1e-8)
				row := c * buckets
				for _, f := range s.feats {
					k := row + int(f)
					gf := float64(g*norm) + float64(l2*w.w[k])
					g2[k] += float64(gf * gf)
					w.w[k] -= float64(learnRate*gf) / math.Sqrt(g2[k]+1e-8)
				}
			}
		}
	}
	return w
}

func (w *weights) probabilities(feats []uint32) [len(verdictNames)]float64 {
	var z [len(verdictNames)]float64
	norm := 1 / math.Sqrt(float64(len(feats)))
	top := math.Inf(-1)
	for c := range classes {
		s := 0.0
		row := c * buckets
		for _, f := range feats {
			s += w.w[row+int(f)]
		}
		z[c] = w.bias[c] + float64(s*norm)
		top = math.Max(top, z[c])
	}
	sum := 0.0
	for c := range z {
		z[c] = math.Exp(z[c] - top)
		sum += z[c]
	}
	for c := range z {
		z[c] /= sum
	}
	return z
}

// quantise keeps each weight as one of its class's 16 levels: those that fit the class's
// weights most closely (Lloyd's algorithm), each bucket counted as often as the training
// phrases read it. A bucket read in every text (a common letter piece) then keeps its weight
// nearly exactly, and the rare buckets share the coarser levels. Counted once each, the
// levels crowded round the many small weights and clipped the large ones: 9 of 1,612 urgent
// held-out phrases lost their 999. Counted by use, the held-out verdicts are int8's within
// a few phrases, at half the size.
func (w *weights) quantise(data []sample) *model {
	uses := make([]float64, buckets)
	for _, s := range data {
		for _, f := range s.feats {
			uses[f]++
		}
	}
	m := &model{weights: make([]byte, buckets*int(bytesPerBucket))}
	for c := range classes {
		row := w.w[c*buckets : (c+1)*buckets]
		levels := lloyd(row, uses)
		for i, x := range levels {
			m.levels[c][i] = float32(x)
		}
		m.bias[c] = float32(w.bias[c])
		for f, x := range row {
			m.weights[f*int(bytesPerBucket)+c/2] |= byte(nearest(levels, x)) << (4 * (c % 2))
		}
	}
	return m
}

// lloyd gives the weightLevels levels, in order, that come closest to the values counted
// by uses (least squares): it starts at the counted quantiles and moves each level to the
// mean of the values nearest it until they settle.
func lloyd(values, uses []float64) []float64 {
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(values[a], values[b]) })
	n := len(order)
	sorted := make([]float64, n)
	count := make([]float64, n+1) // count[i] and sum[i]: of the i smallest values
	sum := make([]float64, n+1)
	for i, j := range order {
		sorted[i] = values[j]
		count[i+1] = count[i] + uses[j]
		sum[i+1] = sum[i] + float64(uses[j]*values[j]) // not fused: the same bytes on every machine
	}
	levels := make([]float64, weightLevels)
	for i, k := 0, 0; i < weightLevels; i++ {
		for k < n-1 && count[k+1] < count[n]*float64(2*i+1)/(2*weightLevels) {
			k++
		}
		levels[i] = sorted[k]
	}
	for range 200 {
		lo := 0
		for i := range levels {
			hi := n
			if i+1 < weightLevels {
				hi, _ = slices.BinarySearch(sorted, (levels[i]+levels[i+1])/2)
				hi = max(hi, lo)
			}
			if count[hi] > count[lo] {
				levels[i] = (sum[hi] - sum[lo]) / (count[hi] - count[lo])
			}
			lo = hi
		}
	}
	return levels
}

// nearest is the index of the level closest to x.
func nearest(levels []float64, x float64) int {
	best := 0
	for i, l := range levels {
		if math.Abs(x-l) < math.Abs(x-levels[best]) {
			best = i
		}
	}
	return best
}
