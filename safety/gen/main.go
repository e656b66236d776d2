// Command gen trains the safety classifier on safety/corpus and writes safety/model.bin,
// and counts the corpus's words into safety/words.txt. Run it with `go generate ./safety`;
// the same corpus always gives the same bytes.
package main

import (
	"fmt"
	"os"

	"heard/safety"
)

func main() {
	examples, hash, err := safety.ReadCorpus(os.DirFS("."))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("words.txt", safety.WordCounts(examples), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Println("gen: cross-validation on the corpus:")
	if err := os.WriteFile("model.bin", safety.BuildModel(examples, hash, os.Stdout), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Printf("gen: model.bin from %d phrases\n", len(examples))
}
