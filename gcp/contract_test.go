package gcp_test

import (
	"encoding/json"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
)

// documented holds the metadata examples of Clazar's GCP page (its later
// version, which quotes the keys). The page writes the time fields as
// descriptions of their layout, such as "Offer End Time in YYYY-MM-DD
// HH:MM:SS format"; they are replaced here by times in that layout. The
// other placeholders are kept, including the offer_type "Offer Type -
// Private/Public", which decodes as an OfferType of no known value.
var documented = map[topics.Topic]string{
	topics.GCPContractPending: `{
  "company_name": "Buyer Company Name",
  "domain": "Buyer Domain",
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "email_id": "Buyer Email Id",
  "plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term"
  }
}`,
	topics.GCPContractRegistered: `{
  "company_name": "Buyer Company Name",
  "domain": "Buyer Domain",
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "email_id": "Buyer Email Id",
  "registration_details": [{
    "field": "Registration Field",
    "value": "Field Value Buyer entered"
  }]
}`,
	topics.GCPContractActivated: `{
  "company_name": "Buyer Company Name",
  "domain": "Buyer Domain",
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "email_id": "Buyer Email Id",
  "plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  }
}`,
	topics.GCPContractPlanChangeInitiated: `{
  "company_name": "Buyer Company Name",
  "domain": "Buyer Domain",
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "email_id": "Buyer Email Id",
  "upcoming_plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  },
  "current_plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  }
}`,
	topics.GCPContractPlanChanged: `{
  "company_name": "Buyer Company Name",
  "domain": "Buyer Domain",
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "email_id": "Buyer Email Id",
  "new_plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  },
  "old_plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  }
}`,
	topics.GCPContractPlanChangeCanceled: `{
  "company_name": "Buyer Company Name",
  "domain": "Buyer Domain",
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "email_id": "Buyer Email Id",
  "canceled_plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  },
  "current_plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  }
}`,
	topics.GCPContractRenewed: `{
  "company_name": "Buyer Company Name",
  "domain": "Buyer Domain",
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "email_id": "Buyer Email Id",
  "start_at": "2023-07-01 00:00:00",
  "end_at": "2025-06-30 23:59:59",
  "plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  }
}`,
	topics.GCPContractCanceled: `{
  "company_name": "Buyer Company Name",
  "domain": "Buyer Domain",
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "email_id": "Buyer Email Id",
  "plan_details": {
    "plan_id": "Plan Id",
    "offer_type": "Offer Type - Private/Public",
    "offer_id": "Offer Id",
    "offer_term": "Offer Term",
    "offer_end_time": "2024-06-30 23:59:59",
    "offer_start_time": "2023-07-01 00:00:00"
  }
}`,
}

func TestDocumentedExamples(t *testing.T) {
	t.Parallel()
	for _, topic := range sdktest.Topics(topics.GCP, "contract") {
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
	m, err := event.DecodeAs[gcp.ContractRenewed](sdktest.Delivery(t, topics.GCPContractRenewed, documented[topics.GCPContractRenewed]))
	if err != nil {
		t.Fatal(err)
	}
	if m.EntitlementID != "GCP Entitlement Id" || m.CompanyName != "Buyer Company Name" || m.Domain != "Buyer Domain" ||
		m.AccountID != "Buyer Account Id" || m.EmailID != "Buyer Email Id" {
		t.Errorf("Entitlement = %+v", m.Entitlement)
	}
	if !m.StartAt.Equal(time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC)) || m.EndAt.String() != "2025-06-30 23:59:59" {
		t.Errorf("StartAt, EndAt = %v, %v", m.StartAt, m.EndAt)
	}
	p := m.PlanDetails
	if p.OfferType != "Offer Type - Private/Public" || p.OfferType == gcp.OfferTypePrivate || p.OfferType == gcp.OfferTypePublic {
		t.Errorf("OfferType = %q, want the documented placeholder kept", p.OfferType)
	}
	if p.OfferTerm != "Offer Term" || p.PlanID != "Plan Id" || p.OfferID != "Offer Id" {
		t.Errorf("PlanDetails = %+v", p)
	}
	if !p.OfferEndTime.Equal(time.Date(2024, 6, 30, 23, 59, 59, 0, time.UTC)) || p.OfferStartTime.Layout() != "2006-01-02 15:04:05" {
		t.Errorf("offer times = %v (%s), %v", p.OfferEndTime, p.OfferEndTime.Layout(), p.OfferStartTime)
	}
}

