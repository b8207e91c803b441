package gcp_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
)

// documentedMetering is the metadata example of gcp.metering.submission_failed
// on Clazar's GCP page, verbatim.
const documentedMetering = `{
  "entitlement_id": "GCP Entitlement Id",
  "account_id": "Buyer Account Id",
  "quantity": "2.3",
  "dimension": "dim-1",
  "source": "orb",
  "extra_info": {
    "error": "Invalid metric ID"
  }
}`

func TestMeteringDocumentedExample(t *testing.T) {
	t.Parallel()
	e := sdktest.Delivery(t, topics.GCPMeteringSubmissionFailed, documentedMetering)
	m, ok := sdktest.DecodeStrict(t, e).(*gcp.MeteringSubmissionFailed)
	if !ok {
		t.Fatalf("DecodeStrict did not return a *gcp.MeteringSubmissionFailed")
	}
	if m.EntitlementID != "GCP Entitlement Id" || m.AccountID != "Buyer Account Id" || m.Dimension != "dim-1" || m.Source != "orb" {
		t.Errorf("MeteringSubmissionFailed = %+v", m)
	}
	if m.Quantity.String() != "2.3" || m.Quantity.Cmp(event.MustDecimal("2.30")) != 0 {
		t.Errorf("Quantity = %q, want 2.3", m.Quantity)
	}
	if m.ExtraInfo.Error != "Invalid metric ID" || len(m.ExtraInfo.Extra) != 0 {
		t.Errorf("ExtraInfo = %+v", m.ExtraInfo)
	}
	sdktest.Exact(t, []byte(documentedMetering), m)
}

func TestMeteringQuantity(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`"2.3"`, `"2.3"`},
		{`2.3`, `2.3`},
		{`"1250.50"`, `"1250.50"`},
		{`98765432109876.54321`, `98765432109876.54321`},
		{`"0"`, `"0"`},
		{`1e3`, `1e3`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			in := `{"entitlement_id":"6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950","account_id":"9f3e2b71-5c4d-4a86-b0e1-7d2c8f6a3e95",` +
				`"quantity":` + tt.in + `,"dimension":"ingested_gb","source":"orb","extra_info":{"error":"Invalid metric ID"}}`
			m, err := event.DecodeAs[gcp.MeteringSubmissionFailed](sdktest.Delivery(t, topics.GCPMeteringSubmissionFailed, in))
			if err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(m.Quantity)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("Quantity marshals as %s, want %s", out, tt.want)
			}
			sdktest.Exact(t, []byte(in), m)
		})
	}
	for _, bad := range []string{`"2,3"`, `"two"`, `true`, `[2]`} {
		t.Run(bad, func(t *testing.T) {
			t.Parallel()
			in := `{"entitlement_id":"e","dimension":"d","quantity":` + bad + `}`
			if _, err := sdktest.Delivery(t, topics.GCPMeteringSubmissionFailed, in).Decode(); !errors.Is(err, event.ErrMalformed) {
				t.Errorf("Decode with quantity %s = %v, want ErrMalformed", bad, err)
			}
		})
	}
}

func TestMeteringExtraInfo(t *testing.T) {
	t.Parallel()
	in := `{"entitlement_id":"6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950","account_id":"9f3e2b71-5c4d-4a86-b0e1-7d2c8f6a3e95",` +
		`"quantity":"2.3","dimension":"ingested_gb","source":"orb",` +
		`"extra_info":{"error":"Invalid metric ID","status":400,"details":[{"reason":"METRIC_NOT_FOUND"}]}}`
	e := sdktest.Delivery(t, topics.GCPMeteringSubmissionFailed, in)
	m, ok := sdktest.DecodeStrict(t, e).(*gcp.MeteringSubmissionFailed)
	if !ok {
		t.Fatal("DecodeStrict did not return a *gcp.MeteringSubmissionFailed")
	}
	var x gcp.ExtraInfo = m.ExtraInfo
	if x.Error != "Invalid metric ID" || string(x.Extra["status"]) != "400" || x.Extra["details"] == nil {
		t.Errorf("ExtraInfo = %+v, want the undocumented members kept", x)
	}
	sdktest.Exact(t, []byte(in), m)
}
