package aws

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// The AWS Marketplace Catalog API events, source aws.marketplacecatalog, as
// AWS's page "Amazon EventBridge events"
// (https://docs.aws.amazon.com/marketplace/latest/userguide/notifications-eventbridge.html)
// documents them, with its keys: camelCase, except the PascalCase keys of
// the change set events.

// OfferReleased is the detail of the EventBridge event "Offer Released",
// source aws.marketplacecatalog, topic
// aws.marketplacecatalog.offer_released: an offer was created and made
// available for purchase, by the product's seller or by a channel partner
// reselling it. Validation requires Offer.ID.
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

// OfferSetReleased is the detail of the EventBridge event "OfferSet
// Released", source aws.marketplacecatalog, topic
// aws.marketplacecatalog.offer_set_released: an offer set, a group of
// offers for several products, was published by the ISV or a channel
// partner. Validation requires OfferSet.ID.
type OfferSetReleased struct {
	// RequestID is AWS's id of the request behind the event.
	RequestID string `json:"requestId"`

	// Catalog is the catalog the offer set is in, such as
	// "AWSMarketplace".
	Catalog string `json:"catalog"`

	// OfferSet is the offer set that was released.
	OfferSet CatalogEntity `json:"offerSet"`

	// AssociatedOffers lists the offers of the set.
	AssociatedOffers []AssociatedOffer `json:"associatedOffers"`
}

// A CatalogEntity names an offer set or an offer of one.
type CatalogEntity struct {
	// ID is the entity's id, such as "offerset-1234567890123".
	ID string `json:"id" validate:"required"`

	// ARN is its Amazon Resource Name.
	ARN string `json:"arn"`

	// Name is its name.
	Name string `json:"name"`
}

// An AssociatedOffer is one offer of an offer set.
type AssociatedOffer struct {
	// Offer is the offer.
	Offer CatalogOffer `json:"offer"`
}

// A CatalogOffer is an offer of an offer set.
type CatalogOffer struct {
	// ID is the offer's id, such as "offer-1234567890123".
	ID string `json:"id"`

	// ARN is the offer's Amazon Resource Name.
	ARN string `json:"arn"`

	// Name is the offer's name.
	Name string `json:"name"`
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
// Succeeded", source aws.marketplacecatalog, topic
// aws.marketplacecatalog.change_set_succeeded: a change set that the
// seller started with the Catalog API or the Management Portal completed
// with the status succeeded.
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
// Failed", source aws.marketplacecatalog, topic
// aws.marketplacecatalog.change_set_failed: a change set completed with
// the status failed.
type ChangeSetFailed struct {
	ChangeSet

	// FailureCode says whether the request was at fault
	// (FailureCodeClientError) or AWS was (FailureCodeServerFault).
	FailureCode FailureCode `json:"FailureCode"`
}

// ChangeSetCancelled is the detail of the EventBridge event "Change Set
// Cancelled", source aws.marketplacecatalog, topic
// aws.marketplacecatalog.change_set_cancelled: a change set was cancelled
// before it completed.
type ChangeSetCancelled struct {
	ChangeSet
}

// ProductsSecurityReportCreated is the detail of the EventBridge event
// "Products Security Report Created", source aws.marketplacecatalog, topic
// aws.marketplacecatalog.products_security_report_created: security issues
// were detected in the seller's products, or a periodic reminder of
// outstanding ones. Nothing in it is required.
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

// Topic returns topics.AWSCatalogOfferReleased.
func (OfferReleased) Topic() topics.Topic { return topics.AWSCatalogOfferReleased }

// Topic returns topics.AWSCatalogOfferSetReleased.
func (OfferSetReleased) Topic() topics.Topic { return topics.AWSCatalogOfferSetReleased }

// Topic returns topics.AWSCatalogChangeSetSucceeded.
func (ChangeSetSucceeded) Topic() topics.Topic { return topics.AWSCatalogChangeSetSucceeded }

// Topic returns topics.AWSCatalogChangeSetFailed.
func (ChangeSetFailed) Topic() topics.Topic { return topics.AWSCatalogChangeSetFailed }

// Topic returns topics.AWSCatalogChangeSetCancelled.
func (ChangeSetCancelled) Topic() topics.Topic { return topics.AWSCatalogChangeSetCancelled }

// Topic returns topics.AWSCatalogProductsSecurityReportCreated.
func (ProductsSecurityReportCreated) Topic() topics.Topic {
	return topics.AWSCatalogProductsSecurityReportCreated
}
