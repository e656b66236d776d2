// Package sms is Heard's SMS conversation: a text in, a reply out. It knows
// nothing of HTTP, Twilio or storage; the web layer carries texts to it and
// keeps its Conversation between texts.
package sms

import (
	"cmp"
	"crypto/rand"
	_ "embed"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"heard/content"
	"heard/feedback"
	"heard/locales"
	"heard/safety"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Reply is what to send back, and what to do with the number's records.
type Reply struct {
	Kind     string             // what the reply was, for counting: "help", "survey", "danger"...
	Flag     safety.Verdict     // what the text sounded like, when the reply leads with help for it
	Text     string             // empty: send nothing
	Forget   bool               // delete the conversation
	Feedback *feedback.Response // a finished survey, to keep
}

// Twilio's own opt-out and opt-in words: Twilio confirms these itself and
// blocks texts to a number that has opted out until it says START, so Heard
// keeps no list of its own: STOP forgets the conversation.
var (
	stopWords  = []string{"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"}
	startWords = []string{"START", "YES", "UNSTOP"}
)

// topics maps the numbers of the INFO menu to the pages they point to.
var topics = []string{"what-is-exploitation", "warning-signs", "not-your-fault", "online", "telling-someone", "helping-a-friend"}

// plainLanguages are texted without their accents: Romanian is commonly
// texted so, and one ș, ț, ă, â or î sends the whole text as UCS-2, which
// fits 70 characters a message rather than 160. The website keeps them.
var plainLanguages = map[string]bool{"ro": true}

// languageNames adds the English names of our languages to their own names,
// so a young person can ask for a language either way.
var languageNames = map[string][]string{"en": {"ENGLISH"}, "pl": {"POLISH"}, "ro": {"ROMANIAN"}, "ur": {"URDU"}}

type action int

const (
	actHelp action = iota + 1
	actInfo
	actLangMenu
	actSetLang
	actSay
	actSkip
	actNews
)

// Source is what the engine reads beyond its own words: the rounds workers
// set up and the "You said, we did" posts. The web layer reads them from
// the store for one text; a nil Source has neither.
type Source interface {
	Round(code string) (feedback.Round, bool)
	Posts() []feedback.Post
}

// extraKeywords are keywords in spellings no message file holds: Roman Urdu.
//
//go:embed keywords.toml
var extraKeywords string

var actionNames = map[string]action{"help": actHelp, "info": actInfo, "lang": actLangMenu, "say": actSay, "skip": actSkip, "news": actNews}

type keyword struct {
	act  action
	lang string // the language the word belongs to
}

// Engine answers texts, shaped for one channel (For gives the same
// conversation on another). It is safe for concurrent use.
type Engine struct {
	channel     Channel
	bank        *feedback.Bank
	now         func() time.Time
	translators map[string]*locales.Translator
	keywords    map[string]keyword // normalised word -> meaning
	numbers     map[string]any     // template data every message may use
	publicURL   string
	langNames   map[string]string // the language menu's list, per language
	written     string            // every language named as it is written
	standing    feedback.Round    // what SAY asks
	// pages are the INFO topics' whole pages, per language, as WhatsApp
	// carries them ("" where a page is too long for one message).
	pages map[string][]string
	words map[string]map[string]any // per language, what every message may use: keywords and numbers
	said  *sync.Map                 // replies that are the same every time, made once (shared by For)
}

// NewEngine builds the conversation from the site's content and messages.
// publicURL starts the web links replies carry.
func NewEngine(lib *content.Library, bundle *i18n.Bundle, bank *feedback.Bank, publicURL string) (*Engine, error) {
	e := &Engine{channel: SMS, bank: bank, now: time.Now, translators: map[string]*locales.Translator{}, keywords: map[string]keyword{},
		numbers: map[string]any{}, publicURL: strings.TrimSuffix(publicURL, "/"), standing: feedback.StandingRound(bank)}
	for field, want := range map[string][2]string{
		"Emergency": {"emergency", "call"}, "Childline": {"childline", "call"},
		"Samaritans": {"samaritans", "call"}, "Shout": {"shout", "text"},
		"Fearless": {"fearless", "report"}, "ReportRemove": {"report-remove", "report"},
	} {
		number, err := contact(lib, want[0], want[1])
		if err != nil {
			return nil, err
		}
		e.numbers[field] = number
	}
	var names, plainNames []string
	for _, l := range locales.All {
		tr := locales.NewTranslator(bundle, l.Code)
		e.translators[l.Code] = tr
		for id, act := range map[string]action{"SMS.KeywordHelp": actHelp, "SMS.KeywordInfo": actInfo,
			"SMS.KeywordLang": actLangMenu, "SMS.KeywordSay": actSay, "SMS.KeywordSkip": actSkip, "SMS.KeywordNews": actNews} {
			if err := e.addKeyword(tr.T(id), keyword{act, l.Code}); err != nil {
				return nil, err
			}
		}
		for _, name := range append([]string{l.Name}, languageNames[l.Code]...) {
			e.keywords[normalise(name)] = keyword{actSetLang, l.Code}
		}
		names = append(names, strings.ToUpper(l.Name))
		plainNames = append(plainNames, plainName(l))
	}
	if err := e.addExtraKeywords(); err != nil {
		return nil, err
	}
	// English and the plain languages are texted in GSM-7, so their menu
	// names each language in plain letters; the others show each name as it
	// is written.
	e.langNames = map[string]string{}
	for _, l := range locales.All {
		e.langNames[l.Code] = strings.Join(names, ", ")
		if l.Code == locales.Default || plainLanguages[l.Code] {
			e.langNames[l.Code] = strings.Join(plainNames, ", ")
		}
	}
	e.written = strings.Join(names, ", ")
	e.words, e.said = map[string]map[string]any{}, &sync.Map{}
	for code, tr := range e.translators {
		words := maps.Clone(e.numbers)
		for field, id := range map[string]string{"Help": "SMS.KeywordHelp", "Info": "SMS.KeywordInfo", "Lang": "SMS.KeywordLang",
			"Say": "SMS.KeywordSay", "Skip": "SMS.KeywordSkip", "News": "SMS.KeywordNews"} {
			words[field] = tr.T(id)
		}
		e.words[code] = words
	}
	e.pages = map[string][]string{}
	for _, l := range locales.All {
		for _, slug := range topics {
			p := lib.Page(l.Code, slug)
			if p == nil {
				return nil, fmt.Errorf("sms: INFO has no page %s/%s", l.Code, slug)
			}
			text := "*" + p.Title + "*\n\n" + p.Chat
			if p.Fallback {
				text = e.say(l.Code, "SMS.InEnglish") + "\n" + text
			}
			if p.Chat == "" || utf8.RuneCountInString(text) > WhatsAppLimit {
				text = ""
			}
			e.pages[l.Code] = append(e.pages[l.Code], text)
		}
	}
	return e, nil
}

// For returns the engine for a channel: the same conversation, its replies
// shaped for the channel.
func (e *Engine) For(c Channel) *Engine {
	on := *e
	on.channel = c
	if c == WhatsApp {
		// No GSM-7 to keep to: every language is named as it is written.
		on.langNames = map[string]string{}
		for _, l := range locales.All {
			on.langNames[l.Code] = e.written
		}
	}
	return &on
}

// plainName is a language's name in plain capitals: its own name without
// accents when that is in Latin letters ("ROMANA"), else its English one.
func plainName(l locales.Language) string {
	name := normalise(l.Name)
	for _, r := range name {
		if r > 'Z' {
			return languageNames[l.Code][0]
		}
	}
	return name
}

// addExtraKeywords reads keywords.toml. Its words keep the conversation's language, as
// English keywords do.
func (e *Engine) addExtraKeywords() error {
	var file map[string]map[string][]string
	md, err := toml.Decode(extraKeywords, &file)
	if err != nil {
		return fmt.Errorf("sms: keywords.toml: %w", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return fmt.Errorf("sms: keywords.toml: unknown key %s", un[0])
	}
	for _, acts := range file {
		for name, words := range acts {
			act, ok := actionNames[name]
			if !ok {
				return fmt.Errorf("sms: keywords.toml: no keyword action %q", name)
			}
			for _, w := range words {
				if err := e.addKeyword(w, keyword{act, locales.Default}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (e *Engine) addKeyword(word string, k keyword) error {
	w := normalise(word)
	if w == "" || strings.Contains(w, " ") {
		return fmt.Errorf("sms: keyword %q (%s) must be one word", word, k.lang)
	}
	if old, ok := e.keywords[w]; ok && old.act != k.act {
		return fmt.Errorf("sms: keyword %q means two things (%s, %s)", word, old.lang, k.lang)
	}
	if _, ok := e.keywords[w]; !ok {
		e.keywords[w] = k
	}
	return nil
}

// contact is how to reach a helpline one way: its number, or its address
// where it has no number.
func contact(lib *content.Library, id, kind string) (string, error) {
	if h := lib.Helpline(id); h != nil {
		for _, c := range h.Contacts {
			if c.Kind == kind && cmp.Or(c.Number, c.URL) != "" {
				return cmp.Or(c.Number, c.URL), nil
			}
		}
	}
	return "", fmt.Errorf("sms: helpline %s has no %s contact", id, kind)
}

// flagReplies is the message that answers each kind of risk. Danger and self-harm lead
// with 999; the others lead with what to do now and the help that fits.
var flagReplies = map[safety.Verdict]string{
	safety.Danger:       "SMS.Danger",
	safety.SelfHarm:     "SMS.SelfHarm",
	safety.Disclosure:   "SMS.Disclosure",
	safety.Exploitation: "SMS.Exploitation",
	safety.Images:       "SMS.Images",
}

// flagged answers a text that sounded unsafe, in lang.
func (e *Engine) flagged(lang string, v safety.Verdict) Reply {
	return Reply{Kind: v.String(), Flag: v, Text: e.say(lang, flagReplies[v])}
}

// Reserved reports whether a round code would be taken for something else:
// a keyword or language name in any language, or Twilio's opt-out words.
func (e *Engine) Reserved(code string) bool {
	word := normalise(code)
	_, taken := e.keywords[word]
	return taken || contains(stopWords, word) || contains(startWords, word)
}

// roundCoded finds the round whose code the whole text is.
func (e *Engine) roundCoded(body string, src Source) (feedback.Round, bool) {
	code := feedback.NormaliseCode(body)
	if src == nil || !feedback.ValidCode(code) {
		return feedback.Round{}, false
	}
	return src.Round(code)
}

// tidy makes a stored conversation safe to go on with: a language we
// have, a menu we know, a survey at a step it has.
func (e *Engine) tidy(conv Conversation) Conversation {
	if _, ok := e.translators[conv.Lang]; !ok {
		conv.Lang = locales.Default
	}
	if conv.Menu != "info" && conv.Menu != "lang" {
		conv.Menu = "" // stored state from an older or damaged record
	}
	if s := conv.Survey; s != nil {
		if len(s.Questions) == 0 && s.Own == "" {
			s.Round, s.Questions = "", e.standing.Questions
		}
		if s.Step < 0 || s.Step > s.length() {
			conv.Survey = nil
		} else if s.Answers == nil {
			s.Answers = map[string]int{} // stored empty, read back as none
		}
	}
	return conv
}

// Handle answers one text with no rounds or posts to read.
func (e *Engine) Handle(conv Conversation, body string) (Conversation, Reply) {
	return e.HandleFrom(conv, body, nil)
}

// HandleFrom answers one text. conv is what we remember of the number; the
// returned conversation is what to remember next. src gives the rounds a
// code can start and the news NEWS sends.
func (e *Engine) HandleFrom(conv Conversation, body string, src Source) (Conversation, Reply) {
	conv = e.tidy(conv)
	word := firstWord(body)
	switch {
	case contains(stopWords, word):
		return Conversation{}, Reply{Kind: "stop", Forget: true, Text: e.stopped(conv.Lang)}
	case contains(startWords, word):
		return Conversation{Lang: conv.Lang, Greeted: true}, Reply{Kind: "start", Text: e.say(conv.Lang, "SMS.Welcome")}
	}

	k, isKeyword := e.keywords[word]
	onlyKeyword := isKeyword && normalise(body) == word
	// A survey's last step keeps the comment whatever it says; the reply
	// leads with help when it sounds unsafe.
	if conv.Survey != nil && conv.Survey.Step >= conv.Survey.length() && !(isKeyword && k.act != actSkip) {
		return e.finishSurvey(conv, body, onlyKeyword && k.act == actSkip)
	}

	// A text that is only a round's code starts that round: the code is
	// what the round's poster asked the young person to text.
	if !isKeyword {
		if round, found := e.roundCoded(body, src); found {
			conv.Greeted, conv.Menu, conv.Survey = true, "", nil
			if !round.Takes("sms", e.now()) { // a round open to texts takes WhatsApp messages too
				return conv, Reply{Kind: "round-closed", Text: e.say(conv.Lang, "SMS.RoundClosed")}
			}
			return e.startSurvey(conv, round)
		}
	}

	// Danger comes first, whatever the conversation was doing. A text that is
	// only a keyword is answered as one: HELP's reply leads with 999 anyway.
	if verdict := safety.Assess(body).Verdict(); verdict != safety.None && !onlyKeyword {
		conv.Greeted = true
		return conv, e.flagged(conv.Lang, verdict)
	}

	greeted := conv.Greeted
	conv.Greeted = true
	if conv.Survey != nil {
		if !isKeyword || k.act == actSkip {
			return e.surveyAnswer(conv, word, isKeyword)
		}
		conv.Survey = nil // another keyword ends the survey
	}
	if isKeyword {
		// A keyword in another language means the young person reads that
		// one; English keywords work in every language without switching.
		if k.lang != locales.Default || k.act == actSetLang {
			conv.Lang = k.lang
		}
		switch k.act {
		case actHelp:
			conv.Menu = ""
			return conv, Reply{Kind: "help", Text: e.help(conv.Lang)}
		case actInfo:
			conv.Menu = "info"
			return conv, Reply{Kind: "info", Text: e.say(conv.Lang, "SMS.InfoMenu")}
		case actLangMenu:
			conv.Menu = "lang"
			return conv, Reply{Kind: "lang", Text: e.say(conv.Lang, "SMS.LangMenu", "Names", e.langNames[conv.Lang])}
		case actSetLang:
			conv.Menu = ""
			return conv, Reply{Kind: "lang", Text: e.say(conv.Lang, "SMS.LangSet")}
		case actSay:
			conv.Menu = ""
			return e.startSurvey(conv, e.standing)
		case actNews:
			conv.Menu = ""
			return conv, Reply{Kind: "news", Text: e.news(conv.Lang, src)}
		}
	}
	if n, err := strconv.Atoi(word); err == nil {
		switch {
		case conv.Menu == "lang" && n >= 1 && n <= len(locales.All):
			conv.Lang, conv.Menu = locales.All[n-1].Code, ""
			return conv, Reply{Kind: "lang", Text: e.say(conv.Lang, "SMS.LangSet")}
		case n >= 1 && n <= len(topics):
			conv.Menu = "info"
			return conv, Reply{Kind: "topic", Text: e.topic(conv.Lang, n)}
		}
	}
	if !greeted {
		return conv, Reply{Kind: "welcome", Text: e.say(conv.Lang, "SMS.Welcome")}
	}
	return conv, Reply{Kind: "menu", Text: e.say(conv.Lang, "SMS.Menu")}
}

func (s *Survey) length() int {
	if s.Own != "" {
		return len(s.Questions) + 1
	}
	return len(s.Questions)
}

// id is the id of the survey's question at step.
func (s *Survey) id(step int) string {
	if step < len(s.Questions) {
		return s.Questions[step]
	}
	return feedback.OwnID
}

// form is the survey's questions, as feedback.Check takes them.
func (e *Engine) form(s *Survey) []feedback.Question {
	return feedback.Round{Questions: s.Questions, Own: s.Own}.Form(e.bank)
}

// question is the text of the survey's question at step, in lang; a
// worker's own question is in English, and says so.
func (e *Engine) question(s *Survey, step int, lang string) string {
	if step >= len(s.Questions) {
		if lang == locales.Default {
			return s.Own
		}
		return e.say(lang, "SMS.InEnglish") + " " + s.Own
	}
	if q := e.bank.Question(s.Questions[step]); q != nil {
		text, _ := q.TextIn(lang)
		return text
	}
	return ""
}

func (e *Engine) startSurvey(conv Conversation, round feedback.Round) (Conversation, Reply) {
	s := &Survey{ID: rand.Text(), Questions: round.Questions, Own: round.Own, Answers: map[string]int{}}
	if round.Code != feedback.Standing {
		s.Round = round.Code
	}
	conv.Survey = s
	return conv, Reply{Kind: "survey", Text: e.say(conv.Lang, "SMS.SurveyStart", "Total", strconv.Itoa(s.length()),
		"Question", e.question(s, 0, conv.Lang))}
}

// newsSegments is the most texts NEWS sends: a long post is cut, at a word,
// and the link leads to the whole of it.
const newsSegments = 4

// news is the newest "You said, we did", in lang or marked as English.
func (e *Engine) news(lang string, src Source) string {
	var posts []feedback.Post
	if src != nil {
		posts = src.Posts()
	}
	if len(posts) == 0 {
		return e.say(lang, "SMS.NoNews")
	}
	said, did, fallback := posts[0].In(lang)
	for {
		text := e.say(lang, "SMS.News", "Said", said, "Did", did, "Link", e.link(lang, "you-said-we-did"))
		if fallback {
			text = e.say(lang, "SMS.InEnglish") + " " + text
		}
		if e.fits(text) || (len(said) < 20 && len(did) < 20) {
			return text
		}
		if len(did) >= len(said) {
			did = shorten(did)
		} else {
			said = shorten(said)
		}
	}
}

// fits reports whether NEWS may send text whole: in four texts, or in one
// WhatsApp message.
func (e *Engine) fits(text string) bool {
	if e.channel == WhatsApp {
		return utf8.RuneCountInString(text) <= WhatsAppLimit
	}
	_, n := Segments(text)
	return n <= newsSegments
}

// shorten drops the last word of s and marks the cut with "...".
func shorten(s string) string {
	s = strings.TrimSuffix(s, "...")
	if i := strings.LastIndexAny(strings.TrimRight(s, " "), " "); i > 0 {
		return strings.TrimRight(s[:i], " ,;:") + "..."
	}
	r := []rune(s)
	return string(r[:len(r)/2]) + "..."
}

// surveyAnswer takes a reply to a survey question: 1 to 5, or skip. An
// unclear reply is asked again once, then the question is passed over.
func (e *Engine) surveyAnswer(conv Conversation, word string, skip bool) (Conversation, Reply) {
	s := conv.Survey
	id := s.id(s.Step)
	n, err := strconv.Atoi(word)
	switch {
	case skip:
		s.Answers[id] = feedback.RatherNotSay
	case err == nil && n >= feedback.Lowest && n <= feedback.Highest:
		s.Answers[id] = n
	case !s.Reasked:
		s.Reasked = true
		return conv, Reply{Kind: "survey", Text: e.say(conv.Lang, "SMS.SurveyReask")}
	}
	s.Reasked = false
	s.Step++
	if s.Step < s.length() {
		return conv, Reply{Kind: "survey", Text: e.say(conv.Lang, "SMS.SurveyQuestion", "N", strconv.Itoa(s.Step+1),
			"Question", e.question(s, s.Step, conv.Lang))}
	}
	return conv, Reply{Kind: "survey", Text: e.say(conv.Lang, "SMS.SurveyComment")}
}

// finishSurvey turns the answers and the comment into a response to keep.
func (e *Engine) finishSurvey(conv Conversation, comment string, skipped bool) (Conversation, Reply) {
	in := feedback.Input{Answers: map[string]string{}}
	for id, n := range conv.Survey.Answers {
		in.Answers[id] = strconv.Itoa(n)
		if n == feedback.RatherNotSay {
			in.Answers[id] = "skip"
		}
	}
	if !skipped {
		in.Comment = comment
	}
	form, round, id := e.form(conv.Survey), cmp.Or(conv.Survey.Round, feedback.Standing), conv.Survey.ID
	conv.Survey, conv.Greeted = nil, true
	resp, problems := feedback.Check(form, in, round, string(e.channel), conv.Lang, e.now())
	if problems != nil {
		// Only the comment can be wrong here (texts are cut and made valid
		// before they arrive): keep the answers without it.
		in.Comment = ""
		resp, _ = feedback.Check(form, in, round, string(e.channel), conv.Lang, e.now())
	}
	resp.ID = id
	reply := Reply{Kind: "survey-done", Text: e.say(conv.Lang, "SMS.SurveyThanks"), Feedback: &resp}
	if flag := safety.Assess(comment).Verdict(); flag != safety.None && !skipped {
		reply.Flag, reply.Text = flag, e.flagged(conv.Lang, flag).Text
	}
	return conv, reply
}

// Picture answers a message that came with pictures or other files, which
// Heard never opens: it says so kindly, and who can help get a picture of
// you taken down. The words that came with them are still read for danger:
// a message that sounds unsafe is answered first as one.
func (e *Engine) Picture(conv Conversation, body string) (Conversation, Reply) {
	conv = e.tidy(conv)
	conv.Greeted = true
	note := e.say(conv.Lang, "SMS.Picture", "Link", e.link(conv.Lang, "online"))
	_, words := e.HandleFrom(Conversation{Lang: conv.Lang, Greeted: true}, body, nil)
	switch words.Kind {
	case "danger", "selfharm", "disclosure":
		return conv, Reply{Kind: words.Kind, Text: words.Text + "\n\n" + note}
	}
	return conv, Reply{Kind: "picture", Text: note}
}

// Unavailable answers a text when its conversation cannot be read (the
// store is down): danger as always; anything else gets 999 and Childline
// and is asked to text again later, in the language of its keyword if any.
func (e *Engine) Unavailable(body string) Reply {
	lang, word := locales.Default, firstWord(body)
	k, isKeyword := e.keywords[word]
	if isKeyword {
		lang = k.lang
	}
	onlyKeyword := isKeyword && normalise(body) == word
	if verdict := safety.Assess(body).Verdict(); verdict != safety.None && !onlyKeyword {
		return e.flagged(lang, verdict)
	}
	return Reply{Kind: "unavailable", Text: e.say(lang, "SMS.Unavailable")}
}

// RateLimited is the one kind reply a number gets when it has sent too many
// texts; after it, silence until the window passes.
func (e *Engine) RateLimited(conv Conversation) string {
	return e.say(conv.Lang, "SMS.RateLimited")
}

// Dangerous reports whether a text must be answered whatever the limits.
func Dangerous(body string) bool {
	return safety.Assess(body).Verdict() != safety.None
}

func (e *Engine) help(lang string) string {
	return e.say(lang, "SMS.Help", "Link", e.link(lang, "help"))
}

func (e *Engine) topic(lang string, n int) string {
	if e.channel == WhatsApp && e.pages[lang][n-1] != "" {
		return e.pages[lang][n-1] // the whole page, not a link to it
	}
	return e.say(lang, "SMS.Topic"+strconv.Itoa(n)) + " " + e.say(lang, "SMS.MoreAt", "Link", e.link(lang, topics[n-1]))
}

func (e *Engine) link(lang, slug string) string {
	return e.publicURL + "/" + lang + "/" + slug
}

// stopped is the reply to STOP: none by text, where Twilio confirms it
// itself; on WhatsApp, where Twilio does not, Heard confirms it.
func (e *Engine) stopped(lang string) string {
	if e.channel == WhatsApp {
		return e.say(lang, "WhatsApp.Stop")
	}
	return ""
}

// whatsappWords are the messages WhatsApp gets in its own words: nothing
// that only works by text message, and *bold* for the line that matters.
var whatsappWords = map[string]string{
	"SMS.Welcome": "WhatsApp.Welcome", "SMS.Help": "WhatsApp.Help", "SMS.Menu": "WhatsApp.Menu",
	"SMS.Danger": "WhatsApp.Danger", "SMS.SelfHarm": "WhatsApp.SelfHarm", "SMS.Disclosure": "WhatsApp.Disclosure",
	"SMS.Unavailable": "WhatsApp.Unavailable", "SMS.RateLimited": "WhatsApp.RateLimited", "SMS.Picture": "WhatsApp.Picture",
}

// say fills a message with the helpline numbers, this language's keywords
// and any extra fields given as name, value pairs, in the channel's words.
func (e *Engine) say(lang, id string, extra ...string) string {
	if own, ok := whatsappWords[id]; ok && e.channel == WhatsApp {
		id = own
	}
	// Most replies are the same every time: a message filled with only
	// this language's words and links is made once and kept.
	for i := 0; i < len(extra); i += 2 {
		if extra[i] != "Link" && extra[i] != "Names" {
			return e.fill(lang, id, extra)
		}
	}
	key := lang + "\x00" + id + "\x00" + strings.Join(extra, "\x00")
	if said, ok := e.said.Load(key); ok {
		return said.(string)
	}
	said := e.fill(lang, id, extra)
	e.said.Store(key, said)
	return said
}

// fill fills a message with this language's words, the numbers, and the
// extra fields, written as the channel and the language need: Romanian by
// text without its accents (GSM-7), and in Urdu every number kept in its
// reading order.
func (e *Engine) fill(lang, id string, extra []string) string {
	data := e.words[lang]
	if len(extra) > 0 {
		data = maps.Clone(data)
		for i := 0; i+1 < len(extra); i += 2 {
			data[extra[i]] = extra[i+1]
		}
	}
	tr := e.translators[lang]
	text := tr.T(id, data)
	if plainLanguages[lang] && e.channel == SMS {
		text = ToGSM7(text)
	}
	if tr.RightToLeft() {
		text = locales.NumbersLeftToRight(text)
	}
	return text
}

func contains(list []string, word string) bool {
	for _, w := range list {
		if w == word {
			return true
		}
	}
	return false
}
