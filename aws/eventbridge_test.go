package aws_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/sdktest"
)

// The example event bodies of AWS's page "AWS Marketplace Catalog API
// Amazon EventBridge events", exactly as printed.
const (
	docOfferReleasedISV                   = `{ "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "Offer Released", "source": "aws.marketplacecatalog", "account": "123456789012", "time": "2023-08-26T00:00:00Z", "region": "us-east-1", "resources": [ "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-1234567890123" ], "detail": { "requestId": "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb", "catalog": "AWSMarketplace", "offer": { "id": "offer-1234567890123", "arn": "arn:aws:catalog:us-east-1:123456789012:Offer/offer-1234567890123", "name": "Offer Name", "expirationDate": "2025-08-26T00:00:00Z" }, "product": { "id": "bbbbaaaa-abcd-1111-abcd-666666666666", "arn": "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/SaaSProduct/bbbbaaaa-abcd-1111-abcd-666666666666", "title": "Product Title" }, "manufacturer": { "accountId": "123456789012", "name": "Manufacturer Account Name" }, "sellerOfRecord": { "accountId": "123456789012", "name": "Seller Account Name" }, "targetedBuyerAccountIds": [ "999988887777", "111122223333" ] } }`
	docOfferReleasedPartnerProductPrinted = `{ "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "Offer Released", "source": "aws.marketplacecatalog", "account": "123456789012", "time": "2023-08-26T00:00:00Z", "region": "us-east-1", "resources": [ "arn:aws:aws-marketplace:us-east-1:987654321098:AWSMarketplace/Offer/offer-1234567890123" ], "detail": { "requestId": "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb", "catalog": "AWSMarketplace", "offer": { "id": "offer-1234567890123", "arn": "arn:aws:catalog:us-east-1:987654321098:Offer/offer-1234567890123", "name": "Offer Name", "expirationDate": "2025-08-26T00:00:00Z" }, "product": { "id": "bbbbaaaa-abcd-1111-abcd-666666666666", "arn": "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/SaaSProduct/bbbbaaaa-abcd-1111-abcd-666666666666", "title": "Product Title" }, "manufacturer": { "accountId": "123456789012", "name": "Manufacturer Account Name" }, "sellerOfRecord": { "accountId": "987654321098", "name": "Seller Account Name" }, "targetedBuyerAccountIds": ["999988887777", "111122223333"], } } }`
	docOfferReleasedPartnerPrinted        = `{ "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "Offer Released", "source": "aws.marketplacecatalog", "account": "987654321098", "time": "2023-08-26T00:00:00Z", "region": "us-east-1", "resources": [ "arn:aws:aws-marketplace:us-east-1:987654321098:AWSMarketplace/Offer/offer-1234567890123" ], "detail": { "requestId": "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb", "catalog": "AWSMarketplace", "offer": { "id": "offer-1234567890123", "arn": "arn:aws:catalog:us-east-1:987654321098:Offer/offer-1234567890123", "name": "Offer Name", "expirationDate": "2025-08-26T00:00:00Z" }, "product": { "id": "bbbbaaaa-abcd-1111-abcd-666666666666", "arn": "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/SaaSProduct/bbbbaaaa-abcd-1111-abcd-666666666666", "title": "Product Title" }, "manufacturer": { "accountId": "123456789012", "name": "Manufacturer Account Name" }, "sellerOfRecord": { "accountId": "987654321098", "name": "Seller Account Name" }, "targetedBuyerAccountIds": ["999988887777", "111122223333"], } } }`
	docChangeSetSucceeded                 = `{ "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "Change Set Succeeded", "source": "aws.marketplacecatalog", "account": "123456789012", "time": "2022-11-01T13:12:22Z", "region": "us-east-1", "resources": [ "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ChangeSet/76yesvf8y165pa4f98td2crtg" ], "detail": { "requestId" : "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb", "Catalog": "AWSMarketplace", "ChangeSetId": "76yesvf8y165pa4f98td2crtg", "ChangeSetName": "Create my product", "StartTime": "2018-02-27T13:45:22Z", "EndTime": "2018-02-27T14:55:22Z" } }`
	docChangeSetFailed                    = `{ "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "Change Set Failed", "source": "aws.marketplacecatalog", "account": "123456789012", "time": "2022-11-01T13:12:22Z", "region": "us-east-1", "resources": [ "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ChangeSet/76yesvf8y165pa4f98td2crtg" ], "detail": { "requestId" : "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb", "Catalog": "AWSMarketplace", "ChangeSetId": "76yesvf8y165pa4f98td2crtg", "ChangeSetName": "Create my product", "StartTime": "2018-02-27T13:45:22Z", "EndTime": "2018-02-27T14:55:22Z", "FailureCode": "CLIENT_ERROR" } }`
	docChangeSetCancelled                 = `{ "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "Change Set Cancelled", "source": "aws.marketplacecatalog", "account": "123456789012", "time": "2022-11-01T13:12:22Z", "region": "us-east-1", "resources": [ "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ChangeSet/76yesvf8y165pa4f98td2crtg" ], "detail": { "requestId" : "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb", "Catalog": "AWSMarketplace", "ChangeSetId": "76yesvf8y165pa4f98td2crtg", "ChangeSetName": "Create my product", "StartTime": "2018-02-27T13:45:22Z", "EndTime": "2018-02-27T14:55:22Z" } }`
	docProductsSecurityReportCreated      = `{ "version": "0", "id": "01234567-0123-0123-0123-0123456789ab", "detail-type": "Products Security Report Created", "source": "aws.marketplacecatalog", "account": "123456789012", "time": "2023-10-31T00:00:00Z", "region": "us-east-1", "resources": [], "detail": { "numberOfProductsWithIssues": 1, "numberOfVersionsWithIssues": 1, "numberOfLatestVersionsWithIssues": 1, "newIssuesFound": true, "upcomingResolutionDueDate": "2023-12-01T00:00:00Z", "requestId": "533fa17d-3e97-5051-bcaf-1fae45fb3f8b" } }`
)

