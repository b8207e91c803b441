package webhook_test

import (
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// TestBodyLimitWithoutBound checks that the largest MaxBodyBytes works.
func TestBodyLimitWithoutBound(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}, MaxBodyBytes: math.MaxInt64})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		req  *http.Request
		want int
	}{
		{httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}")), http.StatusUnauthorized},
		{webhooktest.NewRequest(secret, webhooktest.MustFixture(topics.AWSContractCreated)), http.StatusNoContent},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, tt.req)
		if rec.Code != tt.want {
			t.Errorf("status %d, want %d", rec.Code, tt.want)
		}
	}
}

// claimedLength is a body that claims a Content-Length it never sends.
type claimedLength struct{ io.Reader }

// TestBodyBufferFollowsBytesNotClaims checks that an unsigned request whose
// Content-Length claims the whole limit, but which sends one byte, does not
// make the Handler allocate a buffer of the claimed size.
func TestBodyBufferFollowsBytesNotClaims(t *testing.T) {
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{webhooktest.NewSecret()}})
	if err != nil {
		t.Fatal(err)
	}
	serve := func() int {
		req := httptest.NewRequest(http.MethodPost, "/", claimedLength{strings.NewReader("{")})
		req.ContentLength = webhook.DefaultMaxBodyBytes
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	serve() // warm up
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	const requests = 20
	for range requests {
		if code := serve(); code != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401", code)
		}
	}
	runtime.ReadMemStats(&after)
	perRequest := (after.TotalAlloc - before.TotalAlloc) / requests
	if perRequest > 128<<10 {
		t.Errorf("an unsigned 1-byte request with Content-Length %d allocated %d bytes", webhook.DefaultMaxBodyBytes, perRequest)
	}
}
