package aws

import "github.com/clazarevents/sdk-go/topics"

// The listing topics document no metadata: their types are empty, and
// decode from {}, null or absent metadata. The listing concerned is named
// only in the event's Description, such as "Listing Acme Analytics is
// submitted to Clazar.".

// ListingSubmittedToClazar is the metadata of
// aws.listing.submitted_to_clazar (origin Clazar, suborigin Listings): the
// seller's team submitted a listing to Clazar.
type ListingSubmittedToClazar struct{}

// Topic returns topics.AWSListingSubmittedToClazar.
func (ListingSubmittedToClazar) Topic() topics.Topic { return topics.AWSListingSubmittedToClazar }

// ListingWaitingOnAWS is the metadata of aws.listing.waiting_on_aws (origin
// Clazar, suborigin Listings): the listing was sent to AWS and awaits its
// approval.
type ListingWaitingOnAWS struct{}

// Topic returns topics.AWSListingWaitingOnAWS.
func (ListingWaitingOnAWS) Topic() topics.Topic { return topics.AWSListingWaitingOnAWS }

// ListingInLimitedState is the metadata of aws.listing.in_limited_state
// (origin AWS, suborigin Listings): AWS put the listing in the Limited
// state, so integration testing can begin.
type ListingInLimitedState struct{}

// Topic returns topics.AWSListingInLimitedState.
func (ListingInLimitedState) Topic() topics.Topic { return topics.AWSListingInLimitedState }

// ListingPublished is the metadata of aws.listing.published (origin AWS,
// suborigin Listings): the listing went live on AWS Marketplace.
type ListingPublished struct{}

// Topic returns topics.AWSListingPublished.
func (ListingPublished) Topic() topics.Topic { return topics.AWSListingPublished }
