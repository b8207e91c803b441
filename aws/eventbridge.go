package aws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/jsonscan"
)

// SourceMarketplaceCatalog is the EventBridge source of the AWS Marketplace
// Catalog API events.
const SourceMarketplaceCatalog = "aws.marketplacecatalog"

// The detail types of the AWS Marketplace Catalog API events.
const (
	DetailTypeOfferReleased                 = "Offer Released"
	DetailTypeChangeSetSucceeded            = "Change Set Succeeded"
	DetailTypeChangeSetFailed               = "Change Set Failed"
	DetailTypeChangeSetCancelled            = "Change Set Cancelled"
	DetailTypeProductsSecurityReportCreated = "Products Security Report Created"
)

// An EventBridgeEvent is an event that Amazon EventBridge delivers from
// AWS Marketplace: the envelope, with the detail kept as raw JSON until
// DecodeDetail types it. Marshalling it writes the envelope back with the
// detail unchanged.
type EventBridgeEvent struct {
	// Version is the version of the envelope, "0" in AWS's examples.
	Version string `json:"version"`

	// ID is EventBridge's unique id of the event.
	ID string `json:"id"`

	// DetailType names the kind of event, such as DetailTypeOfferReleased;
	// with Source it says what Detail holds.
	DetailType string `json:"detail-type"`

	// Source names the service that sent the event, SourceMarketplaceCatalog
	// for the Catalog API events.
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
func ParseEventBridge(data []byte) (*EventBridgeEvent, error) {
	if !jsonscan.Valid(data) {
		var raw json.RawMessage
		return nil, fmt.Errorf("aws: EventBridge event is not JSON: %w: %w", event.ErrMalformed, json.Unmarshal(data, &raw))
	}
	if k := jsonscan.KindOf(bytes.TrimSpace(data)); k != jsonscan.Object {
		return nil, fmt.Errorf("aws: EventBridge event must be a JSON object, got %s: %w", k, event.ErrMalformed)
	}
	e := new(EventBridgeEvent)
	if err := json.Unmarshal(data, e); err != nil {
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

// catalogDetails makes a new detail value for each detail type of the
// Catalog API source.
var catalogDetails = map[string]func() any{
	DetailTypeOfferReleased:                 func() any { return new(OfferReleased) },
	DetailTypeChangeSetSucceeded:            func() any { return new(ChangeSetSucceeded) },
	DetailTypeChangeSetFailed:               func() any { return new(ChangeSetFailed) },
	DetailTypeChangeSetCancelled:            func() any { return new(ChangeSetCancelled) },
	DetailTypeProductsSecurityReportCreated: func() any { return new(ProductsSecurityReportCreated) },
}

// DecodeDetail types and validates the detail of an event from the source
// aws.marketplacecatalog. It returns a pointer by detail type:
//
//	Offer Released                     *OfferReleased
//	Change Set Succeeded               *ChangeSetSucceeded
//	Change Set Failed                  *ChangeSetFailed
//	Change Set Cancelled               *ChangeSetCancelled
//	Products Security Report Created   *ProductsSecurityReportCreated
//
// Keys of the detail that the type does not know are ignored. The error
// wraps event.ErrUnknownTopic for another source or detail type, in which
// case e is still usable with its raw Detail; it wraps event.ErrMalformed if
// the detail does not decode; and it is an *event.ValidationError, with
// paths starting at "detail", if a field that identifies the event is
// missing.
func (e *EventBridgeEvent) DecodeDetail() (any, error) {
	newDetail, ok := catalogDetails[e.DetailType]
	if e.Source != SourceMarketplaceCatalog || !ok {
		return nil, fmt.Errorf("aws: EventBridge source %q, detail-type %q: %w", e.Source, e.DetailType, event.ErrUnknownTopic)
	}
	d := newDetail()
	if len(e.Detail) > 0 {
		if err := json.Unmarshal(e.Detail, d); err != nil {
			return nil, fmt.Errorf("aws: EventBridge %s detail: %w: %w", e.DetailType, event.ErrMalformed, err)
		}
	}
	if err := validateDetail(d); err != nil {
		return nil, err
	}
	return d, nil
}

// validateDetail validates an EventBridge detail, reporting paths that
// start at "detail" rather than "metadata".
func validateDetail(d any) error {
	err := event.Validate(d)
	var ve *event.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			if rest, ok := strings.CutPrefix(f.Path, "metadata"); ok {
				f.Path = "detail" + rest
			}
		}
	}
	return err
}

// OfferReleased is the detail of the EventBridge event "Offer Released":
// an offer was created and made available for purchase, by the product's
// seller or by a channel partner reselling it. Validation requires
// Offer.ID.
type OfferReleased struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog the offer is in, such as "AWSMarketplace".
	Catalog string `json:"catalog"`

	// Offer is the offer that was released.
	Offer ReleasedOffer `json:"offer"`

	// Product is the product the offer is for.
	Product CatalogProduct `json:"product"`

	// Manufacturer is the account of the product's maker, the ISV.
	Manufacturer CatalogAccount `json:"manufacturer"`

	// SellerOfRecord is the account that sells the offer: the ISV, or the
	// channel partner that created it.
	SellerOfRecord CatalogAccount `json:"sellerOfRecord"`

	// TargetedBuyerAccountIDs lists the AWS account ids of the buyers the
	// offer is extended to.
	TargetedBuyerAccountIDs []string `json:"targetedBuyerAccountIds"`
}

