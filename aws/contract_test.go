package aws_test

import (
	"slices"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
)

// entitlementLayout is the documented layout of ExpirationDate.
const entitlementLayout = "2006-01-02 15:04:05"

func TestContractCreatedFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.ContractCreated](t)
	if m.ProductCode != "4hc2x8yzq9m1n7b3v5k0t6r2p" || m.CustomerIdentifier != "Z5Zb2Qd7nLx" {
		t.Errorf("identity = %q, %q", m.ProductCode, m.CustomerIdentifier)
	}
	if len(m.Entitlements) != 2 {
		t.Fatalf("%d entitlements, want 2", len(m.Entitlements))
	}
	ent := m.Entitlements[1]
	if n, ok := ent.Value.Int(); ent.Dimension != "log_ingest_gb_day" || !ok || n != 250 {
		t.Errorf("entitlement = %s %s", ent.Dimension, ent.Value)
	}
	want := time.Date(2026, 8, 7, 14, 2, 54, 0, time.UTC)
	if !ent.ExpirationDate.Equal(want) || ent.ExpirationDate.Layout() != entitlementLayout {
		t.Errorf("ExpirationDate = %v in layout %q, want %v in %q", ent.ExpirationDate.Time, ent.ExpirationDate.Layout(), want, entitlementLayout)
	}
}

func TestContractRegisteredFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.ContractRegistered](t)
	got := map[string]string{}
	for _, f := range m.RegistrationDetails {
		got[f.Field] = f.Value
	}
	if got["Email"] != "priya.raman@northwindfreight.com" || got["Company Name"] != "Northwind Freight Inc." {
		t.Errorf("registration details = %v", got)
	}
}

func TestContractModifiedFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.ContractModified](t)
	var kinds []aws.ValueKind
	for _, e := range m.NewEntitlements {
		kinds = append(kinds, e.Value.Kind())
	}
	want := []aws.ValueKind{aws.IntegerKind, aws.IntegerKind, aws.StringKind, aws.DoubleKind, aws.BooleanKind}
	if !slices.Equal(kinds, want) {
		t.Errorf("new entitlement kinds = %v, want %v", kinds, want)
	}
	if d, ok := m.NewEntitlements[3].Value.Double(); !ok || d.String() != "13.5" {
		t.Errorf("DoubleValue = %v, %v", d, ok)
	}
	if s, ok := m.NewEntitlements[2].Value.Str(); !ok || s != "premium-24x7" {
		t.Errorf("StringValue = %q, %v", s, ok)
	}
	if b, ok := m.NewEntitlements[4].Value.Bool(); !ok || !b {
		t.Errorf("BooleanValue = %v, %v", b, ok)
	}
	if old, _ := m.OldEntitlements[1].Value.Int(); old != 250 {
		t.Errorf("old log_ingest_gb_day = %d, want 250", old)
	}
}

func TestContractRenewedFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.ContractRenewed](t)
	for i := range m.NewEntitlements {
		oldEnd, newEnd := m.OldEntitlements[i].ExpirationDate, m.NewEntitlements[i].ExpirationDate
		if !newEnd.After(oldEnd.Time) {
			t.Errorf("entitlement %d: new expiration %v is not after %v", i, newEnd, oldEnd)
		}
	}
}

func TestContractCancelledFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.ContractCancelled](t)
	if len(m.OldEntitlements) != 3 {
		t.Fatalf("%d old entitlements, want 3", len(m.OldEntitlements))
	}
	for _, e := range m.OldEntitlements {
		if !e.ExpirationDate.IsZero() {
			t.Errorf("%s: ExpirationDate = %v, want none", e.Dimension, e.ExpirationDate)
		}
	}
	if b, ok := m.OldEntitlements[2].Value.Bool(); !ok || b {
		t.Errorf("audit_log_export = %v, %v; want false, true", b, ok)
	}
}

