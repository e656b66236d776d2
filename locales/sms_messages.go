package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// smsMessages are the SMS channel's words. Keep English replies to plain
// GSM-7 characters (no curly quotes, emoji or long dashes) and within two
// texts (306 characters with the numbers and links filled in). Romanian is
// sent without its accents, also within two; Polish and Urdu within four. A
// test counts every one. Numbers are never typed here: {{.Emergency}},
// {{.Childline}}, {{.Shout}}, {{.Samaritans}}, and the web addresses
// {{.Fearless}} and {{.ReportRemove}} come from content/helplines.toml, and
// {{.Help}}, {{.Info}}, {{.Lang}} are this
// language's keywords ({{.Say}} starts the feedback survey), {{.Skip}} its
// word for skipping a question.
var smsMessages = []*i18n.Message{
	&i18n.Message{ID: "SMS.KeywordHelp", Description: "Word a young person texts for who to contact; one word, capitals, no accents needed", Other: "HELP"},
	&i18n.Message{ID: "SMS.KeywordInfo", Description: "Word a young person texts to learn more; one word", Other: "INFO"},
	&i18n.Message{ID: "SMS.KeywordLang", Description: "Word a young person texts to change language; one word", Other: "LANG"},
	&i18n.Message{ID: "SMS.Welcome", Description: "First reply to a new number", Other: "Heard here: free help for young people. In danger now? Call {{.Emergency}}. Childline, free, any time: {{.Childline}}. You will not be in trouble for telling. It is not your fault. Text {{.Help}} for who to contact, {{.Info}} to learn more, {{.Lang}} for language. No one reads these texts. Text STOP to stop."},
	&i18n.Message{ID: "SMS.Help", Other: "In danger now? Call {{.Emergency}}. Childline, free, any time: {{.Childline}}. Text SHOUT to {{.Shout}}. Feel you can't go on? Samaritans: {{.Samaritans}}. More: {{.Link}}"},
	&i18n.Message{ID: "SMS.InfoMenu", Description: "Numbered list of topics; keep the numbers", Other: "Reply with a number: 1 What is exploitation? 2 Warning signs 3 It is not your fault 4 Pictures and threats online 5 Telling someone 6 Helping a friend"},
	&i18n.Message{ID: "SMS.Topic1", Description: "Short answer for topic 1; a web link follows", Other: "Sexual exploitation is when someone makes you do sexual things. They may give you gifts, money or attention first, then want something back. It is never your fault."},
	&i18n.Message{ID: "SMS.Topic2", Other: "Signs: gifts or money from someone older, an older boyfriend or girlfriend, owing someone, going missing, being asked for pictures, being taken to other places."},
	&i18n.Message{ID: "SMS.Topic3", Other: "It is not your fault. Not if you said yes, not if you went back, not if you took drink or drugs. The person who hurts you is to blame."},
	&i18n.Message{ID: "SMS.Topic4", Other: "If someone pushes you for pictures or threatens to share them, it is not your fault. You will not be in trouble for telling. Don't pay and don't send more. Childline's Report Remove can help take pictures down."},
	&i18n.Message{ID: "SMS.Topic5", Other: "You can tell a bit at a time. You should be listened to, believed and told what happens next. You can tell Childline first: {{.Childline}}."},
	&i18n.Message{ID: "SMS.Topic6", Other: "Worried about a friend? Listen and don't judge. Tell them it is not their fault. If they are in danger, tell an adult you trust or call {{.Emergency}}."},
	&i18n.Message{ID: "SMS.MoreAt", Description: "Follows a short answer; Link is a web address", Other: "More: {{.Link}}"},
	&i18n.Message{ID: "SMS.LangMenu", Description: "Names is the list of language names", Other: "Reply with your language: {{.Names}}"},
	&i18n.Message{ID: "SMS.LangSet", Description: "After changing to this language", Other: "OK, we will text you in English. Text {{.Help}} for who to contact or {{.Info}} to learn more."},
	&i18n.Message{ID: "SMS.Menu", Description: "Reply to a text we did not understand", Other: "Sorry, we did not understand. In danger now? Call {{.Emergency}}. Childline, free, any time: {{.Childline}}. Text {{.Help}} for who to contact, {{.Info}} to learn more, {{.Lang}} for language or {{.Say}} to tell us about a service."},
	&i18n.Message{ID: "SMS.Unavailable", Description: "When something is broken and we cannot read the conversation", Other: "Sorry, we can't answer your text properly just now. In danger now? Call {{.Emergency}}. Childline, free, any time: {{.Childline}}. Please text us again later."},
	&i18n.Message{ID: "SMS.RateLimited", Other: "You have sent lots of texts, so we will pause for a few minutes. In danger now? Call {{.Emergency}}. Childline, free, any time: {{.Childline}}."},
	&i18n.Message{ID: "SMS.Danger", Description: "Reply when a text says the young person is in danger now", Other: "If you are in danger now, call {{.Emergency}} and say where you are. Can't speak? Call {{.Emergency}}, then press 55 when asked. It is not your fault. Childline, free, any time: {{.Childline}}. No one reads these texts."},
	&i18n.Message{ID: "SMS.SelfHarm", Description: "Reply when a text speaks of suicide or self-harm", Other: "If your life is in danger now, call {{.Emergency}}. Please talk to someone now: Samaritans, free, any time: {{.Samaritans}}. Or text SHOUT to {{.Shout}}. You matter. No one reads these texts."},
	&i18n.Message{ID: "SMS.KeywordSay", Description: "Word a young person texts to give feedback on a service; one word", Other: "SAY"},
	&i18n.Message{ID: "SMS.KeywordSkip", Description: "Word to skip a survey question; one word", Other: "SKIP"},
	&i18n.Message{ID: "SMS.SurveyStart", Description: "Start of the feedback survey by text; Total is the number of questions, Question the first one", Other: "Thank you for helping services listen better. You don't give your name. {{.Total}} questions, reply 1 (no, not at all) to 5 (yes, completely) or {{.Skip}}. 1: {{.Question}}"},
	&i18n.Message{ID: "SMS.SurveyQuestion", Description: "One survey question; N is its number", Other: "{{.N}}: {{.Question}} Reply 1 to 5, or {{.Skip}}."},
	&i18n.Message{ID: "SMS.SurveyReask", Description: "After an answer we could not read, once", Other: "Sorry, we didn't get that. Please reply with a number from 1 (no, not at all) to 5 (yes, completely), or {{.Skip}}."},
	&i18n.Message{ID: "SMS.SurveyComment", Description: "Last step of the survey: a comment", Other: "Last one: is there anything else you want to tell us? Please don't write your name or number. Or reply {{.Skip}}."},
	&i18n.Message{ID: "SMS.SurveyThanks", Description: "News is this language's word for the latest changes", Other: "Thank you. Nobody can tell this came from you. A worker looks at everyone's answers together. Text {{.News}} to see what changed."},
	&i18n.Message{ID: "SMS.KeywordNews", Description: "Word a young person texts to hear what changed after feedback (You said, we did); one word", Other: "NEWS"},
	&i18n.Message{ID: "SMS.News", Description: "The newest 'You said, we did'; Said and Did are a worker's words, Link a web address", Other: "You said: {{.Said}} We did: {{.Did}} More: {{.Link}}"},
	&i18n.Message{ID: "SMS.NoNews", Other: "No news yet. After each survey we share what changed because of what young people said. Text {{.Say}} to tell us what you think."},
	&i18n.Message{ID: "SMS.InEnglish", Description: "Marks words that are only in English for now; short, in brackets", Other: "(In English:)"},
	&i18n.Message{ID: "SMS.RoundClosed", Description: "A young person texted the code of a survey that is closed", Other: "Thank you, but that survey is closed now. Text {{.Say}} to tell us about a service any time, or {{.News}} to see what changed."},
	&i18n.Message{ID: "SMS.Disclosure", Description: "Reply when a text tells of being hurt or exploited", Other: "Talk to Childline now, free, any time: {{.Childline}}. It is not your fault, and you will not be in trouble for telling. In danger now? Call {{.Emergency}}. No one reads these texts, so please tell Childline or an adult you trust."},
	&i18n.Message{ID: "SMS.Exploitation", Description: "Reply when a text tells of being made to carry, sell or hide drugs or money, or of owing people (criminal exploitation); Fearless is a web address where you can tell without giving your name", Other: "If you are in danger now, call {{.Emergency}}. Being made to carry, sell or hide things, or owing them, is not your fault. Childline, free, any time: {{.Childline}}. To tell without giving your name: Fearless, {{.Fearless}}"},
	&i18n.Message{ID: "SMS.Images", Description: "Reply when a text tells of nude pictures asked for, shared or used to threaten; ReportRemove is a web address", Other: "Don't pay and don't send more. It is not your fault. Report Remove can help get nude pictures of you taken down: {{.ReportRemove}} Childline, free: {{.Childline}}. In danger now? Call {{.Emergency}}."},
}
