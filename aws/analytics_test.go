package aws_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
)

func TestAnalyticsMeteredUsageFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.AnalyticsMeteredUsage](t)
	const revenue = "1843.493110834184321971"
	if m.EstimatedRevenue.String() != revenue {
		t.Errorf("estimated_revenue = %s, want %s", m.EstimatedRevenue, revenue)
	}
	// The amount has more significant digits than a binary floating-point
	// number keeps, so reading it as one would change it.
	if f, _ := strconv.ParseFloat(revenue, 64); strconv.FormatFloat(f, 'f', -1, 64) == revenue {
		t.Errorf("%s survives a binary floating-point round trip; the fixture should need more digits", revenue)
	}
	sum := event.Decimal{}.Rat()
	for _, r := range m.UsageRecords {
		sum.Add(sum, r.EstimatedRevenue.Rat())
		if r.OfferVisibility != aws.OfferVisibilityPublic {
			t.Errorf("offer_visibility = %q, want Public", r.OfferVisibility)
		}
	}
	if sum.Cmp(m.EstimatedRevenue.Rat()) != 0 {
		t.Errorf("usage records add up to %s, want exactly %s", sum.FloatString(21), m.EstimatedRevenue)
	}
	if u := m.UsageRecords[1].UsageUnits; u.String() != "1076239" || m.UsageRecords[1].InstanceType != "api_requests" {
		t.Errorf("usage record = %+v", m.UsageRecords[1])
	}
	if m.ProductCode == "" || m.UserState != "TX" || m.PayerReferenceID == "" {
		t.Errorf("buyer fields = %+v", m.AnalyticsBuyer)
	}
}

func TestAnalyticsContractFeesFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.AnalyticsContractFees](t)
	total := event.Decimal{}.Rat()
	for _, tx := range m.Transactions {
		total.Add(total, tx.Amount.Rat())
		if tx.StartDate.Layout() != "2006-01-02" || !tx.EndDate.After(tx.StartDate.Time) {
			t.Errorf("transaction %s runs %v to %v", tx.Dimension, tx.StartDate, tx.EndDate)
		}
	}
	if total.Cmp(m.TotalAmount.Rat()) != 0 {
		t.Errorf("transactions add up to %s, total_amount is %s", total.FloatString(2), m.TotalAmount)
	}
	if m.PayerAddressID == "" || m.Currency != "USD" {
		t.Errorf("payer_address_id %q, currency %q", m.PayerAddressID, m.Currency)
	}
}

func TestAnalyticsSubscriberFixtures(t *testing.T) {
	t.Parallel()
	n := decodeFixture[aws.AnalyticsNewProductSubscriber](t)
	if n.OfferVisibility != aws.OfferVisibilityPrivate || n.OfferID != "offer-4q2zxw7kcm3ye" {
		t.Errorf("new subscriber offer = %q, %q", n.OfferID, n.OfferVisibility)
	}
	c := decodeFixture[aws.AnalyticsCanceledProductSubscriber](t)
	if c.OfferVisibility != aws.OfferVisibilityPublic || c.UserCountry != "DE" {
		t.Errorf("canceled subscriber = %+v", c)
	}
}

// TestAnalyticsSubscriberShapesIdentical decodes each subscriber fixture's
// metadata as the other topic: the shapes are the same.
func TestAnalyticsSubscriberShapesIdentical(t *testing.T) {
	t.Parallel()
	pairs := [][2]topics.Topic{
		{topics.AWSAnalyticsNewProductSubscriber, topics.AWSAnalyticsCanceledProductSubscriber},
		{topics.AWSAnalyticsCanceledProductSubscriber, topics.AWSAnalyticsNewProductSubscriber},
	}
	for _, p := range pairs {
		e := parseFixture(t, p[0])
		e.Topic = p[1]
		m, err := e.DecodeStrict()
		if err != nil {
			t.Fatalf("%s metadata as %s: %v", p[0], p[1], err)
		}
		sdktest.Exact(t, e.Metadata, m)
	}
}

