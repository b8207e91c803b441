package azure

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/meta"
	"github.com/clazarevents/sdk-go/topics"
)

// Subscription identifies the Azure SaaS subscription (the contract) that an
// event concerns, and the parties to it. Every Azure contract topic embeds
// it, so its fields are at the top level of the metadata.
//
// Only SubscriptionID and OfferID are validated, as required: they
// identify the contract. The party ids are not checked for format, since
// those Clazar shows are neither all hexadecimal nor RFC 4122 version 4.
type Subscription struct {
	// OfferID is the Azure offer (the listing) subscribed to, such as
	// "clazar_cloud_gtm_platform".
	OfferID string `json:"offer_id" validate:"required"`

	// SubscriptionID is Azure's id of the SaaS subscription.
	SubscriptionID string `json:"subscription_id" validate:"required"`

	// Beneficiary is who uses the subscription.
	Beneficiary Party `json:"beneficiary"`

	// Purchaser is who bought the subscription; often the same as
	// Beneficiary.
	Purchaser Party `json:"purchaser"`
}

// Party is an Azure user on one side of a subscription, as the beneficiary
// or the purchaser.
type Party struct {
	// PUID is the user's Microsoft PUID, such as "100320026EEB7859".
	PUID string `json:"pu_id"`

	// EmailID is the user's email address.
	EmailID string `json:"email_id"`

	// TenantID is the user's Microsoft Entra tenant.
	TenantID string `json:"tenant_id"`

	// ObjectID is the user's object id in that tenant.
	ObjectID string `json:"object_id"`
}

// Entitlements is what a subscription's plan grants. Clazar sends one of two
// forms, depending on how the plan is priced: Dimensions for a flat-rate
// plan with metering dimensions, or NumberOfUsers for a per-user plan. The
// field of the other form stays empty and is left out when marshalled.
type Entitlements struct {
	// PlanID is the plan's id within the offer, such as "basic".
	PlanID string `json:"plan_id"`

	// PlanName is the plan's display name, such as "Basic".
	PlanName string `json:"plan_name"`

	// IsFreeTrial reports whether the subscription is in a free trial.
	IsFreeTrial bool `json:"is_free_trial"`

	// BillingTerm is the length of a billing period.
	BillingTerm BillingTerm `json:"billing_term"`

	// Dimensions lists the plan's metering dimensions, in a flat-rate plan.
	Dimensions []Dimension `json:"dimensions,omitzero"`

	// NumberOfUsers is the number of seats, in a per-user plan.
	NumberOfUsers event.Decimal `json:"number_of_users,omitzero"`
}

// Dimension is one metering dimension of a flat-rate plan.
type Dimension struct {
	// Name is the dimension's display name, such as "API Requests".
	Name string `json:"dimension_name"`

	// IncludedQuantity is the usage included in the flat rate each billing
	// period. It is absent for a dimension without an included quantity,
	// and then stays unset and is left out when marshalled.
	IncludedQuantity event.Decimal `json:"included_quantity,omitzero"`
}

// BillingTerm is the length of a plan's billing period, as Clazar writes it.
// Terms other than the constants below decode unchanged.
type BillingTerm string

// The billing terms that Clazar documents.
const (
	BillingTermMonth BillingTerm = "1 Month" // billed monthly
	BillingTermYear  BillingTerm = "1 Year"  // billed yearly
)

// RegistrationField is one answer from the buyer's registration form, such
// as {"field": "Company Name", "value": "Acme Corp"}. Members that Clazar
// does not document are kept in its Extra map and written back.
type RegistrationField = meta.RegistrationField

// StatusChange is the metadata shape of the topics that report a change of
// a subscription's status (pending, suspended, unsubscribed, reinstated):
// the subscription and its entitlements at the time of the change.
type StatusChange struct {
	Subscription

	// Entitlements is what the subscription's plan grants.
	Entitlements Entitlements `json:"entitlements"`
}

