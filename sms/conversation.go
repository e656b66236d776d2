package sms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Conversation is what Heard remembers about one phone number between texts,
// for a day at most: the language, which menu the last reply offered, and
// whether we have said who we are. Never the number or what was said.
type Conversation struct {
	Lang    string  `json:"l,omitempty"`
	Menu    string  `json:"m,omitempty"` // "info" or "lang" when a number answers a menu
	Greeted bool    `json:"g,omitempty"`
	Survey  *Survey `json:"s,omitempty"` // feedback being given, one question at a time
}

// Survey is a feedback survey under way: which question is being asked (one
// past the last means the comment), the answers so far, and whether the
// current question has been asked again after an unclear reply.
//
// A round's questions are copied in when it starts, so a survey under way
// keeps its questions even if a worker changes or closes the round.
type Survey struct {
	// ID names the response the survey becomes, so that answering its last
	// question again (a retry after a crash) keeps one response. It is
	// random: nothing links it to the number or the message.
	ID        string         `json:"i,omitempty"`
	Round     string         `json:"c,omitempty"` // empty: the standing round
	Questions []string       `json:"q,omitempty"` // ids; empty: every question of the bank
	Own       string         `json:"o,omitempty"` // the round's own question, in English
	Step      int            `json:"n"`
	Answers   map[string]int `json:"a,omitempty"`
	Reasked   bool           `json:"r,omitempty"`
}

// Encode and Decode turn a conversation into the bytes a store keeps.
func (c Conversation) Encode() []byte {
	b, _ := json.Marshal(c)
	return b
}

// DecodeConversation reads stored bytes; damaged bytes start afresh rather
// than fail a young person's text.
func DecodeConversation(b []byte) Conversation {
	var c Conversation
	if json.Unmarshal(b, &c) != nil {
		return Conversation{}
	}
	return c
}

// MessageKey is the only form in which Heard keeps Twilio's id for a
// message (its MessageSid), to answer Twilio's retries of it: an HMAC-SHA256
// under the service's secret, apart from the numbers' keys. In Twilio's
// records the id finds the message's number and words.
func MessageKey(secret []byte, sid string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("message|" + sid))
	return hex.EncodeToString(mac.Sum(nil))
}

// PhoneKey is the only form in which Heard keeps a phone number: an
// HMAC-SHA256 under the service's secret, so the stored key cannot be
// turned back into the number without the secret.
func PhoneKey(secret []byte, number string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(number))
	return hex.EncodeToString(mac.Sum(nil))
}
