package aws

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// The AWS Marketplace agreement and license events for sellers, source
// aws.agreement-marketplace, as AWS's pages "Managing SaaS subscription
// events with Amazon EventBridge"
// (https://docs.aws.amazon.com/marketplace/latest/userguide/saas-eventbridge-integration.html)
// and "Amazon EventBridge events"
// (https://docs.aws.amazon.com/marketplace/latest/userguide/notifications-eventbridge.html)
// name them. They replace the SaaS SNS notifications. AWS sends them to
// the default event bus in us-east-1.
//
// The pages name the detail types and what triggers them; the members of
// the details follow AWS's printed buyer-side ("- Acceptor") schema of the
// same events and the Agreement API's names. A purchase agreement event
// carries no product code and no license: the agreement id is what joins
// it to the license events, which carry the product code and the license
// ARN.

// AgreementIntent says why a purchase agreement was created. Values other
// than the constants still decode.
type AgreementIntent string

// The intents AWS documents for Purchase Agreement Created.
const (
	// AgreementIntentNew is an agreement created for the first time.
	AgreementIntentNew AgreementIntent = "NEW"

	// AgreementIntentRenew is an agreement renewed at its expiry.
	AgreementIntentRenew AgreementIntent = "RENEW"

	// AgreementIntentReplace is an agreement that replaces another, as an
	// agreement-based offer's new private offer does.
	AgreementIntentReplace AgreementIntent = "REPLACE"
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
	// ID is the agreement's id, such as "agmt-9xyz8wmklp67rt32nb1qv45ds",
	// as DescribeAgreement takes it.
	ID string `json:"id" validate:"required"`

	// Intent says why the agreement was created (Purchase Agreement
	// Created only).
	Intent AgreementIntent `json:"intent,omitempty"`

	// Status is the agreement's status after the change.
	Status AgreementStatus `json:"status,omitempty"`

	// StartTime is when the agreement starts.
	StartTime event.Time `json:"startTime,omitzero"`

	// EndTime is when the agreement ends; AWS writes
	// "9999-01-01T00:00:00Z" for an agreement without an end.
	EndTime event.Time `json:"endTime,omitzero"`

	// AcceptanceTime is when the buyer accepted the offer.
	AcceptanceTime event.Time `json:"acceptanceTime,omitzero"`
}

// An AgreementAccount is an AWS account party to an agreement: its
// acceptor (the buyer) or its proposer (the seller of record).
type AgreementAccount struct {
	// AccountID is the 12-digit AWS account id.
	AccountID string `json:"accountId"`
}

// An AgreementOffer is the offer an agreement was made from.
type AgreementOffer struct {
	// ID is the offer's id, such as "offer-1234567890123".
	ID string `json:"id"`
}

// A ResaleAuthorization is the channel partner's authorization to resell
// the product, for an agreement made from a channel partner's offer.
type ResaleAuthorization struct {
	// ID is the resale authorization's id, empty (null on the wire) for an
	// agreement the ISV made directly.
	ID string `json:"id,omitempty"`
}

// PurchaseAgreementDetail holds what every purchase agreement event
// carries. Validation requires Agreement.ID.
type PurchaseAgreementDetail struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog of the agreement, "AWSMarketplace".
	Catalog string `json:"catalog"`

	// Agreement is the agreement that changed.
	Agreement Agreement `json:"agreement"`

	// Offer is the offer the agreement was made from; AWS leaves it out of
	// some Ended events.
	Offer AgreementOffer `json:"offer,omitzero"`

	// Acceptor is the buyer's account.
	Acceptor AgreementAccount `json:"acceptor"`

	// Proposer is the account that extended the offer: the ISV, or the
	// channel partner reselling the product.
	Proposer AgreementAccount `json:"proposer"`

	// ResaleAuthorization names the channel partner's authorization, for
	// an agreement made from a channel partner's offer.
	ResaleAuthorization ResaleAuthorization `json:"resaleAuthorization"`
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
