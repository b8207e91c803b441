package aws_test

import (
	"testing"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
)

func TestMeteringSubmissionFailedFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.MeteringSubmissionFailed](t)
	if m.Quantity.String() != "37" || m.Source != "orb" || m.Dimension != "log_ingest_overage_gb" {
		t.Errorf("decoded %+v", m)
	}
	if m.ExtraInfo.Error != "You have metered usage for a CustomerIdentifier that does not exist." {
		t.Errorf("extra_info.error = %q", m.ExtraInfo.Error)
	}
}

// docMeteringSubmissionFailed is the documented example, which is valid
// JSON once its keys are quoted.
const docMeteringSubmissionFailed = `{
  "customer_identifier": "Customer Identifier",
  "product_code": "Product Code",
  "quantity": "2",
  "source": "orb",
  "dimension": "dim-1",
  "extra_info": {
    "error": "You have metered usage for a CustomerIdentifier that does not exist."
  }
}`

func TestMeteringSubmissionFailedDocExample(t *testing.T) {
	t.Parallel()
	m := decodeDoc[aws.MeteringSubmissionFailed](t, docMeteringSubmissionFailed)
	if m.Quantity.String() != "2" || m.Quantity.Rat().Num().Int64() != 2 {
		t.Errorf("quantity = %s", m.Quantity)
	}
	if out, _ := m.Quantity.MarshalJSON(); string(out) != `"2"` {
		t.Errorf("quantity marshals as %s, want the string it was read as", out)
	}
}

func TestMeteringQuantityAndExtraInfo(t *testing.T) {
	tests := []struct {
		name, metadata, quantity string
		extra                    []string
	}{
		{"number quantity", `{"customer_identifier":"c","product_code":"p","quantity":2.5,"extra_info":{}}`, "2.5", nil},
		{"large quantity", `{"customer_identifier":"c","product_code":"p","quantity":"18446744073709551617"}`, "18446744073709551617", nil},
		{"extra info members", `{"customer_identifier":"c","product_code":"p","quantity":"1","extra_info":{"error":"Throttled","status":429,"retry_after_seconds":30}}`, "1", []string{"retry_after_seconds", "status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := decodeStrict[aws.MeteringSubmissionFailed](t, sdktest.Delivery(t, topics.AWSMeteringSubmissionFailed, tt.metadata))
			if m.Quantity.String() != tt.quantity {
				t.Errorf("quantity = %s, want %s", m.Quantity, tt.quantity)
			}
			for _, k := range tt.extra {
				if _, ok := m.ExtraInfo.Extra[k]; !ok {
					t.Errorf("extra_info lost %q", k)
				}
			}
		})
	}
}
