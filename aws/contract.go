package aws

import (
	"github.com/clazarevents/sdk-go/internal/meta"
	"github.com/clazarevents/sdk-go/topics"
)

// ProductCustomer identifies a buyer's subscription to a SaaS product: the
// product code of the listing and the buyer's customer identifier, as AWS
// Marketplace's ResolveCustomer returns them. Validation requires both.
type ProductCustomer struct {
	// ProductCode is the product code of the SaaS listing.
	ProductCode string `json:"product_code" validate:"required"`

	// CustomerIdentifier identifies the buyer for the product, as
	// ResolveCustomer returns it.
	CustomerIdentifier string `json:"customer_identifier" validate:"required"`
}

// EntitlementChange holds a buyer's entitlements before and after a change
// to the contract.
type EntitlementChange struct {
	// OldEntitlements are the buyer's entitlements before the change.
	OldEntitlements []Entitlement `json:"old_entitlements" validate:"dive"`

	// NewEntitlements are the buyer's entitlements after the change.
	NewEntitlements []Entitlement `json:"new_entitlements" validate:"dive"`
}

// RegistrationField is one answer from the buyer's registration form: the
// form field's label and the buyer's value. Members the documentation does
// not name are kept in Extra and written back when marshalled.
type RegistrationField = meta.RegistrationField

// ContractCreated is the metadata of aws.contract.created (origin AWS,
// suborigin SNS): a buyer purchased the product and AWS created the
// contract, with the entitlements it grants.
type ContractCreated struct {
	ProductCustomer

	// Entitlements are the entitlements the contract grants.
	Entitlements []Entitlement `json:"entitlements" validate:"dive"`
}

// Topic returns topics.AWSContractCreated.
func (ContractCreated) Topic() topics.Topic { return topics.AWSContractCreated }

// ContractRegistered is the metadata of aws.contract.registered (origin
// Clazar, suborigin Registration): the buyer completed the SaaS
// registration form, whose answers it carries.
type ContractRegistered struct {
	ProductCustomer

	// RegistrationDetails holds the buyer's answers to the registration
	// form.
	RegistrationDetails []RegistrationField `json:"registration_details"`
}

// Topic returns topics.AWSContractRegistered.
func (ContractRegistered) Topic() topics.Topic { return topics.AWSContractRegistered }

// ContractModified is the metadata of aws.contract.modified (origin AWS,
// suborigin SNS): the buyer's entitlements changed, for example after an
// upgrade or an amended offer.
type ContractModified struct {
	ProductCustomer
	EntitlementChange
}

// Topic returns topics.AWSContractModified.
func (ContractModified) Topic() topics.Topic { return topics.AWSContractModified }

// ContractRenewed is the metadata of aws.contract.renewed (origin AWS,
// suborigin SNS): the contract was renewed, and the new entitlements carry
// the new expiration date.
type ContractRenewed struct {
	ProductCustomer
	EntitlementChange
}

// Topic returns topics.AWSContractRenewed.
func (ContractRenewed) Topic() topics.Topic { return topics.AWSContractRenewed }

// ContractCancelled is the metadata of aws.contract.cancelled (origin AWS,
// suborigin SNS): the contract ended, because it expired or was revoked.
// Its entitlements are the ones the buyer had; the documentation shows
// them without an ExpirationDate.
type ContractCancelled struct {
	ProductCustomer

	// OldEntitlements are the entitlements the buyer had before the contract
	// ended.
	OldEntitlements []Entitlement `json:"old_entitlements" validate:"dive"`
}

// Topic returns topics.AWSContractCancelled.
func (ContractCancelled) Topic() topics.Topic { return topics.AWSContractCancelled }
