// Package feedback is young people's feedback on the services they met:
// the question bank, what an answer may be, and the tallies that make it
// evidence. It knows nothing of HTTP or storage.
package feedback

import (
	"fmt"

	"github.com/BurntSushi/toml"
)

// Question is one question of the bank, answered on the five-point scale.
type Question struct {
	ID        string            `toml:"id"`
	Principle int               `toml:"principle"` // See Me, Hear Me principle, 1-7
	Reversed  bool              `toml:"reversed"`  // a high answer is a bad sign
	Text      map[string]string `toml:"text"`      // language -> question
}

// Bank is every question, in the order young people see them.
type Bank struct {
	Questions []Question `toml:"question"`
}

// The answers a question can have: 1 (no, not at all) to 5 (yes,
// completely), or RatherNotSay. A question left blank has no answer at all.
const (
	Lowest       = 1
	Highest      = 5
	RatherNotSay = 0
)

// Choices people may pick for who they are and which service they met.
// Each is optional; the words shown are in the locales.
var (
	Services  = []string{"police", "social-worker", "school", "health", "youth-worker", "other"}
	AgeBands  = []string{"under-13", "13-15", "16-17", "18-25"}
	Areas     = []string{"north-east", "north-west", "yorkshire", "east-midlands", "west-midlands", "east", "london", "south-east", "south-west", "elsewhere"}
	MaxRunes  = 2000 // a comment's length, in characters
	Standing  = "general"
	channelOK = map[string]bool{"web": true, "sms": true, "whatsapp": true} // a response comes by one of these
)

// LoadBank reads the question bank and checks every question has its text
// in every language.
func LoadBank(data []byte, langs []string) (*Bank, error) {
	var bank Bank
	if _, err := toml.Decode(string(data), &bank); err != nil {
		return nil, fmt.Errorf("questions.toml: %w", err)
	}
	if len(bank.Questions) == 0 {
		return nil, fmt.Errorf("questions.toml: no questions")
	}
	seen := map[string]bool{}
	for _, q := range bank.Questions {
		if q.ID == "" || seen[q.ID] {
			return nil, fmt.Errorf("questions.toml: missing or repeated id %q", q.ID)
		}
		seen[q.ID] = true
		if q.Principle < 1 || q.Principle > 7 {
			return nil, fmt.Errorf("questions.toml: %s: principle %d is not 1-7", q.ID, q.Principle)
		}
		for _, lang := range langs {
			if q.Text[lang] == "" {
				return nil, fmt.Errorf("questions.toml: %s has no %s text", q.ID, lang)
			}
		}
	}
	return &bank, nil
}

// Question returns the question with this id, or nil.
func (b *Bank) Question(id string) *Question {
	for i := range b.Questions {
		if b.Questions[i].ID == id {
			return &b.Questions[i]
		}
	}
	return nil
}
