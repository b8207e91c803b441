package aws

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// The AWS Marketplace agreement, license, cancellation and billing
// adjustment events for sellers, source aws.agreement-marketplace, as AWS's
// pages "Amazon EventBridge events"
// (https://docs.aws.amazon.com/marketplace/latest/userguide/notifications-eventbridge.html)
// and "Managing SaaS subscription events with Amazon EventBridge"
// (https://docs.aws.amazon.com/marketplace/latest/userguide/saas-eventbridge-integration.html)
// document them, with the members of their printed examples. They replace
// the SaaS SNS notifications; AWS sends them to the default event bus in
// us-east-1.
//
// A purchase agreement event carries no product code and no license: the
// agreement id is what joins it to the license events, which carry the
// product code and the license ARN. Members that AWS leaves out of some
// events (an Ended agreement's intent and times, a renewal's offer) are
// written back only when they were read.

// AgreementIntent says why a purchase agreement was created. Values other
// than the constants still decode.
type AgreementIntent string

// The intents AWS documents.
const (
	// AgreementIntentNew is an agreement created for the first time.
	AgreementIntentNew AgreementIntent = "NEW"

	// AgreementIntentRenew is an agreement renewed at its expiry.
	AgreementIntentRenew AgreementIntent = "RENEW"

	// AgreementIntentReplace is an agreement that replaces another, as an
	// agreement-based offer's new private offer does.
	AgreementIntentReplace AgreementIntent = "REPLACE"

	// AgreementIntentAmend is an agreement that was amended.
	AgreementIntentAmend AgreementIntent = "AMEND"
)

// AgreementStatus is the status of a purchase agreement, as the Agreement
// API reports it. Values other than the constants still decode.
type AgreementStatus string

// The agreement statuses of the Agreement API.
const (
	AgreementStatusActive     AgreementStatus = "ACTIVE"
	AgreementStatusArchived   AgreementStatus = "ARCHIVED"
	AgreementStatusCancelled  AgreementStatus = "CANCELLED"
	AgreementStatusExpired    AgreementStatus = "EXPIRED"
	AgreementStatusRenewed    AgreementStatus = "RENEWED"
	AgreementStatusReplaced   AgreementStatus = "REPLACED"
	AgreementStatusRolledBack AgreementStatus = "ROLLED_BACK"
	AgreementStatusSuperseded AgreementStatus = "SUPERSEDED"
	AgreementStatusTerminated AgreementStatus = "TERMINATED"
)

// An Agreement is the purchase agreement an event concerns. Only ID is in
// every event; the others are written back only when they were read.
type Agreement struct {
	// ID is the agreement's id, such as "agmt-4mwg1nevbokzw95eca5797ixs",
	// as DescribeAgreement takes it.
	ID string `json:"id" validate:"required"`

	// Intent says why the agreement was created or changed.
	Intent AgreementIntent `json:"intent,omitempty"`

	// Status is the agreement's status after the change.
	Status AgreementStatus `json:"status,omitempty"`

	// AcceptanceTime is when the buyer accepted the offer.
	AcceptanceTime event.Time `json:"acceptanceTime,omitzero"`

	// StartTime is when the agreement starts.
	StartTime event.Time `json:"startTime,omitzero"`

	// EndTime is when the agreement ends; AWS writes
	// "9999-01-01T00:00:00Z" for an agreement without an end.
	EndTime event.Time `json:"endTime,omitzero"`

	// PreviousAgreementID is the agreement that a renewal (Intent RENEW)
	// replaces.
	PreviousAgreementID string `json:"previousAgreementId,omitempty"`

	// AutoRenewalEnabled reports whether the agreement renews itself:
	// true when it has renewal terms and neither party opted out; nil
	// when the event does not say.
	AutoRenewalEnabled *bool `json:"autoRenewalEnabled,omitempty"`

	// DaysBeforeEndTime is how many days remain before EndTime, in a
	// Purchase Agreement Ending event: 180, 120, 90, 60 or 30.
	DaysBeforeEndTime int `json:"daysBeforeEndTime,omitempty"`
}

// An AgreementAccount is an AWS account party to an agreement: its
// acceptor (the buyer) or its proposer (the seller of record).
type AgreementAccount struct {
	// AccountID is the 12-digit AWS account id.
	AccountID string `json:"accountId"`

	// Name is the account's name, in some proposer members.
	Name string `json:"name,omitempty"`
}

