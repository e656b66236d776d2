package ukphone

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// The numbers here are Ofcom's numbers for drama (0161 496 0xxx, 020 7946 0xxx,
// 07700 900xxx, 01632 960xxx, 0808 157 0xxx, 0909 879 0xxx) wherever a range
// has them, so that none of them rings anyone.

func TestUKNumbersThatCanBeCalledAreAcceptedWithTheirLinkDigits(t *testing.T) {
	for _, c := range []struct {
		written string
		kind    Kind
		dial    string
	}{
		{"0161 496 0000", Geographic, "01614960000"},
		{"(0161) 496 0000", Geographic, "01614960000"},
		{"0161-496-0000", Geographic, "01614960000"},
		{"(0161)-496-0000", Geographic, "01614960000"},
		{"01614960000", Geographic, "01614960000"},
		{"  0161 496 0000  ", Geographic, "01614960000"},
		{"0161\u00a0496\u00a00000", Geographic, "01614960000"}, // no-break spaces, as pasted from a web page
		{"+44 161 496 0000", Geographic, "+441614960000"},
		{"+441614960000", Geographic, "+441614960000"},
		{"+ 44 161 496 0000", Geographic, "+441614960000"},
		{"0113 496 0000", Geographic, "01134960000"},
		{"0191 498 0000", Geographic, "01914980000"},
		{"020 7946 0000", Geographic, "02079460000"},
		{"(020) 7946 0000", Geographic, "02079460000"},
		{"0207 946 0000", Geographic, "02079460000"}, // grouped the old way: the digits are what count
		{"028 9649 6000", Geographic, "02896496000"},
		{"01632 960000", Geographic, "01632960000"},
		{"(01632) 960000", Geographic, "01632960000"},
		{"01204 61234", Geographic, "0120461234"}, // Bolton has five-digit local numbers too
		{"01204 612345", Geographic, "01204612345"},
		{"01768 88123", Geographic, "0176888123"},
		{"016977 3999", Geographic, "0169773999"}, // four-digit local numbers after 016977
		{"(016977) 23456", Geographic, "01697723456"},
		{"0300 123 4567", NonGeographic, "03001234567"},
		{"0345 600 0000", NonGeographic, "03456000000"},
		{"03069 990000", NonGeographic, "03069990000"},
		{"07700 900000", Mobile, "07700900000"},
		{"07700-900-000", Mobile, "07700900000"},
		{"+44 7700 900000", Mobile, "+447700900000"},
		{"07624 123456", Mobile, "07624123456"}, // Isle of Man mobiles start 076 but are not pagers
		{"07400 123456", Mobile, "07400123456"},
		{"0800 1111", Freephone, "08001111"},
		{"0800 555 111", Freephone, "0800555111"},
		{"0800 111 1111", Freephone, "08001111111"},
		{"0808 157 0000", Freephone, "08081570000"},
		{"+44 808 157 0000", Freephone, "+448081570000"},
		{"116 123", Helpline, "116123"},
		{"116000", Helpline, "116000"},
		{"60777", ShortCode, "60777"},
		{"85258", ShortCode, "85258"},
	} {
		n, err := Parse(c.written)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.written, err)
			continue
		}
		if n.Kind != c.kind || n.Dial() != c.dial {
			t.Errorf("Parse(%q) = kind %d, dial %q; want kind %d, dial %q", c.written, n.Kind, n.Dial(), c.kind, c.dial)
		}
		if n.Callable() != (c.kind != ShortCode) {
			t.Errorf("Parse(%q).Callable() = %v", c.written, n.Callable())
		}
	}
}

