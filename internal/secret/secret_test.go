package secret_test

import (
	"errors"
	"testing"

	"github.com/clazarevents/sdk-go/internal/secret"
)

func TestSvixKey(t *testing.T) {
	tests := []struct {
		in, want string
		err      error
	}{
		{"whsec_aGVsbG8=", "hello", nil},
		{"aGVsbG8=", "hello", nil},
		{"not base64!", "not base64!", nil},
		{"whsec_", "", nil},
		{"whsec_not base64!", "", secret.ErrNotBase64},
	}
	for _, tt := range tests {
		got, err := secret.SvixKey(tt.in)
		if !errors.Is(err, tt.err) || string(got) != tt.want {
			t.Errorf("SvixKey(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}