// An AgreementOffer is the offer an agreement was made from.
type AgreementOffer struct {
	// ID is the offer's id, such as "offer-1234567890123".
	ID string `json:"id"`
}

// An AgreementProduct is the product of an agreement.
type AgreementProduct struct {
	// ID is the product's id in the catalog, such as
	// "prod-aw4fgf5tyo5w2ap6fEXAMPLE".
	ID string `json:"id"`

	// Title is the product's title, when the event gives it.
	Title string `json:"title,omitempty"`
}

// A ResaleAuthorization is the channel partner's authorization to resell
// the product, for an agreement made from a channel partner's offer.
type ResaleAuthorization struct {
	// ID is the resale authorization's id, such as
	// "resaleauthz-yaxjqxiskysxa"; empty (null on the wire) for an
	// agreement from the ISV's own offer.
	ID string `json:"id,omitempty"`
}

// RenewalSummary describes an agreement's coming renewal. AWS's
// Management Portal calls the lockout start the renewal decision deadline:
// the last day either party can turn auto-renewal off or on.
type RenewalSummary struct {
	// LockoutStartTime is when the renewal decision deadline passes.
	LockoutStartTime event.Time `json:"lockoutStartTime,omitzero"`

	// LockoutReached reports whether the deadline has passed; nil when
	// the event does not say or the renewal has no lockout.
	LockoutReached *bool `json:"lockoutReached,omitempty"`

	// DisabledBy is who turned auto-renewal off, "ACCEPTOR" or "PROPOSER",
	// and empty (null on the wire) when it is on.
	DisabledBy string `json:"disabledBy,omitempty"`

	// TCV is the renewal's total contract value, exact, such as
	// "105000.00".
	TCV event.Decimal `json:"tcv,omitzero"`

	// Currency is the ISO 4217 code of TCV, such as "USD".
	Currency string `json:"currency,omitempty"`

	// TermsFinalizedTime is when the renewal's price became final.
	TermsFinalizedTime event.Time `json:"termsFinalizedTime,omitzero"`
}

// An Advisory is a notice about an agreement, issued and later resolved.
type Advisory struct {
	// IssuedAt is when the advisory was issued.
	IssuedAt event.Time `json:"issuedAt,omitzero"`

	// ResolvedAt is when the advisory was resolved.
	ResolvedAt event.Time `json:"resolvedAt,omitzero"`
}

// PurchaseAgreementDetail holds what the purchase agreement events carry;
// each carries a part of it. Validation requires Agreement.ID.
type PurchaseAgreementDetail struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog of the agreement, "AWSMarketplace".
	Catalog string `json:"catalog"`

	// Agreement is the agreement that changed.
	Agreement Agreement `json:"agreement"`

	// RenewalSummary describes the agreement's renewal, in the events
	// about renewals and some amendments.
	RenewalSummary *RenewalSummary `json:"renewalSummary,omitempty"`

	// Product is the agreement's product, in some events.
	Product AgreementProduct `json:"product,omitzero"`

	// ResaleAuthorization names the channel partner's authorization,
	// with an empty ID for an agreement from the ISV's own offer; nil if
	// the event does not have the member.
	ResaleAuthorization *ResaleAuthorization `json:"resaleAuthorization,omitempty"`

	// Acceptor is the buyer's account.
	Acceptor AgreementAccount `json:"acceptor"`

	// Proposer is the account that extended the offer: the ISV, or the
	// channel partner reselling the product.
	Proposer AgreementAccount `json:"proposer"`

	// Offer is the offer the agreement was made from, in most events.
	Offer AgreementOffer `json:"offer,omitzero"`

	// Advisory is the advisory of an Advisory Issued or Resolved event.
	Advisory *Advisory `json:"advisory,omitempty"`
}

