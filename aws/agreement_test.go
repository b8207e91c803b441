package aws_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
	"github.com/clazarevents/sdk-go/topics"
)

// decodeAs parses the fixture of topic and decodes it as T.
func decodeAs[T event.Metadata](t *testing.T, topic topics.Topic) (*event.Event, *T) {
	t.Helper()
	e := sdktest.Parse(t, sdktest.Fixture(t, topic))
	m, err := event.DecodeAs[T](e)
	if err != nil {
		t.Fatalf("DecodeAs[%T]: %v", *new(T), err)
	}
	return e, m
}

func TestPurchaseAgreementCreated(t *testing.T) {
	t.Parallel()
	e, m := decodeAs[aws.PurchaseAgreementCreatedManufacturer](t, topics.AWSAgreementPurchaseAgreementCreatedManufacturer)
	a := m.Agreement
	if a.ID != "agmt-4mwg1nevbokzw95eca5797ixs" || a.Intent != aws.AgreementIntentNew || a.Status != aws.AgreementStatusActive {
		t.Errorf("agreement = %+v", a)
	}
	if !a.AcceptanceTime.Equal(time.Date(2024, 6, 26, 21, 36, 3, 0, time.UTC)) || !a.StartTime.Equal(time.Date(2024, 8, 30, 21, 36, 3, 0, time.UTC)) ||
		!a.EndTime.Equal(time.Date(2025, 5, 30, 21, 36, 3, 0, time.UTC)) {
		t.Errorf("times %v, %v, %v", a.AcceptanceTime, a.StartTime, a.EndTime)
	}
	if m.ResaleAuthorization == nil || m.ResaleAuthorization.ID != "resaleauthz-yaxjqxiskysxa" || m.Proposer.AccountID != "123456512334" || m.Acceptor.AccountID != "845735284135" {
		t.Errorf("a channel partner's agreement: %+v", m.PurchaseAgreementDetail)
	}
	if len(e.EventBridge.Resources) != 1 || e.EventBridge.Resources[0] != "arn:aws:aws-marketplace::aws:agreement:"+a.ID {
		t.Errorf("resources = %v", e.EventBridge.Resources)
	}
}

// TestPurchaseAgreementRenewal checks AWS's example of a renewal that
// creates a new agreement, with the previous agreement's id, and its
// direct offer's null resale authorization.
func TestPurchaseAgreementRenewal(t *testing.T) {
	t.Parallel()
	e := sdktest.Parse(t, []byte(`{"version":"0","id":"12345678-1234-1234-1234-123456789012","detail-type":"Purchase Agreement Created - Proposer","source":"aws.agreement-marketplace","account":"123456512334","time":"2024-08-30T21:36:03Z","region":"us-east-1","resources":["arn:aws:aws-marketplace::aws:agreement:agmt-newrenewalagreementid"],`+
		`"detail":{"requestId":"3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb","catalog":"AWSMarketplace","agreement":{"id":"agmt-newrenewalagreementid","intent":"RENEW","status":"ACTIVE","acceptanceTime":"2024-08-30T21:36:03Z","startTime":"2024-08-30T21:36:03Z","endTime":"2025-05-30T21:36:03Z","previousAgreementId":"agmt-4mwg1nevbokzw95eca5797ixs"},`+
		`"product":{"id":"prod-aw4fgf5tyo5w2ap6fEXAMPLE","title":"Product Title"},"acceptor":{"accountId":"845735284135"},"proposer":{"name":"Seller Account Name","accountId":"123456512334"},"offer":{"id":"offer-1234567890123"},"resaleAuthorization":{"id":null}}}`))
	m := sdktest.DecodeStrict(t, e).(*aws.PurchaseAgreementCreatedProposer)
	sdktest.Exact(t, e.Metadata, m)
	if m.Agreement.Intent != aws.AgreementIntentRenew || m.Agreement.PreviousAgreementID != "agmt-4mwg1nevbokzw95eca5797ixs" {
		t.Errorf("renewal = %+v", m.Agreement)
	}
	if m.Proposer.Name != "Seller Account Name" || m.Product.Title != "Product Title" {
		t.Errorf("proposer %+v, product %+v", m.Proposer, m.Product)
	}
	if m.ResaleAuthorization == nil || m.ResaleAuthorization.ID != "" {
		t.Errorf("a direct offer's resale authorization = %+v, want one with no id", m.ResaleAuthorization)
	}
}