func TestNumbersThatAreNotUKOrCannotBeCalledAreRefusedWithAReason(t *testing.T) {
	for _, c := range []struct {
		written string
		reason  Reason
		says    string // part of the words the worker reads
	}{
		{"", Empty, "Write the phone number"},
		{"   ", Empty, "Write the phone number"},

		// Lengths: the number of digits is what a typo changes.
		{"0161 496 000", Length, "Numbers starting 0161 have 11 digits, and this one has 10"},
		{"0161 496 00000", Length, "this one has 12"},
		{"01632 96000", Length, "Numbers starting 01632 have 11 digits"}, // not an area with five-digit numbers
		{"01204 6123", Length, "Numbers starting 01204 have 10 or 11 digits, and this one has 9"},
		{"016977 399", Length, "Numbers starting 016977 have 10 or 11 digits"},
		{"020 7946 000", Length, "Numbers starting 020 have 11 digits"},
		{"07700 90000", Length, "Numbers starting 07 have 11 digits"},
		{"07700 9000000", Length, "this one has 12"},
		{"0300 123 456", Length, "Numbers starting 030 have 11 digits"},
		{"0800 111", Length, "Numbers starting 0800 have 10 or 11 digits"},
		{"0800 11111", Length, "Numbers starting 0800"},
		{"0808 800 500", Length, "Numbers starting 0808 have 11 digits"},
		{"+44 161 496 000", Length, "After +44, numbers starting 161 have 10 digits, and this one has 9"},
		{"0", Length, "Write the whole number"},
		{"+44", Length, "Write the whole number"},
		{"0161 496 0000 0161 496 0001", Length, ""}, // two numbers in one box

		// Numbers that cost a young person, or take no calls.
		{"0909 879 0000", PremiumRate, "premium rate"},
		{"+44 909 879 0000", PremiumRate, "premium rate"},
		{"0983 123 4567", PremiumRate, "premium rate"},
		{"0701 234 5678", Personal, "personal numbers"},
		{"07000 123456", Personal, "personal numbers"},
		{"07600 123456", Pager, "pagers"},
		{"0845 123 4567", ServiceCharge, "Numbers starting 084 cost extra"},
		{"0870 123 4567", ServiceCharge, "Numbers starting 087 cost extra"},
		{"0500 123 456", Closed, "closed in 2017"},
		{"0560 123 4567", Corporate, "05"},
		{"0550 123 4567", Corporate, "05"},

		// Ranges no UK number is in.
		{"0400 123 4567", NotInUse, "No UK numbers start 04"},
		{"0600 123 4567", NotInUse, "No UK numbers start 06"},
		{"0100 123 4567", NotInUse, "No UK numbers start 010"},
		{"0210 123 4567", NotInUse, "No UK numbers start 021"},
		{"0310 123 4567", NotInUse, "No UK numbers start 031"},
		{"0820 123 4567", NotInUse, "No UK numbers start 082"},
		{"0801 123 4567", NotInUse, "No UK numbers start 0801"},

		// National numbers, which Heard already shows, or which are not a service's own.
		{"999", Emergency, "999 is already at the top of every page"},
		{"112", Emergency, "999"},
		{"18000", Emergency, "999"},
		{"0999", Emergency, "999"},
		{"+44 999", Emergency, "999"},
		{"101", Police101, "101 is the police's national number"},
		{"111", NHS111, "111 is the NHS's national number"},
		{"18001 0161 496 0000", Relay, "Relay UK"},

		// Not UK numbers, or UK numbers written a way that does not dial.
		{"+1 415 555 0100", NotUK, "not a UK number"},
		{"+33 1 23 45 67 89", NotUK, "not a UK number"},
		{"001 415 555 0100", NotUK, "not a UK number"},
		{"+4 4161 496 0000", NotUK, "not a UK number"},
		{"07+700900000", NotUK, "not a UK number"},
		{"0161 496 0000+", NotUK, "not a UK number"},
		{"0044 161 496 0000", DoubleZero, "not 0044"},
		{"+44 0161 496 0000", ZeroAfter44, "leave out the 0"},
		{"+4407700900000", ZeroAfter44, "leave out the 0"},
		{"161 496 0000", NoLeadingZero, "Start the number with 0"},
		{"7700 900000", NoLeadingZero, "Start the number with 0"},
		{"12345", NoLeadingZero, "Start the number with 0"},
		{"118 118", NoLeadingZero, "Start the number with 0"},

		// Anything but digits, spaces, hyphens and brackets: nothing is read past.
		{"0161 496 0000 ext 12", Characters, "Use only digits"},
		{"0161.496.0000", Characters, "Use only digits"},
		{"0161/496 0000", Characters, "Use only digits"},
		{"O161 496 0000", Characters, "Use only digits"}, // a capital O for the 0
		{"0800 HELPME", Characters, "Use only digits"},
		{"0161 496 0000, 0161 496 0001", Characters, "give one number only"},
		{"tel:01614960000", Characters, "Use only digits"},
		{"0161 – 496 0000", Characters, "Use only digits"}, // an en dash
		{"\u0660\u0661\u0666\u0661 \u0664\u0669\u0666 \u0660\u0660\u0660\u0660", Characters, "Use only digits"},
		{"\uff10\uff11\uff16\uff11\uff14\uff19\uff16\uff10\uff10\uff10\uff10", Characters, "Use only digits"},
		{"0161 496 0000\n", Characters, "Use only digits"},
		{"0161\t496 0000", Characters, "Use only digits"},
		{"0161 496 0000\u202e", Characters, "Use only digits"},
		{"-0161 496 0000", Characters, "hyphens"},
		{"0161 496 0000-", Characters, "hyphens"},
		{"0161--496 0000", Characters, "hyphens"},
		{"0161 496 0000 and also a second number", Characters, "give one number only"},

		// Brackets hold the area code at the start, once.
		{"0161 (496) 0000", Brackets, "around the area code"},
		{"(0161 496 0000", Brackets, "Close the bracket"},
		{"((0161)) 496 0000", Brackets, "around the area code"},
		{"(01) 61 496 0000", Brackets, "around the area code"},
		{"0161) 496 0000", Brackets, "around the area code"},
		{"(161) 496 0000", Brackets, "around the area code"},
		{"+44 (0)161 496 0000", Brackets, "around the area code"},
		{"+44 (161) 496 0000", Brackets, "around the area code"},
		{"() 0161 496 0000", Brackets, "around the area code"},
	} {
		n, err := Parse(c.written)
		var p *Problem
		if !errors.As(err, &p) {
			t.Errorf("Parse(%q) = %+v, %v; want it refused (%d)", c.written, n, err, c.reason)
			continue
		}
		if p.Reason != c.reason || !strings.Contains(p.Message, c.says) {
			t.Errorf("Parse(%q): reason %d %q; want %d saying %q", c.written, p.Reason, p.Message, c.reason, c.says)
		}
		if n != (Number{}) {
			t.Errorf("Parse(%q) refused it but returned %+v", c.written, n)
		}
	}
}