// PurchaseAgreementCreatedManufacturer is the detail of the EventBridge
// event "Purchase Agreement Created - Manufacturer", source
// aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_created_manufacturer: a
// buyer's agreement for the seller's product was created, as a new
// agreement, a renewal or a replacement (Agreement.Intent), whoever
// proposed it. Call DescribeAgreement to learn, for example, whether it
// is a free trial.
type PurchaseAgreementCreatedManufacturer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementCreatedProposer is the detail of the EventBridge event
// "Purchase Agreement Created - Proposer", source
// aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_created_proposer: an
// agreement made from the seller's own offer was created, as a new
// agreement, a renewal or a replacement (Agreement.Intent).
type PurchaseAgreementCreatedProposer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementAmendedManufacturer is the detail of the EventBridge
// event "Purchase Agreement Amended - Manufacturer", source
// aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_amended_manufacturer: an
// existing agreement for the seller's product was amended, such as by an
// upgrade of its terms.
type PurchaseAgreementAmendedManufacturer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementAmendedProposer is the detail of the EventBridge event
// "Purchase Agreement Amended - Proposer", source
// aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_amended_proposer: an
// existing agreement made from the seller's own offer was amended.
type PurchaseAgreementAmendedProposer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementEndedManufacturer is the detail of the EventBridge
// event "Purchase Agreement Ended - Manufacturer", source
// aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_ended_manufacturer: an
// agreement for the seller's product ended: it expired, was cancelled or
// terminated, or was renewed or replaced by another (Agreement.Status).
type PurchaseAgreementEndedManufacturer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementEndedProposer is the detail of the EventBridge event
// "Purchase Agreement Ended - Proposer", source aws.agreement-marketplace,
// topic aws.agreement_marketplace.purchase_agreement_ended_proposer: an
// agreement made from the seller's own offer ended (Agreement.Status).
type PurchaseAgreementEndedProposer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementAdvisoryIssuedManufacturer is the detail of the
// EventBridge event "Purchase Agreement Advisory Issued - Manufacturer",
// source aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_advisory_issued_manufacturer:
// AWS issued an advisory that might affect a buyer's agreement for the
// seller's product (Advisory.IssuedAt).
type PurchaseAgreementAdvisoryIssuedManufacturer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementAdvisoryResolvedManufacturer is the detail of the
// EventBridge event "Purchase Agreement Advisory Resolved - Manufacturer",
// source aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_advisory_resolved_manufacturer:
// an advisory about a buyer's agreement was resolved (Advisory.ResolvedAt).
type PurchaseAgreementAdvisoryResolvedManufacturer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementEndingProposer is the detail of the EventBridge event
// "Purchase Agreement Ending - Proposer", source aws.agreement-marketplace,
// topic aws.agreement_marketplace.purchase_agreement_ending_proposer: an
// agreement from the seller's offer ends in Agreement.DaysBeforeEndTime
// days (180, 120, 90, 60 and 30 days before).
type PurchaseAgreementEndingProposer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementRenewalTermsFinalizedProposer is the detail of the
// EventBridge event "Purchase Agreement Renewal Terms Finalized -
// Proposer", source aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_renewal_terms_finalized_proposer:
// for an offer with a percentage-range renewal, the seller's adjustment
// deadline passed and the renewal's price (RenewalSummary.TCV) is final.
type PurchaseAgreementRenewalTermsFinalizedProposer struct {
	PurchaseAgreementDetail
}

// PurchaseAgreementRenewalUpcomingProposer is the detail of the
// EventBridge event "Purchase Agreement Renewal Upcoming - Proposer",
// source aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_renewal_upcoming_proposer:
// an agreement reached its renewal decision deadline and will renew
// itself.
type PurchaseAgreementRenewalUpcomingProposer struct {
	PurchaseAgreementDetail
}

// A LicenseProduct is the product a license is for.
type LicenseProduct struct {
	// ID is the product's id in the catalog, such as
	// "prod-k35yywhyj4eqg".
	ID string `json:"id"`

	// Code is the product code, as the Metering and Entitlement APIs and
	// Clazar's aws.contract.* events (ProductCode) name the product.
	Code string `json:"code"`
}

// A LicenseRef names the AWS License Manager license a buyer holds.
type LicenseRef struct {
	// ARN is the license's ARN, which the buyer's usage is metered
	// against, such as
	// "arn:aws:license-manager::294406891311:license:l-9d01d15f86334a8894365cd7350556ff".
	ARN string `json:"arn" validate:"required"`
}

