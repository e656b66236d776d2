package feedback

import (
	"strings"
	"testing"
	"time"

	"heard/content"
)

var langs = []string{"en", "pl", "ro", "ur"}

func bank(t *testing.T) *Bank {
	t.Helper()
	b, err := LoadBank(content.QuestionBank(), langs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var now = time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC)

func TestBankAsksWhatYoungPeopleToldTheInquiry(t *testing.T) {
	b := bank(t)
	for _, id := range []string{"listened", "explained", "one-person", "decisions", "safe", "blamed", "know-help"} {
		if b.Question(id) == nil {
			t.Errorf("no question %q", id)
		}
	}
	if !b.Question("blamed").Reversed {
		t.Error("being made to feel it was your fault is a bad sign: mark it reversed")
	}
	if _, err := LoadBank([]byte("[[question]]\nid = \"x\"\nprinciple = 2\n[question.text]\nen = \"X?\"\n"), langs); err == nil {
		t.Error("a question without its Polish text was accepted")
	}
}

func TestAnEmptyFormIsAQuietButValidResponse(t *testing.T) {
	r, problems := Check(bank(t).Questions, Input{}, Standing, "web", "en", now)
	if problems != nil || len(r.Answers) != 0 || r.Round != Standing || !r.At.Equal(now) {
		t.Errorf("%+v %v", r, problems)
	}
}

func TestAResponseComesByTheWebATextOrWhatsApp(t *testing.T) {
	for _, channel := range []string{"web", "sms", "whatsapp"} {
		if r, problems := Check(bank(t).Questions, Input{Comment: "ok"}, Standing, channel, "en", now); problems != nil || r.Channel != channel {
			t.Errorf("%s: %+v %v", channel, r, problems)
		}
	}
	if _, problems := Check(bank(t).Questions, Input{}, Standing, "pigeon", "en", now); problems["channel"] == "" {
		t.Error("a response by pigeon was taken")
	}
}

func TestCheckNamesEachProblem(t *testing.T) {
	b := bank(t)
	in := Input{
		Answers: map[string]string{"listened": "6", "safe": "abc", "nonsense": "3", "explained": "4", "decisions": "skip", "one-person": ""},
		Service: "the-council", Age: "99", Area: "mars", Comment: strings.Repeat("x", MaxRunes+1),
	}
	_, problems := Check(b.Questions, in, Standing, "web", "en", now)
	want := Problems{"q.listened": "FeedbackPickOne", "q.safe": "FeedbackPickOne", "q.nonsense": "FeedbackUnknownQuestion",
		"service": "FeedbackPickOne", "age": "FeedbackPickOne", "area": "FeedbackPickOne", "comment": "FeedbackCommentTooLong"}
	if len(problems) != len(want) {
		t.Errorf("problems %v, want %v", problems, want)
	}
	for k, v := range want {
		if problems[k] != v {
			t.Errorf("%s: %q, want %q", k, problems[k], v)
		}
	}
	if _, p := Check(b.Questions, Input{Comment: "bad \xff bytes"}, Standing, "web", "en", now); p["comment"] != "FeedbackCommentUnreadable" {
		t.Errorf("invalid UTF-8: %v", p)
	}
	r, p := Check(b.Questions, Input{Answers: map[string]string{"explained": " 4 ", "decisions": "skip"}, Service: "police", Age: "13-15", Area: "london"}, Standing, "sms", "pl", now)
	if p != nil || r.Answers["explained"] != 4 || r.Answers["decisions"] != RatherNotSay || r.Service != "police" || r.Channel != "sms" {
		t.Errorf("valid answers: %+v %v", r, p)
	}
}

func TestCommentsLosePersonalDetailsAndCarryTheirSafetyFlag(t *testing.T) {
	r, p := Check(bank(t).Questions, Input{Comment: "My name is Jess Smith. He won't let me leave his flat, text me on 07700 900123"}, Standing, "web", "en", now)
	if p != nil {
		t.Fatal(p)
	}
	for _, leak := range []string{"Jess", "Smith", "07700", "900123"} {
		if strings.Contains(r.Comment, leak) {
			t.Errorf("comment keeps %q: %q", leak, r.Comment)
		}
	}
	if r.Flag != "danger" {
		t.Errorf("flag %q, want danger", r.Flag)
	}
	quiet, _ := Check(bank(t).Questions, Input{Comment: "the youth worker was really nice"}, Standing, "web", "en", now)
	if quiet.Flag != "" {
		t.Errorf("an ordinary comment flagged %q", quiet.Flag)
	}
}

func TestTallyFieldsCountEverythingResultsNeed(t *testing.T) {
	r := Response{Round: "r", Channel: "web", Lang: "ro", At: now, Answers: map[string]int{"safe": 5, "blamed": 0},
		Service: "school", Age: "16-17", Comment: "ok", Flag: "disclosure"}
	got := strings.Join(r.TallyFields(), " ")
	for _, want := range []string{"total", "channel:web", "lang:ro", "week:2026-W47", "q:safe:5", "q:blamed:0",
		"service:school", "age:16-17", "comments", "flag:disclosure"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("tally fields %q lack %q", got, want)
		}
	}
	if strings.Contains(got, "area:") {
		t.Errorf("an unanswered area is counted: %q", got)
	}
}
