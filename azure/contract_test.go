package azure_test

import (
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/clazarevents/sdk-go/azure"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
)

// documented holds the metadata examples of Clazar's Azure page, verbatim
// but for the email addresses, which the page shows obfuscated.
var documented = map[topics.Topic]string{
	topics.AzureContractPending: `{
  "offer_id": "listing-id",
  "subscription_id": "1896d5c7-a84a-4ec0-cd24-44690a802176",
  "beneficiary": {
    "pu_id": "100320026EEB7859",
    "email_id": "jordan.lee@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "1d618ab7-dd63-4b3d-8491-3325212ad772"
  },
  "purchaser": {
    "pu_id": "100320026EEB7859",
    "email_id": "jordan.lee@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "1d618ab7-dd63-4b3d-8491-3325212ad772"
  },
  "entitlements": {
    "plan_id": "kickoff",
    "plan_name": "Kick Off",
    "is_free_trial": false,
    "billing_term": "1 Month",
    "dimensions": [
      {
        "dimension_name": "API Requests",
        "included_quantity": 35000
      },
      {
        "dimension_name": "Integration involvement xxxx xxxxxxxx"
      }
    ]
  }
}`,
	topics.AzureContractRegistered: `{
  "offer_id": "listing-id",
  "subscription_id": "a0ccd506-1336-4eb1-dd07-8ae8a1bc205f",
  "beneficiary": {
    "pu_id": "100320026EEB7859",
    "email_id": "jordan.lee@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "1d618ab7-dd63-4b3d-8491-3325212ad772"
  },
  "purchaser": {
    "pu_id": "100320026EEB7859",
    "email_id": "jordan.lee@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "1d618ab7-dd63-4b3d-8491-3325212ad772"
  },
  "registration_details": [
    {
      "field": "Company Name",
      "value": "Acme Corp"
    },
    {
      "field": "Full Name",
      "value": "Purchase Full Name"
    },
    {
      "field": "Email Address",
      "value": "purchasing@acme-corp.com"
    },
    {
      "field": "Cloud Provider",
      "value": "Azure"
    }
  ]
}`,
	topics.AzureContractActivated: `{
  "offer_id": "listing-id",
  "subscription_id": "a9ede1cd-9105-4abd-d400-7a19cc72d80d",
  "beneficiary": {
    "pu_id": "10032002AB0ED8C5",
    "email_id": "sam.ortiz@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "4c69d4eb-a270-4818-9aec-2f701206b843"
  },
  "purchaser": {
    "pu_id": "10032002AB0ED8C5",
    "email_id": "sam.ortiz@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "4c69d4eb-a270-4818-9aec-2f701206b843"
  },
  "start_date": "2023-10-19T00:00:00.000Z",
  "end_date": "2023-11-18T00:00:00.000Z",
  "entitlements": {
    "plan_id": "basic",
    "plan_name": "Basic",
    "is_free_trial": false,
    "billing_term": "1 Month",
    "dimensions": [
      {
        "dimension_name": "API Requests",
        "included_quantity": 40000
      },
      {
        "dimension_name": "Integration involvement xxxx xxxxxxxx"
      }
    ]
  }
}`,
	topics.AzureContractQuantityChanged: `{
  "offer_id": "listing-id",
  "subscription_id": "79837f0e-4f89-4f18-d502-4332b17faa52",
  "beneficiary": {
    "pu_id": "100320029C61C1E0",
    "email_id": "kim.novak@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "70e78f1c-5838-4c5f-a047-90efbd1d5087"
  },
  "purchaser": {
    "pu_id": "100320029C61C1E0",
    "email_id": "kim.novak@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "70e78f1c-5838-4c5f-a047-90efbd1d5087"
  },
  "new_entitlements": {
    "plan_id": "basic_user",
    "plan_name": "Basic User",
    "is_free_trial": false,
    "billing_term": "1 Month",
    "number_of_users": 6
  },
  "old_entitlements": {
    "plan_id": "basic_user",
    "plan_name": "Basic User",
    "is_free_trial": false,
    "billing_term": "1 Month",
    "number_of_users": 2
  }
}`,
	topics.AzureContractPlanChanged: `{
  "offer_id": "listing-id",
  "subscription_id": "f0039812-2a04-4ff4-dc9c-c173164d4215",
  "beneficiary": {
    "pu_id": "100320026EEB7859",
    "email_id": "jordan.lee@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "1d618ab7-dd63-4b3d-8491-3325212ad772"
  },
  "purchaser": {
    "pu_id": "100320026EEB7859",
    "email_id": "jordan.lee@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "1d618ab7-dd63-4b3d-8491-3325212ad772"
  },
  "new_entitlements": {
    "plan_id": "starter",
    "plan_name": "Starter",
    "is_free_trial": false,
    "billing_term": "1 Month",
    "dimensions": [
      {
        "dimension_name": "API Requests",
        "included_quantity": 180000
      },
      {
        "dimension_name": "Integration involvement xxxx xxxxxxxx"
      }
    ]
  },
  "old_entitlements": {
    "plan_id": "basic",
    "plan_name": "Basic",
    "is_free_trial": false,
    "billing_term": "1 Month",
    "dimensions": [
      {
        "dimension_name": "API Requests",
        "included_quantity": 40000
      },
      {
        "dimension_name": "Integration involvement xxxx xxxxxxxx"
      }
    ]
  }
}`,
	topics.AzureContractRenewed: `{
  "offer_id": "listing-id",
  "subscription_id": "586731e6-4c75-459d-c181-ff9c3079d670",
  "beneficiary": {
    "pu_id": "100320029C61C1E0",
    "email_id": "kim.novak@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "70e78f1c-5838-4c5f-a047-90efbd1d5087"
  },
  "purchaser": {
    "pu_id": "100320029C61C1E0",
    "email_id": "kim.novak@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "70e78f1c-5838-4c5f-a047-90efbd1d5087"
  },
  "start_date": "2023-07-20T00:00:00.000Z",
  "end_date": "2023-08-19T00:00:00.000Z",
  "entitlements": {
    "plan_id": "basic_user",
    "plan_name": "Basic User",
    "is_free_trial": false,
    "billing_term": "1 Month",
    "number_of_users": 7
  }
}`,
	topics.AzureContractSuspended: `{
  "offer_id": "clazar_cloud_gtm_platform",
  "subscription_id": "cc33e92e-1aad-4706-deea-a3626817fa48",
  "beneficiary": {
    "pu_id": "10032000973B0B44",
    "email_id": "alex.chen@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "0900ce17-75fd-4d1b-b5ef-bbda158669b7"
  },
  "purchaser": {
    "pu_id": "10032000973B0B44",
    "email_id": "alex.chen@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "0900ce17-75fd-4d1b-b5ef-bbda158669b7"
  },
  "entitlements": {
    "plan_id": "clazar",
    "plan_name": "Clazar Cloud GTM Platform",
    "is_free_trial": false,
    "billing_term": "1 Year",
    "dimensions": [
      {
        "dimension_name": "Additional Platform Utilization"
      }
    ]
  }
}`,
	topics.AzureContractUnsubscribed: `{
  "offer_id": "listing-id",
  "subscription_id": "45330938-3b96-4f66-de8f-6594401daaf8",
  "beneficiary": {
    "pu_id": "100320026EEB7859",
    "email_id": "jordan.lee@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "1d618ab7-dd63-4b3d-8491-3325212ad772"
  },
  "purchaser": {
    "pu_id": "100320026EEB7859",
    "email_id": "jordan.lee@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "1d618ab7-dd63-4b3d-8491-3325212ad772"
  },
  "entitlements": {
    "plan_id": "kickoff",
    "plan_name": "Kick Off",
    "is_free_trial": false,
    "billing_term": "1 Month",
    "dimensions": [
      {
        "dimension_name": "API Requests",
        "included_quantity": 35000
      },
      {
        "dimension_name": "Integration involvement xxxx xxxxxxxx"
      }
    ]
  }
}`,
	topics.AzureContractReinstated: `{
  "offer_id": "clazar_cloud_gtm_platform",
  "subscription_id": "cc33e92e-1aad-4706-deea-a3626817fa48",
  "beneficiary": {
    "pu_id": "10032000973B0B44",
    "email_id": "alex.chen@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "0900ce17-75fd-4d1b-b5ef-bbda158669b7"
  },
  "purchaser": {
    "pu_id": "10032000973B0B44",
    "email_id": "alex.chen@fabrikam.com",
    "tenant_id": "10v8ebfe-c820-43e8-9826-67e18810e2a3",
    "object_id": "0900ce17-75fd-4d1b-b5ef-bbda158669b7"
  },
  "entitlements": {
    "plan_id": "clazar",
    "plan_name": "Clazar Cloud GTM Platform",
    "is_free_trial": false,
    "billing_term": "1 Year",
    "dimensions": [
      {
        "dimension_name": "Additional Platform Utilization"
      }
    ]
  }
}`,
}