// A ReleasedOffer is the offer of an Offer Released event.
type ReleasedOffer struct {
	// ID is the offer's id, such as "offer-1234567890123".
	ID string `json:"id" validate:"required"`

	// ARN is the offer's Amazon Resource Name.
	ARN string `json:"arn"`

	// Name is the offer's name.
	Name string `json:"name"`

	// ExpirationDate is when the offer expires, such as
	// "2025-08-26T00:00:00Z".
	ExpirationDate event.Time `json:"expirationDate"`
}

// A CatalogProduct is the product an offer is for.
type CatalogProduct struct {
	// ID is the product's id in the catalog.
	ID string `json:"id"`

	// ARN is the product's Amazon Resource Name.
	ARN string `json:"arn"`

	// Title is the product's title.
	Title string `json:"title"`
}

// A CatalogAccount is an AWS account with a role in an offer: the
// product's manufacturer or the offer's seller of record.
type CatalogAccount struct {
	// AccountID is the 12-digit AWS account id.
	AccountID string `json:"accountId"`

	// Name is the account's name.
	Name string `json:"name"`
}

// ChangeSet holds what every change set event carries: the change set and
// when it ran. The keys are PascalCase as AWS prints them, except requestId.
// Validation requires ChangeSetID.
type ChangeSet struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog the change set ran in, such as
	// "AWSMarketplace".
	Catalog string `json:"Catalog"`

	// ChangeSetID is the change set's id, as DescribeChangeSet takes it.
	ChangeSetID string `json:"ChangeSetId" validate:"required"`

	// ChangeSetName is the name the change set was started with.
	ChangeSetName string `json:"ChangeSetName"`

	// StartTime is when the change set started, such as
	// "2018-02-27T13:45:22Z".
	StartTime event.Time `json:"StartTime"`

	// EndTime is when the change set completed.
	EndTime event.Time `json:"EndTime"`
}

// ChangeSetSucceeded is the detail of the EventBridge event "Change Set
// Succeeded": a change set completed with the status succeeded.
type ChangeSetSucceeded struct {
	ChangeSet
}

// FailureCode says why a change set failed. Values other than the
// constants still decode.
type FailureCode string

// The failure codes of the Catalog API. AWS's EventBridge page shows only
// CLIENT_ERROR; SERVER_FAULT is the other value that DescribeChangeSet
// documents.
const (
	FailureCodeClientError FailureCode = "CLIENT_ERROR"
	FailureCodeServerFault FailureCode = "SERVER_FAULT"
)

// ChangeSetFailed is the detail of the EventBridge event "Change Set
// Failed": a change set completed with the status failed.
type ChangeSetFailed struct {
	ChangeSet

	// FailureCode says whether the request was at fault
	// (FailureCodeClientError) or AWS was (FailureCodeServerFault).
	FailureCode FailureCode `json:"FailureCode"`
}

// ChangeSetCancelled is the detail of the EventBridge event "Change Set
// Cancelled": a change set was cancelled before it completed.
type ChangeSetCancelled struct {
	ChangeSet
}

// ProductsSecurityReportCreated is the detail of the EventBridge event
// "Products Security Report Created": security issues were detected in the
// seller's products, or a reminder of outstanding issues. Nothing in it is
// required.
type ProductsSecurityReportCreated struct {
	// NumberOfProductsWithIssues is how many of the seller's products have
	// detected security issues.
	NumberOfProductsWithIssues int `json:"numberOfProductsWithIssues"`

	// NumberOfVersionsWithIssues is how many product versions have detected
	// security issues.
	NumberOfVersionsWithIssues int `json:"numberOfVersionsWithIssues"`

	// NumberOfLatestVersionsWithIssues is how many of those versions are the
	// latest version of their product.
	NumberOfLatestVersionsWithIssues int `json:"numberOfLatestVersionsWithIssues"`

	// NewIssuesFound reports whether the report includes newly found issues.
	NewIssuesFound bool `json:"newIssuesFound"`

	// UpcomingResolutionDueDate is when the issues must be resolved by, to
	// prevent a temporary restriction of the products or versions.
	UpcomingResolutionDueDate event.Time `json:"upcomingResolutionDueDate"`

	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`
}