// LicenseDetail holds what every license event carries. Validation
// requires Agreement.ID and License.ARN.
type LicenseDetail struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog of the license, "AWSMarketplace".
	Catalog string `json:"catalog"`

	// Agreement is the agreement the license comes from; only its ID is
	// given.
	Agreement Agreement `json:"agreement"`

	// Offer is the offer the agreement was made from.
	Offer AgreementOffer `json:"offer,omitzero"`

	// Product is the product licensed.
	Product LicenseProduct `json:"product"`

	// Acceptor is the buyer's account.
	Acceptor AgreementAccount `json:"acceptor"`

	// Proposer is the account that extended the offer.
	Proposer AgreementAccount `json:"proposer"`

	// License is the buyer's license.
	License LicenseRef `json:"license"`
}

// LicenseUpdatedManufacturer is the detail of the EventBridge event
// "License Updated - Manufacturer", source aws.agreement-marketplace,
// topic aws.agreement_marketplace.license_updated_manufacturer: a buyer's
// license for the seller's product was created or its entitlements
// changed. Grant or adjust access; usage may be metered against the
// license from now on.
type LicenseUpdatedManufacturer struct {
	LicenseDetail
}

// LicenseDeprovisionedManufacturer is the detail of the EventBridge event
// "License Deprovisioned - Manufacturer", source aws.agreement-marketplace,
// topic aws.agreement_marketplace.license_deprovisioned_manufacturer: the
// buyer's entitlement to the seller's product ended. For a usage-based
// product it opens a final hour in which outstanding usage can still be
// metered; after it, revoke access.
type LicenseDeprovisionedManufacturer struct {
	LicenseDetail
}

// Topic returns topics.AWSAgreementPurchaseAgreementCreatedManufacturer.
func (PurchaseAgreementCreatedManufacturer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementCreatedManufacturer
}

// Topic returns topics.AWSAgreementPurchaseAgreementCreatedProposer.
func (PurchaseAgreementCreatedProposer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementCreatedProposer
}

// Topic returns topics.AWSAgreementPurchaseAgreementAmendedManufacturer.
func (PurchaseAgreementAmendedManufacturer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementAmendedManufacturer
}

// Topic returns topics.AWSAgreementPurchaseAgreementAmendedProposer.
func (PurchaseAgreementAmendedProposer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementAmendedProposer
}

// Topic returns topics.AWSAgreementPurchaseAgreementEndedManufacturer.
func (PurchaseAgreementEndedManufacturer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementEndedManufacturer
}

// Topic returns topics.AWSAgreementPurchaseAgreementEndedProposer.
func (PurchaseAgreementEndedProposer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementEndedProposer
}

// Topic returns topics.AWSAgreementLicenseUpdatedManufacturer.
func (LicenseUpdatedManufacturer) Topic() topics.Topic {
	return topics.AWSAgreementLicenseUpdatedManufacturer
}

// Topic returns topics.AWSAgreementLicenseDeprovisionedManufacturer.
func (LicenseDeprovisionedManufacturer) Topic() topics.Topic {
	return topics.AWSAgreementLicenseDeprovisionedManufacturer
}

// A CancellationAgreement is the agreement of a cancellation request, as
// the cancellation events give it.
type CancellationAgreement struct {
	// ID is the agreement's id.
	ID string `json:"id" validate:"required"`

	// AcceptorID is the buyer's AWS account id.
	AcceptorID string `json:"acceptorId"`

	// ProductID is the product's id in the catalog.
	ProductID string `json:"productId"`

	// OfferID is the offer the agreement was made from.
	OfferID string `json:"offerId"`
}

// CancellationStatus is the status of an agreement cancellation request.
// Values other than the constants still decode.
type CancellationStatus string

// The statuses of the cancellation events.
const (
	CancellationStatusPendingApproval  CancellationStatus = "PENDING_APPROVAL"
	CancellationStatusApproved         CancellationStatus = "APPROVED"
	CancellationStatusRejected         CancellationStatus = "REJECTED"
	CancellationStatusCancelled        CancellationStatus = "CANCELLED"
	CancellationStatusValidationFailed CancellationStatus = "VALIDATION_FAILED"
)