// Term is the metadata shape of the topics that start a billing term
// (activated, renewed): the subscription, the term's dates and the
// entitlements for the term.
type Term struct {
	Subscription

	// StartDate is when the term starts, such as
	// "2023-10-19T00:00:00.000Z".
	StartDate event.Time `json:"start_date"`

	// EndDate is when the term ends.
	EndDate event.Time `json:"end_date"`

	// Entitlements is what the subscription's plan grants for the term.
	Entitlements Entitlements `json:"entitlements"`
}

// EntitlementChange is the metadata shape of the topics that change a
// subscription's entitlements (quantity changed, plan changed): the
// subscription with its entitlements after and before the change.
type EntitlementChange struct {
	Subscription

	// NewEntitlements is what the subscription grants after the change.
	NewEntitlements Entitlements `json:"new_entitlements"`

	// OldEntitlements is what it granted before.
	OldEntitlements Entitlements `json:"old_entitlements"`
}

// ContractPending is the metadata of azure.contract.pending (origin Azure,
// suborigin Landing Page): the buyer subscribed on Azure and reached the
// landing page; the contract awaits activation.
type ContractPending struct {
	StatusChange
}

// Topic returns topics.AzureContractPending.
func (ContractPending) Topic() topics.Topic { return topics.AzureContractPending }

// ContractRegistered is the metadata of azure.contract.registered (origin
// Clazar, suborigin Registration): the buyer filled in or updated the
// registration form.
type ContractRegistered struct {
	Subscription

	// RegistrationDetails holds the buyer's answers, in form order.
	RegistrationDetails []RegistrationField `json:"registration_details"`
}

// Topic returns topics.AzureContractRegistered.
func (ContractRegistered) Topic() topics.Topic { return topics.AzureContractRegistered }

// ContractActivated is the metadata of azure.contract.activated (origin
// Clazar, suborigin User): the seller activated the subscription, and
// billing for its first term starts.
type ContractActivated struct {
	Term
}

// Topic returns topics.AzureContractActivated.
func (ContractActivated) Topic() topics.Topic { return topics.AzureContractActivated }

// ContractQuantityChanged is the metadata of azure.contract.quantity_changed
// (origin Azure, suborigin Webhook): the buyer changed the number of users
// of a per-user plan.
type ContractQuantityChanged struct {
	EntitlementChange
}

// Topic returns topics.AzureContractQuantityChanged.
func (ContractQuantityChanged) Topic() topics.Topic { return topics.AzureContractQuantityChanged }

// ContractPlanChanged is the metadata of azure.contract.plan_changed (origin
// Azure, suborigin Webhook): the buyer moved the subscription to another
// plan.
type ContractPlanChanged struct {
	EntitlementChange
}

// Topic returns topics.AzureContractPlanChanged.
func (ContractPlanChanged) Topic() topics.Topic { return topics.AzureContractPlanChanged }

// ContractRenewed is the metadata of azure.contract.renewed (origin Azure,
// suborigin Webhook): Azure renewed the subscription for another term.
type ContractRenewed struct {
	Term
}

// Topic returns topics.AzureContractRenewed.
func (ContractRenewed) Topic() topics.Topic { return topics.AzureContractRenewed }

// ContractSuspended is the metadata of azure.contract.suspended (origin
// Azure, suborigin Webhook): Azure suspended the subscription.
type ContractSuspended struct {
	StatusChange
}

// Topic returns topics.AzureContractSuspended.
func (ContractSuspended) Topic() topics.Topic { return topics.AzureContractSuspended }

// ContractUnsubscribed is the metadata of azure.contract.unsubscribed
// (origin Azure, suborigin Webhook): the subscription was cancelled.
type ContractUnsubscribed struct {
	StatusChange
}

// Topic returns topics.AzureContractUnsubscribed.
func (ContractUnsubscribed) Topic() topics.Topic { return topics.AzureContractUnsubscribed }

// ContractReinstated is the metadata of azure.contract.reinstated (origin
// Azure, suborigin Webhook): a suspended subscription was reinstated.
type ContractReinstated struct {
	StatusChange
}

// Topic returns topics.AzureContractReinstated.
func (ContractReinstated) Topic() topics.Topic { return topics.AzureContractReinstated }
