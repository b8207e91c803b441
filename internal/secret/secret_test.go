package secret_test

import (
	"encoding/base64"
	"errors"
	"testing"

	"github.com/clazarevents/sdk-go/internal/secret"
)

func TestSvixKey(t *testing.T) {
	t.Parallel()
	// The key of Svix's worked example, and the same secret cut short of
	// its padding, as Standard Webhooks' libraries' tests give it.
	example, err := base64.StdEncoding.DecodeString("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	if err != nil {
		t.Fatal(err)
	}
	unpadded, err := base64.RawStdEncoding.DecodeString("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in string
		want     []byte
		err      error
	}{
		{"whsec_ padded", "whsec_aGVsbG8=", []byte("hello"), nil},
		{"padded without prefix", "aGVsbG8=", []byte("hello"), nil},
		{"whsec_ unpadded", "whsec_aGVsbG8", []byte("hello"), nil},
		{"unpadded without prefix", "aGVsbG8", []byte("hello"), nil},
		{"example", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", example, nil},
		{"example without prefix", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", example, nil},
		{"example unpadded", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", unpadded, nil},
		{"unpadded, two characters short", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", append(example, 0x06), nil},
		{"whsec_ alone", "whsec_", []byte{}, nil},
		{"whsec_ not base64", "whsec_not base64!", nil, secret.ErrNotBase64},
		{"whsec_ wrong padding", "whsec_aGVsbG8==", nil, secret.ErrNotBase64},
		{"whsec_ impossible length", "whsec_aGVsb", nil, secret.ErrNotBase64},
		{"raw text", "not base64!", nil, secret.ErrNoPrefix},
		{"URL alphabet", "a-_b", nil, secret.ErrNoPrefix},
		{"wrong prefix", "whsek_aGVsbG8=", nil, secret.ErrNoPrefix},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := secret.SvixKey(tt.in)
			if !errors.Is(err, tt.err) || string(got) != string(tt.want) || (tt.err == nil && got == nil) {
				t.Errorf("SvixKey(%q) = %x, %v; want %x, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
