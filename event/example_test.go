package event_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"

	// Importing a marketplace package registers its topics.
	_ "github.com/clazarevents/sdk-go/gcp"
)

const contractCreated = `{
  "event_id": "5b3c1f0e-8a7d-4c2e-9f1a-2d6b7e8c9a01",
  "event_type": "aws.contract.created",
  "origin": "AWS",
  "sub_origin": "SNS",
  "created_at": "2025-08-07 14:03:11",
  "data": {
    "product_code": "8h2k1x9z5q7m3n4p6r0t",
    "customer_identifier": "Z5Zb2Qd7nLx",
    "entitlements": [
      {"Dimension": "seats", "Value": {"IntegerValue": 25}, "ExpirationDate": "2026-08-07 14:03:11"}
    ]
  }
}`

// Parse reads the envelope whatever its key spelling.
func ExampleParse() {
	e, err := event.Parse([]byte(contractCreated))
	if err != nil {
		panic(err)
	}
	fmt.Println(e.ID)
	fmt.Println(e.Topic, e.Origin, e.Suborigin)
	fmt.Println(e.Timestamp)
	// Output:
	// 5b3c1f0e-8a7d-4c2e-9f1a-2d6b7e8c9a01
	// aws.contract.created AWS SNS
	// 2025-08-07 14:03:11 +0000 UTC
}

// Parse reports what is wrong with a body that is not a delivery.
func ExampleParse_malformed() {
	_, err := event.Parse([]byte(`{"topic": 42}`))
	fmt.Println(errors.Is(err, event.ErrMalformed))
	fmt.Println(err)
	// Output:
	// true
	// event: malformed: "topic" must be a string, got number
}

// Decode types the metadata through the registry; a type switch then
// handles each topic of interest.
func ExampleEvent_Decode() {
	e, err := event.Parse([]byte(contractCreated))
	if err != nil {
		panic(err)
	}
	m, err := e.Decode()
	if err != nil {
		panic(err)
	}
	switch m := m.(type) {
	case *aws.ContractCreated:
		n, _ := m.Entitlements[0].Value.Int()
		fmt.Printf("%T: %s has %d %s until %s\n", m, m.CustomerIdentifier, n, m.Entitlements[0].Dimension, m.Entitlements[0].ExpirationDate)
	}
	// Output:
	// *aws.ContractCreated: Z5Zb2Qd7nLx has 25 seats until 2026-08-07 14:03:11
}

// Decode reports every missing identity field at once, with its JSON path.
func ExampleEvent_Decode_validation() {
	e, err := event.Parse([]byte(`{"topic": "aws.contract.renewed", "metadata": {"product_code": ""}}`))
	if err != nil {
		panic(err)
	}
	_, err = e.Decode()
	var ve *event.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Path, f.Rule)
		}
	}
	// Output:
	// metadata.customer_identifier required
	// metadata.product_code required
}

// DecodeAs types the metadata as a known type; the topic must match.
func ExampleDecodeAs() {
	e, err := event.Parse([]byte(contractCreated))
	if err != nil {
		panic(err)
	}
	m, err := event.DecodeAs[aws.ContractCreated](e)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.ProductCode)

	_, err = event.DecodeAs[aws.ContractCancelled](e)
	fmt.Println(errors.Is(err, event.ErrTopicMismatch))
	// Output:
	// 8h2k1x9z5q7m3n4p6r0t
	// true
}

// ParseAs reads the envelope and types the metadata in one pass. An error
// with an Event is the metadata's fault; without one, the body's.
func ExampleParseAs() {
	e, m, err := event.ParseAs[aws.ContractCreated]([]byte(contractCreated))
	if err != nil {
		panic(err)
	}
	seats, _ := m.Entitlements[0].Value.Int()
	fmt.Println(e.Topic, m.CustomerIdentifier, seats)

	e, _, err = event.ParseAs[aws.ContractCreated]([]byte(`{"topic":"aws.contract.created","metadata":{"product_code":"p"}}`))
	var ve *event.ValidationError
	fmt.Println(e != nil, errors.As(err, &ve))

	e, _, err = event.ParseAs[aws.ContractCreated]([]byte(`{"topic":"aws.contract.created","metadata":{`))
	fmt.Println(e != nil, errors.Is(err, event.ErrMalformed))
	// Output:
	// aws.contract.created Z5Zb2Qd7nLx 25
	// true true
	// false true
}

// Lookup tells what Clazar documents of a topic.
func ExampleLookup() {
	s, ok := event.Lookup(topics.GCPContractPlanChanged)
	if !ok {
		panic("not registered")
	}
	fmt.Println(s.Type())
	fmt.Println(s.Origin, "/", s.Suborigin)
	fmt.Println(s.Text)
	fmt.Println(s.Description)
	// Output:
	// gcp.ContractPlanChanged
	// GCP / Pub/Sub
	// Contract Plan Changed
	// GCP contract plan changed for listing {listing-title}.
}

// Decimal keeps every digit, which float64 cannot.
func ExampleDecimal() {
	d := event.MustDecimal("98765432109876.54321")
	fmt.Println(d, d.Rat().FloatString(5))
	// Output: 98765432109876.54321 98765432109876.54321
}

// Int64 reads a quantity, such as Azure's number_of_users, as an integer,
// and reports a value that is not one instead of rounding it.
func ExampleDecimal_Int64() {
	var plan struct {
		NumberOfUsers event.Decimal `json:"number_of_users"`
	}
	for _, body := range []string{
		`{"number_of_users": 25}`,
		`{"number_of_users": "1.2e1"}`,
		`{"number_of_users": 2.5}`,
		`{"number_of_users": 99999999999999999999}`,
		`{}`,
	} {
		plan.NumberOfUsers = event.Decimal{}
		if err := json.Unmarshal([]byte(body), &plan); err != nil {
			panic(err)
		}
		n, ok := plan.NumberOfUsers.Int64()
		fmt.Println(n, ok)
	}
	// Output:
	// 25 true
	// 12 true
	// 0 false
	// 0 false
	// 0 false
}
