package localhelp

import (
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 3, 14, 15, 4, 0, 0, time.UTC)

// clinic is a form that passes every check; each case changes one field.
var clinic = Input{Name: "Sexual health clinic", Phone: "(0161) 496 0000", Web: "https://www.example.org/clinic",
	Hours: "Monday to Friday, 9am to 5pm"}

func TestAGoodFormMakesAnEntryCheckedToday(t *testing.T) {
	in := clinic
	in.Name, in.Phone = "  "+in.Name+" ", " 0161-496-0000\u00a0"
	e, problems := New(in, "north", "id1", "amy@example.org", now)
	if problems != nil {
		t.Fatalf("problems: %v", problems)
	}
	want := Entry{ID: "id1", Team: "north", Name: "Sexual health clinic", Phone: "0161-496-0000", Web: clinic.Web,
		Hours: clinic.Hours, CheckedBy: "amy@example.org", CheckedOn: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)}
	if e != want {
		t.Errorf("New = %+v\nwant %+v", e, want)
	}
}

func TestEachFieldIsCheckedWithPlainWordsBesideIt(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Input)
		field  string
		says   string // part of the problem; "" when the form is fine
	}{
		{"name missing", func(in *Input) { in.Name = "  " }, "name", "Give the service's name"},
		{"name too long", func(in *Input) { in.Name = strings.Repeat("a", MaxName+1) }, "name", "under 60 characters"},
		{"name of 60 letters", func(in *Input) { in.Name = strings.Repeat("ą", MaxName) }, "", ""},
		{"name on two lines", func(in *Input) { in.Name = "Clinic\nNorth" }, "name", "one line"},
		{"name reversed by a control", func(in *Input) { in.Name = "Clinic \u202eNorth" }, "name", "one line"},
		{"name with a number in it", func(in *Input) { in.Name = "Clinic 0161 496 0000" }, "name", "its own box"},
		{"name in Urdu", func(in *Input) { in.Name = "نوجوانوں کی خدمت" }, "", ""},
		{"name not UTF-8", func(in *Input) { in.Name = "Clinic \xff" }, "name", "under 60 characters"},

		{"neither phone nor web", func(in *Input) { in.Phone, in.Web = "", "" }, "phone", "a phone number or a web address"},
		{"web only, no hours", func(in *Input) { in.Phone, in.Hours = "", "" }, "", ""},
		{"phone only", func(in *Input) { in.Web = "" }, "", ""},
		{"phone premium rate", func(in *Input) { in.Phone = "0909 879 0000" }, "phone", "premium rate"},
		{"phone personal", func(in *Input) { in.Phone = "070 1234 5678" }, "phone", "personal numbers"},
		{"phone abroad", func(in *Input) { in.Phone = "+1 415 555 0100" }, "phone", "not a UK number"},
		{"phone 999", func(in *Input) { in.Phone = "999" }, "phone", "999 is already at the top"},
		{"phone 101", func(in *Input) { in.Phone = "101" }, "phone", "101"},
		{"phone 111", func(in *Input) { in.Phone = "111" }, "phone", "111"},
		{"phone a digit short", func(in *Input) { in.Phone = "0161 496 000" }, "phone", "have 11 digits, and this one has 10"},
		{"phone with words", func(in *Input) { in.Phone = "0161 496 0000 (ask for Sam)" }, "phone", "Use only digits"},
		{"phone a short code", func(in *Input) { in.Phone = "85258" }, "phone", "for texting, not calling"},
		{"phone 116", func(in *Input) { in.Phone = "116 123" }, "", ""},
		{"phone +44", func(in *Input) { in.Phone = "+44 7700 900000" }, "", ""},

		{"web without a scheme", func(in *Input) { in.Web = "www.example.org" }, "web", "starting https://"},
		{"web javascript", func(in *Input) { in.Web = "javascript:alert(1)" }, "web", "starting https://"},
		{"web JavaScript disguised", func(in *Input) { in.Web = "JaVaScRiPt://www.example.org/%0aalert(1)" }, "web", "starting https://"},
		{"web data", func(in *Input) { in.Web = "data:text/html,<script>alert(1)</script>" }, "web", "starting https://"},
		{"web mailto", func(in *Input) { in.Web = "mailto:clinic@example.org" }, "web", "starting https://"},
		{"web with a space", func(in *Input) { in.Web = "https://www.example.org/our clinic" }, "web", "no spaces"},
		{"web with a line break", func(in *Input) { in.Web = "https://www.example.org/\nx" }, "web", "no spaces"},
		{"web with a password", func(in *Input) { in.Web = "https://nhs.uk@evil.example.org/" }, "web", "before an @"},
		{"web with a port", func(in *Input) { in.Web = "https://www.example.org:8443/" }, "web", "port"},
		{"web an IP address", func(in *Input) { in.Web = "https://192.0.2.10/" }, "web", "by its name"},
		{"web a local name", func(in *Input) { in.Web = "http://intranet/" }, "web", "by its name"},
		{"web no host", func(in *Input) { in.Web = "https:///clinic" }, "web", "by its name"},
		{"web backslashes", func(in *Input) { in.Web = `https:\\www.example.org` }, "web", "starting https://"},
		{"web too long", func(in *Input) { in.Web = "https://www.example.org/" + strings.Repeat("a", MaxWeb) }, "web", "under 200"},
		{"web http", func(in *Input) { in.Web = "http://www.example.org/" }, "", ""},
		{"web capital scheme", func(in *Input) { in.Web = "HTTPS://www.example.org/" }, "", ""},
		{"web with a query", func(in *Input) { in.Web = "https://www.example.org/find?service=clinic#north" }, "", ""},
		{"web international name", func(in *Input) { in.Web = "https://xn--mn-jja.example.org/" }, "", ""},

		{"hours missing beside a phone", func(in *Input) { in.Hours = "" }, "hours", "when someone answers"},
		{"hours too long", func(in *Input) { in.Hours = strings.Repeat("open ", 21) }, "hours", "under 100"},
		{"hours on two lines", func(in *Input) { in.Hours = "Mon-Fri 9-5\r\nSat 10-1" }, "hours", "one line"},
		{"hours with a number", func(in *Input) { in.Hours = "9am to 5pm, out of hours call 0161 496 0001" }, "hours", "its own box"},
		{"hours with a mobile", func(in *Input) { in.Hours = "Text 07700900001 any time" }, "hours", "its own box"},
		{"hours with a number in dots", func(in *Input) { in.Hours = "Ring 0161.496.0001 after 5" }, "hours", "its own box"},
		{"hours with a number in brackets", func(in *Input) { in.Hours = "After 5: (0161) 496 0001" }, "hours", "its own box"},
		{"hours with a +44 number", func(in *Input) { in.Hours = "Abroad: +44 161 496 0001" }, "hours", "its own box"},
		{"hours with no-break spaces", func(in *Input) { in.Hours = "Nights: 0161\u00a0496\u00a00001" }, "hours", "its own box"},
		{"hours with Urdu digits", func(in *Input) { in.Hours = "رات: ۰۱۶۱ ۴۹۶ ۰۰۰۱" }, "hours", "its own box"},
		{"hours as 24-hour digits", func(in *Input) { in.Hours = "0930-1630" }, "hours", "5 digits in a row"},
		{"hours as a run of days", func(in *Input) { in.Hours = "Open on the 10 11 12" }, "hours", "its own box"},
		{"hours with times", func(in *Input) { in.Hours = "Mon to Fri 09.00-17.00, Sat 10.00 - 13.00" }, "", ""},
		{"hours with colons", func(in *Input) { in.Hours = "Monday to Friday 09:00–17:00" }, "", ""},
		{"hours round the clock", func(in *Input) { in.Hours = "24/7, 365 days a year" }, "", ""},
		{"hours with a date", func(in *Input) { in.Hours = "Closed 24 to 26 December 2026" }, "", ""},
		{"hours in Urdu", func(in *Input) { in.Hours = "پیر سے جمعہ، صبح 9 بجے سے شام 5 بجے تک" }, "", ""},
	} {
		in := clinic
		c.change(&in)
		e, problems := New(in, "north", "id1", "amy@example.org", now)
		if c.field == "" {
			if problems != nil {
				t.Errorf("%s: problems %v", c.name, problems)
			}
			continue
		}
		if !strings.Contains(problems[c.field], c.says) || problems[c.field] == "" {
			t.Errorf("%s: problems %v; want %s to say %q", c.name, problems, c.field, c.says)
		}
		if len(problems) != 1 {
			t.Errorf("%s: problems beside other fields too: %v", c.name, problems)
		}
		if e != (Entry{}) {
			t.Errorf("%s: an entry was made as well: %+v", c.name, e)
		}
	}
}

// Every problem is a sentence for the worker, never a Go error.
func TestProblemsArePlainSentences(t *testing.T) {
	_, problems := New(Input{Name: "\n", Phone: "0909 879 0000", Web: "javascript:x", Hours: strings.Repeat("x", 101)}, "north", "id", "amy@example.org", now)
	if len(problems) != 4 {
		t.Fatalf("problems: %v", problems)
	}
	for field, p := range problems {
		if !strings.HasSuffix(p, ".") || strings.Contains(p, "localhelp") || strings.Contains(p, "ukphone") || strings.ContainsAny(p[:1], "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("%s: %q", field, p)
		}
	}
}