func TestDocumentedTimePlaceholdersAreNotTimes(t *testing.T) {
	t.Parallel()
	in := strings.Replace(documented[topics.GCPContractActivated], `"2024-06-30 23:59:59"`, `"Offer End Time in YYYY-MM-DD HH:MM:SS format"`, 1)
	if _, err := sdktest.Delivery(t, topics.GCPContractActivated, in).Decode(); !errors.Is(err, event.ErrMalformed) {
		t.Errorf("Decode of the page's literal time placeholder = %v, want ErrMalformed", err)
	}
}

func TestPlanDetails(t *testing.T) {
	const head = `{"plan_id":"enterprise-annual","offer_type":"Private","offer_id":"po-7c1e3d9a4b","offer_term":"12 Months"`
	tests := []struct {
		name  string
		in    string
		out   string // the marshalled form, if it differs from in
		start string // OfferStartTime.String()
	}{
		{name: "without offer times", in: head + `}`, start: "null"},
		{name: "with offer times", in: head + `,"offer_end_time":"2026-08-07 23:59:59","offer_start_time":"2025-08-08 00:00:00"}`, start: "2025-08-08 00:00:00"},
		{name: "null offer times", in: head + `,"offer_end_time":null,"offer_start_time":null}`, out: head + `}`, start: "null"},
		{name: "empty offer times", in: head + `,"offer_end_time":"","offer_start_time":""}`, start: ""},
		{name: "RFC 3339 offer times", in: head + `,"offer_end_time":"2026-08-07T23:59:59Z","offer_start_time":"2025-08-08T00:00:00.000Z"}`, start: "2025-08-08T00:00:00.000Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p gcp.PlanDetails
			if err := json.Unmarshal([]byte(tt.in), &p); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if got := p.OfferStartTime.String(); got != tt.start {
				t.Errorf("OfferStartTime = %q, want %q", got, tt.start)
			}
			want := tt.out
			if want == "" {
				want = tt.in
			}
			for _, v := range []any{p, &p} {
				out, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				if string(out) != want {
					t.Errorf("Marshal(%T) =\n%s\nwant\n%s", v, out, want)
				}
			}
		})
	}
}