// The documented examples of the contract topics, as valid JSON: keys
// quoted and each placeholder replaced by a value of its documented kind.
// The union "IntegerValue/StringValue/DoubleValue/BooleanValue" takes a
// different member in each.
const (
	docContractCreated = `{
	  "product_code": "Product Code",
	  "customer_identifier": "Customer Identifier",
	  "entitlements": [{
	    "Dimension": "Dimension",
	    "Value": {"IntegerValue": 10},
	    "ExpirationDate": "2025-01-31 00:00:00"
	  }]
	}`
	docContractRegistered = `{
	  "product_code": "Product Code",
	  "customer_identifier": "Customer Identifier",
	  "registration_details": [{
	    "field": "field",
	    "value": "value"
	  }]
	}`
	docContractModified = `{
	  "product_code": "Product Code",
	  "customer_identifier": "Customer Identifier",
	  "old_entitlements": [{
	    "Dimension": "Old Dimension",
	    "Value": {"StringValue": "Old Value"},
	    "ExpirationDate": "2025-01-31 00:00:00"
	  }],
	  "new_entitlements": [{
	    "Dimension": "New Dimension",
	    "Value": {"StringValue": "New Value"},
	    "ExpirationDate": "2025-06-30 23:59:59"
	  }]
	}`
	docContractRenewed = `{
	  "product_code": "Product Code",
	  "customer_identifier": "Customer Identifier",
	  "old_entitlements": [{
	    "Dimension": "Dimension",
	    "Value": {"DoubleValue": 1.5},
	    "ExpirationDate": "2025-01-31 00:00:00"
	  }],
	  "new_entitlements": [{
	    "Dimension": "Dimension",
	    "Value": {"DoubleValue": 1.5},
	    "ExpirationDate": "2026-01-31 00:00:00"
	  }]
	}`
	docContractCancelled = `{
	  "product_code": "Product Code",
	  "customer_identifier": "Customer Identifier",
	  "old_entitlements": [{
	    "Dimension": "Dimension",
	    "Value": {"BooleanValue": true}
	  }]
	}`
)

func TestContractDocExamples(t *testing.T) {
	t.Parallel()
	t.Run("created", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.ContractCreated](t, docContractCreated)
		if n, _ := m.Entitlements[0].Value.Int(); n != 10 || m.ProductCode != "Product Code" {
			t.Errorf("decoded %+v", m)
		}
	})
	t.Run("registered", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.ContractRegistered](t, docContractRegistered)
		if len(m.RegistrationDetails) != 1 || m.RegistrationDetails[0].Field != "field" || m.RegistrationDetails[0].Value != "value" {
			t.Errorf("registration details = %+v", m.RegistrationDetails)
		}
	})
	t.Run("modified", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.ContractModified](t, docContractModified)
		if s, _ := m.NewEntitlements[0].Value.Str(); s != "New Value" || m.OldEntitlements[0].Dimension != "Old Dimension" {
			t.Errorf("decoded %+v", m)
		}
	})
	t.Run("renewed", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.ContractRenewed](t, docContractRenewed)
		if m.NewEntitlements[0].ExpirationDate.Year() != 2026 {
			t.Errorf("new ExpirationDate = %v", m.NewEntitlements[0].ExpirationDate)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.ContractCancelled](t, docContractCancelled)
		if b, ok := m.OldEntitlements[0].Value.Bool(); !ok || !b {
			t.Errorf("old entitlement value = %s", m.OldEntitlements[0].Value)
		}
	})
}

func TestRegistrationFieldKeepsUnknownMembers(t *testing.T) {
	t.Parallel()
	in := `{"product_code":"p","customer_identifier":"c","registration_details":[{"field":"Plan","value":"Team","required":true,"options":["Team","Enterprise"]}]}`
	m := decodeDoc[aws.ContractRegistered](t, in)
	if got := string(m.RegistrationDetails[0].Extra["options"]); got != `["Team","Enterprise"]` {
		t.Errorf("Extra[options] = %s", got)
	}
}
