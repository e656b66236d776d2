package safety

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"sort"
)

// Training is deterministic: a fixed seed, a fixed order of files and examples, and
// float64 arithmetic written so the compiler cannot fuse it differently. The same corpus
// always gives the same model.bin, byte for byte.
const (
	trainSeed = 20261127
	folds     = 5
)

var (
	trainEpochs = 25
	learnRate   = 0.5
	l2          = 1e-3
)

const (
	// minUrgentRecall is the share of the corpus's danger and self-harm phrases, each
	// judged in cross-validation by a model that never saw it, that must get a reply
	// leading with 999; the thresholds that reach it (and minRiskyRecall) with the fewest
	// false alarms win.
	minUrgentRecall = 0.92
	// minRiskyRecall is the same for every risky phrase getting any verdict.
	minRiskyRecall = 0.90
)

// riskyWeight makes a missed risky phrase cost more in training than a false alarm.
var riskyWeight = [len(verdictNames)]float64{None: 1, Disclosure: 1, Exploitation: 1, Images: 1, SelfHarm: 1, Danger: 1}

// ReadCorpus reads every corpus/*.tsv in fsys, in name order, and hashes them together.
func ReadCorpus(fsys fs.FS) ([]Example, [32]byte, error) {
	names, err := fs.Glob(fsys, "corpus/*.tsv")
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
		f, err := fsys.Open(name)
		if err != nil {
			return nil, [32]byte{}, err
		}
		examples, err := ReadExamples(f)
		f.Close()
		if err != nil {
			return nil, [32]byte{}, err
		}
		all = append(all, examples...)
	}
	return all, [32]byte(h.Sum(nil)), nil
}

// BuildModel trains the classifier on the corpus and returns model.bin's bytes. The
// threshold comes from cross-validation: each fifth of the corpus is judged by a model
// trained on the rest, with the rules, and the threshold is the lowest at which ordinary
// phrases are flagged no more than maxFalseAlarms of the time.
//
// cv receives, per language, how rules and model did in that cross-validation: each
// phrase judged by a model that never saw it (nil: not wanted).
func BuildModel(examples []Example, corpusHash [32]byte, cv io.Writer) []byte {
	data := make([]sample, len(examples))
	for i, e := range examples {
		a := lex.analyse(e.Text)
		data[i] = sample{feats: lex.appendFeatures(nil, a, 0, len(a.words)), want: e.Want, rules: a.rules.Verdict()}
	}
	order := rand.New(rand.NewPCG(trainSeed, 1)).Perm(len(data))
	heldOut := make([][len(verdictNames)]float32, len(data))
	for k := range folds {
		var train []sample
		for i, j := range order {
			if i%folds != k {
				train = append(train, data[j])
			}
		}
		w := fit(train)
		for i, j := range order {
			if i%folds == k {
				for c, x := range w.probabilities(data[j].feats) {
					heldOut[j][c] = float32(x)
				}
			}
		}
	}
	m := fit(data).quantise()
	m.corpusHash = corpusHash
	m.thresholds = chooseThresholds(data, heldOut)
	if cv != nil {
		scores := map[string]*Score{"all": {}}
		for i, e := range examples {
			got := m.thresholds.decide(heldOut[i], data[i].rules)
			if scores[e.Lang] == nil {
				scores[e.Lang] = &Score{}
			}
			scores[e.Lang].Confusion[e.Want][got]++
			scores["all"].Confusion[e.Want][got]++
		}
		fmt.Fprintf(cv, "thresholds: risk %.2f, urgent %.2f, overrule the rules %.2f\n", m.thresholds.Risk, m.thresholds.Urgent, m.thresholds.Overall)
		WriteReport(cv, scores)
	}
	return m.marshal()
}

type sample struct {
	feats []uint32
	want  Verdict
	rules Verdict
}

// chooseThresholds tries thresholds on a grid. Recall comes first: of those that catch
// at least minUrgentRecall of the urgent phrases and minRiskyRecall of the risky ones in
// cross-validation, it keeps the ones that flag the fewest ordinary phrases, then catch
// the most risky ones. (If none reaches both, those that catch the most urgent phrases,
// then the most risky.)
func chooseThresholds(data []sample, p [][len(verdictNames)]float32) thresholds {
	type result struct {
		t                      thresholds
		urgent, risky, flagged int
	}
	var urgentTotal, riskyTotal int
	for _, s := range data {
		if s.want.Urgent() {
			urgentTotal++
		}
		if s.want != None {
			riskyTotal++
		}
	}
	enough := func(r result) bool {
		return float64(r.urgent) >= minUrgentRecall*float64(urgentTotal) && float64(r.risky) >= minRiskyRecall*float64(riskyTotal)
	}
	better := func(a, b result) bool {
		switch aOK, bOK := enough(a), enough(b); {
		case aOK != bOK:
			return aOK
		case !aOK && a.urgent != b.urgent:
			return a.urgent > b.urgent
		case !aOK && a.risky != b.risky:
			return a.risky > b.risky
		case a.flagged != b.flagged:
			return a.flagged < b.flagged
		}
		return a.risky > b.risky
	}
	best := result{urgent: -1}
	for _, overall := range []float32{0.8, 0.9, 0.95, 2} { // 2: never overrule the rules
		for risk := 30; risk <= 90; risk += 5 {
			for urgent := 15; urgent <= 105; urgent += 5 { // past 100: no urgent shortcut
				r := result{t: thresholds{Risk: float32(risk) / 100, Urgent: float32(urgent) / 100, Overall: overall}}
				for i, s := range data {
					v := r.t.decide(p[i], s.rules)
					switch {
					case s.want == None:
						if v != None {
							r.flagged++
						}
					case v != None:
						r.risky++
						if s.want.Urgent() && v.Urgent() {
							r.urgent++
						}
					}
				}
				if best.urgent < 0 || better(r, best) {
					best = r
				}
			}
		}
	}
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
				g := riskyWeight[s.want] * (p[c] - target)
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

// quantise keeps each weight as a signed byte times its class's scale: a quarter of
// float32's size, and the model's answers barely change.
func (w *weights) quantise() *model {
	m := &model{weights: make([]int8, len(w.w))}
	for c := range classes {
		row := w.w[c*buckets : (c+1)*buckets]
		top := 0.0
		for _, x := range row {
			top = math.Max(top, math.Abs(x))
		}
		scale := top / 127
		if scale == 0 {
			scale = 1
		}
		m.scale[c] = float32(scale)
		m.bias[c] = float32(w.bias[c])
		for f, x := range row {
			m.weights[c*buckets+f] = int8(math.Round(x / scale))
		}
	}
	return m
}
