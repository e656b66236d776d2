package safety

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

type labelled struct{ label, text string }

func readPhrases(t *testing.T, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, text, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s: no tab in %q", path, line)
		}
		out = append(out, labelled{label, text})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// caught says whether a phrase got the verdict its label needs: danger must lead with
// danger, self-harm may be raised to danger, a disclosure must be flagged as something.
func caught(label string, v Verdict) bool {
	switch label {
	case "danger":
		return v == Danger
	case "selfharm":
		return v == SelfHarm || v == Danger
	case "disclosure":
		return v != None
	case "none":
		return v == None
	}
	return false
}

// caughtAll lists, with counts per label, the phrases that did not get the verdict their
// label needs.
func caughtAll(phrases []labelled) (missed []string, total map[string]int) {
	total = map[string]int{}
	for _, p := range phrases {
		total[p.label]++
		if v := Assess(p.text).Verdict(); !caught(p.label, v) {
			missed = append(missed, p.label+" got "+v.String()+": "+p.text)
		}
	}
	return missed, total
}

// TestDetectorOnSharedSample holds the detector to the project's shared sample, which it
// was not written against: every phrase must get the verdict its label needs. The sample
// lives outside the repository; without it the test is skipped.
func TestDetectorOnSharedSample(t *testing.T) {
	const path = "../../shared/data/safety-sample.txt"
	if _, err := os.Stat(path); err != nil {
		t.Skip("no shared sample:", err)
	}
	missed, total := caughtAll(readPhrases(t, path))
	if len(missed) > 0 {
		t.Errorf("%d of %d phrases misjudged:\n%s", len(missed), len(readPhrases(t, path)), strings.Join(missed, "\n"))
	}
	t.Logf("phrases per label: %v", total)
}