// corrected removes what makes the two printed channel-partner offer
// examples invalid JSON: a trailing comma after targetedBuyerAccountIds and
// one closing brace too many.
func corrected(printed string) string {
	return strings.Replace(printed, `"111122223333"], } } }`, `"111122223333"] } }`, 1)
}

// parseEB parses an EventBridge event that must be well formed.
func parseEB(t *testing.T, body string) *aws.EventBridgeEvent {
	t.Helper()
	e, err := aws.ParseEventBridge([]byte(body))
	if err != nil {
		t.Fatalf("ParseEventBridge: %v", err)
	}
	return e
}

// decodeDetailStrict decodes e's detail, checks that no key of it is
// unknown to the type DecodeDetail returns, and that the detail and the
// envelope marshal back to body.
func decodeDetailStrict(t *testing.T, body string, e *aws.EventBridgeEvent) any {
	t.Helper()
	d, err := e.DecodeDetail()
	if err != nil {
		t.Fatalf("DecodeDetail: %v", err)
	}
	strict := reflect.New(reflect.TypeOf(d).Elem()).Interface()
	dec := json.NewDecoder(bytes.NewReader(e.Detail))
	dec.DisallowUnknownFields()
	if err := dec.Decode(strict); err != nil {
		t.Errorf("detail has a key %T does not know: %v", d, err)
	}
	sdktest.Exact(t, e.Detail, d)
	sdktest.Exact(t, []byte(body), e)
	return d
}

