package gcp

import "github.com/clazarevents/sdk-go/event"

// The texts and descriptions follow the later version of Clazar's GCP page.
// It prints the description of gcp.contract.plan_change_initiated without
// the final period that the earlier version had; it is kept as printed.
func init() {
	event.Register(
		event.SpecFor[ListingSubmittedToClazar](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginListings,
			Text:        "Listing Submitted to Clazar",
			Description: "Listing {listing-title} on GCP is submitted to Clazar.",
			Summary:     "The seller's team submitted a listing to Clazar.",
		}),
		event.SpecFor[ListingWaitingOnGCP](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginListings,
			Text:        "Listing Submitted to GCP",
			Description: "Listing {listing-title} is submitted to GCP.",
			Summary:     "Clazar sent the listing to GCP and awaits its review.",
		}),
		event.SpecFor[ListingInLimitedState](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginListings,
			Text:        "Listing in Limited State",
			Description: "Listing {listing-title} is now published in Limited state on GCP.",
			Summary:     "The listing is in Limited state, ready for integration testing.",
		}),
		event.SpecFor[ListingPublished](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginListings,
			Text:        "Listing Published in GCP",
			Description: "Listing {listing-title} is now published on GCP Marketplace.",
			Summary:     "The listing went live on Google Cloud Marketplace.",
		}),
		event.SpecFor[ContractPending](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginPubSub,
			Text:        "Contract Pending",
			Description: "GCP contract created in pending activation state for listing {listing-title}.",
			Summary:     "A buyer bought the product and the entitlement awaits activation.",
		}),
		event.SpecFor[ContractRegistered](event.Spec{
			Origin:      event.OriginClazar,
			Suborigin:   event.SuboriginRegistration,
			Text:        "Registration Updated",
			Description: "GCP buyer registration details updated for listing {listing-title}.",
			Summary:     "The buyer completed the SaaS registration form.",
		}),
		event.SpecFor[ContractActivated](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginPubSub,
			Text:        "Contract Activated",
			Description: "GCP contract activated for listing {listing-title}.",
			Summary:     "The entitlement is active and billing has started.",
		}),
		event.SpecFor[ContractPlanChangeInitiated](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginPubSub,
			Text:        "Contract Plan Change Initiated",
			Description: "GCP contract plan change initiated for listing {listing-title}",
			Summary:     "The buyer requested another plan, or accepted a new private offer, during the contract.",
		}),
		event.SpecFor[ContractPlanChanged](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginPubSub,
			Text:        "Contract Plan Changed",
			Description: "GCP contract plan changed for listing {listing-title}.",
			Summary:     "A plan change took effect.",
		}),
		event.SpecFor[ContractPlanChangeCanceled](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginPubSub,
			Text:        "Contract Plan Change Canceled",
			Description: "GCP contract plan change canceled for listing {listing-title}.",
			Summary:     "The buyer withdrew a requested plan change.",
		}),
		event.SpecFor[ContractRenewed](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginPubSub,
			Text:        "Contract Renewed",
			Description: "GCP contract renewed for listing {listing-title}.",
			Summary:     "The entitlement was renewed and its end moved later.",
		}),
		event.SpecFor[ContractCanceled](event.Spec{
			Origin:      event.OriginGCP,
			Suborigin:   event.SuboriginPubSub,
			Text:        "Contract Canceled",
			Description: "GCP contract canceled for listing {listing-title}.",
			Summary:     "The entitlement ended, because it expired or the buyer cancelled it.",
		}),
		event.SpecFor[MeteringSubmissionFailed](event.Spec{
			Origin:      event.OriginUser,
			Suborigin:   event.SuboriginUser,
			Text:        "GCP Metering Submission Failed",
			Description: "Metering submission to GCP failed for dimension {dimension} and quantity {quantity}.",
			Summary:     "A usage record could not be reported to GCP.",
		}),
	)
}
