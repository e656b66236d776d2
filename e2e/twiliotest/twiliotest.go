// Package twiliotest makes requests as Twilio makes them, for tests: the
// inbound-message form and its X-Twilio-Signature.
package twiliotest

import (
	"crypto/hmac"
	"crypto/sha1"
	_ "embed"
	"encoding/base64"
	"sort"
	"strings"

	"net/url"
)

// Sign computes X-Twilio-Signature as Twilio does: HMAC-SHA1 under the auth
// token of the full URL followed by each POST field's name and value, sorted
// by name, in base64.
func Sign(token, fullURL string, form url.Values) string {
	names := make([]string, 0, len(form))
	for name := range form {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, name := range names {
		for _, v := range form[name] {
			b.WriteString(name + v)
		}
	}
	mac := hmac.New(sha1.New, []byte(token))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// heardNumber is the number young people text, as Twilio gives it in To:
// one in Ofcom's range for drama, kept in testdata/ as every fixture number
// is, so that no Go file outside tests holds a number that is not a
// verified helpline.
var heardNumber = strings.TrimSpace(heardNumberFile)

//go:embed testdata/heard-number.txt
var heardNumberFile string

// Form is a realistic inbound-message payload.
func Form(sid, from, body string) url.Values {
	return url.Values{
		"ToCountry": {"GB"}, "ToState": {""}, "SmsMessageSid": {sid}, "NumMedia": {"0"},
		"ToCity": {""}, "FromZip": {""}, "SmsSid": {sid}, "FromState": {""}, "SmsStatus": {"received"},
		"FromCity": {""}, "Body": {body}, "FromCountry": {"GB"}, "To": {heardNumber},
		"ToZip": {""}, "NumSegments": {"1"}, "MessageSid": {sid}, "AccountSid": {"AC00000000000000000000000000000000"},
		"From": {from}, "ApiVersion": {"2010-04-01"},
	}
}

// WhatsAppForm is a realistic inbound WhatsApp message's payload: From and
// To carry the whatsapp: prefix, and WhatsApp adds the sender's profile.
func WhatsAppForm(sid, from, body string) url.Values {
	return url.Values{
		"SmsMessageSid": {sid}, "NumMedia": {"0"}, "ProfileName": {"Sam"}, "MessageType": {"text"},
		"SmsSid": {sid}, "WaId": {strings.TrimPrefix(from, "+")}, "SmsStatus": {"received"}, "Body": {body},
		"To": {"whatsapp:" + heardNumber}, "NumSegments": {"1"}, "ReferralNumMedia": {"0"}, "MessageSid": {sid},
		"AccountSid": {"AC00000000000000000000000000000000"}, "From": {"whatsapp:" + from}, "ApiVersion": {"2010-04-01"},
	}
}
