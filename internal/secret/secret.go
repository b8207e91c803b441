// Package secret reads signing secrets as Svix's libraries read them, for
// the webhook Verifier and for webhooktest's signing, so that the two
// always agree on what key a secret stands for.
package secret

import (
	"encoding/base64"
	"errors"
	"strings"
)

// ErrNotBase64 reports a "whsec_" secret whose rest is not base64.
var ErrNotBase64 = errors.New("whsec_ secret is not base64")

// SvixKey returns the HMAC key that a Svix secret stands for: the base64
// after "whsec_"; without the prefix, the base64 decoding of s when s is
// valid base64, and s's bytes otherwise. The key may be empty ("whsec_"
// alone); callers refuse that.
func SvixKey(s string) ([]byte, error) {
	if b64, ok := strings.CutPrefix(s, "whsec_"); ok {
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			return nil, ErrNotBase64
		}
		return key, nil
	}
	if key, err := base64.StdEncoding.DecodeString(s); err == nil {
		return key, nil
	}
	return []byte(s), nil
}
