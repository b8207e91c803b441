package azure

import "github.com/clazarevents/sdk-go/event"

// Clazar's Azure page prints the topic line of azure.listing.in_limited_state
// as azure.listing.submitted_to_clazar; its heading, text and description
// are those of the Limited state, so the spec below follows the heading.
func init() {
	event.Register(
		event.SpecFor[ListingSubmittedToClazar](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginListings,
			Text:        "Listing Submitted to Clazar",
			Description: "Listing {listing-title} on Azure is submitted to Clazar.",
			Summary:     "A listing was submitted to Clazar, which sends it on to Azure.",
		}),
		event.SpecFor[ListingInLimitedState](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginListings,
			Text:        "Listing in Limited State",
			Description: "Listing {listing-title} is now published in Limited state on Azure.",
			Summary:     "The listing is published on Azure in Limited state, ready for integration testing.",
		}),
		event.SpecFor[ListingPublished](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginListings,
			Text:        "Listing Published in Azure",
			Description: "Listing {listing-title} is now published on Azure Marketplace.",
			Summary:     "The listing went live on Azure Marketplace.",
		}),
		event.SpecFor[ContractPending](event.Spec{
			Origin:      event.OriginAzure,
			Suborigin:   event.SuboriginLandingPage,
			Text:        "Contract Pending",
			Description: "Azure contract created in pending activation state for listing {listing-title}.",
			Summary:     "A buyer subscribed on Azure and the contract awaits activation.",
		}),
		event.SpecFor[ContractRegistered](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginRegistration,
			Text:        "Registration Updated",
			Description: "Azure buyer registration details updated for listing {listing-title}.",
			Summary:     "The buyer filled in or updated the registration form.",
		}),
		event.SpecFor[ContractActivated](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginUser,
			Text:        "Contract Activated",
			Description: "Azure contract activated for listing {listing-title}.",
			Summary:     "The seller activated the subscription and its first term starts.",
		}),
		event.SpecFor[ContractQuantityChanged](event.Spec{
			Origin:      event.OriginAzure,
			Suborigin:   event.SuboriginWebhook,
			Text:        "Contract No. of Users Changed",
			Description: "Azure contract no. of users changed for listing {listing-title}.",
			Summary:     "The buyer changed the number of users of a per-user plan.",
		}),
		event.SpecFor[ContractPlanChanged](event.Spec{
			Origin:      event.OriginAzure,
			Suborigin:   event.SuboriginWebhook,
			Text:        "Contract Plan Changed",
			Description: "Azure contract plan changed for listing {listing-title}.",
			Summary:     "The buyer moved the subscription to another plan.",
		}),
		event.SpecFor[ContractRenewed](event.Spec{
			Origin:      event.OriginAzure,
			Suborigin:   event.SuboriginWebhook,
			Text:        "Contract Renewed",
			Description: "Azure contract renewed for listing {listing-title}.",
			Summary:     "Azure renewed the subscription for another term.",
		}),
		event.SpecFor[ContractSuspended](event.Spec{
			Origin:      event.OriginAzure,
			Suborigin:   event.SuboriginWebhook,
			Text:        "Contract Suspended",
			Description: "Azure contract suspended for listing {listing-title}.",
			Summary:     "Azure suspended the subscription.",
		}),
		event.SpecFor[ContractUnsubscribed](event.Spec{
			Origin:      event.OriginAzure,
			Suborigin:   event.SuboriginWebhook,
			Text:        "Contract Unsubscribed",
			Description: "Azure contract unsubscribed for listing {listing-title}.",
			Summary:     "The subscription was cancelled.",
		}),
		event.SpecFor[ContractReinstated](event.Spec{
			Origin:      event.OriginAzure,
			Suborigin:   event.SuboriginWebhook,
			Text:        "Contract Reinstated",
			Description: "Azure contract reinstated for listing {listing-title}.",
			Summary:     "A suspended subscription was reinstated.",
		}),
	)
}