// TestPurchaseAgreementKeepsWhatWasSent checks that every purchase
// agreement fixture, each carrying a different part of the detail, writes
// back exactly what it read: no empty intent, times, offer or renewal
// summary appear.
func TestPurchaseAgreementKeepsWhatWasSent(t *testing.T) {
	t.Parallel()
	for _, s := range event.Specs() {
		if s.Source != aws.SourceAgreementMarketplace {
			continue
		}
		e := sdktest.Parse(t, sdktest.Fixture(t, s.Topic))
		sdktest.Exact(t, e.Metadata, sdktest.DecodeStrict(t, e))
	}
	_, m := decodeAs[aws.PurchaseAgreementEndedProposer](t, topics.AWSAgreementPurchaseAgreementEndedProposer)
	if m.Agreement.Status != aws.AgreementStatusCancelled || m.Agreement.Intent != "" || !m.Agreement.EndTime.IsZero() || m.RenewalSummary != nil {
		t.Errorf("ended agreement = %+v", m.PurchaseAgreementDetail)
	}
}

func TestPurchaseAgreementRenewalEvents(t *testing.T) {
	t.Parallel()
	_, amended := decodeAs[aws.PurchaseAgreementAmendedProposer](t, topics.AWSAgreementPurchaseAgreementAmendedProposer)
	if r := amended.RenewalSummary; r == nil || r.DisabledBy != "" || r.LockoutReached != nil || !r.LockoutStartTime.Equal(time.Date(2025, 4, 30, 21, 36, 3, 0, time.UTC)) {
		t.Errorf("amended renewal summary = %+v", amended.RenewalSummary)
	}
	if on := amended.Agreement.AutoRenewalEnabled; on == nil || !*on {
		t.Errorf("autoRenewalEnabled = %v", on)
	}
	_, ending := decodeAs[aws.PurchaseAgreementEndingProposer](t, topics.AWSAgreementPurchaseAgreementEndingProposer)
	if ending.Agreement.DaysBeforeEndTime != 180 {
		t.Errorf("daysBeforeEndTime = %d", ending.Agreement.DaysBeforeEndTime)
	}
	_, final := decodeAs[aws.PurchaseAgreementRenewalTermsFinalizedProposer](t, topics.AWSAgreementPurchaseAgreementRenewalTermsFinalizedProposer)
	r := final.RenewalSummary
	if r == nil || r.TCV.String() != "105000.00" || r.Currency != "USD" || r.LockoutReached == nil || *r.LockoutReached || !r.TermsFinalizedTime.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("finalized renewal summary = %+v", r)
	}
	if final.Offer.ID != "" {
		t.Errorf("offer = %+v, absent from the event", final.Offer)
	}
	_, upcoming := decodeAs[aws.PurchaseAgreementRenewalUpcomingProposer](t, topics.AWSAgreementPurchaseAgreementRenewalUpcomingProposer)
	if r := upcoming.RenewalSummary; r == nil || r.LockoutReached == nil || !*r.LockoutReached || r.TCV.String() != "105000.00" {
		t.Errorf("upcoming renewal summary = %+v", r)
	}
	_, issued := decodeAs[aws.PurchaseAgreementAdvisoryIssuedManufacturer](t, topics.AWSAgreementPurchaseAgreementAdvisoryIssuedManufacturer)
	_, resolved := decodeAs[aws.PurchaseAgreementAdvisoryResolvedManufacturer](t, topics.AWSAgreementPurchaseAgreementAdvisoryResolvedManufacturer)
	if issued.Advisory == nil || !issued.Advisory.IssuedAt.Equal(time.Date(2026, 7, 2, 14, 28, 0, 0, time.UTC)) || resolved.Advisory == nil || resolved.Advisory.ResolvedAt.IsZero() {
		t.Errorf("advisories %+v, %+v", issued.Advisory, resolved.Advisory)
	}
}

