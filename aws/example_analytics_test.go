package aws_test

import (
	"fmt"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
)

func ExampleAnalyticsMeteredUsage() {
	body := []byte(`{"topic": "aws.analytics.metered_usage", "metadata": {
	  "product_code": "4hc2x8yzq9m1n7b3v5k0t6r2p",
	  "customer_identifier": "mN4cX7yBv1D",
	  "estimated_revenue": 1843.493110834184321971,
	  "currency": "USD",
	  "usage_records": [
	    {"estimated_revenue": 1830.00, "instance_type": "monitored_hosts", "usage_units": 1464, "offer_visibility": "Public"},
	    {"estimated_revenue": "13.493110834184321971", "instance_type": "api_requests", "usage_units": 1076239, "offer_visibility": "Public"}
	  ]
	}}`)
	e, err := event.Parse(body)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := event.DecodeAs[aws.AnalyticsMeteredUsage](e)
	if err != nil {
		fmt.Println(err)
		return
	}
	sum := event.Decimal{}.Rat()
	for _, r := range m.UsageRecords {
		sum.Add(sum, r.EstimatedRevenue.Rat())
		fmt.Println(r.InstanceType, r.UsageUnits, r.EstimatedRevenue)
	}
	fmt.Println("total", m.EstimatedRevenue, m.Currency, "matches records:", sum.Cmp(m.EstimatedRevenue.Rat()) == 0)
	// Output:
	// monitored_hosts 1464 1830.00
	// api_requests 1076239 13.493110834184321971
	// total 1843.493110834184321971 USD matches records: true
}
