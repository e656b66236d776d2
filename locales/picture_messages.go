package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// pictureMessages answer a message that came with a picture (or another
// file), which Heard never opens. {{.Childline}} and {{.ReportRemove}} (an
// address) come from content/helplines.toml; {{.Link}} is Heard's page about
// pictures and threats online. The SMS one fits the SMS limits (see
// smsMessages); the WhatsApp one may be longer.
var pictureMessages = []*i18n.Message{
	&i18n.Message{ID: "SMS.Picture", Description: "Reply by text to a picture: we never look at it", Other: "We can't see pictures here. Please don't send pictures of yourself to anyone. If someone has one of you or says they will share it, it is not your fault. Report Remove can help take it down. Childline, free: {{.Childline}}. More: {{.Link}}"},
	&i18n.Message{ID: "WhatsApp.Picture", Description: "Reply on WhatsApp to a picture or file: we never look at it. Report Remove is Childline's service for taking a nude picture of someone under 18 off the internet", Other: "We can't see pictures or open files here.\nPlease don't send pictures of yourself to anyone.\nIf someone has a picture of you, or says they will share one, it is not your fault, and you will not be in trouble for telling. Report Remove can help get it taken down: {{.ReportRemove}}\nTalk to Childline, free, any time: {{.Childline}}."},
}