func TestDocumentedExamples(t *testing.T) {
	t.Parallel()
	for _, topic := range sdktest.Topics(topics.Azure, "contract") {
		t.Run(string(topic), func(t *testing.T) {
			t.Parallel()
			example, ok := documented[topic]
			if !ok {
				t.Fatal("no documented example")
			}
			m := sdktest.DecodeStrict(t, sdktest.Delivery(t, topic, example))
			sdktest.Exact(t, []byte(example), m)
		})
	}
}

func TestDocumentedExampleValues(t *testing.T) {
	t.Parallel()
	m, err := event.DecodeAs[azure.ContractActivated](sdktest.Delivery(t, topics.AzureContractActivated, documented[topics.AzureContractActivated]))
	if err != nil {
		t.Fatal(err)
	}
	if m.SubscriptionID != "a9ede1cd-9105-4abd-d400-7a19cc72d80d" || m.OfferID != "listing-id" {
		t.Errorf("identity = %q %q", m.SubscriptionID, m.OfferID)
	}
	if m.Beneficiary.TenantID != "10v8ebfe-c820-43e8-9826-67e18810e2a3" || m.Purchaser.PUID != "10032002AB0ED8C5" {
		t.Errorf("parties = %+v %+v", m.Beneficiary, m.Purchaser)
	}
	if got := m.StartDate.UTC().Format("2006-01-02 15:04"); got != "2023-10-19 00:00" {
		t.Errorf("StartDate = %s", got)
	}
	if got := m.EndDate.String(); got != "2023-11-18T00:00:00.000Z" {
		t.Errorf("EndDate writes back as %s", got)
	}
	if m.Entitlements.BillingTerm != azure.BillingTermMonth || m.Entitlements.IsFreeTrial {
		t.Errorf("Entitlements = %+v", m.Entitlements)
	}
	if got := m.Entitlements.Dimensions[0].IncludedQuantity.String(); got != "40000" {
		t.Errorf("IncludedQuantity = %q", got)
	}
	if m.Entitlements.Dimensions[1].IncludedQuantity.IsSet() {
		t.Error("an absent included_quantity decodes as set")
	}
}

