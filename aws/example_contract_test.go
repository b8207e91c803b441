package aws_test

import (
	"errors"
	"fmt"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
)

func ExampleContractCreated() {
	body := []byte(`{
	  "id": "9d188b8e-0aba-4b03-98af-31f1c14f36e9",
	  "topic": "aws.contract.created",
	  "origin": "AWS",
	  "suborigin": "SNS",
	  "timestamp": "2025-08-07T14:03:11Z",
	  "metadata": {
	    "product_code": "4hc2x8yzq9m1n7b3v5k0t6r2p",
	    "customer_identifier": "Z5Zb2Qd7nLx",
	    "entitlements": [
	      {"Dimension": "enterprise_tier", "Value": {"IntegerValue": 1}, "ExpirationDate": "2026-08-07 14:02:54"},
	      {"Dimension": "support_plan", "Value": {"StringValue": "premium-24x7"}, "ExpirationDate": "2026-08-07 14:02:54"},
	      {"Dimension": "retention_months", "Value": {"DoubleValue": 13.5}, "ExpirationDate": "2026-08-07 14:02:54"},
	      {"Dimension": "sso_enabled", "Value": {"BooleanValue": true}, "ExpirationDate": "2026-08-07 14:02:54"}
	    ]
	  }
	}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := event.DecodeAs[aws.ContractCreated](e)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.CustomerIdentifier, "bought", m.ProductCode)
	for _, ent := range m.Entitlements {
		fmt.Printf("%s = %s until %s\n", ent.Dimension, ent.Value, ent.ExpirationDate.Format("2006-01-02"))
	}
	// Output:
	// Z5Zb2Qd7nLx bought 4hc2x8yzq9m1n7b3v5k0t6r2p
	// enterprise_tier = {"IntegerValue":1} until 2026-08-07
	// support_plan = {"StringValue":"premium-24x7"} until 2026-08-07
	// retention_months = {"DoubleValue":13.5} until 2026-08-07
	// sso_enabled = {"BooleanValue":true} until 2026-08-07
}

func ExampleEntitlementValue() {
	body := []byte(`{"topic": "aws.contract.modified", "metadata": {
	  "product_code": "4hc2x8yzq9m1n7b3v5k0t6r2p",
	  "customer_identifier": "Z5Zb2Qd7nLx",
	  "new_entitlements": [
	    {"Dimension": "seats", "Value": {"IntegerValue": 40}},
	    {"Dimension": "support_plan", "Value": {"StringValue": "premium-24x7"}},
	    {"Dimension": "retention_months", "Value": {"DoubleValue": "13.5"}},
	    {"Dimension": "sso_enabled", "Value": {"BooleanValue": true}}
	  ]
	}}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := event.DecodeAs[aws.ContractModified](e)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ent := range m.NewEntitlements {
		switch ent.Value.Kind() {
		case aws.IntegerKind:
			n, _ := ent.Value.Int()
			fmt.Printf("%s: %d units\n", ent.Dimension, n)
		case aws.StringKind:
			s, _ := ent.Value.Str()
			fmt.Printf("%s: %q\n", ent.Dimension, s)
		case aws.DoubleKind:
			d, _ := ent.Value.Double()
			fmt.Printf("%s: %s exactly\n", ent.Dimension, d)
		case aws.BooleanKind:
			b, _ := ent.Value.Bool()
			fmt.Printf("%s: %t\n", ent.Dimension, b)
		}
	}
	// Output:
	// seats: 40 units
	// support_plan: "premium-24x7"
	// retention_months: 13.5 exactly
	// sso_enabled: true
}

func ExampleEntitlementValue_validation() {
	body := []byte(`{"topic": "aws.contract.created", "metadata": {
	  "product_code": "4hc2x8yzq9m1n7b3v5k0t6r2p",
	  "customer_identifier": "Z5Zb2Qd7nLx",
	  "entitlements": [
	    {"Dimension": "seats", "Value": {"IntegerValue": 40, "StringValue": "40"}}
	  ]
	}}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = event.DecodeAs[aws.ContractCreated](e)
	var ve *event.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Path, f.Rule)
		}
	}
	// Output:
	// metadata.entitlements[0].Value exactly_one
}
