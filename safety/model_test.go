package safety

import (
	"bytes"
	"os"
	"testing"
)

// TestShippedModelIsTheCorpusModel holds model.bin to the corpus: it was made from these
// phrases (their hash is in it), and making it again gives the same bytes.
func TestShippedModelIsTheCorpusModel(t *testing.T) {
	m, err := readModel(modelBytes)
	if err != nil {
		t.Fatal(err)
	}
	examples, hash, err := ReadCorpus(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	if m.corpusHash != hash {
		t.Fatal("model.bin was not made from safety/corpus as it is now: run go generate ./safety")
	}
	if testing.Short() || underRace {
		t.Skip("making the model again takes minutes, many more under the race detector; the corpus hash matched")
	}
	if again := BuildModel(examples, hash, nil); !bytes.Equal(again, modelBytes) {
		t.Fatal("training on the same corpus gave different bytes: training is not deterministic")
	}
}

// TestShippedWordCountsAreTheCorpus holds words.txt, by which run-together words are
// split, to the corpus: counting its words again gives the same bytes.
func TestShippedWordCountsAreTheCorpus(t *testing.T) {
	examples, _, err := ReadCorpus(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	if again := WordCounts(examples); string(again) != wordCountsText {
		t.Fatal("words.txt was not counted from safety/corpus as it is now: run go generate ./safety")
	}
	if c := lex.counts(); c.count("the") == 0 || c.count("nie") == 0 || c.count("zzzz") != 0 {
		t.Error("words.txt is not read back as counted")
	}
}

func TestABrokenModelIsRefused(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":      nil,
		"truncated":  modelBytes[:len(modelBytes)/2],
		"too long":   append(bytes.Clone(modelBytes), 0),
		"wrong kind": append([]byte("NOTAMODL"), modelBytes[8:]...),
	} {
		if _, err := readModel(b); err == nil {
			t.Errorf("%s: readModel accepted it", name)
		}
	}
}

// TestFoldsTrainedSideBySideJudgeAsOneByOne: cross-validation trains its folds at once;
// each fold's judgements must be what training that fold alone gives (run under -race
// by test.sh, it also shows the folds share nothing they write).
func TestFoldsTrainedSideBySideJudgeAsOneByOne(t *testing.T) {
	examples, _, err := ReadCorpus(os.DirFS("."))
	if err != nil {
		t.Fatal(err)
	}
	var data []sample
	var fold []int
	for i, e := range examples {
		if i%97 != 0 { // a small spread of every author, to keep it quick under -race
			continue
		}
		a := lex.analyse(e.Text)
		data = append(data, sample{feats: lex.appendFeatures(nil, a, 0, len(a.words)), want: e.Want, weight: 1})
		fold = append(fold, len(data)%4)
	}
	together := crossValidate(data, fold)
	alone := make([][len(verdictNames)]float32, len(data))
	for k := range 4 {
		judgeFold(data, fold, k, alone)
	}
	for i := range data {
		if together[i] != alone[i] {
			t.Fatalf("sample %d: side by side %v, alone %v", i, together[i], alone[i])
		}
	}
}