func TestEntitlementForms(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		dimensions int
		included   []string // IncludedQuantity of each dimension
		users      string
	}{
		{
			name:       "dimensions with and without included quantity",
			in:         `{"plan_id":"kickoff","plan_name":"Kick Off","is_free_trial":false,"billing_term":"1 Month","dimensions":[{"dimension_name":"API Requests","included_quantity":35000},{"dimension_name":"Support"}]}`,
			dimensions: 2,
			included:   []string{"35000", ""},
		},
		{
			name:       "included quantity as a numeric string",
			in:         `{"plan_id":"kickoff","plan_name":"Kick Off","is_free_trial":true,"billing_term":"1 Year","dimensions":[{"dimension_name":"API Requests","included_quantity":"35000.5"}]}`,
			dimensions: 1,
			included:   []string{"35000.5"},
		},
		{
			name:       "no dimensions",
			in:         `{"plan_id":"flat","plan_name":"Flat","is_free_trial":false,"billing_term":"1 Month","dimensions":[]}`,
			dimensions: 0,
		},
		{
			name:  "number of users",
			in:    `{"plan_id":"basic_user","plan_name":"Basic User","is_free_trial":false,"billing_term":"1 Month","number_of_users":6}`,
			users: "6",
		},
		{
			name:  "number of users as a numeric string",
			in:    `{"plan_id":"basic_user","plan_name":"Basic User","is_free_trial":false,"billing_term":"1 Month","number_of_users":"12"}`,
			users: "12",
		},
		{
			name: "neither form",
			in:   `{"plan_id":"basic","plan_name":"Basic","is_free_trial":false,"billing_term":"1 Month"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got azure.Entitlements
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if len(got.Dimensions) != tt.dimensions {
				t.Fatalf("%d dimensions, want %d", len(got.Dimensions), tt.dimensions)
			}
			for i, want := range tt.included {
				if q := got.Dimensions[i].IncludedQuantity; q.String() != want || q.IsSet() != (want != "") {
					t.Errorf("dimension %d: IncludedQuantity = %q (set %v), want %q", i, q, q.IsSet(), want)
				}
			}
			if got.NumberOfUsers.String() != tt.users {
				t.Errorf("NumberOfUsers = %q, want %q", got.NumberOfUsers, tt.users)
			}
			out, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.in {
				t.Errorf("Marshal =\n%s\nwant the input\n%s", out, tt.in)
			}
		})
	}
}

func TestBillingTerm(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]azure.BillingTerm{
		`"1 Month"`:  azure.BillingTermMonth,
		`"1 Year"`:   azure.BillingTermYear,
		`"3 Years"`:  "3 Years",
		`"Monthly!"`: "Monthly!",
	} {
		var got azure.BillingTerm
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("Unmarshal(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestMalformedMetadata(t *testing.T) {
	t.Parallel()
	valid := sdktest.FixtureMetadata(t, topics.AzureContractActivated)
	tests := map[string]struct{ key, value string }{
		"quantity not numeric":  {"entitlements", `{"dimensions":[{"dimension_name":"a","included_quantity":"many"}]}`},
		"quantity a bool":       {"entitlements", `{"number_of_users":true}`},
		"users a float string":  {"entitlements", `{"number_of_users":"1,5"}`},
		"dimensions an object":  {"entitlements", `{"dimensions":{}}`},
		"trial a string":        {"entitlements", `{"is_free_trial":"no"}`},
		"date not a date":       {"start_date", `"tomorrow"`},
		"date an object":        {"end_date", `{}`},
		"party a string":        {"beneficiary", `"alex.chen@fabrikam.com"`},
		"id a number":           {"subscription_id", `42`},
		"entitlements an array": {"entitlements", `[]`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			md := maps.Clone(valid)
			md[tt.key] = json.RawMessage(tt.value)
			body, err := json.Marshal(md)
			if err != nil {
				t.Fatal(err)
			}
			m, err := sdktest.Delivery(t, topics.AzureContractActivated, string(body)).Decode()
			if !errors.Is(err, event.ErrMalformed) {
				t.Errorf("Decode = %v, %v; want an error wrapping event.ErrMalformed", m, err)
			}
		})
	}
}

func TestRegistrationDetails(t *testing.T) {
	t.Parallel()
	party := `{"pu_id":"10032001F4A7C2D9","email_id":"dana.whitfield@contoso-logistics.com","tenant_id":"3f6c2a91-8d4e-4b7a-9c15-e2d07b48a6f3","object_id":"b7e41d0c-2f93-4a68-8e5d-91c3a6f0d284"}`
	in := `{"offer_id":"northwind-data-pipeline","subscription_id":"0d6a4f2e-9b13-4c87-a2e5-6f1b8d3c7a90",` +
		`"beneficiary":` + party + `,"purchaser":` + party + `,"registration_details":[{"field":"Company Name","value":"Contoso Logistics"},{"field":"Seats","value":"25","required":true,"section":{"id":2}}]}`
	m, err := event.DecodeAs[azure.ContractRegistered](sdktest.Delivery(t, topics.AzureContractRegistered, in))
	if err != nil {
		t.Fatal(err)
	}
	want := []azure.RegistrationField{{Field: "Company Name", Value: "Contoso Logistics"}, {Field: "Seats", Value: "25"}}
	for i, f := range m.RegistrationDetails {
		if f.Field != want[i].Field || f.Value != want[i].Value {
			t.Errorf("field %d = %+v, want %+v", i, f, want[i])
		}
	}
	if len(m.RegistrationDetails) != 2 || len(m.RegistrationDetails[1].Extra) != 2 {
		t.Fatalf("RegistrationDetails = %+v, want the undocumented members kept", m.RegistrationDetails)
	}
	sdktest.Exact(t, []byte(in), m)
	if _, err := sdktest.Delivery(t, topics.AzureContractRegistered, in).DecodeStrict(); err != nil {
		t.Errorf("DecodeStrict rejects undocumented members of a registration field: %v", err)
	}
}

func TestUnknownKeys(t *testing.T) {
	t.Parallel()
	in := strings.Replace(documented[topics.AzureContractRenewed], `"offer_id"`, `"offer_name":"Northwind", "offer_id"`, 1)
	e := sdktest.Delivery(t, topics.AzureContractRenewed, in)
	if _, err := e.Decode(); err != nil {
		t.Errorf("Decode with an undocumented key: %v", err)
	}
	if _, err := e.DecodeStrict(); !errors.Is(err, event.ErrMalformed) || !strings.Contains(err.Error(), "offer_name") {
		t.Errorf("DecodeStrict with an undocumented key = %v, want ErrMalformed naming it", err)
	}
}

func TestSharedShapes(t *testing.T) {
	t.Parallel()
	// Pending, suspended, unsubscribed and reinstated carry the same
	// metadata, so one delivery's metadata decodes as each of them and
	// marshals back alike.
	in := documented[topics.AzureContractSuspended]
	var outs []string
	for _, topic := range []topics.Topic{topics.AzureContractSuspended, topics.AzureContractUnsubscribed, topics.AzureContractReinstated, topics.AzureContractPending} {
		m := sdktest.DecodeStrict(t, sdktest.Delivery(t, topic, in))
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, string(out))
	}
	for i := 1; i < len(outs); i++ {
		if outs[i] != outs[0] {
			t.Errorf("shape %d marshals differently:\n%s\n%s", i, outs[i], outs[0])
		}
	}
	s := azure.ContractSuspended{StatusChange: azure.StatusChange{Subscription: azure.Subscription{SubscriptionID: "x"}}}
	if s.SubscriptionID != "x" || s.Topic() != topics.AzureContractSuspended {
		t.Errorf("promoted field or Topic wrong: %+v", s)
	}
}
