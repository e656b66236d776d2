package safety

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var redactCases = []struct {
	in, want string
	n        int
}{
	// Phone numbers, UK and abroad, however they are broken up.
	{"call me on 07700 900123 pls", "call me on [phone] pls", 1},
	{"my number is 07700900123", "my number is [phone]", 1},
	{"text +44 7700 900123 after school", "text [phone] after school", 1},
	{"ring (020) 7946 0958", "ring [phone]", 1},
	{"+44 (0)20 7946 0958", "[phone]", 1},
	{"0044 7700 900123", "[phone]", 1},
	{"07700-900-123 or 07700.900.123", "[phone] or [phone]", 2},
	{"I'm 14 07700 900123", "I'm 14 [phone]", 1},
	{"zadzwoń 512 345 678 albo +48 512 345 678", "zadzwoń [phone] albo [phone]", 2},
	{"suna-ma la 0712 345 678", "suna-ma la [phone]", 1},
	{"میرا نمبر ۰۳۰۰۱۲۳۴۵۶۷ ہے", "میرا نمبر [phone] ہے", 1},
	{"رابطہ ٠٧٧٠٠ ٩٠٠١٢٣", "رابطہ [phone]", 1},
	// Full-width digits (a Chinese or Japanese keyboard, or a phone's "wide" mode), mixed
	// with ASCII ones, and the mathematical digits some "fancy text" apps type.
	{"my number 07700９００１２３", "my number [phone]", 1},
	{"text me ０７７００ ９００１２３ later", "text me [phone] later", 1},
	{"call 𝟎𝟕𝟕𝟎𝟎 𝟗𝟎𝟎𝟏𝟐𝟑", "call [phone]", 1},

	// Emails, plain and spelled out.
	{"email me jess.smith99@gmail.com ok", "email me [email] ok", 1},
	{"jess at gmail dot com", "[email]", 1},
	{"it's jess(at)hotmail(dot)co(dot)uk", "it's [email]", 1},
	{"JESS [at] yahoo [dot] com!", "[email]!", 1},

	// Links and handles.
	{"my insta https://instagram.com/jess_x.", "my insta [link].", 1},
	{"www.facebook.com/jess.smith", "[link]", 1},
	{"add tiktok.com/@jessx", "add [link]", 1},
	{"follow @jess_x99 lol", "follow [link] lol", 1},
	{"my snap is jess_x2", "my snap is [link]", 1},
	{"insta: jessxo", "insta: [link]", 1},

	// Postcodes and addresses, English, Polish and Romanian.
	{"I live near SW1A 1AA", "I live near [postcode]", 1},
	{"m1 1ae", "[postcode]", 1},
	{"B338TH", "[postcode]", 1},
	{"I live at 12 Acacia Avenue, M1 1AE", "I live at [address], [postcode]", 2},
	{"flat 3, 45 high st", "[address]", 1},
	{"he lives at 7 Elm Close now", "he lives at [address] now", 1},
	{"mieszkam na ul. Długa 5", "mieszkam na [address]", 1},
	{"locuiesc pe strada Mihai Eminescu 10", "locuiesc pe [address]", 1},
	{"str. Lunga nr 5", "[address]", 1},

	// Names after an introduction, and the names of workers and officers.
	{"my name is Jess Smith and I'm 14", "my name is [name] and I'm 14", 1},
	{"my name is jess smith and im 14", "my name is [name] and im 14", 1},
	{"my name is jess and i hate it", "my name is [name] and i hate it", 1},
	{"my names jess", "my names [name]", 1},
	{"Hi, I'm called Jess", "Hi, I'm called [name]", 1},
	{"call me Kai", "call me [name]", 1},
	{"this is Zara, she needs help", "this is [name], she needs help", 1},
	{"Mam na imię Ola", "Mam na imię [name]", 1},
	{"nazywam się Jan Kowalski", "nazywam się [name]", 1},
	{"Mă numesc Ana Popescu", "Mă numesc [name]", 1},
	{"numele meu este Ion", "numele meu este [name]", 1},
	{"میرا نام علی ہے", "میرا نام [name] ہے", 1},
	{"mera naam Ali hai", "mera naam [name] hai", 1},
	{"MY NAME IS JESS SMITH", "MY NAME IS [name]", 1},
	{"my social worker is Sarah Jones", "my social worker is [name]", 1},
	{"my youth worker is Dan", "my youth worker is [name]", 1},
	{"PC Evans was rude", "PC [name] was rude", 1},
	{"Officer Khan helped", "Officer [name] helped", 1},

	// Everything else stays byte for byte: emoji, right-to-left text, line breaks,
	// invalid UTF-8.
	{"my name is Jess 😊\nmy number is 07700 900123 🙏", "my name is [name] 😊\nmy number is [phone] 🙏", 2},
	{"\u200fمیرا نام علی ہے\u200f", "\u200fمیرا نام [name] ہے\u200f", 1},
	{"\xff07700900123\xfe", "\xff[phone]\xfe", 1},

	// Things that must not change.
	{"i'm 14 and in year 9", "i'm 14 and in year 9", 0},
	{"it happened in 2023", "it happened in 2023", 0},
	{"we met at 10:30", "we met at 10:30", 0},
	{"it happened 3 times in 2022 and 2023", "it happened 3 times in 2022 and 2023", 0},
	{"on 01.02.2023 10:30 he came round", "on 01.02.2023 10:30 he came round", 0},
	{"call 999 or 116 123 or 0800 1111", "call 999 or 116 123 or 0800 1111", 0},
	{"the police officer was kind", "the police officer was kind", 0},
	{"the worker called me back", "the worker called me back", 0},
	{"my name doesn't matter", "my name doesn't matter", 0},
	{"my name is not important", "my name is not important", 0},
	{"this is hard", "this is hard", 0},
	{"THIS IS SO UNFAIR", "THIS IS SO UNFAIR", 0},
	{"they call me names at school", "they call me names at school", 0},
	{"can you call me back", "can you call me back", 0},
	{"3 times up the hill", "3 times up the hill", 0},
	{"we walked 2 miles down the road", "we walked 2 miles down the road", 0},
	{"my 2 friends are so close", "my 2 friends are so close", 0},
	{"see u b4 5pm", "see u b4 5pm", 0},
	{"in ks3 and y9", "in ks3 and y9", 0},
	{"my snap is private", "my snap is private", 0},
	{"meet @5pm", "meet @5pm", 0},
	{"he tried to r@pe me", "he tried to r@pe me", 0},
	{"my PC broke", "my PC broke", 0},
	{"na ulicy byłam 3 razy", "na ulicy byłam 3 razy", 0},
	{"look at bbc.co.uk", "look at bbc.co.uk", 0},
	{"pi is 3.14159265 or 0.123456789", "pi is 3.14159265 or 0.123456789", 0},
	{"", "", 0},
}