func TestAnalyticsDisbursementFixture(t *testing.T) {
	t.Parallel()
	m := decodeFixture[aws.AnalyticsDisbursement](t)
	if m.DisbursementStatus != aws.DisbursementStatusDisbursed || m.DisbursementTimeInDays.String() != "39" {
		t.Errorf("status %q, days %s", m.DisbursementStatus, m.DisbursementTimeInDays)
	}
	if m.DisbursementPeriod != "2025-09" || m.PaymentTerms != "Net 30" {
		t.Errorf("free text: period %q, terms %q", m.DisbursementPeriod, m.PaymentTerms)
	}
	// Gross revenue less the listing fee is the seller's net revenue, all
	// of it disbursed.
	fee := m.GrossRevenue.Rat()
	fee.Sub(fee, m.SellerNetRevenue.Rat())
	if fee.FloatString(2) != "1188.00" || m.DisbursedNetRevenue.Cmp(m.SellerNetRevenue) != 0 {
		t.Errorf("fee %s, disbursed %s, net %s", fee.FloatString(2), m.DisbursedNetRevenue, m.SellerNetRevenue)
	}
	if days := m.DisbursementDate.Sub(m.InvoiceDate.Time).Hours() / 24; strconv.Itoa(int(days)) != m.DisbursementTimeInDays.String() {
		t.Errorf("invoice to disbursement is %v days, report says %s", days, m.DisbursementTimeInDays)
	}
	if !m.AgreementAcceptanceDate.Before(m.AgreementStartDate.Time) || m.AgreementEndDate.Layout() != time.RFC3339 {
		t.Errorf("agreement dates %v, %v, %v", m.AgreementAcceptanceDate, m.AgreementStartDate, m.AgreementEndDate)
	}
	if m.PayerAWSAccountID != "482913576024" || m.SubscriberAWSAccountID != "730155842691" {
		t.Errorf("accounts %q, %q", m.PayerAWSAccountID, m.SubscriberAWSAccountID)
	}
}

// The documented examples of the analytics topics, as valid JSON: keys
// quoted, each {Amount} or {Quantity} placeholder replaced by a number or a
// numeric string, and each date placeholder by a date. "Public/Private" is
// kept as printed, to show that an unknown visibility still decodes.
const (
	docAnalyticsMeteredUsage = `{
	  "product_title": "Product Title",
	  "customer_identifier": "Customer Identifier",
	  "estimated_revenue": 12.34,
	  "currency": "Currency",
	  "user_country": "Buyer's Country",
	  "user_state": "Buyer's State",
	  "product_code": "Product Code",
	  "payer_reference_id": "Payer Reference Id",
	  "usage_records": [{
	    "estimated_revenue": 12.34,
	    "instance_type": "Dimension",
	    "usage_units": 100,
	    "usage_unit_types": "Unit Type",
	    "offer_id": "Offer Id",
	    "offer_visibility": "Public/Private"
	  }]
	}`
	docAnalyticsContractFees = `{
	  "product_title": "Product Title",
	  "customer_identifier": "Customer Identifier",
	  "total_amount": "1200.00",
	  "currency": "Currency",
	  "user_country": "Buyer's Country",
	  "user_state": "Buyer's State",
	  "product_code": "Product Code",
	  "payer_reference_id": "Payer Reference Id",
	  "payer_address_id": "Payer Address Id",
	  "transactions": [{
	    "amount": "1200.00",
	    "dimension": "Dimension",
	    "quantity": "12",
	    "start_date": "2025-01-01",
	    "end_date": "2025-12-31"
	  }]
	}`
	docAnalyticsProductSubscriber = `{
	  "product_title": "Product Title",
	  "customer_identifier": "Customer Identifier",
	  "offer_id": "Offer Id",
	  "offer_visibility": "Public/Private",
	  "user_country": "Buyer's Country",
	  "user_state": "Buyer's State",
	  "product_code": "Product Code",
	  "payer_reference_id": "Payer Reference Id"
	}`
	docAnalyticsDisbursement = `{
	  "product_title": "Product Title",
	  "agreement_id": "AWS Agreement Id",
	  "customer_identifier": "Customer Identifier",
	  "product_code": "Product Code",
	  "currency": "Currency",
	  "agreement_start_date": "2025-01-01",
	  "agreement_acceptance_date": "2024-12-30",
	  "agreement_end_date": "2025-12-31",
	  "disbursed_net_revenue": 970.00,
	  "disbursement_date": "2025-02-14",
	  "disbursement_period": "Disbursement Period",
	  "disbursement_status": "Disbursed",
	  "disbursement_time_in_days_": 44,
	  "disburse_bank_trace_id": "Bank Trace Id",
	  "gross_refund": 0,
	  "gross_revenue": 1000.00,
	  "invoice_date": "2025-01-01",
	  "invoice_id": "Invoice Id",
	  "offer_id": "Offer Id",
	  "offer_name": "Offer Name",
	  "offer_visibility": "Public/Private",
	  "payer_aws_account_id": "Payer's AWS Account Id",
	  "payer_company_name": "Payer's Company Name",
	  "payment_due_date": "2025-01-31",
	  "payment_terms": "Payment Terms",
	  "product_id": "Product Id",
	  "seller_net_revenue": 970.00,
	  "seller_tax_share": 0,
	  "seller_tax_share_refund": 0,
	  "subscriber_aws_account_id": "Buyer's AWS Account Id",
	  "subscriber_company_name": "Buyer's Company Name",
	  "subscriber_state_or_region": "Buyer's State",
	  "transaction_reference_id": "Transaction Reference Id",
	  "undisbursed_net_revenue": 0,
	  "usage_period_start_date": "2025-01-01",
	  "usage_period_end_date": "2025-01-31",
	  "wholesale_cost": 0,
	  "wholesale_cost_refund": 0
	}`
)

