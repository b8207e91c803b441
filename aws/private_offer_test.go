package aws_test

import (
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
)

func TestPrivateOfferCreatedFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.PrivateOfferCreated](t)
	if m.OfferID != "offer-4q2zxw7kcm3ye" || !m.FlexiblePaymentEnabled {
		t.Errorf("offer %q, flexible payment %v", m.OfferID, m.FlexiblePaymentEnabled)
	}
	if len(m.Buyers) != 2 || m.Buyers[0].AWSAccountID != "482913576024" {
		t.Errorf("buyers = %+v", m.Buyers)
	}
	d := m.ContractDimensions[1]
	if d.APIName != "log_ingest_gb_day" || d.Units.String() != "250" || d.Price.String() != "43.20" {
		t.Errorf("contract dimension = %+v", d)
	}
	if fee := m.AdditionalUsageFees[0]; fee.Price.String() != "0.0875" {
		t.Errorf("usage fee price = %s", fee.Price)
	}

	// The schedule's payments add up to the contract's price.
	total := m.FlexiblePaymentSchedule[0].PaymentAmount.Rat()
	for _, p := range m.FlexiblePaymentSchedule[1:] {
		total.Add(total, p.PaymentAmount.Rat())
	}
	contract := m.ContractDimensions[0].Price.Rat()
	for _, d := range m.ContractDimensions[1:] {
		price := d.Price.Rat()
		contract.Add(contract, price.Mul(price, d.Units.Rat()))
	}
	if total.Cmp(contract) != 0 {
		t.Errorf("payments total %s, contract %s", total.FloatString(2), contract.FloatString(2))
	}

	p := m.FlexiblePaymentSchedule[0]
	if !p.PaymentDate.Equal(time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)) || p.PaymentDate.Layout() != "2006-01-02" {
		t.Errorf("payment date = %v in layout %q", p.PaymentDate.Time, p.PaymentDate.Layout())
	}
}

// docPrivateOfferCreated is the documented example as valid JSON, with the
// placeholders {Units}, {Price} and {Amount} replaced by numbers and the
// payment date written as documented.
const docPrivateOfferCreated = `{
  "offer_name": "Private Offer Name",
  "offer_id": "Private Offer Id",
  "flexible_payment_enabled": true,
  "buyers": [{
    "company_name": "Buyer Company Name",
    "aws_account_id": "Buyer AWS Account Id"
  }],
  "contract_dimensions": [{
    "name": "Dimension",
    "api_name": "dimension_api_name",
    "description": "Dimension Description",
    "units": 10,
    "price": 99.99
  }],
  "additional_usage_fees": [{
    "api_name": "dimension_api_name",
    "description": "Dimension Description",
    "price": 0.25
  }],
  "offer_url": "https://example.com",
  "flexible_payment_schedule": [{
    "payment_amount": 999.90,
    "payment_date": "2025-01-31"
  }]
}`

func TestPrivateOfferCreatedDocExample(t *testing.T) {
	t.Parallel()
	m := decodeDoc[aws.PrivateOfferCreated](t, docPrivateOfferCreated)
	if m.OfferName != "Private Offer Name" || m.OfferURL != "https://example.com" {
		t.Errorf("decoded %+v", m)
	}
	if got := m.FlexiblePaymentSchedule[0].PaymentAmount.String(); got != "999.90" {
		t.Errorf("payment_amount = %s, want the digits 999.90", got)
	}
	if d := m.ContractDimensions[0]; d.Name != "Dimension" || d.APIName != "dimension_api_name" {
		t.Errorf("contract dimension = %+v", d)
	}
}
