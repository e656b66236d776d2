package safety

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// temporary: explain what weighs toward urgent in HEARD_EXPLAIN texts (| separated)
func TestZZExplain(t *testing.T) {
	texts := os.Getenv("HEARD_EXPLAIN")
	if texts == "" {
		t.Skip()
	}
	l := lex
	m := classifier()
	for _, text := range strings.Split(texts, "|") {
		fs := namedFeatures(l, text)
		a := l.analyse(text)
		_ = a
		agg := map[string][len(verdictNames)]int{}
		for _, x := range fs {
			w := m.weights[int(x.h)*len(verdictNames):][:len(verdictNames)]
			v := agg[x.name]
			for c := range w {
				v[c] += int(w[c])
			}
			agg[x.name] = v
		}
		type row struct {
			name string
			d    float64
			v    [len(verdictNames)]int
		}
		var rows []row
		for n, v := range agg {
			d := float64(v[Danger])*float64(m.scale[Danger]) + 0*float64(v[SelfHarm]) - float64(v[None])*float64(m.scale[None])
			ds := float64(v[SelfHarm])*float64(m.scale[SelfHarm]) - float64(v[None])*float64(m.scale[None])
			rows = append(rows, row{n, max(d, ds), v})
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].d > rows[j].d })
		hs := make([]uint32, len(fs))
		for i := range fs {
			hs[i] = fs[i].h
		}
		p := m.probabilities(hs)
		fmt.Printf("== %q verdict=%v p=%v n=%d bias=%v scale=%v\n", text, l.assess(text).Verdict(), p, len(fs), m.bias, m.scale)
		for i, r := range rows {
			if i < 15 || i >= len(rows)-5 {
				fmt.Printf("  %-30s %+.3f %v\n", r.name, r.d, r.v)
			}
		}
	}
}

type namedF struct {
	name string
	h    uint32
}

func namedFeatures(l *lexicon, text string) []namedF {
		a := l.analyse(text)
		var fs []namedF
		add := func(name string, h uint32) { fs = append(fs, namedF{name, h % buckets}) }
		prev := ""
		for i, w := range a.words {
			add("w:"+w, hash("w", w, ""))
			if prev != "" {
				add("b:"+prev+"_"+w, hash("b", prev, w))
			}
			prev = w
			for c := range a.tags[i].each() {
				hc := l.conceptHash[c]
				for range conceptWeight {
					add("c:"+l.names[c], hc)
				}
				for j := i + 1; j < len(a.words) && j <= i+conceptReach; j++ {
					for d := range a.tags[j].each() {
						pair := ((hc ^ l.conceptHash[d]*0x9E3779B1) * 16777619) % buckets
						for range pairWeight {
							add("p:"+l.names[c]+"+"+l.names[d], pair)
						}
					}
				}
			}
			b := []byte("<" + w + ">")
			runes := runeStarts(nil, b)
			for n := ngramMin; n <= ngramMax; n++ {
				for i := 0; i+n < len(runes); i++ {
					add("g:"+string(b[runes[i]:runes[i+n]]), hashBytes(byte('0'+n), b[runes[i]:runes[i+n]]))
				}
			}
		}
		for i, fired := range a.fired {
			if fired {
				for range ruleWeight {
					add("r:"+l.rules[i].terms, hash("r", l.rules[i].terms, ""))
					add("k:"+l.rules[i].kind.String(), hash("k", l.rules[i].kind.String(), ""))
				}
			}
		}
	return fs
}

func TestZZCollide(t *testing.T) {
	names := os.Getenv("HEARD_COLLIDE")
	if names == "" {
		t.Skip()
	}
	want := map[uint32]string{}
	for _, n := range strings.Split(names, "|") {
		want[0] = ""
		_ = n
	}
	want = map[uint32]string{}
	examples, _, err := ReadCorpus(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	// buckets of the named features, taken from the texts given
	for _, text := range strings.Split(os.Getenv("HEARD_EXPLAIN"), "|") {
		for _, f := range namedFeatures(lex, text) {
			for _, n := range strings.Split(names, "|") {
				if f.name == n {
					want[f.h] = n
				}
			}
		}
	}
	seen := map[uint32]map[string]map[string]int{}
	for _, e := range examples {
		for _, f := range namedFeatures(lex, e.Text) {
			if _, ok := want[f.h]; ok {
				if seen[f.h] == nil {
					seen[f.h] = map[string]map[string]int{}
				}
				if seen[f.h][f.name] == nil {
					seen[f.h][f.name] = map[string]int{}
				}
				seen[f.h][f.name][e.Want.String()]++
			}
		}
	}
	for h, n := range want {
		fmt.Println("bucket", h, "of", n)
		for name, c := range seen[h] {
			fmt.Println("   ", name, c)
		}
	}
}

func TestZZMissedUrgent(t *testing.T) {
	if os.Getenv("HEARD_MISSED") == "" {
		t.Skip()
	}
	examples, _, err := ReadCorpus(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range examples {
		if e.Want.Urgent() && !Assess(e.Text).Verdict().Urgent() {
			fmt.Printf("%s %s %s: %q -> %v\n", e.Author, e.Lang, e.Want, e.Text, Assess(e.Text).Verdict())
		}
	}
}