func TestNormaliseSpellsOutWhatPeopleType(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Pleeeease HELLLP!!!", "please help"},
		{"im gonna kms rn", "i am going to kill myself right now"},
		{"u dont get it, ur wrong", "you do not get it your wrong"},
		{"he's outside & they're coming", "he is outside they are coming"},
		{"he’ll hurt me", "he will hurt me"},
		{"Chcę umrzeć. Boję się!", "chce umrzec boje sie"},
		{"Mi-e frică, vreau să mor", "mi e frica vreau sa mor"},
		{"ŁÓDŹ Ăă Șș Țț", "lodz aa ss tt"},
		{"ki\u200bll my\u200dself", "kill myself"},
		{"\u202eI want\u202c to \u2066die\u2069", "i want to die"},
		{"k1ll mys3lf", "kill myself"},
		{"s*icide r@pe", "sicide rape"},
		{"ｋｉｌｌ", "kill"},
		{"s u i c i d e", "suicide"}, // a word typed a letter at a time
		{"S.U.I.C.I.D.E h-e-l-p", "suicide help"},
		{"i k 1 l l", "i kill"},
		{"p o m o c y, s o s", "pomocy sos"},
		{"n-o s-o platesc", "and o s o platesc"},        // Romanian: no word hides in "n o s o"
		{"r u ok, i c u", "are you ok i c you"},         // single letters that make no known word stay
		{"thinking of sui cide", "thinking of suicide"}, // a space typed inside a risk word
		{"want2die need4help", "want to die need for help"},
		{"iwanttodieidontwannabehere hetookmyphone", "i want to die i do not want to be here he took my phone"}, // words run together
		{"chceumrzecjuz vreausamor mainmarnachahtihoon", "chce umrzec juz vreau sa mor main marna chahti hoon"},
		{"therapist nieprzyjemnosci kickboxing", "therapist nieprzyjemnosci kickboxing"},                         // new words stay whole
		{"ɪ ᴡᴀɴᴛ ⓣⓞ 🅳🅸🅴", "i want to die"},                                                                       // small capitals, letters in circles and squares
		{"⒦⒤⒧⒧ ᵐʸˢᵉˡᶠ", "kill myself"},                                                                           // letters in brackets, and raised
		{"🇵🇱 ①", "1"},                                                                                            // a flag is not two letters
		{"sc4red cr4zy aud231", "scared crazy aud2ei"},                                                           // a 4 inside a short word is a letter; a code is not split
		{"i w\u0430nt to di\u0435", "i want to die"},                                                             // Cyrillic а and е among Latin letters
		{"\u0456 w\u0430nt", "i want"},                                                                           // a Cyrillic і alone, among Latin words
		{"\u0434\u043e\u043f\u043e\u043c\u043e\u0433\u0430", "\u0434\u043e\u043f\u043e\u043c\u043e\u0433\u0430"}, // a Ukrainian word is left as it is
		{"killlll", "kill"},
		{"hahahaha 😂", "haha lol"},
		{"he has a 🔪", "he has a knife"},
		{"my bf is 23yo", "my boyfriend is 23 yo"},
		{"call 999", "call 999"},
		{"مجھے ڈر لگ رہا ہے", "مجہے ڈر لگ رہا ہے"},
		{"مجھے ڈر لگ رہا ہے۔", "مجہے ڈر لگ رہا ہے"},
		{"ميرا بهائی مجهے مار رها هے", "میرا بہایی مجہے مار رہا ہے"}, // typed on an Arabic keyboard
		{"ميں مرنا چاہتا ہوں", "مین مرنا چاہتا ہون"},                 // Arabic-keyboard yeh and noon ghunna
		{"", ""},
	}
	for _, c := range cases {
		if got := strings.Join(lex.words(c.in), " "); got != c.want {
			t.Errorf("words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSentencesEndAtStopsNotAtTrailingDotsOrNumbers(t *testing.T) {
	cases := []struct {
		in   string
		want []int
	}{
		{"help! he is here", []int{0, 1, 1, 1}},
		{"not really. want to die", []int{0, 0, 1, 1, 1}},
		{"im not... i dont know", []int{0, 0, 0, 0, 0, 0, 0}}, // "i am not i do not know"
		{"it was 2.5 miles away", []int{0, 0, 0, 0, 0, 0}},
		{"are you there??\nhe is back", []int{0, 0, 0, 1, 1, 1}},
		{"پولیس بلاؤ۔ بات نہیں کر سکتی", []int{0, 0, 1, 1, 1, 1}},
		{"k!ll myself", []int{0, 0}}, // a "!" inside a word is a letter
		{"seriously, not joking", []int{0, 1, 1}},
	}
	for _, c := range cases {
		if _, got := lex.sentences(c.in); !slices.Equal(got, c.want) {
			t.Errorf("sentences(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestRespellCatchesOneSlip(t *testing.T) {
	for typo, want := range map[string]string{
		"supicide": "suicide", "sucidal": "suicidal", "dangr": "danger", "scaerd": "scared",
		"terrifed": "terrified", "threatend": "threatened", "killin": "killing", "hurtin": "hurting",
		"stalkign": "stalking", "boyfreind": "boyfriend",
	} {
		if got := lex.respell(typo); got != want {
			t.Errorf("respell(%q) = %q, want %q", typo, got, want)
		}
	}
	for _, plain := range []string{"stared", "rating", "looked", "showed", "based", "treat", "strange", "snacks", "amused"} {
		if got := lex.respell(plain); got != plain {
			t.Errorf("respell(%q) = %q, want it left alone", plain, got)
		}
	}
}

// TestStuckIsNotHanging: Roman Urdu "phansi" and Urdu "پھنسی" are being stuck as often as
// the gallows ("پھانسی", one letter more), so no rule reads them as suicide unless hanging is
// said; the model alone may still weigh them.
func TestStuckIsNotHanging(t *testing.T) {
	for _, s := range []string{"bus stop pe phansi hui hoon, bus phir late hai", "lift mein phasi hun",
		"میں لفٹ میں پھنسی ہوئی ہوں"} {
		if a := lex.analyse(s); a.rules != (Result{}) {
			t.Errorf("rules read %q as %v, want nothing", s, a.rules.Verdict())
		}
	}
	for _, s := range []string{"main phansi lagana chahta hoon", "agar maine chhora to phansi le lega",
		"phaansi laga lunga", "میں پھانسی لگا لوں گا"} {
		if got := lex.analyse(s).rules.Verdict(); got != SelfHarm {
			t.Errorf("rules read %q as %v, want selfharm", s, got)
		}
	}
}

func TestIdiomsAreNotFlagged(t *testing.T) {
	for _, s := range []string{
		"this is killing me lol", "i'm dying of laughter", "my mum will kill me if i'm late",
		"dead tired", "this homework is torture", "i could murder a pizza", "killing it",
		"i'd die for that cake", "bored to death", "my phone died", "killing time before school",
		"my dad is gonna kill me when he sees my report", "hit me up later", "she beat me at pool",
		"it hurts my eyes", "we were dying laughing", "the revision is killing me", "i died laughing 💀",
		"you smashed it", "he hurt my feelings", "my battery is dead", "i locked myself out lol",
		"the knife crime talk was good", "had a panic attack before my exam", "keep in touch with me",
	} {
		if r := Assess(s); r != (Result{}) {
			t.Errorf("Assess(%q) = %+v, want nothing", s, r)
		}
	}
}

func TestNegation(t *testing.T) {
	cases := []struct {
		text string
		want Verdict
	}{
		{"i dont want to die", None},
		{"i do not want to die", None},
		{"i never want to die", None},
		{"im not suicidal", None},
		{"im not in danger", None},
		{"im not scared of him anymore", None},
		{"nie chcę umrzeć", None},
		{"nu vreau să mor", None},
		{"میں مرنا نہیں چاہتا", None},
		// Negation that is itself the danger, or that leaves doubt, still flags.
		{"i dont want to live", SelfHarm},
		{"i dont want to be here anymore", SelfHarm},
		{"im not sure i want to live", SelfHarm},
		{"i dont know if i want to die", SelfHarm},
		{"i dont feel safe", Danger},
		{"he wont let me leave", Danger},
		{"i dont want to die but i keep cutting myself", SelfHarm},
		// A "not" denies only its own sentence, and an Urdu "not" the verb it stands before.
		{"no not really. want to die tbh", SelfHarm},
		{"seriously, not joking, i need help now", Danger},
		{"پولیس بلاؤ۔ میں بات نہیں کر سکتی", Danger},
		{"wapas nahi jana mujhe dar lagta hai", Danger},
		{"mujhe dar nahi lagta", None},
		// "Not a joke" says the words are meant: it denies nothing after it.
		{"to nie żart potrzebuję pomocy", Danger},
		{"nu glumesc vreau sa mor", SelfHarm},
		// A "not" that is a word of the danger's own phrase is the danger, in any language
		// and word form, whoever it happens to; one before the phrase still denies it.
		{"my brother is on the floor and not breathing", Danger},
		{"she isnt breathing!!", Danger},
		{"tata nie oddycha", Danger},
		{"mama przestała oddychać", Danger},
		{"mama nu respira", Danger},
		{"bunicul nu mai respiră", Danger},
		{"ammi saans nahi le rahi", Danger},
		{"abbu saans nahi le rahe", Danger},
		{"امی سانس نہیں لے رہی", Danger},
		{"its not an emergency, just a question", None},
		{"im not being held anywhere", None},
	}
	for _, c := range cases {
		if got := Assess(c.text).Verdict(); got != c.want {
			t.Errorf("Assess(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestCommonPhrasesInPolishRomanianAndUrdu(t *testing.T) {
	cases := []struct {
		text string
		want Verdict
	}{
		{"chcę umrzeć", SelfHarm}, {"nie chcę żyć", SelfHarm}, {"chce umrzec", SelfHarm},
		{"pomocy", Danger}, {"boję się", Danger}, {"boje sie", Danger},
		{"vreau să mor", SelfHarm}, {"mă omor", SelfHarm}, {"ma omor", SelfHarm},
		{"ajutor", Danger}, {"mi-e frică", Danger}, {"mi e frica", Danger},
		{"میں مرنا چاہتا ہوں", SelfHarm}, {"ميں مرنا چاہتی ہوں", SelfHarm},
		{"مجھے ڈر لگ رہا ہے", Danger}, {"مدد", Danger}, {"madad", Danger},
		{"wykorzystuje mnie", Disclosure}, {"mă obligă să fac lucruri", Disclosure}, {"وہ مجھے چھوتا ہے", Disclosure},
	}
	for _, c := range cases {
		if got := Assess(c.text).Verdict(); got != c.want {
			t.Errorf("Assess(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestSeveralKindsAtOnce(t *testing.T) {
	r := Assess("he makes me do things with his mates and i want to kill myself")
	if !r.Has(Disclosure) || !r.Has(SelfHarm) {
		t.Errorf("got %+v, want disclosure and selfharm", r)
	}
	if r.Verdict() != SelfHarm {
		t.Errorf("verdict %v, want selfharm", r.Verdict())
	}
}

func TestVerdictLeadsWithTheMostUrgent(t *testing.T) {
	cases := []struct {
		r    Result
		want string
	}{
		{Result{}, "none"},
		{found(Disclosure), "disclosure"},
		{found(Disclosure, Images), "images"},
		{found(Exploitation, Disclosure), "exploitation"},
		{found(SelfHarm, Disclosure, Images), "selfharm"},
		{found(Danger, SelfHarm, Disclosure), "danger"},
	}
	for _, c := range cases {
		if got := c.r.Verdict().String(); got != c.want {
			t.Errorf("%+v.Verdict() = %s, want %s", c.r, got, c.want)
		}
	}
}

func TestOddInputIsSafe(t *testing.T) {
	long := strings.Repeat("the youth club was good and the staff were kind ", 2100) // about 100 KB
	cases := []struct {
		text string
		want Verdict
	}{
		{"", None},
		{"   \t\n", None},
		{"\xff\xfe\xfd", None},
		{"i want to \xff die", SelfHarm},
		{"😀😀😀🎉", None},
		{"\u200f\u200e\u202b\u202a", None},
		{"ki\u200bll my\u200bself", SelfHarm},
		{"s\u00adu\u00adi\u00adc\u00adi\u00add\u00ade", SelfHarm},
		{long, None},
		{long + " he has a knife", Danger},
		{strings.Repeat("a", 100_000), None},
		{strings.Repeat("🎉", 1000), None},
	}
	for _, c := range cases {
		if got := Assess(c.text).Verdict(); got != c.want {
			t.Errorf("Assess(%.40q…) = %v, want %v", c.text, got, c.want)
		}
	}
}

func FuzzAssess(f *testing.F) {
	for _, s := range []string{
		"", "i want to die", "he wont let me leave", "pomocy", "میں مرنا چاہتا ہوں", "\xff\xfe",
		"ki\u200bll myself", "hahahaha", "killlll", "he'll", "'", "a'b'c", "19yo 20s", "k1ll", "ﬁ",
		"madad chahiye abhi", "help میں خطرے میں ہوں pomocy", "😀🔪💊", "\u202eevil\u202c", "zabi*", "a b c d e f",
		strings.Repeat("ok ", 700) + "he has a knife", strings.Repeat("ą", 1600),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b := Assess(s), Assess(s)
		if a != b {
			t.Errorf("Assess(%q) gave %+v then %+v", s, a, b)
		}
		if a.Found[None] {
			t.Errorf("Assess(%q) found None", s)
		}
		if v := a.Verdict(); v < None || v > Danger || (v != None) != a.Has(v) {
			t.Errorf("Assess(%q): verdict %d does not fit %+v", s, v, a)
		}
	})
}

// TestTextsAsTwilioSendsThem: a text cut at Twilio's 1,600 characters, mixed scripts and
// emoji-only texts each get an answer, and a cry for help is found wherever it is.
func TestTextsAsTwilioSendsThem(t *testing.T) {
	filler := strings.Repeat("the staff at the youth club were kind and listened ", 40)[:1600-len(" pomocy on ma nóż")]
	cases := []struct {
		text string
		want func(Verdict) bool
	}{
		{filler + " pomocy on ma nóż", Verdict.Urgent},
		{"pomocy on ma nóż " + filler, Verdict.Urgent},
		{filler, func(v Verdict) bool { return v == None }},
		{"help میں خطرے میں ہوں", Verdict.Urgent},
		{"mujhe dar lag raha hai وہ مجھے مارتا ہے", Verdict.Urgent},
		{"👍", func(v Verdict) bool { return v == None }},
	}
	for _, c := range cases {
		if got := Assess(c.text).Verdict(); !c.want(got) {
			t.Errorf("Assess(%.50q…) = %v", c.text, got)
		}
	}
}

// BenchmarkAssess measures the detector (rules and model) on a typical 160-character
// text, a one-word one and one cut at Twilio's 1,600 characters, in texts per second.
func BenchmarkAssess(b *testing.B) {
	const sms = "hi sorry to text so late but my bf is like 23 and he keeps saying i owe him for stuff " +
		"and i dont really know what to do about it tbh can someone ring me pls" // 160 characters
	long := strings.Repeat("the staff at the youth club were kind and listened to me ", 30)[:1600]
	for _, c := range []struct{ name, text string }{{"sms160", sms}, {"word", "hi"}, {"twilio1600", long}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for b.Loop() {
				Assess(c.text)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
		})
	}
}

func found(vs ...Verdict) Result {
	var r Result
	for _, v := range vs {
		r.Found[v] = true
	}
	return r
}

// Round codes are what posters ask young people to text: letters and digits
// the vocabulary knows nothing in. The model once read 1 in 2 codes like
// AUD12345 as risk (digits taken for letters); such a text is left to the
// rules. Digits used as letters in a known word still count.
func TestCodesAreNotRiskButDigitsAsLettersStillAre(t *testing.T) {
	for _, prefix := range []string{"AUD", "ROUND", "E2E", "CMP", "TX", "youth"} {
		for i := 0; i < 20000; i += 7 {
			if code := fmt.Sprintf("%s%d", prefix, i); Assess(code).Verdict() != None {
				t.Fatalf("%s reads as %v", code, Assess(code).Verdict())
			}
		}
	}
	for _, text := range []string{"su1c1de", "h3lp", "999"} {
		if Assess(text).Verdict() == None {
			t.Errorf("%q is no longer read as risk", text)
		}
	}
}

// Words typed oddly, as young people type them to dodge a filter, or to be quick, read as
// the same words typed plainly: every held-out phrase (a voice the vocabulary and model were
// not written from) gets the same verdict with its Latin letters swapped for Cyrillic ones
// that look the same, with its longest risk word typed a letter at a time, and in English
// with "X to Y" typed "X2Y".
func TestWordsTypedOddlyReadAsTyped(t *testing.T) {
	cyrillic := strings.NewReplacer("a", "а", "e", "е", "o", "о", "c", "с", "p", "р", "x", "х", "y", "у", "i", "і")
	glue := regexp.MustCompile(`\b([a-z]{2,}) to ([a-z]{2,})\b`)
	changed := map[string]int{}
	for _, e := range readExampleFile(t, "testdata/heldout.tsv") {
		want := Assess(e.Text).Verdict()
		check := func(how, text string) {
			t.Helper()
			if text == e.Text {
				return
			}
			changed[how]++
			if got := Assess(text).Verdict(); got != want {
				t.Errorf("%s: %q is %v, but %q is %v", how, e.Text, want, text, got)
			}
		}
		if e.Lang != "ur" {
			check("lookalikes", cyrillic.Replace(e.Text))
		}
		longest := ""
		for _, w := range strings.Fields(e.Text) {
			if lex.vocab[w] != "" && utf8.RuneCountInString(w) > max(3, utf8.RuneCountInString(longest)) {
				longest = w
			}
		}
		if longest != "" {
			spaced := strings.Join(strings.Split(longest, ""), " ") // letter by letter, not byte by byte
			check("spaced out", strings.Replace(e.Text, longest, spaced, 1))
		}
		if e.Lang == "en" {
			check("glued with 2", glue.ReplaceAllString(e.Text, "${1}2${2}"))
		}
	}
	for _, how := range []string{"lookalikes", "spaced out", "glued with 2"} {
		if changed[how] < 20 {
			t.Errorf("%s: only %d phrases changed; the test no longer tries it", how, changed[how])
		}
	}
}
