// Package topics names every event topic that Clazar documents for the AWS,
// Azure and GCP marketplaces, and the AWS Marketplace events that Amazon
// EventBridge delivers directly.
//
// A topic is a dot-separated wire name of three segments: the marketplace,
// the entity and the action, as in "aws.contract.created". An EventBridge
// event's topic is derived from its source and detail type by EventBridge,
// as in "aws.marketplacecatalog.change_set_succeeded". The package holds
// names only and imports nothing else of the SDK, so every other package can
// use it:
//
//	if topics.Match("*.contract.*", e.Topic) {
//		// a contract event from any marketplace
//	}
package topics

import (
	"slices"
	"strings"
)

// Topic is the wire name of an event topic, such as "aws.contract.created".
// A Topic received from the wire may be one this package does not name yet.
type Topic string

// Marketplace is the first segment of a topic: the cloud marketplace the
// event concerns.
type Marketplace string

// The marketplaces Clazar delivers events for.
const (
	AWS   Marketplace = "aws"
	Azure Marketplace = "azure"
	GCP   Marketplace = "gcp"
)

// AWS Marketplace topics.
const (
	AWSListingSubmittedToClazar           Topic = "aws.listing.submitted_to_clazar"
	AWSListingWaitingOnAWS                Topic = "aws.listing.waiting_on_aws"
	AWSListingInLimitedState              Topic = "aws.listing.in_limited_state"
	AWSListingPublished                   Topic = "aws.listing.published"
	AWSPrivateOfferCreated                Topic = "aws.private_offer.created"
	AWSContractCreated                    Topic = "aws.contract.created"
	AWSContractRegistered                 Topic = "aws.contract.registered"
	AWSContractModified                   Topic = "aws.contract.modified"
	AWSContractRenewed                    Topic = "aws.contract.renewed"
	AWSContractCancelled                  Topic = "aws.contract.cancelled"
	AWSAnalyticsMeteredUsage              Topic = "aws.analytics.metered_usage"
	AWSAnalyticsContractFees              Topic = "aws.analytics.contract_fees"
	AWSAnalyticsNewProductSubscriber      Topic = "aws.analytics.new_product_subscriber"
	AWSAnalyticsCanceledProductSubscriber Topic = "aws.analytics.canceled_product_subscriber"
	AWSAnalyticsDisbursement              Topic = "aws.analytics.disbursement"
	AWSMeteringSubmissionFailed           Topic = "aws.metering.submission_failed"
)

