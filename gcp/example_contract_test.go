package gcp_test

import (
	"fmt"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
)

func ExampleContractPlanChanged() {
	body := []byte(`{
		"id": "c1f6a9d2-8e37-4b05-b4a8-6d2e0c9f3b17",
		"topic": "gcp.contract.plan_changed",
		"origin": "GCP",
		"suborigin": "Pub/Sub",
		"timestamp": "2026-01-01T00:01:19Z",
		"metadata": {
			"company_name": "Acme Robotics",
			"domain": "acme-robotics.com",
			"entitlement_id": "6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950",
			"account_id": "9f3e2b71-5c4d-4a86-b0e1-7d2c8f6a3e95",
			"email_id": "maria.gonzalez@acme-robotics.com",
			"new_plan_details": {
				"plan_id": "enterprise-plus-annual",
				"offer_type": "Private",
				"offer_id": "po-e58b02f6c1",
				"offer_term": "12 Months",
				"offer_end_time": "2026-12-31 23:59:59",
				"offer_start_time": "2026-01-01 00:00:00"
			},
			"old_plan_details": {
				"plan_id": "standard-monthly",
				"offer_type": "Public",
				"offer_id": "skyline-standard-public",
				"offer_term": "1 Month",
				"offer_end_time": "2025-12-31 23:59:59",
				"offer_start_time": "2025-12-01 00:00:00"
			}
		}
	}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := event.DecodeAs[gcp.ContractPlanChanged](e)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.CompanyName, "changed plan on entitlement", m.EntitlementID)
	for _, p := range []struct {
		label string
		plan  gcp.PlanDetails
	}{{"old", m.OldPlanDetails}, {"new", m.NewPlanDetails}} {
		fmt.Printf("%s: %s (%s offer, %s) from %s\n", p.label, p.plan.PlanID, p.plan.OfferType, p.plan.OfferTerm, p.plan.OfferStartTime)
	}
	fmt.Println("private offer now:", m.NewPlanDetails.OfferType == gcp.OfferTypePrivate)
	// Output:
	// Acme Robotics changed plan on entitlement 6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950
	// old: standard-monthly (Public offer, 1 Month) from 2025-12-01 00:00:00
	// new: enterprise-plus-annual (Private offer, 12 Months) from 2026-01-01 00:00:00
	// private offer now: true
}
