package gcp

import "github.com/clazarevents/sdk-go/topics"

// Clazar documents no metadata for the GCP listing topics, so their structs
// are empty: they decode from {}, null or absent metadata.

// ListingSubmittedToClazar is the metadata of gcp.listing.submitted_to_clazar
// (origin Clazar, suborigin Listings): the seller's team submitted a listing
// to Clazar. It carries no fields.
type ListingSubmittedToClazar struct{}

// Topic returns topics.GCPListingSubmittedToClazar.
func (ListingSubmittedToClazar) Topic() topics.Topic { return topics.GCPListingSubmittedToClazar }

// ListingWaitingOnGCP is the metadata of gcp.listing.waiting_on_gcp (origin
// Clazar, suborigin Listings): Clazar sent the listing to GCP and awaits its
// review. It carries no fields.
type ListingWaitingOnGCP struct{}

// Topic returns topics.GCPListingWaitingOnGCP.
func (ListingWaitingOnGCP) Topic() topics.Topic { return topics.GCPListingWaitingOnGCP }

// ListingInLimitedState is the metadata of gcp.listing.in_limited_state
// (origin GCP, suborigin Listings): the listing is in Limited state, ready
// for integration testing. It carries no fields.
type ListingInLimitedState struct{}

// Topic returns topics.GCPListingInLimitedState.
func (ListingInLimitedState) Topic() topics.Topic { return topics.GCPListingInLimitedState }

// ListingPublished is the metadata of gcp.listing.published (origin GCP,
// suborigin Listings): the listing went live on Google Cloud Marketplace. It
// carries no fields.
type ListingPublished struct{}

// Topic returns topics.GCPListingPublished.
func (ListingPublished) Topic() topics.Topic { return topics.GCPListingPublished }