func TestRedact(t *testing.T) {
	for _, c := range redactCases {
		got, n := Redact(c.in)
		if got != c.want || n != c.n {
			t.Errorf("Redact(%q)\n got %q, %d\nwant %q, %d", c.in, got, n, c.want, c.n)
		}
	}
}

func TestRedactLargeInput(t *testing.T) {
	var b strings.Builder
	for b.Len() < 100_000 {
		for _, c := range redactCases {
			b.WriteString(c.in)
			b.WriteString(" \xff ")
		}
	}
	in := b.String()
	out, n := Redact(in)
	if n == 0 || len(out) == 0 {
		t.Fatalf("removed %d from %d bytes", n, len(in))
	}
	if again, _ := Redact(out); again != out {
		t.Error("a second pass changed 100 KB of redacted text")
	}
	for _, in := range []string{strings.Repeat("a", 100_000) + " at b dot com", strings.Repeat("1 ", 50_000),
		strings.Repeat("@", 100_000), strings.Repeat("my name is ", 10_000), strings.Repeat("\xff", 100_000)} {
		Redact(in)
	}
}

// emailLike is a plain address, written independently of the package's pattern.
var emailLike = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)

func FuzzRedact(f *testing.F) {
	for _, c := range redactCases {
		f.Add(c.in)
	}
	f.Add("a@b.cc@d.ee x@y.com,z@w.org")
	f.Add("[phone]07700900123[email]jess@x.com")
	f.Fuzz(func(t *testing.T, in string) {
		out, n := Redact(in)
		if n == 0 && out != in {
			t.Fatalf("Redact(%q) = %q but says it removed nothing", in, out)
		}
		if again, n2 := Redact(out); again != out || n2 != 0 {
			t.Fatalf("not idempotent:\n in    %q\n once  %q\n twice %q (%d more)", in, out, again, n2)
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("Redact(%q) = %q, not valid UTF-8", in, out)
		}
		if e := emailLike.FindString(out); e != "" {
			t.Fatalf("Redact(%q) = %q still holds email %q", in, out, e)
		}
		for _, p := range redactions {
			if !p.maybe(asciiLower(in)) && len(p.find(in)) > 0 {
				t.Fatalf("the quick test for %s rules out %q, where there is one", p.mark, in)
			}
		}
	})
}

// BenchmarkRedact times a typical 300-character comment with one of most kinds of detail.
func BenchmarkRedact(b *testing.B) {
	comment := "hi my name is Jess Smith and I'm 14. the youth worker called me back but my social " +
		"worker is Sarah and she never listens 😞 I live at 12 Acacia Avenue, M1 1AE and you can text " +
		"me on 07700 900123 or email jess.smith99@gmail.com or add @jess_x99. it happened 3 times in " +
		"2023 and we met at 10:30. thanks x"
	b.SetBytes(int64(len(comment)))
	for b.Loop() {
		Redact(comment)
	}
}

// digitValue counts on Unicode's decimal digits coming in runs of ten, each from zero.
func TestUnicodeDigitsComeInRunsOfTen(t *testing.T) {
	for _, rg := range unicode.Nd.R16 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("digits %U-%U are not runs of ten", rg.Lo, rg.Hi)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("digits %U-%U are not runs of ten", rg.Lo, rg.Hi)
		}
	}
	for r, want := range map[rune]byte{'٧': '7', '۳': '3', '９': '9', '𝟐': '2', '৫': '5'} {
		if got := digitValue(r); got != want {
			t.Errorf("digitValue(%q) = %q, want %q", r, got, want)
		}
	}
}