// AWS Marketplace's own EventBridge events for sellers, which AWS delivers
// to the seller's default event bus rather than through Clazar. Their names follow
// the rule of EventBridge: "aws.marketplacecatalog" with "Change Set
// Succeeded" is aws.marketplacecatalog.change_set_succeeded, and
// "aws.agreement-marketplace" with "License Updated - Manufacturer" is
// aws.agreement_marketplace.license_updated_manufacturer.
const (
	AWSCatalogOfferReleased                 Topic = "aws.marketplacecatalog.offer_released"
	AWSCatalogOfferSetReleased              Topic = "aws.marketplacecatalog.offer_set_released"
	AWSCatalogChangeSetSucceeded            Topic = "aws.marketplacecatalog.change_set_succeeded"
	AWSCatalogChangeSetFailed               Topic = "aws.marketplacecatalog.change_set_failed"
	AWSCatalogChangeSetCancelled            Topic = "aws.marketplacecatalog.change_set_cancelled"
	AWSCatalogProductsSecurityReportCreated Topic = "aws.marketplacecatalog.products_security_report_created"

	AWSAgreementPurchaseAgreementCreatedManufacturer Topic = "aws.agreement_marketplace.purchase_agreement_created_manufacturer"
	AWSAgreementPurchaseAgreementCreatedProposer     Topic = "aws.agreement_marketplace.purchase_agreement_created_proposer"
	AWSAgreementPurchaseAgreementAmendedManufacturer Topic = "aws.agreement_marketplace.purchase_agreement_amended_manufacturer"
	AWSAgreementPurchaseAgreementAmendedProposer     Topic = "aws.agreement_marketplace.purchase_agreement_amended_proposer"
	AWSAgreementPurchaseAgreementEndedManufacturer   Topic = "aws.agreement_marketplace.purchase_agreement_ended_manufacturer"
	AWSAgreementPurchaseAgreementEndedProposer       Topic = "aws.agreement_marketplace.purchase_agreement_ended_proposer"
	AWSAgreementLicenseUpdatedManufacturer           Topic = "aws.agreement_marketplace.license_updated_manufacturer"
	AWSAgreementLicenseDeprovisionedManufacturer     Topic = "aws.agreement_marketplace.license_deprovisioned_manufacturer"

	AWSAgreementPurchaseAgreementAdvisoryIssuedManufacturer    Topic = "aws.agreement_marketplace.purchase_agreement_advisory_issued_manufacturer"
	AWSAgreementPurchaseAgreementAdvisoryResolvedManufacturer  Topic = "aws.agreement_marketplace.purchase_agreement_advisory_resolved_manufacturer"
	AWSAgreementPurchaseAgreementEndingProposer                Topic = "aws.agreement_marketplace.purchase_agreement_ending_proposer"
	AWSAgreementPurchaseAgreementRenewalTermsFinalizedProposer Topic = "aws.agreement_marketplace.purchase_agreement_renewal_terms_finalized_proposer"
	AWSAgreementPurchaseAgreementRenewalUpcomingProposer       Topic = "aws.agreement_marketplace.purchase_agreement_renewal_upcoming_proposer"

	AWSAgreementCancellationRequestPendingApprovalProposer  Topic = "aws.agreement_marketplace.agreement_cancellation_request_pending_approval_proposer"
	AWSAgreementCancellationRequestApprovedProposer         Topic = "aws.agreement_marketplace.agreement_cancellation_request_approved_proposer"
	AWSAgreementCancellationRequestRejectedProposer         Topic = "aws.agreement_marketplace.agreement_cancellation_request_rejected_proposer"
	AWSAgreementCancellationRequestCancelledProposer        Topic = "aws.agreement_marketplace.agreement_cancellation_request_cancelled_proposer"
	AWSAgreementCancellationRequestValidationFailedProposer Topic = "aws.agreement_marketplace.agreement_cancellation_request_validation_failed_proposer"

	AWSAgreementPurchaseAgreementBillingAdjustmentCompletedProposer Topic = "aws.agreement_marketplace.purchase_agreement_billing_adjustment_completed_proposer"
	AWSAgreementPurchaseAgreementBillingAdjustmentFailedProposer    Topic = "aws.agreement_marketplace.purchase_agreement_billing_adjustment_failed_proposer"

	AWSMarketplaceDisbursementPaused Topic = "aws.marketplace.disbursement_paused"
)

// Azure Marketplace topics.
//
// Clazar's Azure page prints the topic line of azure.listing.in_limited_state
// as azure.listing.submitted_to_clazar; the section heading names the topic,
// and that is the name used here.
const (
	AzureListingSubmittedToClazar Topic = "azure.listing.submitted_to_clazar"
	AzureListingInLimitedState    Topic = "azure.listing.in_limited_state"
	AzureListingPublished         Topic = "azure.listing.published"
	AzureContractPending          Topic = "azure.contract.pending"
	AzureContractRegistered       Topic = "azure.contract.registered"
	AzureContractActivated        Topic = "azure.contract.activated"
	AzureContractQuantityChanged  Topic = "azure.contract.quantity_changed"
	AzureContractPlanChanged      Topic = "azure.contract.plan_changed"
	AzureContractRenewed          Topic = "azure.contract.renewed"
	AzureContractSuspended        Topic = "azure.contract.suspended"
	AzureContractUnsubscribed     Topic = "azure.contract.unsubscribed"
	AzureContractReinstated       Topic = "azure.contract.reinstated"
)