func TestAnalyticsDocExamples(t *testing.T) {
	t.Parallel()
	const unknown = aws.OfferVisibility("Public/Private")
	t.Run("metered_usage", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.AnalyticsMeteredUsage](t, docAnalyticsMeteredUsage)
		if m.UsageRecords[0].OfferVisibility != unknown || m.EstimatedRevenue.String() != "12.34" {
			t.Errorf("decoded %+v", m)
		}
	})
	t.Run("contract_fees", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.AnalyticsContractFees](t, docAnalyticsContractFees)
		if tx := m.Transactions[0]; tx.Quantity.String() != "12" || tx.EndDate.Month() != time.December {
			t.Errorf("transaction = %+v", tx)
		}
	})
	t.Run("new_product_subscriber", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.AnalyticsNewProductSubscriber](t, docAnalyticsProductSubscriber)
		if m.OfferVisibility != unknown || m.PayerReferenceID != "Payer Reference Id" {
			t.Errorf("decoded %+v", m)
		}
	})
	t.Run("canceled_product_subscriber", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.AnalyticsCanceledProductSubscriber](t, docAnalyticsProductSubscriber)
		if m.OfferVisibility != unknown || m.ProductTitle != "Product Title" {
			t.Errorf("decoded %+v", m)
		}
	})
	t.Run("disbursement", func(t *testing.T) {
		t.Parallel()
		m := decodeDoc[aws.AnalyticsDisbursement](t, docAnalyticsDisbursement)
		if m.OfferVisibility != unknown || m.DisbursementPeriod != "Disbursement Period" || m.GrossRevenue.String() != "1000.00" {
			t.Errorf("decoded %+v", m)
		}
	})
}

