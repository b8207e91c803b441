package topics_test

import (
	"fmt"

	"github.com/clazarevents/sdk-go/topics"
)

func ExampleMatch() {
	for _, t := range []topics.Topic{topics.AWSContractRenewed, topics.GCPContractRenewed, topics.GCPListingPublished} {
		fmt.Println(t, topics.Match("*.contract.renewed", t), topics.Match("gcp.**", t))
	}
	// Output:
	// aws.contract.renewed true false
	// gcp.contract.renewed true true
	// gcp.listing.published false true
}

func ExampleTopic_Marketplace() {
	t := topics.AzureContractQuantityChanged
	fmt.Println(t.Marketplace(), t.Entity(), t.Action())
	// Output: azure contract quantity_changed
}
