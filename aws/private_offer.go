package aws

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// PrivateOfferCreated is the metadata of aws.private_offer.created (origin
// Clazar, suborigin Private Offers): a private offer was created on AWS
// Marketplace for one or more buyers. Validation requires OfferID.
type PrivateOfferCreated struct {
	// OfferName is the offer's name.
	OfferName string `json:"offer_name"`

	// OfferID is the offer's id on AWS Marketplace.
	OfferID string `json:"offer_id" validate:"required"`

	// FlexiblePaymentEnabled reports whether the offer has a flexible
	// payment schedule.
	FlexiblePaymentEnabled bool `json:"flexible_payment_enabled"`

	// Buyers lists the buyers the offer is extended to.
	Buyers []OfferBuyer `json:"buyers"`

	// ContractDimensions lists the dimensions of the contract, with the
	// units bought of each.
	ContractDimensions []ContractDimension `json:"contract_dimensions"`

	// AdditionalUsageFees lists the dimensions charged by usage on top of
	// the contract, with their prices.
	AdditionalUsageFees []PricedDimension `json:"additional_usage_fees"`

	// OfferURL is the address where the buyers view and accept the offer.
	OfferURL string `json:"offer_url"`

	// FlexiblePaymentSchedule lists the installments of the flexible payment
	// schedule.
	FlexiblePaymentSchedule []FlexiblePaymentInstallment `json:"flexible_payment_schedule"`
}

// Topic returns topics.AWSPrivateOfferCreated.
func (PrivateOfferCreated) Topic() topics.Topic { return topics.AWSPrivateOfferCreated }

// An OfferBuyer is a buyer a private offer is extended to.
type OfferBuyer struct {
	// CompanyName is the buyer's company name.
	CompanyName string `json:"company_name"`

	// AWSAccountID is the buyer's AWS account id.
	AWSAccountID string `json:"aws_account_id"`
}

// A PricedDimension is a pricing dimension of an offer and its price: an
// additional usage fee, or the part that a contract dimension shares with
// one.
type PricedDimension struct {
	// APIName is the dimension's API name.
	APIName string `json:"api_name"`

	// Description is the dimension's description.
	Description string `json:"description"`

	// Price is the price of one unit of the dimension.
	Price event.Decimal `json:"price"`
}

// A ContractDimension is a dimension of a private offer's contract: its
// display name, and the number of units bought at its price.
type ContractDimension struct {
	// Name is the dimension's display name.
	Name string `json:"name"`
	PricedDimension

	// Units is the number of units bought at Price.
	Units event.Decimal `json:"units"`
}

// A FlexiblePaymentInstallment is one payment of a flexible payment
// schedule. PaymentDate is documented as "YYYY-MM-DD".
type FlexiblePaymentInstallment struct {
	// PaymentAmount is the amount due in this installment.
	PaymentAmount event.Decimal `json:"payment_amount"`

	// PaymentDate is when the installment is due, documented as
	// "YYYY-MM-DD".
	PaymentDate event.Time `json:"payment_date"`
}