func TestLicenseEvents(t *testing.T) {
	t.Parallel()
	_, up := decodeAs[aws.LicenseUpdatedManufacturer](t, topics.AWSAgreementLicenseUpdatedManufacturer)
	_, down := decodeAs[aws.LicenseDeprovisionedManufacturer](t, topics.AWSAgreementLicenseDeprovisionedManufacturer)
	for _, d := range []aws.LicenseDetail{up.LicenseDetail, down.LicenseDetail} {
		if d.Product.Code != "aw4fgf5tyo5w2ap6fEXAMPLE" || d.Product.ID != "prod-qtwveEXAMPLE" {
			t.Errorf("product = %+v", d.Product)
		}
		if d.License.ARN != "aws:license-manager:us-east-1:123456789012:l-e52ca6f38bf84d0fafb8802ca15ac11x" || d.Agreement.ID != "agmt-4mwg1nevbokzw95eca5797ixs" {
			t.Errorf("license %q of agreement %q", d.License.ARN, d.Agreement.ID)
		}
		if d.Acceptor.AccountID != "845735284135" || d.Offer.ID != "8kkr91jo647j3qxlcjhlqce7y" {
			t.Errorf("acceptor %q, offer %q", d.Acceptor.AccountID, d.Offer.ID)
		}
	}
}

func TestCancellationAndBillingAdjustment(t *testing.T) {
	t.Parallel()
	_, rejected := decodeAs[aws.AgreementCancellationRequestRejectedProposer](t, topics.AWSAgreementCancellationRequestRejectedProposer)
	r := rejected.AgreementCancellationRequest
	if r.ID != "acr-abcdexampleid" || r.StatusCode != aws.CancellationStatusRejected || r.StatusMessage != "We still need this product" || r.ReasonMessage != "" {
		t.Errorf("request = %+v", r)
	}
	if !r.UpdatedAt.Equal(time.Date(2025, 1, 2, 10, 30, 0, 0, time.UTC)) || rejected.Agreement.AcceptorID != "123465789012" || rejected.Agreement.ProductID != "prod-exampleid" {
		t.Errorf("updated %v, agreement %+v", r.UpdatedAt, rejected.Agreement)
	}
	_, done := decodeAs[aws.PurchaseAgreementBillingAdjustmentCompletedProposer](t, topics.AWSAgreementPurchaseAgreementBillingAdjustmentCompletedProposer)
	b := done.BillingAdjustmentRequest
	if b.AdjustmentAmount.String() != "-100.00" || b.CurrencyCode != "USD" || b.ID != "ba-abcdexampleid" || done.Invoice.OriginalInvoiceID != "2028746221" {
		t.Errorf("adjustment %+v, invoice %+v", b, done.Invoice)
	}
	if b.AdjustmentAmount.Rat().Cmp(big.NewRat(-100, 1)) != 0 {
		t.Errorf("adjustmentAmount = %s, want -100 exactly", b.AdjustmentAmount.Rat())
	}
}

func TestAgreementIdentity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		topic    topics.Topic
		detail   string
		problems []string
	}{
		{topics.AWSAgreementPurchaseAgreementCreatedProposer, `{"agreement":{"intent":"NEW"}}`, []string{"detail.agreement.id required"}},
		{topics.AWSAgreementPurchaseAgreementAmendedManufacturer, `{"agreement":{"id":""}}`, []string{"detail.agreement.id required"}},
		{topics.AWSAgreementPurchaseAgreementEndedManufacturer, `{}`, []string{"detail.agreement.id required"}},
		{topics.AWSAgreementLicenseUpdatedManufacturer, `{"agreement":{"id":"agmt-1"}}`, []string{"detail.license.arn required"}},
		{topics.AWSAgreementLicenseDeprovisionedManufacturer, `{"license":{"arn":"arn:l"}}`, []string{"detail.agreement.id required"}},
		{topics.AWSAgreementLicenseDeprovisionedManufacturer, `null`, []string{"detail.agreement.id required", "detail.license.arn required"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.topic)+" "+tt.detail, func(t *testing.T) {
			t.Parallel()
			s, ok := event.Lookup(tt.topic)
			if !ok {
				t.Fatalf("%s is not registered", tt.topic)
			}
			e := sdktest.Parse(t, []byte(`{"detail-type":"`+s.DetailType+`","source":"`+s.Source+`","detail":`+tt.detail+`}`))
			_, err := e.Decode()
			sdktest.WantInvalid(t, err, tt.problems...)
		})
	}
}
