package sms

import (
	"context"
	"errors"
	"time"

	"heard/feedback"
)

// Store is what the service keeps between texts. Keys name a number only
// as a keyed hash (PhoneKey); sids are Twilio's MessageSids: a store never
// sees a number or what was said. Both of Heard's stores implement it, each
// of StartText and FinishText in one round trip (Redis: one script over
// keys of one hash slot; embedded: one transaction, its fsync shared with
// other texts').
type Store interface {
	// StartText claims a text, counts it against its number's rate and
	// reads the number's conversation, all at once. A text already claimed
	// is not counted again: a retry gets the reply kept for it, or Pending
	// while its claim lasts. A claim that lapses unanswered (its holder
	// crashed) is claimed again by the next StartText.
	StartText(ctx context.Context, t TextStart) (Started, error)
	// FinishText keeps, together, the reply for the text's retries and the
	// number's next conversation, if the text's claim is still t.Token's;
	// otherwise it keeps nothing and returns ErrClaimLapsed.
	FinishText(ctx context.Context, t TextFinish) error
	// SaveResponse keeps a finished survey (once per response ID).
	SaveResponse(ctx context.Context, r feedback.Response) error
	// GetRound finds the round a code names, for a text that starts one.
	GetRound(ctx context.Context, code string) (feedback.Round, bool, error)
}

// TextStart names a text to claim and how long things last.
type TextStart struct {
	Key    string        // the number: a keyed hash, never the number
	Sid    string        // Twilio's MessageSid, as a keyed hash (MessageKey)
	Token  string        // names this claim; FinishText keeps only under it
	Claim  time.Duration // how long the claim lasts: as long as a reply may take
	Window time.Duration // the rate counter's window
}

// Started is what StartText found.
type Started struct {
	Claimed bool // the text is this caller's to answer
	Pending bool // someone else claimed it and is answering it still
	// Reply is the reply kept for a text answered before ("" is a reply
	// too: say nothing), when it is neither claimed nor pending.
	Reply string
	// When claimed: texts from the number in the window, this one
	// included, and its conversation (nil when there is none).
	Count        int64
	Conversation []byte
}

// TextFinish is what a text leaves behind.
type TextFinish struct {
	Key, Sid, Token string
	Reply           string
	ReplyFor        time.Duration // how long retries of the text get Reply
	// Conversation is the number's next conversation, kept for
	// ConversationFor; nil leaves the conversation as it was, and Forget
	// deletes it.
	Conversation    []byte
	ConversationFor time.Duration
	Forget          bool
}

// ErrClaimLapsed means a text's claim lapsed before it finished: someone
// else may be answering it, so nothing was kept.
var ErrClaimLapsed = errors.New("sms: the text's claim lapsed before its reply was kept")
