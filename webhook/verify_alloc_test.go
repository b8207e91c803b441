//go:build !race

package webhook_test

import (
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// TestVerifyAllocs checks that verifying a valid Svix signature allocates
// nothing once the Verifier is warm, with one secret or two.
func TestVerifyAllocs(t *testing.T) {
	body := webhooktest.MustFixture("aws.contract.created")
	now := time.Now()
	current, previous := webhooktest.NewSecret(), webhooktest.NewSecret()
	h, err := webhooktest.Sign(previous, webhooktest.NewID(), now, body)
	if err != nil {
		t.Fatal(err)
	}
	v, err := webhook.NewVerifierWith(webhook.VerifierOptions{Secrets: []string{current, previous}, Now: clock(now)})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(h, body); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = v.Verify(h, body) }); n != 0 {
		t.Errorf("Verify allocates %v times per call, want 0", n)
	}
}
