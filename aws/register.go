package aws

import "github.com/clazarevents/sdk-go/event"

// The registry entries of the AWS topics. Origin, Suborigin and Description
// are as Clazar documents them, and empty where it is silent: the analytics
// topics other than metered usage have no documented origin, metering
// failures no suborigin, and no AWS topic has a documented Text line.
func init() {
	event.RegisterRule("exactly_one", exactlyOne)
	event.Register(
		event.SpecFor[ListingSubmittedToClazar](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginListings,
			Description: "Listing {listing-title} is submitted to Clazar.",
			Summary:     "The seller's team submitted a listing to Clazar.",
		}),
		event.SpecFor[ListingWaitingOnAWS](event.Spec{
			Origin:    event.OriginClazar,
			Suborigin: event.SuboriginListings,
			Summary:   "The listing was sent to AWS and awaits its approval.",
		}),
		event.SpecFor[ListingInLimitedState](event.Spec{
			Origin:    event.OriginAWS,
			Suborigin: event.SuboriginListings,
			Summary:   "The listing is in the Limited state; integration testing can begin.",
		}),
		event.SpecFor[ListingPublished](event.Spec{
			Origin:    event.OriginAWS,
			Suborigin: event.SuboriginListings,
			Summary:   "The listing went live on AWS Marketplace.",
		}),
		event.SpecFor[PrivateOfferCreated](event.Spec{
			Origin:    event.OriginClazar,
			Suborigin: event.SuboriginPrivateOffers,
			Summary:   "A private offer was created on AWS Marketplace.",
		}),
		event.SpecFor[ContractCreated](event.Spec{
			Origin:    event.OriginAWS,
			Suborigin: event.SuboriginSNS,
			Summary:   "A buyer purchased the product; AWS created the contract.",
		}),
		event.SpecFor[ContractRegistered](event.Spec{
			Origin:    event.OriginClazar,
			Suborigin: event.SuboriginRegistration,
			Summary:   "The buyer completed the SaaS registration form.",
		}),
		event.SpecFor[ContractModified](event.Spec{
			Origin:    event.OriginAWS,
			Suborigin: event.SuboriginSNS,
			Summary:   "The contract's entitlements changed.",
		}),
		event.SpecFor[ContractRenewed](event.Spec{
			Origin:    event.OriginAWS,
			Suborigin: event.SuboriginSNS,
			Summary:   "The contract was renewed with a new expiration date.",
		}),
		event.SpecFor[ContractCancelled](event.Spec{
			Origin:    event.OriginAWS,
			Suborigin: event.SuboriginSNS,
			Summary:   "The contract ended: it expired or was revoked.",
		}),
		event.SpecFor[AnalyticsMeteredUsage](event.Spec{
			Origin:    event.OriginAWS,
			Suborigin: event.SuboriginDailyBusiness,
			Summary:   "AWS reported a buyer's metered usage.",
		}),
		event.SpecFor[AnalyticsContractFees](event.Spec{
			Summary: "AWS reported contract fee transactions.",
		}),
		event.SpecFor[AnalyticsNewProductSubscriber](event.Spec{
			Summary: "AWS reported a new subscriber to the product.",
		}),
		event.SpecFor[AnalyticsCanceledProductSubscriber](event.Spec{
			Summary: "AWS reported that a subscriber canceled the product.",
		}),
		event.SpecFor[AnalyticsDisbursement](event.Spec{
			Summary: "AWS disbursed revenue to the seller.",
		}),
		event.SpecFor[MeteringSubmissionFailed](event.Spec{
			Origin:  event.OriginUser,
			Summary: "Usage could not be submitted to AWS.",
		}),
	)
}