// A CancellationRequest is a seller's request to cancel an agreement.
type CancellationRequest struct {
	// ID is the request's id, such as "acr-abcdexampleid".
	ID string `json:"id" validate:"required"`

	// ReasonCode says why the seller asked, such as
	// "INCORRECT_TERMS_ACCEPTED".
	ReasonCode string `json:"reasonCode"`

	// ReasonMessage is the seller's explanation, possibly empty.
	ReasonMessage string `json:"reasonMessage"`

	// StatusCode is the request's status after the change.
	StatusCode CancellationStatus `json:"statusCode"`

	// StatusMessage explains the status, such as the buyer's reason for
	// rejecting, possibly empty.
	StatusMessage string `json:"statusMessage"`

	// CreatedAt is when the request was made.
	CreatedAt event.Time `json:"createdAt"`

	// UpdatedAt is when its status last changed.
	UpdatedAt event.Time `json:"updatedAt"`
}

// AgreementCancellationDetail holds what every cancellation event carries.
// Validation requires Agreement.ID and AgreementCancellationRequest.ID.
type AgreementCancellationDetail struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog of the agreement, "AWSMarketplace".
	Catalog string `json:"catalog"`

	// Agreement is the agreement the request would cancel.
	Agreement CancellationAgreement `json:"agreement"`

	// AgreementCancellationRequest is the request.
	AgreementCancellationRequest CancellationRequest `json:"agreementCancellationRequest"`
}

// AgreementCancellationRequestPendingApprovalProposer is the detail of the
// EventBridge event "Agreement Cancellation Request Pending Approval -
// Proposer", source aws.agreement-marketplace, topic
// aws.agreement_marketplace.agreement_cancellation_request_pending_approval_proposer:
// the seller asked to cancel an agreement and the buyer has 7 days to
// approve or reject it.
type AgreementCancellationRequestPendingApprovalProposer struct {
	AgreementCancellationDetail
}

// AgreementCancellationRequestApprovedProposer is the detail of the
// EventBridge event "Agreement Cancellation Request Approved - Proposer",
// source aws.agreement-marketplace, topic
// aws.agreement_marketplace.agreement_cancellation_request_approved_proposer:
// the buyer approved the seller's cancellation request, or 7 days passed
// without an answer.
type AgreementCancellationRequestApprovedProposer struct {
	AgreementCancellationDetail
}

// AgreementCancellationRequestRejectedProposer is the detail of the
// EventBridge event "Agreement Cancellation Request Rejected - Proposer",
// source aws.agreement-marketplace, topic
// aws.agreement_marketplace.agreement_cancellation_request_rejected_proposer:
// the buyer rejected the seller's cancellation request.
type AgreementCancellationRequestRejectedProposer struct {
	AgreementCancellationDetail
}

// AgreementCancellationRequestCancelledProposer is the detail of the
// EventBridge event "Agreement Cancellation Request Cancelled - Proposer",
// source aws.agreement-marketplace, topic
// aws.agreement_marketplace.agreement_cancellation_request_cancelled_proposer:
// the seller withdrew its cancellation request.
type AgreementCancellationRequestCancelledProposer struct {
	AgreementCancellationDetail
}

// AgreementCancellationRequestValidationFailedProposer is the detail of
// the EventBridge event "Agreement Cancellation Request Validation Failed
// - Proposer", source aws.agreement-marketplace, topic
// aws.agreement_marketplace.agreement_cancellation_request_validation_failed_proposer:
// a cancellation request failed AWS's validation after it was submitted
// (StatusMessage says why).
type AgreementCancellationRequestValidationFailedProposer struct {
	AgreementCancellationDetail
}

// A BillingAdjustmentRequest is a seller's refund on an agreement.
type BillingAdjustmentRequest struct {
	// ID is the request's id, such as "ba-abcdexampleid".
	ID string `json:"id" validate:"required"`

	// AdjustmentAmount is the amount adjusted, exact and negative for a
	// refund, such as "-100.00".
	AdjustmentAmount event.Decimal `json:"adjustmentAmount"`

	// CurrencyCode is the ISO 4217 code of AdjustmentAmount.
	CurrencyCode string `json:"currencyCode"`

	// AdjustmentReasonCode says why, such as "INCORRECT_TERMS_ACCEPTED".
	AdjustmentReasonCode string `json:"adjustmentReasonCode"`
}

// An AdjustedInvoice names the invoice a billing adjustment corrects.
type AdjustedInvoice struct {
	// OriginalInvoiceID is the id of the invoice adjusted.
	OriginalInvoiceID string `json:"originalInvoiceId"`
}

