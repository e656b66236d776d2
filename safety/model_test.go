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
