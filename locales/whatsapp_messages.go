package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// whatsappMessages are the words WhatsApp gets in place of the SMS ones
// (same IDs after "WhatsApp."): no instructions that only work by text
// message, and WhatsApp's *bold* for the one line that matters. WhatsApp
// carries up to 4,096 characters, so these need not fit a text. Fields as
// in smsMessages; numbers come only from content/helplines.toml.
var whatsappMessages = []*i18n.Message{
	&i18n.Message{ID: "WhatsApp.Welcome", Description: "First reply on WhatsApp. *...* is bold on WhatsApp: keep the stars around the whole danger line. STOP stays in English (Heard understands only the English word)", Other: "Heard here: free help for young people.\n*In danger now? Call {{.Emergency}}.*\nChildline, free, any time: {{.Childline}}. You will not be in trouble for telling. It is not your fault.\nSend {{.Help}} for who to contact, {{.Info}} to learn more, {{.Lang}} for language. No one reads these messages. We only ever answer you. To stop, send STOP and we forget this chat, or block this number."},
	&i18n.Message{ID: "WhatsApp.Help", Description: "Who to contact, on WhatsApp; Shout is reached by text message (SMS), not WhatsApp", Other: "*In danger now? Call {{.Emergency}}.*\nChildline, free, any time: {{.Childline}}.\nText SHOUT to {{.Shout}}.\nFeel you can't go on? Samaritans: {{.Samaritans}}.\nMore: {{.Link}}"},
	&i18n.Message{ID: "WhatsApp.Menu", Description: "Reply on WhatsApp to a message we did not understand", Other: "Sorry, we did not understand.\n*In danger now? Call {{.Emergency}}.*\nChildline, free, any time: {{.Childline}}.\nSend {{.Help}} for who to contact, {{.Info}} to learn more, {{.Lang}} for language or {{.Say}} to tell us about a service."},
	&i18n.Message{ID: "WhatsApp.Danger", Description: "Reply on WhatsApp when a message says the young person is in danger now", Other: "*If you are in danger now, call {{.Emergency}} and say where you are.*\nCan't speak? Call {{.Emergency}}, then press 55 when asked. It is not your fault. Childline, free, any time: {{.Childline}}. No one reads these messages."},
	&i18n.Message{ID: "WhatsApp.SelfHarm", Description: "Reply on WhatsApp when a message speaks of suicide or self-harm", Other: "*If your life is in danger now, call {{.Emergency}}.*\nPlease talk to someone now: Samaritans, free, any time: {{.Samaritans}}. Or text SHOUT to {{.Shout}}. You matter. No one reads these messages."},
	&i18n.Message{ID: "WhatsApp.Disclosure", Description: "Reply on WhatsApp when a message tells of being hurt or exploited", Other: "Talk to Childline now, free, any time: {{.Childline}}. It is not your fault, and you will not be in trouble for telling.\n*In danger now? Call {{.Emergency}}.*\nNo one reads these messages, so please tell Childline or an adult you trust."},
	&i18n.Message{ID: "WhatsApp.Unavailable", Description: "On WhatsApp, when something is broken and we cannot read the conversation", Other: "Sorry, we can't answer your message properly just now.\n*In danger now? Call {{.Emergency}}.*\nChildline, free, any time: {{.Childline}}. Please message us again later."},
	&i18n.Message{ID: "WhatsApp.RateLimited", Other: "You have sent lots of messages, so we will pause for a few minutes.\n*In danger now? Call {{.Emergency}}.*\nChildline, free, any time: {{.Childline}}."},
	&i18n.Message{ID: "WhatsApp.Stop", Description: "Reply on WhatsApp to STOP (Twilio does not handle STOP on WhatsApp, so Heard confirms it)", Other: "OK. We have forgotten this chat. We never message first: we only answer you. You can also block this number or delete the chat."},
}
