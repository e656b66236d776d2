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
	// Keycap emoji digits: a digit, an emoji selector and the keycap's enclosing mark.
	{"text 0️⃣7️⃣7️⃣0️⃣0️⃣ 9️⃣0️⃣0️⃣1️⃣2️⃣3️⃣ pls", "text [phone] pls", 1},
	{"0⃣7⃣7⃣0⃣0⃣9⃣0⃣0⃣1⃣2⃣3⃣", "[phone]", 1},
	{"zero 7️⃣ seven 0️⃣ 0️⃣ nine double oh one two three", "[phone]", 1},
	{"rated it 1️⃣0️⃣/1️⃣0️⃣", "rated it 1️⃣0️⃣/1️⃣0️⃣", 0},

	// Phone numbers written in words, wholly or partly, in each language Heard reads:
	// a young person who types their number this way must not have it shown to a worker.
	{"my number is oh seven seven double one two three four five six", "my number is [phone]", 1},
	{"zero 7 seven 0 0 nine 0 0 one two three", "[phone]", 1},
	{"text me on o7 nine hundred 123456 x", "text me on [phone] x", 1},
	{"ring triple five, six seven eight, nine oh one two", "ring [phone]", 1},
	{"+44 seven seven double oh nine oh oh one two three", "[phone]", 1},
	{"OH SEVEN SEVEN HUNDRED NINE HUNDRED ONE TWO THREE", "[phone]", 1},
	{"its oh-seven-seven-double-oh, nine oh oh, one-two-three", "its [phone]", 1},
	{"zerosevenseven double oh nine double oh one two three", "[phone]", 1},
	{"07700 nine zero zero one two three", "[phone]", 1},
	{"seventy seven hundred, nine hundred and twelve, thirty four", "[phone]", 1},
	{"mój numer to pięć jeden dwa trzy cztery pięć sześć siedem osiem", "mój numer to [phone]", 1},
	{"zadzwoń: pięćset dwanaście, trzysta czterdzieści pięć, sześćset siedemdziesiąt osiem", "zadzwoń: [phone]", 1},
	{"piec jeden dwa trzy cztery piec szesc siedem osiem", "[phone]", 1},
	{"dwójka siódemka ósemka zero zero dziewiątka jedynka trójka czwórka", "[phone]", 1},
	{"numărul meu e zero șapte unu doi trei patru cinci șase șapte opt", "numărul meu e [phone]", 1},
	{"zero sapte doi doi noua noua trei trei unu unu", "[phone]", 1},
	{"zero șapte sute douăzeci și trei, patru sute cincizeci și șase, șaptezeci și opt", "[phone]", 1},
	{"میرا نمبر صفر تین صفر صفر ایک دو تین چار پانچ چھ سات ہے", "میرا نمبر [phone] ہے", 1},
	{"صفر تين صفر صفر ايک دو تين چار پانچ چه سات", "[phone]", 1},
	{"رابطہ ۰۳۰۰ ایک دو تین چار پانچ چھ سات", "رابطہ [phone]", 1},
	{"mera number sifar teen sifar sifar aik do teen char paanch chay saat hai", "mera number [phone] hai", 1},
	{"zero teen zero zero ek do teen chaar panch chhe saat", "[phone]", 1},

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
	// Number words in ordinary comments stay: a run is a phone number only when it is
	// long, holds three different digits and is not counting.
	{"I was one of two people who went", "I was one of two people who went", 0},
	{"it took three or four weeks", "it took three or four weeks", 0},
	{"ten out of ten", "ten out of ten", 0},
	{"1 2 3 testing", "1 2 3 testing", 0},
	{"I'm fifteen and my sister is twelve", "I'm fifteen and my sister is twelve", 0},
	{"see page two", "see page two", 0},
	{"one two three four five six seven eight nine ten", "one two three four five six seven eight nine ten", 0},
	{"ten nine eight seven six five four three two one go", "ten nine eight seven six five four three two one go", 0},
	{"ten ten ten ten ten, best ever", "ten ten ten ten ten, best ever", 0},
	{"ten ten ten ten ten ten one from me", "ten ten ten ten ten ten one from me", 0},
	{"I scored 10 8 9 7 10 6 10 in the two tests", "I scored 10 8 9 7 10 6 10 in the two tests", 0},
	{"twenty twenty three was hard", "twenty twenty three was hard", 0},
	{"we got two hundred and fifty pounds", "we got two hundred and fifty pounds", 0},
	{"it happened in 2022, 2023 and 2024", "it happened in 2022, 2023 and 2024", 0},
	{"on 01.02.2023 ten thirty he came", "on 01.02.2023 ten thirty he came", 0},
	{"what do you do, do you know", "what do you do, do you know", 0},
	{"oh no no no no no no no", "oh no no no no no no no", 0},
	{"ring nine nine nine or oh eight hundred eleven eleven", "ring nine nine nine or oh eight hundred eleven eleven", 0},
	{"byłam tam dwa razy w tygodniu, mam piętnaście lat", "byłam tam dwa razy w tygodniu, mam piętnaście lat", 0},
	{"o dată pe săptămână, am doi frați și trei surori", "o dată pe săptămână, am doi frați și trei surori", 0},
	{"unu, doi, trei, patru, cinci, șase, șapte, opt, nouă", "unu, doi, trei, patru, cinci, șase, șapte, opt, nouă", 0},
	{"دو دن سے میں ایک دوست کے گھر ہوں", "دو دن سے میں ایک دوست کے گھر ہوں", 0},
	{"main do din se ghar nahi gaya, ek baat kehni hai", "main do din se ghar nahi gaya, ek baat kehni hai", 0},
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

