package feedback

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Post is one "You said, we did": what young people told a round, and what
// changed because of it. Workers write it in English and may add it in
// other languages; a language without it shows the English, marked.
type Post struct {
	ID        string            `json:"id"`
	Round     string            `json:"round"`
	Said      map[string]string `json:"said"` // language -> "You said ..."
	Did       map[string]string `json:"did"`  // language -> "We did ..."
	Published time.Time         `json:"published"`
	By        string            `json:"by"` // the worker's email: kept, never shown publicly
	// Team is its round's team: whose "You said, we did" it is.
	Team string `json:"team,omitempty"`
}

// The longest a post's parts may be, in characters: short enough to read
// on a phone and to send by text.
const (
	MaxSaid = 300
	MaxDid  = 500
)

// PostInput is the publish form as it arrived: language -> text.
type PostInput struct {
	Said, Did map[string]string
}

// NewPost checks a post; English is required, other languages are optional
// but need both parts. Problems are in English, for workers.
func NewPost(in PostInput, round, id, by string, now time.Time) (Post, Problems) {
	p := Post{ID: id, Round: round, Said: map[string]string{}, Did: map[string]string{}, Published: now.UTC(), By: by}
	problems := Problems{}
	langs := map[string]bool{}
	for lang := range in.Said {
		langs[lang] = true
	}
	for lang := range in.Did {
		langs[lang] = true
	}
	for lang := range langs {
		said, did := strings.TrimSpace(in.Said[lang]), strings.TrimSpace(in.Did[lang])
		switch {
		case said == "" && did == "" && lang != "en":
			continue
		case said == "" || did == "":
			problems["post."+lang] = "Write both what young people said and what you did."
		case !utf8.ValidString(said+did) || utf8.RuneCountInString(said) > MaxSaid || utf8.RuneCountInString(did) > MaxDid:
			problems["post."+lang] = "Keep \"You said\" under 300 characters and \"We did\" under 500."
		default:
			p.Said[lang], p.Did[lang] = said, did
		}
	}
	if _, ok := langs["en"]; !ok {
		problems["post.en"] = "Write both what young people said and what you did."
	}
	if len(problems) > 0 {
		return Post{}, problems
	}
	return p, nil
}

// In is the post in lang, or in English when it has none; fallback says so.
func (p Post) In(lang string) (said, did string, fallback bool) {
	if p.Said[lang] != "" {
		return p.Said[lang], p.Did[lang], false
	}
	return p.Said["en"], p.Did["en"], lang != "en"
}
