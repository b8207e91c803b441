package aws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/jsondec"
	"github.com/clazarevents/sdk-go/internal/jsonscan"
	"github.com/clazarevents/sdk-go/topics"
)

// The EventBridge sources of AWS Marketplace's seller events.
const (
	// SourceMarketplaceCatalog is the source of the AWS Marketplace
	// Catalog API events: offers released, change sets completed and
	// security reports created.
	SourceMarketplaceCatalog = "aws.marketplacecatalog"

	// SourceAgreementMarketplace is the source of the AWS Marketplace
	// agreement, license, cancellation and billing adjustment events,
	// which replace the SaaS SNS notifications.
	SourceAgreementMarketplace = "aws.agreement-marketplace"

	// SourceMarketplace is the source of the disbursement events.
	SourceMarketplace = "aws.marketplace"
)

// The detail types of the AWS Marketplace Catalog API events, from the
// source SourceMarketplaceCatalog.
const (
	DetailTypeOfferReleased                 = "Offer Released"
	DetailTypeOfferSetReleased              = "OfferSet Released"
	DetailTypeChangeSetSucceeded            = "Change Set Succeeded"
	DetailTypeChangeSetFailed               = "Change Set Failed"
	DetailTypeChangeSetCancelled            = "Change Set Cancelled"
	DetailTypeProductsSecurityReportCreated = "Products Security Report Created"
)

// The seller-side detail types of the AWS Marketplace agreement, license,
// cancellation and billing adjustment events, from the source
// SourceAgreementMarketplace. The
// manufacturer (the ISV whose product it is) receives the "- Manufacturer"
// events, the proposer (the ISV or the channel partner that extended the
// offer) the "- Proposer" ones; an ISV selling directly receives both.
const (
	DetailTypePurchaseAgreementCreatedManufacturer = "Purchase Agreement Created - Manufacturer"
	DetailTypePurchaseAgreementCreatedProposer     = "Purchase Agreement Created - Proposer"
	DetailTypePurchaseAgreementAmendedManufacturer = "Purchase Agreement Amended - Manufacturer"
	DetailTypePurchaseAgreementAmendedProposer     = "Purchase Agreement Amended - Proposer"
	DetailTypePurchaseAgreementEndedManufacturer   = "Purchase Agreement Ended - Manufacturer"
	DetailTypePurchaseAgreementEndedProposer       = "Purchase Agreement Ended - Proposer"
	DetailTypeLicenseUpdatedManufacturer           = "License Updated - Manufacturer"
	DetailTypeLicenseDeprovisionedManufacturer     = "License Deprovisioned - Manufacturer"

	DetailTypePurchaseAgreementAdvisoryIssuedManufacturer    = "Purchase Agreement Advisory Issued - Manufacturer"
	DetailTypePurchaseAgreementAdvisoryResolvedManufacturer  = "Purchase Agreement Advisory Resolved - Manufacturer"
	DetailTypePurchaseAgreementEndingProposer                = "Purchase Agreement Ending - Proposer"
	DetailTypePurchaseAgreementRenewalTermsFinalizedProposer = "Purchase Agreement Renewal Terms Finalized - Proposer"
	DetailTypePurchaseAgreementRenewalUpcomingProposer       = "Purchase Agreement Renewal Upcoming - Proposer"

	DetailTypeAgreementCancellationRequestPendingApprovalProposer  = "Agreement Cancellation Request Pending Approval - Proposer"
	DetailTypeAgreementCancellationRequestApprovedProposer         = "Agreement Cancellation Request Approved - Proposer"
	DetailTypeAgreementCancellationRequestRejectedProposer         = "Agreement Cancellation Request Rejected - Proposer"
	DetailTypeAgreementCancellationRequestCancelledProposer        = "Agreement Cancellation Request Cancelled - Proposer"
	DetailTypeAgreementCancellationRequestValidationFailedProposer = "Agreement Cancellation Request Validation Failed - Proposer"

	DetailTypePurchaseAgreementBillingAdjustmentCompletedProposer = "Purchase Agreement Billing Adjustment Completed - Proposer"
	DetailTypePurchaseAgreementBillingAdjustmentFailedProposer    = "Purchase Agreement Billing Adjustment Failed - Proposer"
)

// DetailTypeDisbursementPaused is the detail type of the disbursement
// event, from the source SourceMarketplace.
const DetailTypeDisbursementPaused = "Disbursement Paused"

// DisbursementPaused is the detail of the EventBridge event "Disbursement
// Paused", source aws.marketplace, topic
// aws.marketplace.disbursement_paused: a disbursement to the seller's bank
// account failed because the account's details are invalid. The event's
// resources name the payment instrument (e.EventBridge.Resources); add
// valid bank details in AWS Partner Central. Nothing in it is required.
type DisbursementPaused struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog, "AWSMarketplace".
	Catalog string `json:"catalog"`
}

// Topic returns topics.AWSMarketplaceDisbursementPaused.
func (DisbursementPaused) Topic() topics.Topic { return topics.AWSMarketplaceDisbursementPaused }

