package gcp_test

import (
	"errors"
	"fmt"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
)

func ExampleMeteringSubmissionFailed() {
	body := []byte(`{
		"topic": "gcp.metering.submission_failed",
		"origin": "User",
		"suborigin": "User",
		"metadata": {
			"entitlement_id": "6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950",
			"account_id": "9f3e2b71-5c4d-4a86-b0e1-7d2c8f6a3e95",
			"quantity": "1250.5",
			"dimension": "ingested_gb",
			"source": "orb",
			"extra_info": {"error": "Invalid metric ID"}
		}
	}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := event.DecodeAs[gcp.MeteringSubmissionFailed](e)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %s of %s from %s: %s\n", m.Quantity, m.Dimension, m.EntitlementID, m.Source, m.ExtraInfo.Error)

	// A record without a dimension fails validation.
	e.Metadata = []byte(`{"entitlement_id": "6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950", "quantity": 3}`)
	_, err = event.DecodeAs[gcp.MeteringSubmissionFailed](e)
	var ve *event.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Path, f.Rule)
		}
	}
	// Output:
	// 1250.5 ingested_gb of 6c0a8e3f-2d71-4b95-a4e6-13f8b7c2d950 from orb: Invalid metric ID
	// metadata.dimension required
}