// Google Cloud Marketplace topics.
//
// gcp.metering.submission_failed appears only in the later version of
// Clazar's GCP page.
const (
	GCPListingSubmittedToClazar    Topic = "gcp.listing.submitted_to_clazar"
	GCPListingWaitingOnGCP         Topic = "gcp.listing.waiting_on_gcp"
	GCPListingInLimitedState       Topic = "gcp.listing.in_limited_state"
	GCPListingPublished            Topic = "gcp.listing.published"
	GCPContractPending             Topic = "gcp.contract.pending"
	GCPContractRegistered          Topic = "gcp.contract.registered"
	GCPContractActivated           Topic = "gcp.contract.activated"
	GCPContractPlanChangeInitiated Topic = "gcp.contract.plan_change_initiated"
	GCPContractPlanChanged         Topic = "gcp.contract.plan_changed"
	GCPContractPlanChangeCanceled  Topic = "gcp.contract.plan_change_canceled"
	GCPContractRenewed             Topic = "gcp.contract.renewed"
	GCPContractCanceled            Topic = "gcp.contract.canceled"
	GCPMeteringSubmissionFailed    Topic = "gcp.metering.submission_failed"
)

var all = func() []Topic {
	t := []Topic{
		AWSListingSubmittedToClazar, AWSListingWaitingOnAWS, AWSListingInLimitedState, AWSListingPublished,
		AWSPrivateOfferCreated,
		AWSContractCreated, AWSContractRegistered, AWSContractModified, AWSContractRenewed, AWSContractCancelled,
		AWSAnalyticsMeteredUsage, AWSAnalyticsContractFees, AWSAnalyticsNewProductSubscriber,
		AWSAnalyticsCanceledProductSubscriber, AWSAnalyticsDisbursement,
		AWSMeteringSubmissionFailed,

		AWSCatalogOfferReleased, AWSCatalogChangeSetSucceeded, AWSCatalogChangeSetFailed,
		AWSCatalogChangeSetCancelled, AWSCatalogProductsSecurityReportCreated,
		AWSAgreementPurchaseAgreementCreatedManufacturer, AWSAgreementPurchaseAgreementCreatedProposer,
		AWSAgreementPurchaseAgreementAmendedManufacturer, AWSAgreementPurchaseAgreementAmendedProposer,
		AWSAgreementPurchaseAgreementEndedManufacturer, AWSAgreementPurchaseAgreementEndedProposer,
		AWSAgreementLicenseUpdatedManufacturer, AWSAgreementLicenseDeprovisionedManufacturer,
		AWSCatalogOfferSetReleased,
		AWSAgreementPurchaseAgreementAdvisoryIssuedManufacturer, AWSAgreementPurchaseAgreementAdvisoryResolvedManufacturer,
		AWSAgreementPurchaseAgreementEndingProposer, AWSAgreementPurchaseAgreementRenewalTermsFinalizedProposer,
		AWSAgreementPurchaseAgreementRenewalUpcomingProposer,
		AWSAgreementCancellationRequestPendingApprovalProposer, AWSAgreementCancellationRequestApprovedProposer,
		AWSAgreementCancellationRequestRejectedProposer, AWSAgreementCancellationRequestCancelledProposer,
		AWSAgreementCancellationRequestValidationFailedProposer,
		AWSAgreementPurchaseAgreementBillingAdjustmentCompletedProposer, AWSAgreementPurchaseAgreementBillingAdjustmentFailedProposer,
		AWSMarketplaceDisbursementPaused,

		AzureListingSubmittedToClazar, AzureListingInLimitedState, AzureListingPublished,
		AzureContractPending, AzureContractRegistered, AzureContractActivated, AzureContractQuantityChanged,
		AzureContractPlanChanged, AzureContractRenewed, AzureContractSuspended, AzureContractUnsubscribed,
		AzureContractReinstated,

		GCPListingSubmittedToClazar, GCPListingWaitingOnGCP, GCPListingInLimitedState, GCPListingPublished,
		GCPContractPending, GCPContractRegistered, GCPContractActivated, GCPContractPlanChangeInitiated,
		GCPContractPlanChanged, GCPContractPlanChangeCanceled, GCPContractRenewed, GCPContractCanceled,
		GCPMeteringSubmissionFailed,
	}
	slices.Sort(t)
	return t
}()

// All returns every documented topic, sorted. The slice is a new copy on
// each call.
func All() []Topic { return slices.Clone(all) }

// Known reports whether t is one of the documented topics.
func (t Topic) Known() bool {
	_, ok := slices.BinarySearch(all, t)
	return ok
}