// TestEventBridgeFixtures reads the fixture of every registered
// EventBridge detail type with the deprecated ParseEventBridge and
// DecodeDetail, which must agree with event.Parse and Decode.
func TestEventBridgeFixtures(t *testing.T) {
	n := 0
	for _, s := range event.Specs() {
		if s.Source == "" {
			continue
		}
		n++
		t.Run(string(s.Topic), func(t *testing.T) {
			t.Parallel()
			body := sdktest.Fixture(t, s.Topic)
			e := parseEB(t, string(body))
			if e.Source != s.Source || e.DetailType != s.DetailType {
				t.Errorf("source %q, detail-type %q; the Spec says %q, %q", e.Source, e.DetailType, s.Source, s.DetailType)
			}
			if e.Version != "0" || e.ID == "" || e.Account == "" || e.Region != "us-east-1" || e.Time.IsZero() {
				t.Errorf("envelope = %+v", e)
			}
			d := decodeDetailStrict(t, string(body), e)
			if reflect.TypeOf(d) != reflect.PointerTo(s.Type()) {
				t.Errorf("DecodeDetail = %T, want *%s", d, s.Type())
			}
			ev := sdktest.Parse(t, body)
			if diff := cmp.Diff(ev, e.Event(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Event() differs from event.Parse (-Parse +Event):\n%s", diff)
			}
		})
	}
	if n != 27 {
		t.Errorf("%d EventBridge detail types registered, want 27", n)
	}
}

func TestEventBridgeOfferReleasedDocExamples(t *testing.T) {
	tests := []struct {
		name, body, seller string
	}{
		{"isv", docOfferReleasedISV, "123456789012"},
		{"channel partner with isv product", corrected(docOfferReleasedPartnerProductPrinted), "987654321098"},
		{"channel partner", corrected(docOfferReleasedPartnerPrinted), "987654321098"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := parseEB(t, tt.body)
			d, ok := decodeDetailStrict(t, tt.body, e).(*aws.OfferReleased)
			if !ok {
				t.Fatalf("detail is not *aws.OfferReleased")
			}
			if d.Offer.ID != "offer-1234567890123" || d.Catalog != "AWSMarketplace" || d.RequestID == "" {
				t.Errorf("offer = %+v", d)
			}
			if d.SellerOfRecord.AccountID != tt.seller || d.Manufacturer.AccountID != "123456789012" {
				t.Errorf("seller %q, manufacturer %q", d.SellerOfRecord.AccountID, d.Manufacturer.AccountID)
			}
			if len(d.TargetedBuyerAccountIDs) != 2 || d.TargetedBuyerAccountIDs[1] != "111122223333" {
				t.Errorf("targeted buyers = %v", d.TargetedBuyerAccountIDs)
			}
			if want := time.Date(2025, 8, 26, 0, 0, 0, 0, time.UTC); !d.Offer.ExpirationDate.Equal(want) {
				t.Errorf("expirationDate = %v", d.Offer.ExpirationDate)
			}
			if d.Product.Title != "Product Title" || !strings.HasSuffix(d.Product.ARN, d.Product.ID) {
				t.Errorf("product = %+v", d.Product)
			}
			if len(e.Resources) != 1 || !strings.HasSuffix(e.Resources[0], d.Offer.ID) {
				t.Errorf("resources = %v", e.Resources)
			}
		})
	}
}

func TestEventBridgeDocExamplesAsPrintedAreRejected(t *testing.T) {
	t.Parallel()
	for _, printed := range []string{docOfferReleasedPartnerProductPrinted, docOfferReleasedPartnerPrinted} {
		if corrected(printed) == printed {
			t.Fatal("the correction changed nothing")
		}
		_, err := aws.ParseEventBridge([]byte(printed))
		if !errors.Is(err, event.ErrMalformed) {
			t.Errorf("ParseEventBridge of the printed example = %v, want ErrMalformed", err)
		}
	}
}

func TestEventBridgeChangeSetDocExamples(t *testing.T) {
	t.Parallel()
	start := time.Date(2018, 2, 27, 13, 45, 22, 0, time.UTC)
	end := time.Date(2018, 2, 27, 14, 55, 22, 0, time.UTC)
	check := func(t *testing.T, cs aws.ChangeSet) {
		t.Helper()
		if cs.ChangeSetID != "76yesvf8y165pa4f98td2crtg" || cs.ChangeSetName != "Create my product" || cs.Catalog != "AWSMarketplace" {
			t.Errorf("change set = %+v", cs)
		}
		if cs.RequestID != "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb" || !cs.StartTime.Equal(start) || !cs.EndTime.Equal(end) {
			t.Errorf("request %q, %v to %v", cs.RequestID, cs.StartTime, cs.EndTime)
		}
	}

	if d, ok := decodeDetailStrict(t, docChangeSetSucceeded, parseEB(t, docChangeSetSucceeded)).(*aws.ChangeSetSucceeded); !ok {
		t.Error("Change Set Succeeded: wrong type")
	} else {
		check(t, d.ChangeSet)
	}
	if d, ok := decodeDetailStrict(t, docChangeSetFailed, parseEB(t, docChangeSetFailed)).(*aws.ChangeSetFailed); !ok {
		t.Error("Change Set Failed: wrong type")
	} else {
		check(t, d.ChangeSet)
		if d.FailureCode != aws.FailureCodeClientError {
			t.Errorf("FailureCode = %q", d.FailureCode)
		}
	}
	if d, ok := decodeDetailStrict(t, docChangeSetCancelled, parseEB(t, docChangeSetCancelled)).(*aws.ChangeSetCancelled); !ok {
		t.Error("Change Set Cancelled: wrong type")
	} else {
		check(t, d.ChangeSet)
	}
}

