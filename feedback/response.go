package feedback

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"heard/safety"
)

// Response is one young person's feedback, as kept: no name, no number, no
// address, and the comment with personal details removed.
type Response struct {
	ID      string         `json:"id,omitempty"` // given by the store
	Round   string         `json:"round"`
	Channel string         `json:"channel"` // "web" or "sms"
	Lang    string         `json:"lang"`
	Answers map[string]int `json:"answers"` // question id -> 1-5, or 0 for rather not say
	Service string         `json:"service,omitempty"`
	Age     string         `json:"age,omitempty"`
	Area    string         `json:"area,omitempty"`
	Comment string         `json:"comment,omitempty"`
	Flag    string         `json:"flag,omitempty"` // the comment's safety verdict, when not none
	At      time.Time      `json:"at"`
}

// Input is a filled-in form as it arrived: every value a string, every
// field optional.
type Input struct {
	Answers                     map[string]string // question id -> "1".."5", "skip" or ""
	Service, Age, Area, Comment string
}

// Problems maps a field ("q.listened", "comment", ...) to the message ID
// that explains what is wrong with it, for showing beside the field.
type Problems map[string]string

// Check turns a filled-in form of these questions into a Response, or says
// what is wrong, field by field. Nothing is required: an empty form is a
// valid (if quiet) response.
func Check(form []Question, in Input, round, channel, lang string, now time.Time) (Response, Problems) {
	r := Response{Round: round, Channel: channel, Lang: lang, Answers: map[string]int{}, At: now.UTC()}
	problems := Problems{}
	for id, raw := range in.Answers {
		if !asks(form, id) {
			problems["q."+id] = "FeedbackUnknownQuestion"
			continue
		}
		switch raw = strings.TrimSpace(raw); raw {
		case "":
		case "skip":
			r.Answers[id] = RatherNotSay
		default:
			n, err := strconv.Atoi(raw)
			if err != nil || n < Lowest || n > Highest {
				problems["q."+id] = "FeedbackPickOne"
				continue
			}
			r.Answers[id] = n
		}
	}
	for field, pick := range map[string]struct {
		value   string
		allowed []string
		dest    *string
	}{"service": {in.Service, Services, &r.Service}, "age": {in.Age, AgeBands, &r.Age}, "area": {in.Area, Areas, &r.Area}} {
		if pick.value == "" {
			continue
		}
		if !contains(pick.allowed, pick.value) {
			problems[field] = "FeedbackPickOne"
			continue
		}
		*pick.dest = pick.value
	}
	comment := strings.TrimSpace(in.Comment)
	switch {
	case !utf8.ValidString(comment):
		problems["comment"] = "FeedbackCommentUnreadable"
	case utf8.RuneCountInString(comment) > MaxRunes:
		problems["comment"] = "FeedbackCommentTooLong"
	case comment != "":
		if v := safety.Assess(comment).Verdict(); v != safety.None {
			r.Flag = v.String()
		}
		r.Comment, _ = safety.Redact(comment)
	}
	if !channelOK[channel] {
		problems["channel"] = "FeedbackPickOne"
	}
	if len(problems) > 0 {
		return Response{}, problems
	}
	return r, nil
}

// TallyFields names the counters one response adds one to: the total, each
// answer, the channel, language, week and each optional choice. Results are
// read from these, so they are instant and never disagree with the answers.
func (r Response) TallyFields() []string {
	year, week := r.At.ISOWeek()
	fields := []string{"total", "channel:" + r.Channel, "lang:" + r.Lang, fmt.Sprintf("week:%d-W%02d", year, week)}
	for id, n := range r.Answers {
		fields = append(fields, fmt.Sprintf("q:%s:%d", id, n))
	}
	for kind, v := range map[string]string{"service": r.Service, "age": r.Age, "area": r.Area} {
		if v != "" {
			fields = append(fields, kind+":"+v)
		}
	}
	if r.Comment != "" {
		fields = append(fields, "comments")
	}
	if r.Flag != "" {
		fields = append(fields, "flag:"+r.Flag)
	}
	return fields
}

func asks(form []Question, id string) bool {
	for _, q := range form {
		if q.ID == id {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