// BillingAdjustmentDetail holds what every billing adjustment event
// carries. Validation requires Agreement.ID and
// BillingAdjustmentRequest.ID.
type BillingAdjustmentDetail struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog of the agreement, "AWSMarketplace".
	Catalog string `json:"catalog"`

	// Agreement is the agreement adjusted; only its ID is given.
	Agreement Agreement `json:"agreement"`

	// BillingAdjustmentRequest is the adjustment.
	BillingAdjustmentRequest BillingAdjustmentRequest `json:"billingAdjustmentRequest"`

	// Invoice is the invoice adjusted.
	Invoice AdjustedInvoice `json:"invoice"`
}

// PurchaseAgreementBillingAdjustmentCompletedProposer is the detail of the
// EventBridge event "Purchase Agreement Billing Adjustment Completed -
// Proposer", source aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_billing_adjustment_completed_proposer:
// a billing adjustment (a refund) the seller made on an agreement was
// processed.
type PurchaseAgreementBillingAdjustmentCompletedProposer struct {
	BillingAdjustmentDetail
}

// PurchaseAgreementBillingAdjustmentFailedProposer is the detail of the
// EventBridge event "Purchase Agreement Billing Adjustment Failed -
// Proposer", source aws.agreement-marketplace, topic
// aws.agreement_marketplace.purchase_agreement_billing_adjustment_failed_proposer:
// a billing adjustment failed AWS's validation after it was submitted.
type PurchaseAgreementBillingAdjustmentFailedProposer struct {
	BillingAdjustmentDetail
}

// Topic returns topics.AWSAgreementPurchaseAgreementAdvisoryIssuedManufacturer.
func (PurchaseAgreementAdvisoryIssuedManufacturer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementAdvisoryIssuedManufacturer
}

// Topic returns topics.AWSAgreementPurchaseAgreementAdvisoryResolvedManufacturer.
func (PurchaseAgreementAdvisoryResolvedManufacturer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementAdvisoryResolvedManufacturer
}

// Topic returns topics.AWSAgreementPurchaseAgreementEndingProposer.
func (PurchaseAgreementEndingProposer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementEndingProposer
}

// Topic returns topics.AWSAgreementPurchaseAgreementRenewalTermsFinalizedProposer.
func (PurchaseAgreementRenewalTermsFinalizedProposer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementRenewalTermsFinalizedProposer
}

// Topic returns topics.AWSAgreementPurchaseAgreementRenewalUpcomingProposer.
func (PurchaseAgreementRenewalUpcomingProposer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementRenewalUpcomingProposer
}

// Topic returns topics.AWSAgreementCancellationRequestPendingApprovalProposer.
func (AgreementCancellationRequestPendingApprovalProposer) Topic() topics.Topic {
	return topics.AWSAgreementCancellationRequestPendingApprovalProposer
}

// Topic returns topics.AWSAgreementCancellationRequestApprovedProposer.
func (AgreementCancellationRequestApprovedProposer) Topic() topics.Topic {
	return topics.AWSAgreementCancellationRequestApprovedProposer
}

// Topic returns topics.AWSAgreementCancellationRequestRejectedProposer.
func (AgreementCancellationRequestRejectedProposer) Topic() topics.Topic {
	return topics.AWSAgreementCancellationRequestRejectedProposer
}

// Topic returns topics.AWSAgreementCancellationRequestCancelledProposer.
func (AgreementCancellationRequestCancelledProposer) Topic() topics.Topic {
	return topics.AWSAgreementCancellationRequestCancelledProposer
}

// Topic returns topics.AWSAgreementCancellationRequestValidationFailedProposer.
func (AgreementCancellationRequestValidationFailedProposer) Topic() topics.Topic {
	return topics.AWSAgreementCancellationRequestValidationFailedProposer
}

// Topic returns topics.AWSAgreementPurchaseAgreementBillingAdjustmentCompletedProposer.
func (PurchaseAgreementBillingAdjustmentCompletedProposer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementBillingAdjustmentCompletedProposer
}

// Topic returns topics.AWSAgreementPurchaseAgreementBillingAdjustmentFailedProposer.
func (PurchaseAgreementBillingAdjustmentFailedProposer) Topic() topics.Topic {
	return topics.AWSAgreementPurchaseAgreementBillingAdjustmentFailedProposer
}