func TestOfferType(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]gcp.OfferType{
		`"Private"`:  gcp.OfferTypePrivate,
		`"Public"`:   gcp.OfferTypePublic,
		`"PRIVATE"`:  "PRIVATE",
		`"Reseller"`: "Reseller",
		`""`:         "",
	} {
		var got gcp.OfferType
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("Unmarshal(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestPlanChangeShapes(t *testing.T) {
	t.Parallel()
	m, err := event.DecodeAs[gcp.ContractPlanChangeInitiated](sdktest.Parse(t, sdktest.Fixture(t, topics.GCPContractPlanChangeInitiated)))
	if err != nil {
		t.Fatal(err)
	}
	if m.UpcomingPlanDetails.PlanID == m.CurrentPlanDetails.PlanID || m.UpcomingPlanDetails.PlanID == "" {
		t.Errorf("plans not told apart: upcoming %q, current %q", m.UpcomingPlanDetails.PlanID, m.CurrentPlanDetails.PlanID)
	}
	if !m.UpcomingPlanDetails.OfferStartTime.After(m.CurrentPlanDetails.OfferStartTime.Time) {
		t.Errorf("upcoming plan starts %v, not after the current one %v", m.UpcomingPlanDetails.OfferStartTime, m.CurrentPlanDetails.OfferStartTime)
	}
	c, err := event.DecodeAs[gcp.ContractPlanChangeCanceled](sdktest.Parse(t, sdktest.Fixture(t, topics.GCPContractPlanChangeCanceled)))
	if err != nil {
		t.Fatal(err)
	}
	if c.CanceledPlanDetails.OfferType != gcp.OfferTypePublic || c.CanceledPlanDetails.PlanID == c.CurrentPlanDetails.PlanID {
		t.Errorf("CanceledPlanDetails = %+v, CurrentPlanDetails = %+v", c.CanceledPlanDetails, c.CurrentPlanDetails)
	}
}

func TestSharedShapes(t *testing.T) {
	t.Parallel()
	// Pending, activated and canceled carry the same metadata, so one
	// delivery's metadata decodes as each of them and marshals back alike.
	in := documented[topics.GCPContractActivated]
	var outs []string
	for _, topic := range []topics.Topic{topics.GCPContractPending, topics.GCPContractActivated, topics.GCPContractCanceled} {
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
	sdktest.Exact(t, []byte(in), sdktest.DecodeStrict(t, sdktest.Delivery(t, topics.GCPContractPending, in)))
}

func TestMalformedMetadata(t *testing.T) {
	t.Parallel()
	valid := sdktest.FixtureMetadata(t, topics.GCPContractRenewed)
	tests := map[string]struct{ key, value string }{
		"start not a time":         {"start_at", `"next year"`},
		"end a bool":               {"end_at", `true`},
		"plan details an array":    {"plan_details", `[]`},
		"offer time not a time":    {"plan_details", `{"offer_end_time":"2026-02-30 00:00:00"}`},
		"offer type a number":      {"plan_details", `{"offer_type":1}`},
		"entitlement id an object": {"entitlement_id", `{}`},
		"email an array":           {"email_id", `["a","b"]`},
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
			m, err := sdktest.Delivery(t, topics.GCPContractRenewed, string(body)).Decode()
			if !errors.Is(err, event.ErrMalformed) {
				t.Errorf("Decode = %v, %v; want an error wrapping event.ErrMalformed", m, err)
			}
		})
	}
}

func TestRegistrationDetails(t *testing.T) {
	t.Parallel()
	md := sdktest.FixtureMetadata(t, topics.GCPContractRegistered)
	md["registration_details"] = json.RawMessage(`[{"field":"Company Name","value":"Acme Robotics"},{"field":"Region","value":"us-east1","options":["us-east1","europe-west4"]}]`)
	in, err := json.Marshal(md)
	if err != nil {
		t.Fatal(err)
	}
	m, err := event.DecodeAs[gcp.ContractRegistered](sdktest.Delivery(t, topics.GCPContractRegistered, string(in)))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.RegistrationDetails) != 2 || m.RegistrationDetails[1].Value != "us-east1" || m.RegistrationDetails[1].Extra["options"] == nil {
		t.Fatalf("RegistrationDetails = %+v, want the undocumented member kept", m.RegistrationDetails)
	}
	var f gcp.RegistrationField = m.RegistrationDetails[0]
	if f.Field != "Company Name" {
		t.Errorf("first field = %+v", f)
	}
	sdktest.Exact(t, in, m)
}

func TestUnknownKeys(t *testing.T) {
	t.Parallel()
	in := strings.Replace(documented[topics.GCPContractCanceled], `"plan_id"`, `"plan_name":"Enterprise", "plan_id"`, 1)
	e := sdktest.Delivery(t, topics.GCPContractCanceled, in)
	if _, err := e.Decode(); err != nil {
		t.Errorf("Decode with an undocumented key: %v", err)
	}
	if _, err := e.DecodeStrict(); !errors.Is(err, event.ErrMalformed) || !strings.Contains(err.Error(), "plan_name") {
		t.Errorf("DecodeStrict with an undocumented key = %v, want ErrMalformed naming it", err)
	}
}
