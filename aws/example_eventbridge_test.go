package aws_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
)

func ExampleParseEventBridge() {
	body := []byte(`{
	  "version": "0",
	  "id": "01234567-0123-0123-0123-0123456789ab",
	  "detail-type": "Change Set Failed",
	  "source": "aws.marketplacecatalog",
	  "account": "123456789012",
	  "time": "2022-11-01T13:12:22Z",
	  "region": "us-east-1",
	  "resources": ["arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/ChangeSet/76yesvf8y165pa4f98td2crtg"],
	  "detail": {
	    "requestId": "3d4c9f9b-b809-4f5e-9fac-a9ae98b05cbb",
	    "Catalog": "AWSMarketplace",
	    "ChangeSetId": "76yesvf8y165pa4f98td2crtg",
	    "ChangeSetName": "Create my product",
	    "StartTime": "2018-02-27T13:45:22Z",
	    "EndTime": "2018-02-27T14:55:22Z",
	    "FailureCode": "CLIENT_ERROR"
	  }
	}`)
	e, err := aws.ParseEventBridge(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	detail, err := e.DecodeDetail()
	switch {
	case errors.Is(err, event.ErrUnknownTopic):
		fmt.Println("not a catalog event:", e.DetailType)
	case err != nil:
		fmt.Println(err)
	default:
		switch d := detail.(type) {
		case *aws.OfferReleased:
			fmt.Println("offer released:", d.Offer.ID)
		case *aws.ChangeSetSucceeded:
			fmt.Println("change set succeeded:", d.ChangeSetID)
		case *aws.ChangeSetFailed:
			fmt.Printf("change set %s failed with %s after %s\n", d.ChangeSetName, d.FailureCode, d.EndTime.Sub(d.StartTime.Time))
		}
	}
	// Output:
	// change set Create my product failed with CLIENT_ERROR after 1h10m0s
}

// An EventBridge event parses like a Clazar delivery: its topic comes from
// its source and detail type, and its detail decodes as the topic's type.
func Example_eventBridge() {
	body := []byte(`{
	  "version": "0",
	  "id": "6c53798d-327e-b2e5-c20e-52fec89bc171",
	  "detail-type": "License Updated - Manufacturer",
	  "source": "aws.agreement-marketplace",
	  "account": "123456789012",
	  "time": "2025-08-20T14:24:23Z",
	  "region": "us-east-1",
	  "resources": ["arn:aws:aws-marketplace::aws:agreement:agmt-2nehijlqfz9g7f2v6imgyjhmu"],
	  "detail": {
	    "agreement": {"id": "agmt-2nehijlqfz9g7f2v6imgyjhmu"},
	    "product": {"id": "prod-k35yywhyj4eqg", "code": "74az0btybm649octamy0sktos"},
	    "acceptor": {"accountId": "111122223333"},
	    "license": {"arn": "arn:aws:license-manager::123456789012:license:l-9d01d15f86334a8894365cd7350556ff"}
	  }
	}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Topic, e.EventBridge.Account, e.Timestamp.Format(time.DateTime))
	m, err := event.DecodeAs[aws.LicenseUpdatedManufacturer](e)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Product.Code, m.Acceptor.AccountID, m.Agreement.ID)

	// A detail without its license fails validation, at a path from "detail".
	e.Metadata = []byte(`{"agreement":{"id":"agmt-2nehijlqfz9g7f2v6imgyjhmu"}}`)
	_, err = event.DecodeAs[aws.LicenseUpdatedManufacturer](e)
	fmt.Println(err)
	// Output:
	// aws.agreement_marketplace.license_updated_manufacturer 123456789012 2025-08-20 14:24:23
	// 74az0btybm649octamy0sktos 111122223333 agmt-2nehijlqfz9g7f2v6imgyjhmu
	// event: invalid metadata for aws.agreement_marketplace.license_updated_manufacturer: detail.license.arn: required
}
