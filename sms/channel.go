package sms

import "time"

// Channel is how a young person reached Heard: by text message or on
// WhatsApp. Each keeps its own conversations, rate limits and retries, and
// its replies are shaped for it; the conversation itself is the same.
type Channel string

const (
	SMS      Channel = "sms"      // short texts, counted in segments; Twilio handles STOP
	WhatsApp Channel = "whatsapp" // up to 4,096 characters and *bold*; Heard confirms STOP
)

// WhatsAppLimit is the longest message WhatsApp carries, in characters.
const WhatsAppLimit = 4096

// Valid reports whether c is a channel Heard answers on.
func (c Channel) Valid() bool { return c == SMS || c == WhatsApp }

// retryFor is how long a message's reply is kept for Twilio's retries. A
// WhatsApp reply cannot be sent more than 24 hours after the young person's
// message (Twilio error 63016), so none is kept longer.
func (c Channel) retryFor() time.Duration {
	if c == WhatsApp {
		return 24 * time.Hour
	}
	return RetryWindow
}

// NumberKey is how the service names a number to its store: the channel
// and a keyed hash of the number, never the number.
func NumberKey(secret []byte, c Channel, number string) string {
	return string(c) + ":" + PhoneKey(secret, number)
}
