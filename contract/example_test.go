package contract_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// A buyer's deliveries arrive out of order: the cancellation before the
// modification, which then arrives twice. The late modification updates
// the entitlements the contract had, but does not re-grant it.
func ExampleBook() {
	j, _ := webhooktest.NewJourney(topics.AWS, 1)
	created, modified, cancelled := j.Events[0], j.Events[2], j.Events[4]

	book := contract.NewBook()
	for _, e := range []*event.Event{created, cancelled, modified, modified} {
		c, err := book.Apply(context.Background(), e, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-22s changed=%-5v status=%-9s %s=%s\n", e.Topic, c.Changed(), c.After.Status,
			c.After.Entitlements[0].Dimension, c.After.Entitlements[0].Value)
	}
	s, _, _ := book.Get(context.Background(), contract.AWSKey("4hc2x8yzq9m1n7b3v5k0t6r2p", "cust-000001"))
	fmt.Println(s.Key, s.Status, len(s.EventIDs), "events")
	// Output:
	// aws.contract.created   changed=true  status=active    tier=1
	// aws.contract.cancelled changed=true  status=cancelled tier=1
	// aws.contract.modified  changed=true  status=cancelled tier=2
	// aws.contract.modified  changed=false status=cancelled tier=2
	// aws:4hc2x8yzq9m1n7b3v5k0t6r2p/cust-000001 cancelled 3 events
}

// Watch provisions from a Handler's deliveries: fn runs once per change.
func ExampleWatch() {
	secret := webhooktest.NewSecret()
	h, _ := webhook.NewHandler(webhook.Options{Secrets: []string{secret}})
	contract.Watch(h, contract.NewBook(), func(ctx context.Context, c contract.Change) error {
		d, _ := webhook.FromContext(ctx)
		s := c.After
		switch {
		case c.Granted():
			fmt.Println(d.Topic, "grant", s.Plan)
		case c.Revoked():
			fmt.Println(d.Topic, "revoke", s.Status)
		case s.PendingPlan != "":
			fmt.Println(d.Topic, "update", s.Status, s.Plan, "pending", s.PendingPlan)
		default:
			fmt.Println(d.Topic, "update", s.Status, s.Plan)
		}
		return nil
	})
	j, _ := webhooktest.NewJourney(topics.GCP, 1)
	for _, r := range j.Requests(secret) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != http.StatusNoContent {
			fmt.Println(rec.Code, rec.Body)
		}
	}
	// Output:
	// gcp.contract.pending update pending standard-monthly
	// gcp.contract.registered update pending standard-monthly
	// gcp.contract.activated grant standard-monthly
	// gcp.contract.plan_change_initiated update active standard-monthly pending team-annual
	// gcp.contract.plan_change_canceled update active standard-monthly
	// gcp.contract.plan_change_initiated update active standard-monthly pending enterprise-annual
	// gcp.contract.plan_changed update active enterprise-annual
	// gcp.contract.renewed update active enterprise-annual
	// gcp.contract.canceled revoke cancelled
}
