package aws_test

import (
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
	if a.ID != "agmt-9xyz8wmklp67rt32nb1qv45ds" || a.Intent != aws.AgreementIntentNew || a.Status != aws.AgreementStatusActive {
		t.Errorf("agreement = %+v", a)
	}
	accepted := time.Date(2025, 8, 20, 14, 23, 11, 13e6, time.UTC)
	if !a.AcceptanceTime.Equal(accepted) || !a.StartTime.Equal(accepted) || a.EndTime.Year() != 2026 {
		t.Errorf("times %v, %v, %v", a.AcceptanceTime, a.StartTime, a.EndTime)
	}
	if m.ResaleAuthorization.ID != "resaleauthz-3m6w7bcm2xq2u" || m.Proposer.AccountID != "987654321098" || m.Acceptor.AccountID != "111122223333" {
		t.Errorf("a channel partner's agreement: %+v", m.PurchaseAgreementDetail)
	}
	if len(e.EventBridge.Resources) != 1 || e.EventBridge.Resources[0] != "arn:aws:aws-marketplace::aws:agreement:"+a.ID {
		t.Errorf("resources = %v", e.EventBridge.Resources)
	}

	_, p := decodeAs[aws.PurchaseAgreementCreatedProposer](t, topics.AWSAgreementPurchaseAgreementCreatedProposer)
	if p.ResaleAuthorization.ID != "" || p.Proposer.AccountID != "123456789012" {
		t.Errorf("a direct agreement has no resale authorization: %+v", p.PurchaseAgreementDetail)
	}
	if p.Agreement.EndTime.Year() != 9999 {
		t.Errorf("endTime of an agreement without end = %v", p.Agreement.EndTime)
	}
}

// TestPurchaseAgreementEndedKeepsWhatWasSent checks that an Ended event,
// which carries only the agreement's id and status and no offer, writes
// back exactly what it read: no empty intent, times or offer appear.
func TestPurchaseAgreementEndedKeepsWhatWasSent(t *testing.T) {
	t.Parallel()
	for _, topic := range []topics.Topic{topics.AWSAgreementPurchaseAgreementEndedManufacturer, topics.AWSAgreementPurchaseAgreementEndedProposer} {
		e := sdktest.Parse(t, sdktest.Fixture(t, topic))
		m := sdktest.DecodeStrict(t, e)
		sdktest.Exact(t, e.Metadata, m)
	}
	_, m := decodeAs[aws.PurchaseAgreementEndedProposer](t, topics.AWSAgreementPurchaseAgreementEndedProposer)
	if m.Agreement.Status != aws.AgreementStatusCancelled || m.Offer.ID != "" || !m.Agreement.EndTime.IsZero() {
		t.Errorf("ended agreement = %+v", m.PurchaseAgreementDetail)
	}
}

func TestLicenseEvents(t *testing.T) {
	t.Parallel()
	_, up := decodeAs[aws.LicenseUpdatedManufacturer](t, topics.AWSAgreementLicenseUpdatedManufacturer)
	_, down := decodeAs[aws.LicenseDeprovisionedManufacturer](t, topics.AWSAgreementLicenseDeprovisionedManufacturer)
	for _, d := range []aws.LicenseDetail{up.LicenseDetail, down.LicenseDetail} {
		if d.Product.Code != "74az0btybm649octamy0sktos" || d.Product.ID != "prod-k35yywhyj4eqg" {
			t.Errorf("product = %+v", d.Product)
		}
		if d.License.ARN != "arn:aws:license-manager::123456789012:license:l-9d01d15f86334a8894365cd7350556ff" || d.Agreement.ID != "agmt-2nehijlqfz9g7f2v6imgyjhmu" {
			t.Errorf("license %q of agreement %q", d.License.ARN, d.Agreement.ID)
		}
		if d.Acceptor.AccountID != "111122223333" {
			t.Errorf("acceptor = %q", d.Acceptor.AccountID)
		}
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
