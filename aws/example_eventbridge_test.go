package aws_test

import (
	"errors"
	"fmt"

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
