package azure

import "github.com/clazarevents/sdk-go/topics"

// Clazar documents no metadata for the Azure listing topics, so their
// structs are empty: they decode from {}, null or absent metadata.

// ListingSubmittedToClazar is the metadata of azure.listing.submitted_to_clazar
// (origin Clazar, suborigin Listings): a listing was submitted to Clazar,
// which now sends it on to Azure. It carries no fields.
type ListingSubmittedToClazar struct{}

// Topic returns topics.AzureListingSubmittedToClazar.
func (ListingSubmittedToClazar) Topic() topics.Topic { return topics.AzureListingSubmittedToClazar }

// ListingInLimitedState is the metadata of azure.listing.in_limited_state
// (origin Clazar, suborigin Listings): the listing is published on Azure in
// Limited state, ready for integration testing. It carries no fields.
type ListingInLimitedState struct{}

// Topic returns topics.AzureListingInLimitedState.
func (ListingInLimitedState) Topic() topics.Topic { return topics.AzureListingInLimitedState }

// ListingPublished is the metadata of azure.listing.published (origin
// Clazar, suborigin Listings): the listing went live on Azure Marketplace.
// It carries no fields.
type ListingPublished struct{}

// Topic returns topics.AzureListingPublished.
func (ListingPublished) Topic() topics.Topic { return topics.AzureListingPublished }
