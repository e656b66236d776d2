package accounts

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
)

// factorKeys are the second factor's two keys, each derived from HEARD_SECRET
// with HKDF-SHA256 (RFC 5869) under a label of its own, so that neither can
// stand in for the other, nor for anything else keyed by the same secret.
// The store never holds them: a copy of the store (a backup) without
// HEARD_SECRET can neither make a code nor test a guess at a recovery code.
type factorKeys struct {
	// seal encrypts a TOTP secret at rest (AES-256-GCM, a random nonce each
	// time), bound to the account's email.
	seal cipher.AEAD
	// recovery keys the HMAC-SHA256 that recovery codes are kept as.
	recovery []byte
}

// minSecret is the shortest HEARD_SECRET the keys are derived from, as
// Heard's configuration requires.
const minSecret = 32

var errShortSecret = errors.New("accounts: the secret the second factor's keys come from needs at least 32 bytes")

func newFactorKeys(secret []byte) (factorKeys, error) {
	if len(secret) < minSecret {
		return factorKeys{}, errShortSecret
	}
	sealKey, err := hkdf.Key(sha256.New, secret, nil, "heard: two-factor secrets at rest", 32)
	if err != nil {
		return factorKeys{}, err
	}
	recoveryKey, err := hkdf.Key(sha256.New, secret, nil, "heard: recovery codes", 32)
	if err != nil {
		return factorKeys{}, err
	}
	block, err := aes.NewCipher(sealKey)
	if err != nil {
		return factorKeys{}, err
	}
	seal, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return factorKeys{}, err
	}
	return factorKeys{seal: seal, recovery: recoveryKey}, nil
}

// sealSecret encrypts a TOTP secret for the account with this email. The
// email is authenticated with it, so a sealed secret copied to another
// account opens for nobody.
func (k factorKeys) sealSecret(email string, secret []byte) []byte {
	return k.seal.Seal(nil, nil, secret, []byte(email))
}

// openSecret decrypts what sealSecret made for the same email, under the same
// HEARD_SECRET; anything else is ErrUnreadable.
func (k factorKeys) openSecret(email string, sealed []byte) ([]byte, error) {
	secret, err := k.seal.Open(nil, nil, sealed, []byte(email))
	if err != nil {
		return nil, ErrUnreadable
	}
	return secret, nil
}

// recoveryHash is what a recovery code (normalised) is kept as: an
// HMAC-SHA256 of the account's email and the code. See recovery.go for why
// a fast keyed hash is enough here.
func (k factorKeys) recoveryHash(email, code string) []byte {
	m := hmac.New(sha256.New, k.recovery)
	m.Write([]byte(email))
	m.Write([]byte{0})
	m.Write([]byte(code))
	return m.Sum(nil)
}
