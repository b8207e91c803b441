// Package secret reads signing secrets as Svix's libraries read them, for
// the webhook Verifier and for webhooktest's signing, so that the two
// always agree on what key a secret stands for.
package secret

import (
	"encoding/base64"
	"errors"
	"strings"
)

// Errors of SvixKey.
var (
	// ErrNotBase64 reports a "whsec_" secret whose rest is not base64.
	ErrNotBase64 = errors.New("whsec_ secret is not base64")

	// ErrNoPrefix reports a secret without the "whsec_" prefix that is not
	// base64 either: a mistyped secret, or a raw key, which callers must
	// ask for explicitly.
	ErrNoPrefix = errors.New("secret has no whsec_ prefix and is not base64")
)

// SvixKey returns the HMAC key that a Svix secret stands for: the standard
// base64, padded or not, after an optional "whsec_" prefix. Standard
// Webhooks' libraries accept a secret without its "=" padding, and so does
// SvixKey. The key may be empty ("whsec_" alone); callers refuse that.
func SvixKey(s string) ([]byte, error) {
	b64, prefixed := strings.CutPrefix(s, "whsec_")
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil && !strings.HasSuffix(b64, "=") {
		key, err = base64.RawStdEncoding.DecodeString(b64)
	}
	switch {
	case err == nil:
		return key, nil
	case prefixed:
		return nil, ErrNotBase64
	}
	return nil, ErrNoPrefix
}