// An EventBridgeEvent is an event that Amazon EventBridge delivers from
// AWS Marketplace: the envelope, with the detail kept as raw JSON until
// DecodeDetail types it. Marshalling it writes the envelope back with the
// detail unchanged.
//
// Deprecated: event.Parse reads an EventBridge event into an *event.Event,
// whose EventBridge field holds this envelope and whose topic, such as
// topics.AWSCatalogChangeSetFailed, is registered like every Clazar topic:
// event.DecodeAs[aws.ChangeSetFailed] types its detail, and webhook.On
// dispatches it.
type EventBridgeEvent struct {
	// Version is the version of the envelope, "0" in AWS's examples.
	Version string `json:"version"`

	// ID is EventBridge's unique id of the event.
	ID string `json:"id"`

	// DetailType names the kind of event, such as DetailTypeOfferReleased;
	// with Source it says what Detail holds.
	DetailType string `json:"detail-type"`

	// Source names the service that sent the event, such as
	// SourceMarketplaceCatalog.
	Source string `json:"source"`

	// Account is the 12-digit id of the AWS account the event is for.
	Account string `json:"account"`

	// Time is when the event occurred, such as "2023-08-26T00:00:00Z".
	Time event.Time `json:"time"`

	// Region is the AWS Region of the event, such as "us-east-1".
	Region string `json:"region"`

	// Resources lists the ARNs of the resources the event concerns, such as
	// an offer or a change set; it may be empty.
	Resources []string `json:"resources"`

	// Detail is the event's detail as raw JSON, which DecodeDetail types.
	Detail json.RawMessage `json:"detail"`
}

// ParseEventBridge reads an EventBridge event. It does not look into the
// detail beyond checking that it is a JSON object or null.
//
// The error wraps event.ErrMalformed if data is not valid JSON, is not an
// object, has a field of the wrong JSON kind, or has no detail-type or no
// source.
//
// Deprecated: use event.Parse, which reads EventBridge events as well as
// Clazar deliveries into one *event.Event.
func ParseEventBridge(data []byte) (*EventBridgeEvent, error) {
	if k := jsonscan.KindOf(bytes.TrimSpace(data)); k != jsonscan.Object {
		if !jsonscan.Valid(data) {
			return nil, notJSON(data)
		}
		return nil, fmt.Errorf("aws: EventBridge event must be a JSON object, got %s: %w", k, event.ErrMalformed)
	}
	// jsondec checks the event as it decodes it, in one pass.
	e := new(EventBridgeEvent)
	if err := jsondec.Unmarshal(data, e, false); err != nil {
		if _, ok := err.(*json.SyntaxError); ok {
			return nil, notJSON(data)
		}
		return nil, fmt.Errorf("aws: EventBridge event: %w: %w", event.ErrMalformed, err)
	}
	switch {
	case e.DetailType == "":
		return nil, fmt.Errorf("aws: EventBridge event has no detail-type: %w", event.ErrMalformed)
	case e.Source == "":
		return nil, fmt.Errorf("aws: EventBridge event has no source: %w", event.ErrMalformed)
	}
	if k := jsonscan.KindOf(e.Detail); k != jsonscan.Invalid && k != jsonscan.Null && k != jsonscan.Object {
		return nil, fmt.Errorf("aws: EventBridge event detail must be a JSON object, got %s: %w", k, event.ErrMalformed)
	}
	return e, nil
}

// Event returns e as the *event.Event that event.Parse makes of the same
// body: its topic derived from Source and DetailType by
// topics.EventBridge, its detail as the Metadata. event.DecodeAs types it.
func (e *EventBridgeEvent) Event() *event.Event {
	ev := &event.Event{
		ID:        e.ID,
		Topic:     topics.EventBridge(e.Source, e.DetailType),
		Origin:    event.OriginAWS,
		Suborigin: event.SuboriginEventBridge,
		Timestamp: e.Time.Time,
		EventBridge: &event.EventBridge{
			Version:    e.Version,
			Source:     e.Source,
			DetailType: e.DetailType,
			Account:    e.Account,
			Region:     e.Region,
			Resources:  e.Resources,
		},
	}
	if k := jsonscan.KindOf(e.Detail); k == jsonscan.Object {
		ev.Metadata = e.Detail
	}
	return ev
}

// notJSON is the error for an EventBridge event that is not JSON.
func notJSON(data []byte) error {
	var raw json.RawMessage
	return fmt.Errorf("aws: EventBridge event is not JSON: %w: %w", event.ErrMalformed, json.Unmarshal(data, &raw))
}

// DecodeDetail types and validates the detail of an AWS Marketplace event,
// as (*event.Event).Decode does for e.Event(). It returns a pointer to
// the detail type's registered struct, such as *ChangeSetFailed for
// "Change Set Failed", as an event.Metadata.
//
// Keys of the detail that the type does not know are ignored. The error
// wraps event.ErrUnknownTopic for a source or detail type that no package
// registers, in which case e is still usable with its raw Detail; it wraps
// event.ErrMalformed if the detail does not decode; and it is an
// *event.ValidationError, with paths starting at "detail", if a field that
// identifies the event is missing.
//
// Deprecated: use event.Parse and then event.DecodeAs, such as
// event.DecodeAs[aws.ChangeSetFailed](e), which return the detail typed,
// or webhook.On, which dispatches it to a typed handler.
func (e *EventBridgeEvent) DecodeDetail() (any, error) {
	m, err := e.Event().Decode()
	var ve *event.ValidationError
	switch {
	case errors.As(err, &ve):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("aws: EventBridge source %q, detail-type %q: %w", e.Source, e.DetailType, err)
	}
	return m, nil
}