func TestEventBridgeSecurityReportDocExample(t *testing.T) {
	t.Parallel()
	e := parseEB(t, docProductsSecurityReportCreated)
	d, ok := decodeDetailStrict(t, docProductsSecurityReportCreated, e).(*aws.ProductsSecurityReportCreated)
	if !ok {
		t.Fatal("wrong type")
	}
	if d.NumberOfProductsWithIssues != 1 || d.NumberOfVersionsWithIssues != 1 || d.NumberOfLatestVersionsWithIssues != 1 || !d.NewIssuesFound {
		t.Errorf("counts = %+v", d)
	}
	if !d.UpcomingResolutionDueDate.Equal(time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("upcomingResolutionDueDate = %v", d.UpcomingResolutionDueDate)
	}
	if e.Resources == nil || len(e.Resources) != 0 {
		t.Errorf("resources = %#v, want an empty list", e.Resources)
	}
}

func TestParseEventBridgeMalformed(t *testing.T) {
	tests := map[string]string{
		"empty":              ``,
		"not JSON":           `detail-type: Offer Released`,
		"truncated":          `{"source":"aws.marketplacecatalog",`,
		"array":              `[{"detail-type":"Offer Released","source":"aws.marketplacecatalog"}]`,
		"string":             `"Offer Released"`,
		"null":               `null`,
		"empty object":       `{}`,
		"no detail-type":     `{"source":"aws.marketplacecatalog","detail":{}}`,
		"no source":          `{"detail-type":"Offer Released","detail":{}}`,
		"detail-type number": `{"detail-type":5,"source":"aws.marketplacecatalog"}`,
		"resources string":   `{"detail-type":"Offer Released","source":"aws.marketplacecatalog","resources":"arn"}`,
		"detail array":       `{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":[]}`,
		"detail string":      `{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":"{}"}`,
		"time not a time":    `{"detail-type":"Offer Released","source":"aws.marketplacecatalog","time":"yesterday"}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e, err := aws.ParseEventBridge([]byte(body))
			if !errors.Is(err, event.ErrMalformed) || e != nil {
				t.Fatalf("ParseEventBridge = %v, %v; want ErrMalformed", e, err)
			}
			if !strings.HasPrefix(err.Error(), "aws: ") {
				t.Errorf("error %q does not start with aws: ", err)
			}
		})
	}
}

func TestDecodeDetailUnknown(t *testing.T) {
	tests := map[string]string{
		"detail type": `{"detail-type":"Offer Expired","source":"aws.marketplacecatalog","detail":{"offer":{"id":"offer-1"}}}`,
		"buyer side": `{"version":"0","id":"6f2b6e1c-58a4-4a1e-9d3b-0c6f7e8a9b10","detail-type":"Purchase Agreement Created - Acceptor",` +
			`"source":"aws.agreement-marketplace","account":"123456789012","time":"2025-06-01T12:00:00Z","region":"us-east-1","resources":[],` +
			`"detail":{"agreement":{"id":"agmt-1111111111111111111111111"}}}`,
		"catalog type, other source": `{"detail-type":"Offer Released","source":"aws.marketplace","detail":{"offer":{"id":"offer-1"}}}`,
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := parseEB(t, body)
			d, err := e.DecodeDetail()
			if !errors.Is(err, event.ErrUnknownTopic) || d != nil {
				t.Fatalf("DecodeDetail = %v, %v; want ErrUnknownTopic", d, err)
			}
			if !strings.Contains(err.Error(), e.DetailType) || !strings.HasPrefix(err.Error(), "aws: ") {
				t.Errorf("error %q does not name the detail type", err)
			}
			// The envelope stays usable: its raw detail can be read by hand.
			var raw map[string]json.RawMessage
			if err := json.Unmarshal(e.Detail, &raw); err != nil || len(raw) == 0 {
				t.Errorf("raw detail = %s, %v", e.Detail, err)
			}
			sdktest.Lossless(t, []byte(body), e)
		})
	}
}

func TestDecodeDetailMissingIdentity(t *testing.T) {
	tests := []struct {
		detailType, detail string
		problems           []string
	}{
		{aws.DetailTypeOfferReleased, `{"requestId":"r","offer":{"name":"Offer Name"}}`, []string{"detail.offer.id required"}},
		{aws.DetailTypeOfferReleased, `{"offer":{"id":""}}`, []string{"detail.offer.id required"}},
		{aws.DetailTypeOfferReleased, `null`, []string{"detail.offer.id required"}},
		{aws.DetailTypeOfferReleased, ``, []string{"detail.offer.id required"}},
		{aws.DetailTypeChangeSetSucceeded, `{"Catalog":"AWSMarketplace"}`, []string{"detail.ChangeSetId required"}},
		{aws.DetailTypeChangeSetFailed, `{"FailureCode":"CLIENT_ERROR"}`, []string{"detail.ChangeSetId required"}},
		{aws.DetailTypeChangeSetCancelled, `{"ChangeSetId":""}`, []string{"detail.ChangeSetId required"}},
	}
	for _, tt := range tests {
		t.Run(tt.detailType+" "+tt.detail, func(t *testing.T) {
			t.Parallel()
			body := `{"detail-type":"` + tt.detailType + `","source":"aws.marketplacecatalog"`
			if tt.detail != "" {
				body += `,"detail":` + tt.detail
			}
			d, err := parseEB(t, body+`}`).DecodeDetail()
			if d != nil {
				t.Errorf("DecodeDetail returned %T with an error", d)
			}
			sdktest.WantInvalid(t, err, tt.problems...)
		})
	}
}

func TestDecodeDetailRequiresOnlyIdentity(t *testing.T) {
	tests := map[string]string{
		aws.DetailTypeOfferReleased:                 `{"offer":{"id":"offer-1234567890123"}}`,
		aws.DetailTypeChangeSetSucceeded:            `{"ChangeSetId":"76yesvf8y165pa4f98td2crtg"}`,
		aws.DetailTypeChangeSetFailed:               `{"ChangeSetId":"76yesvf8y165pa4f98td2crtg"}`,
		aws.DetailTypeChangeSetCancelled:            `{"ChangeSetId":"76yesvf8y165pa4f98td2crtg"}`,
		aws.DetailTypeProductsSecurityReportCreated: `{}`,
	}
	for detailType, detail := range tests {
		t.Run(detailType, func(t *testing.T) {
			t.Parallel()
			e := parseEB(t, `{"detail-type":"`+detailType+`","source":"aws.marketplacecatalog","detail":`+detail+`}`)
			if _, err := e.DecodeDetail(); err != nil {
				t.Errorf("DecodeDetail(%s): %v", detail, err)
			}
		})
	}
}

func TestDecodeDetailMalformed(t *testing.T) {
	tests := map[string]string{
		aws.DetailTypeOfferReleased:                 `{"offer":{"id":12}}`,
		aws.DetailTypeChangeSetFailed:               `{"ChangeSetId":"c","StartTime":"last week"}`,
		aws.DetailTypeProductsSecurityReportCreated: `{"numberOfProductsWithIssues":"one"}`,
	}
	for detailType, detail := range tests {
		t.Run(detailType, func(t *testing.T) {
			t.Parallel()
			e := parseEB(t, `{"detail-type":"`+detailType+`","source":"aws.marketplacecatalog","detail":`+detail+`}`)
			_, err := e.DecodeDetail()
			if !errors.Is(err, event.ErrMalformed) || !strings.HasPrefix(err.Error(), "aws: ") {
				t.Errorf("DecodeDetail(%s) = %v, want an aws: error wrapping ErrMalformed", detail, err)
			}
		})
	}
}