// EventBridge returns the topic of an Amazon EventBridge event with the
// given source and detail type, by one rule: the source, then the detail
// type, joined by a dot, each in lower case with every run of characters
// other than ASCII letters and digits made one underscore and none at
// either end; an upper-case letter after a lower-case one or a digit
// starts a new word too ("OfferSet Released" is "offer_set_released").
// So "aws.marketplacecatalog" with "Change Set Succeeded" is
// "aws.marketplacecatalog.change_set_succeeded", and
// "aws.agreement-marketplace" with "Purchase Agreement Created -
// Manufacturer" is
// "aws.agreement_marketplace.purchase_agreement_created_manufacturer": the
// role that ends a detail type stays in its topic, so that the
// Manufacturer and the Proposer events of one change are told apart. The
// dots of the source separate segments, as in any topic.
//
// It returns "" if source or detailType has no letter or digit.
func EventBridge(source, detailType string) Topic {
	var b strings.Builder
	b.Grow(len(source) + len(detailType) + 1)
	for i, seg := range strings.Split(source, ".") {
		if i > 0 {
			b.WriteByte('.')
		}
		if !appendSegment(&b, seg) {
			return ""
		}
	}
	b.WriteByte('.')
	if !appendSegment(&b, detailType) {
		return ""
	}
	return Topic(b.String())
}

// appendSegment writes s as one topic segment, reporting false if it
// would be empty.
func appendSegment(b *strings.Builder, s string) bool {
	wrote, gap, lower := false, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			gap = gap || lower // "OfferSet" is two words
			lower = false
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			lower = true
		default:
			gap, lower = wrote, false
			continue
		}
		if gap {
			b.WriteByte('_')
			gap = false
		}
		b.WriteByte(c)
		wrote = true
	}
	return wrote
}

// String returns the wire name.
func (t Topic) String() string { return string(t) }

// Marketplace returns the first segment of t, such as AWS for
// "aws.contract.created".
func (t Topic) Marketplace() Marketplace {
	m, _, _ := strings.Cut(string(t), ".")
	return Marketplace(m)
}

// Entity returns the second segment of t, such as "contract" for
// "aws.contract.created", or "" if t has fewer than two segments.
func (t Topic) Entity() string {
	_, rest, ok := strings.Cut(string(t), ".")
	if !ok {
		return ""
	}
	e, _, _ := strings.Cut(rest, ".")
	return e
}

// Action returns everything after the second segment of t, such as
// "created" for "aws.contract.created", or "" if t has fewer than three
// segments.
func (t Topic) Action() string {
	_, rest, ok := strings.Cut(string(t), ".")
	if !ok {
		return ""
	}
	_, a, _ := strings.Cut(rest, ".")
	return a
}

// Match reports whether topic t matches pattern. Both are compared segment
// by segment, split at dots:
//
//   - a literal segment matches itself only;
//   - "*" matches exactly one segment;
//   - "**", allowed only as the last segment, matches one or more segments.
//
// The pattern "*" or "**" alone matches every topic. A pattern with "**"
// anywhere but last, or with an empty segment, matches nothing.
//
// So "aws.contract.*" matches "aws.contract.created" but not
// "aws.listing.published", "*.contract.renewed" matches every marketplace's
// renewal, "gcp.**" matches every GCP topic, and "aws.*" matches no topic of
// three segments.
func Match(pattern string, t Topic) bool {
	if pattern == "*" || pattern == "**" {
		return t != ""
	}
	name := string(t)
	for {
		pseg, prest, pmore := strings.Cut(pattern, ".")
		if pseg == "" {
			return false
		}
		if pseg == "**" {
			return !pmore && validSegments(name)
		}
		nseg, nrest, nmore := strings.Cut(name, ".")
		if nseg == "" || (pseg != "*" && pseg != nseg) {
			return false
		}
		if !pmore || !nmore {
			return !pmore && !nmore
		}
		pattern, name = prest, nrest
	}
}

// ValidPattern reports whether pattern is well formed for Match: no empty
// segment, and "**" only as the last one.
func ValidPattern(pattern string) bool {
	return validSegments(pattern) && !strings.Contains("."+pattern, ".**.")
}

// validSegments reports whether name is non-empty and has no empty segment.
func validSegments(name string) bool {
	return name != "" && name[0] != '.' && name[len(name)-1] != '.' && !strings.Contains(name, "..")
}
