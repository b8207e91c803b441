package aws

import "github.com/clazarevents/sdk-go/event"

// The registry entries of the AWS topics. Origin, Suborigin and Description
// are as Clazar documents them, and empty where it is silent: the analytics
// topics other than metered usage have no documented origin, metering
// failures no suborigin, and no AWS topic has a documented Text line. The
// EventBridge events have the origin AWS, the suborigin EventBridge, and
// their source and detail type.
func init() {
	event.RegisterRuleFor("exactly_one", exactlyOne)
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
	eventBridge := []struct {
		spec       event.Spec
		source     string
		detailType string
	}{
		{event.SpecFor[OfferReleased](event.Spec{Summary: "An offer was released for purchase, by the ISV or a channel partner."}), SourceMarketplaceCatalog, DetailTypeOfferReleased},
		{event.SpecFor[ChangeSetSucceeded](event.Spec{Summary: "A Catalog API change set succeeded."}), SourceMarketplaceCatalog, DetailTypeChangeSetSucceeded},
		{event.SpecFor[ChangeSetFailed](event.Spec{Summary: "A Catalog API change set failed."}), SourceMarketplaceCatalog, DetailTypeChangeSetFailed},
		{event.SpecFor[ChangeSetCancelled](event.Spec{Summary: "A Catalog API change set was cancelled."}), SourceMarketplaceCatalog, DetailTypeChangeSetCancelled},
		{event.SpecFor[ProductsSecurityReportCreated](event.Spec{Summary: "Security issues were found in the seller's products."}), SourceMarketplaceCatalog, DetailTypeProductsSecurityReportCreated},
		{event.SpecFor[PurchaseAgreementCreatedManufacturer](event.Spec{Summary: "An agreement for the seller's product was created, renewed or replaced."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementCreatedManufacturer},
		{event.SpecFor[PurchaseAgreementCreatedProposer](event.Spec{Summary: "An agreement from the seller's offer was created, renewed or replaced."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementCreatedProposer},
		{event.SpecFor[PurchaseAgreementAmendedManufacturer](event.Spec{Summary: "An agreement for the seller's product was amended."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementAmendedManufacturer},
		{event.SpecFor[PurchaseAgreementAmendedProposer](event.Spec{Summary: "An agreement from the seller's offer was amended."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementAmendedProposer},
		{event.SpecFor[PurchaseAgreementEndedManufacturer](event.Spec{Summary: "An agreement for the seller's product ended."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementEndedManufacturer},
		{event.SpecFor[PurchaseAgreementEndedProposer](event.Spec{Summary: "An agreement from the seller's offer ended."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementEndedProposer},
		{event.SpecFor[LicenseUpdatedManufacturer](event.Spec{Summary: "A buyer's license was created or its entitlements changed."}), SourceAgreementMarketplace, DetailTypeLicenseUpdatedManufacturer},
		{event.SpecFor[LicenseDeprovisionedManufacturer](event.Spec{Summary: "A buyer's entitlement ended; an hour remains to meter usage."}), SourceAgreementMarketplace, DetailTypeLicenseDeprovisionedManufacturer},
		{event.SpecFor[OfferSetReleased](event.Spec{Summary: "An offer set was released for purchase."}), SourceMarketplaceCatalog, DetailTypeOfferSetReleased},
		{event.SpecFor[PurchaseAgreementAdvisoryIssuedManufacturer](event.Spec{Summary: "AWS issued an advisory that might affect an agreement."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementAdvisoryIssuedManufacturer},
		{event.SpecFor[PurchaseAgreementAdvisoryResolvedManufacturer](event.Spec{Summary: "An advisory about an agreement was resolved."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementAdvisoryResolvedManufacturer},
		{event.SpecFor[PurchaseAgreementEndingProposer](event.Spec{Summary: "An agreement from the seller's offer ends in 180, 120, 90, 60 or 30 days."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementEndingProposer},
		{event.SpecFor[PurchaseAgreementRenewalTermsFinalizedProposer](event.Spec{Summary: "A percentage-range renewal's price became final."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementRenewalTermsFinalizedProposer},
		{event.SpecFor[PurchaseAgreementRenewalUpcomingProposer](event.Spec{Summary: "An agreement passed its renewal decision deadline and will renew."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementRenewalUpcomingProposer},
		{event.SpecFor[AgreementCancellationRequestPendingApprovalProposer](event.Spec{Summary: "The seller asked to cancel an agreement; the buyer has 7 days to answer."}), SourceAgreementMarketplace, DetailTypeAgreementCancellationRequestPendingApprovalProposer},
		{event.SpecFor[AgreementCancellationRequestApprovedProposer](event.Spec{Summary: "A cancellation request was approved, by the buyer or after 7 days."}), SourceAgreementMarketplace, DetailTypeAgreementCancellationRequestApprovedProposer},
		{event.SpecFor[AgreementCancellationRequestRejectedProposer](event.Spec{Summary: "The buyer rejected a cancellation request."}), SourceAgreementMarketplace, DetailTypeAgreementCancellationRequestRejectedProposer},
		{event.SpecFor[AgreementCancellationRequestCancelledProposer](event.Spec{Summary: "The seller withdrew a cancellation request."}), SourceAgreementMarketplace, DetailTypeAgreementCancellationRequestCancelledProposer},
		{event.SpecFor[AgreementCancellationRequestValidationFailedProposer](event.Spec{Summary: "A cancellation request failed AWS's validation."}), SourceAgreementMarketplace, DetailTypeAgreementCancellationRequestValidationFailedProposer},
		{event.SpecFor[PurchaseAgreementBillingAdjustmentCompletedProposer](event.Spec{Summary: "A billing adjustment (refund) on an agreement was processed."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementBillingAdjustmentCompletedProposer},
		{event.SpecFor[PurchaseAgreementBillingAdjustmentFailedProposer](event.Spec{Summary: "A billing adjustment failed AWS's validation."}), SourceAgreementMarketplace, DetailTypePurchaseAgreementBillingAdjustmentFailedProposer},
		{event.SpecFor[DisbursementPaused](event.Spec{Summary: "A disbursement failed: the seller's bank account details are invalid."}), SourceMarketplace, DetailTypeDisbursementPaused},
	}
	for _, eb := range eventBridge {
		s := eb.spec
		s.Origin, s.Suborigin, s.Source, s.DetailType = event.OriginAWS, event.SuboriginEventBridge, eb.source, eb.detailType
		event.Register(s)
	}
}