// Every refusal is a sentence or two the worker can act on, never the
// number back at them or a Go error.
func TestEveryRefusalIsPlainWords(t *testing.T) {
	sentence := regexp.MustCompile(`^[A-Z0-9(].*[.]$`)
	for _, written := range []string{"", "0161 496 000", "0909 879 0000", "0701 234 5678", "07600 123456", "0845 123 4567",
		"0500 123 456", "0560 123 4567", "0400 123 4567", "999", "101", "111", "18001 101", "+1 415 555 0100", "0044 161 496 0000",
		"+44 0161 496 0000", "7700 900000", "0161 ext", "(0161 496", "-0161", "+44 161 496 00", "0"} {
		_, err := Parse(written)
		if err == nil {
			t.Errorf("Parse(%q) accepted it", written)
			continue
		}
		msg := err.Error()
		if !sentence.MatchString(msg) || strings.Contains(msg, "ukphone") || len(msg) > 220 {
			t.Errorf("Parse(%q): %q is not a plain sentence", written, msg)
		}
		if len(written) > 4 && strings.Contains(msg, strings.TrimSpace(written)) {
			t.Errorf("Parse(%q): the refusal repeats the number: %q", written, msg)
		}
	}
}

func TestAWrittenNumberIsNeverLongerThanOneNumber(t *testing.T) {
	long := strings.Repeat("0", maxWritten+1)
	if _, err := Parse(long); err == nil || !strings.Contains(err.Error(), "one number only") {
		t.Errorf("Parse of %d zeros: %v", len(long), err)
	}
}

// Fuzzing holds the promises whatever is written: no panic; an accepted
// number's link is digits (after a plus only for +44), as many as were
// written, and every one of them is a digit that was written, in order.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0161 496 0000", "(020) 7946-0000", "+44 7700 900000", "116 123", "60777", "+44 (0)7700", "0800 1111", "9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if msg := err.Error(); msg == "" {
				t.Fatalf("Parse(%q): a refusal without words", s)
			}
			return
		}
		written := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' || r == '+' {
				return r
			}
			return -1
		}, s)
		if n.Dial() != written {
			t.Fatalf("Parse(%q): link digits %q, but %q were written", s, n.Dial(), written)
		}
		if n.Kind < Geographic || n.Kind > ShortCode {
			t.Fatalf("Parse(%q): kind %d", s, n.Kind)
		}
		if strings.HasPrefix(n.Dial(), "+") && !strings.HasPrefix(n.Dial(), "+44") {
			t.Fatalf("Parse(%q): accepted a number abroad, %q", s, n.Dial())
		}
	})
}