// BenchmarkRedactPlainComment times a comment of ordinary words, a few of them number
// words, with no detail to remove: what most comments cost.
func BenchmarkRedactPlainComment(b *testing.B) {
	comment := "the youth club was good and the workers listen to you. I went two or three times and " +
		"one of them helped me with school. do more trips please, it would be nice to go out somewhere " +
		"once a month. I felt safe there and I told my friend to come too"
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

// heldOutSpoken were written after spoken.go, without looking at it or running them
// while it was written, to see how it does on numbers and comments it was not built
// around. A phone number must be gone (the output holds no number word or digit of it);
// an ordinary comment must stay as it was. How they did the first time they ran is in
// the commit that added them; they are not tuned to pass.
var heldOutSpoken = []struct {
	in    string
	phone bool
}{
	{"u can reach me on zero seven nine one two, three four five six seven eight", true},
	{"07 double 8 five 4 three 2 1 0 9", true},
	{"my mums number is oh one six one, four nine six, double seven double two", true},
	{"Seven Seven Zero Zero Nine Zero Zero One Two Three", true},
	{"add me 0 seven 7 double 0 nine 0 0 1 2 3", true},
	{"zero-seven-seven-zero-zero-nine-zero-zero-one-two-three", true},
	{"oh seven 7 oh oh, 900 one two three", true},
	{"+ four four seven seven zero zero nine zero zero one two three", true},
	{"mój nr: siedem dziewięć dwa, trzy jeden cztery, pięć pięć sześć", true},
	{"plus czterdzieści osiem, sześćset jeden, dwieście trzydzieści, czterysta pięćdziesiąt sześć", true},
	{"numer 601 dwa trzy cztery pięć sześć siedem", true},
	{"sună-mă la zero șapte patru zero, unu doi trei, patru cinci șase", true},
	{"ZERO SAPTE SASE DOI NOUA OPT UNU PATRU CINCI TREI", true},
	{"0 7 patru 0 123 cinci sase 7", true},
	{"میرا نمبر صفر تین چار پانچ، ایک دو تین، چار پانچ چھ سات", true},
	{"نمبر ۰۳۲۱ چار پانچ چھ سات آٹھ نو دو", true},
	{"mera no. hai zero teen do sifar, paanch chhe saat, aath nau ek do", true},
	{"sifar teen aik aik, do do teen, char paanch chhay saat", true},
	{"triple seven, double four, five six seven eight", true},
	{"oh seven\nseven double one\ntwo three four five six", true},
	{"nought seven nine double three, one two three four five six", true},
	{"o seven seven double o one two three four five six", true},
	{"oh seven seven... double one two... three four five six", true},
	{"call 07seven double 0 nine hundred and twelve 3 4", true},

	{"there were two or three of them and one was about twenty", false},
	{"i waited one hour, two hours, three hours", false},
	{"my top five: one, two, three", false},
	{"I gave it a nine, my friend gave it eight, another gave seven", false},
	{"Score 10/10", false},
	{"six seven six seven six seven six seven six seven lol", false},
	{"they are there twenty four seven", false},
	{"nineteen eighty four is a good book", false},
	{"it was two thousand and twenty three", false},
	{"jeden z nich miał dwa noże i trzy telefony", false},
	{"trzy, cztery razy w tygodniu, od siedmiu do dziewięciu", false},
	{"unu sau doi prieteni, de trei ori pe zi", false},
	{"am 15 ani și doi frați", false},
	{"ایک دو تین بار اس نے فون کیا", false},
	{"do teen din pehle ek aadmi aya tha", false},
	{"char paanch log the, do chaar baar", false},
	{"1 in 5 young people, 2 in 3 adults", false},
	{"I'm 15, in year 10, and it's been 2 years", false},
	{"it costs five ninety nine, or ten pounds", false},
	{"the bus is the 7 then the 42 then the 18", false},
	{"childline is oh eight oh oh one one one one", false},
	{"one hundred percent, ten out of ten, five stars", false},
	{"from seven till nine, then ten till twelve", false},
}

func TestRedactHeldOutSpokenNumbers(t *testing.T) {
	for _, c := range heldOutSpoken {
		got, n := Redact(c.in)
		if c.phone && (n == 0 || !strings.Contains(got, markPhone) || hasSpokenNumber(got) || hasDigit(got)) {
			t.Errorf("Redact(%q) = %q, %d: the number is not gone", c.in, got, n)
		}
		if !c.phone && got != c.in {
			t.Errorf("Redact(%q) = %q, want it unchanged", c.in, got)
		}
	}
}
