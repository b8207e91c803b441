package azure_test

import (
	"fmt"
	"math/big"

	"github.com/clazarevents/sdk-go/azure"
	"github.com/clazarevents/sdk-go/event"
)

func ExampleContractQuantityChanged() {
	body := []byte(`{
		"id": "e05c8b6d-2f17-4a93-b4d8-9a1c6e3f5207",
		"topic": "azure.contract.quantity_changed",
		"origin": "Azure",
		"suborigin": "Webhook",
		"timestamp": "2025-09-15T08:41:20Z",
		"metadata": {
			"offer_id": "northwind-data-pipeline",
			"subscription_id": "7c2e9a14-58bd-4f60-93a7-d1e4b0f68c25",
			"new_entitlements": {"plan_id": "basic_user", "plan_name": "Basic User", "is_free_trial": false, "billing_term": "1 Month", "number_of_users": 6},
			"old_entitlements": {"plan_id": "basic_user", "plan_name": "Basic User", "is_free_trial": false, "billing_term": "1 Month", "number_of_users": 2}
		}
	}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := event.DecodeAs[azure.ContractQuantityChanged](e)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("subscription:", m.SubscriptionID)
	fmt.Println("users:", m.OldEntitlements.NumberOfUsers, "->", m.NewEntitlements.NumberOfUsers)
	added := new(big.Rat).Sub(m.NewEntitlements.NumberOfUsers.Rat(), m.OldEntitlements.NumberOfUsers.Rat())
	fmt.Println("added:", added.RatString())
	// Output:
	// subscription: 7c2e9a14-58bd-4f60-93a7-d1e4b0f68c25
	// users: 2 -> 6
	// added: 4
}

func ExampleEntitlements() {
	body := []byte(`{
		"topic": "azure.contract.activated",
		"metadata": {
			"offer_id": "northwind-data-pipeline",
			"subscription_id": "0d6a4f2e-9b13-4c87-a2e5-6f1b8d3c7a90",
			"start_date": "2025-08-08T00:00:00.000Z",
			"end_date": "2025-09-07T00:00:00.000Z",
			"entitlements": {
				"plan_id": "basic",
				"plan_name": "Basic",
				"is_free_trial": false,
				"billing_term": "1 Month",
				"dimensions": [
					{"dimension_name": "API Requests", "included_quantity": 40000},
					{"dimension_name": "Integration Support Hours"}
				]
			}
		}
	}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := event.DecodeAs[azure.ContractActivated](e)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s (%s), %s to %s\n", m.Entitlements.PlanName, m.Entitlements.BillingTerm,
		m.StartDate.Format("Jan 2"), m.EndDate.Format("Jan 2 2006"))
	for _, d := range m.Entitlements.Dimensions {
		if d.IncludedQuantity.IsSet() {
			fmt.Printf("%s: %s included\n", d.Name, d.IncludedQuantity)
		} else {
			fmt.Printf("%s: none included\n", d.Name)
		}
	}
	// Output:
	// Basic (1 Month), Aug 8 to Sep 7 2025
	// API Requests: 40000 included
	// Integration Support Hours: none included
}
