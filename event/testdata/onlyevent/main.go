// Command onlyevent decodes deliveries in a program that imports package
// event and no marketplace package, as TestDecodeWithoutMarketplaces runs
// it: every topic is unknown, and the error names the package to import.
package main

import (
	"errors"
	"fmt"

	"github.com/clazarevents/sdk-go/event"
)

func main() {
	for _, topic := range []string{"aws.contract.created", "azure.contract.activated", "gcp.contract.activated", "oci.contract.created"} {
		e, err := event.Parse([]byte(`{"topic":"` + topic + `","metadata":{}}`))
		if err != nil {
			panic(err)
		}
		_, err = e.Decode()
		fmt.Println(errors.Is(err, event.ErrUnknownTopic), err)
	}
}