// TestAnalyticsDateLayouts decodes plausible values of the analytics date
// fields, whose layout is not documented, in each layout event.LooseTime
// reads, and text in no layout, and checks that each decodes to its instant
// (zero for the text) and marshals back unchanged.
func TestAnalyticsDateLayouts(t *testing.T) {
	tests := []struct {
		value string // a JSON value
		want  time.Time
	}{
		{`"2025-09-15T00:00:00Z"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`"2025-09-15T00:00:00.000Z"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`"2025-09-15T09:30:00-07:00"`, time.Date(2025, 9, 15, 16, 30, 0, 0, time.UTC)},
		{`"2025-09-15 16:30:00"`, time.Date(2025, 9, 15, 16, 30, 0, 0, time.UTC)},
		{`"2025-09-15"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`"2025/09/15"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`"09/15/2025"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`1757894400`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`1757894400000`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`"Sep 15, 2025"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`"15-Sep-2025"`, time.Date(2025, 9, 15, 0, 0, 0, 0, time.UTC)},
		{`"Q3 2025"`, time.Time{}},
		{`""`, time.Time{}},
	}
	dateFields := []struct {
		topic topics.Topic
		get   func(event.Metadata) event.LooseTime
		key   string
	}{
		{topics.AWSAnalyticsDisbursement, func(m event.Metadata) event.LooseTime { return m.(*aws.AnalyticsDisbursement).DisbursementDate }, "disbursement_date"},
		{topics.AWSAnalyticsDisbursement, func(m event.Metadata) event.LooseTime { return m.(*aws.AnalyticsDisbursement).AgreementStartDate }, "agreement_start_date"},
		{topics.AWSAnalyticsDisbursement, func(m event.Metadata) event.LooseTime { return m.(*aws.AnalyticsDisbursement).AgreementAcceptanceDate }, "agreement_acceptance_date"},
		{topics.AWSAnalyticsDisbursement, func(m event.Metadata) event.LooseTime { return m.(*aws.AnalyticsDisbursement).AgreementEndDate }, "agreement_end_date"},
		{topics.AWSAnalyticsDisbursement, func(m event.Metadata) event.LooseTime { return m.(*aws.AnalyticsDisbursement).InvoiceDate }, "invoice_date"},
		{topics.AWSAnalyticsDisbursement, func(m event.Metadata) event.LooseTime { return m.(*aws.AnalyticsDisbursement).PaymentDueDate }, "payment_due_date"},
		{topics.AWSAnalyticsDisbursement, func(m event.Metadata) event.LooseTime { return m.(*aws.AnalyticsDisbursement).UsagePeriodStartDate }, "usage_period_start_date"},
		{topics.AWSAnalyticsDisbursement, func(m event.Metadata) event.LooseTime { return m.(*aws.AnalyticsDisbursement).UsagePeriodEndDate }, "usage_period_end_date"},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			t.Parallel()
			for _, f := range dateFields {
				fixture := parseFixture(t, f.topic)
				e := sdktest.Delivery(t, f.topic, sdktest.WithMember(t, fixture.Metadata, f.key, tt.value))
				m, err := e.DecodeStrict()
				if err != nil {
					t.Fatalf("%s %s: %v", f.key, tt.value, err)
				}
				if got := f.get(m); !got.Equal(tt.want) {
					t.Errorf("%s = %v, want %v", f.key, got, tt.want)
				}
				sdktest.Exact(t, e.Metadata, m)
			}
			tx := `{"product_code":"p","transactions":[{"amount":"1","start_date":` + tt.value + `,"end_date":` + tt.value + `}]}`
			fees := decodeStrict[aws.AnalyticsContractFees](t, sdktest.Delivery(t, topics.AWSAnalyticsContractFees, tx))
			if got := fees.Transactions[0].StartDate; !got.Equal(tt.want) {
				t.Errorf("start_date = %v, want %v", got.Time, tt.want)
			}
		})
	}
}

// TestAnalyticsFreeTextStaysText shows that free-text fields keep any text,
// dates or not, and that a date field with text that is no date keeps the
// text rather than failing the delivery.
func TestAnalyticsFreeTextStaysText(t *testing.T) {
	t.Parallel()
	fixture := parseFixture(t, topics.AWSAnalyticsDisbursement)
	for _, v := range []string{`"2025-09-01 to 2025-09-15"`, `"September 2025"`, `"2025-09-15"`} {
		md := sdktest.WithMember(t, fixture.Metadata, "disbursement_period", v)
		md = sdktest.WithMember(t, []byte(md), "payment_terms", v)
		m := decodeStrict[aws.AnalyticsDisbursement](t, sdktest.Delivery(t, topics.AWSAnalyticsDisbursement, md))
		if strconv.Quote(m.DisbursementPeriod) != v || strconv.Quote(m.PaymentTerms) != v {
			t.Errorf("period %q, terms %q; want %s", m.DisbursementPeriod, m.PaymentTerms, v)
		}
	}
	m, err := sdktest.Delivery(t, topics.AWSAnalyticsDisbursement,
		sdktest.WithMember(t, fixture.Metadata, "disbursement_date", `"September 2025"`)).Decode()
	if err != nil {
		t.Fatalf("disbursement_date \"September 2025\": %v", err)
	}
	if d := m.(*aws.AnalyticsDisbursement).DisbursementDate; d.Text() != "September 2025" || !d.IsZero() {
		t.Errorf("disbursement_date kept as %q (%v), want the text", d.Text(), d.Time)
	}
}

func TestOfferVisibility(t *testing.T) {
	t.Parallel()
	for _, v := range []aws.OfferVisibility{aws.OfferVisibilityPublic, aws.OfferVisibilityPrivate, "Restricted", ""} {
		md := `{"product_code":"p","offer_visibility":"` + string(v) + `"}`
		m := decodeStrict[aws.AnalyticsNewProductSubscriber](t, sdktest.Delivery(t, topics.AWSAnalyticsNewProductSubscriber, md))
		if m.OfferVisibility != v {
			t.Errorf("offer_visibility = %q, want %q", m.OfferVisibility, v)
		}
	}
	if aws.OfferVisibilityPublic != "Public" || aws.OfferVisibilityPrivate != "Private" {
		t.Error("offer visibility constants differ from the documented values")
	}
}
