package accounts

import (
	"crypto/subtle"
	"io"
	"strings"
)

// Recovery codes let a worker sign in without their phone: RecoveryCodes of
// them, each used once, shown once when they are made and kept only as
// hashes. Making new ones replaces them all.
//
// Each is recoveryLength characters of Crockford's base32 (no i, l, o or u,
// so nothing reads as another), drawn at random: 50 bits. They are kept as
// an HMAC-SHA256 under a key derived from HEARD_SECRET (factorKeys), not a
// slow password hash: a slow hash defends a guessable secret against whoever
// holds its hash, but these are random and long, a copy of the store without
// HEARD_SECRET cannot test a single guess offline, and online every guess
// counts toward the account's lock-out (five in 15 minutes: 2^50 codes would
// take longer than anyone lives). Whoever holds both the store and
// HEARD_SECRET can already open the TOTP secrets, so nothing slower would
// keep them out.
const (
	RecoveryCodes  = 10
	recoveryLength = 10
	recoveryAlpha  = "0123456789abcdefghjkmnpqrstvwxyz"
)

// newRecoveryCodes makes RecoveryCodes codes from random, each shown as two
// groups of five ("k3m9q-x7v2a").
func newRecoveryCodes(random io.Reader) ([]string, error) {
	codes := make([]string, RecoveryCodes)
	buf := make([]byte, recoveryLength)
	for i := range codes {
		if _, err := io.ReadFull(random, buf); err != nil {
			return nil, err
		}
		for j, b := range buf {
			buf[j] = recoveryAlpha[b%32] // 256 is a multiple of 32: every character is as likely
		}
		codes[i] = string(buf[:5]) + "-" + string(buf[5:])
	}
	return codes, nil
}

// normaliseRecovery is a recovery code as typed, in the form it is hashed:
// lower case, without spaces or hyphens, and with the letters people type
// for digits (o for 0, i and l for 1) read as Crockford's base32 reads them.
func normaliseRecovery(code string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\t':
			return -1
		case 'o', 'O':
			return '0'
		case 'i', 'I', 'l', 'L':
			return '1'
		}
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, code)
}

// findHash returns the index of want among hashes, or -1. Every hash is
// compared, in constant time, so the time taken says nothing of which one
// matched or how closely any did.
func findHash(hashes [][]byte, want []byte) int {
	found := -1
	for i, h := range hashes {
		if subtle.ConstantTimeCompare(h, want) == 1 {
			found = i
		}
	}
	return found
}
