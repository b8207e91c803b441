package aws

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// PrivateOfferCreated is the metadata of aws.private_offer.created (origin
// Clazar, suborigin Private Offers): a private offer was created on AWS
// Marketplace for one or more buyers. Validation requires OfferID.
type PrivateOfferCreated struct {
	OfferName               string                       `json:"offer_name"`
	OfferID                 string                       `json:"offer_id" validate:"required"`
	FlexiblePaymentEnabled  bool                         `json:"flexible_payment_enabled"`
	Buyers                  []OfferBuyer                 `json:"buyers"`
	ContractDimensions      []ContractDimension          `json:"contract_dimensions"`
	AdditionalUsageFees     []PricedDimension            `json:"additional_usage_fees"`
	OfferURL                string                       `json:"offer_url"`
	FlexiblePaymentSchedule []FlexiblePaymentInstallment `json:"flexible_payment_schedule"`
}

// Topic returns topics.AWSPrivateOfferCreated.
func (PrivateOfferCreated) Topic() topics.Topic { return topics.AWSPrivateOfferCreated }

// An OfferBuyer is a buyer a private offer is extended to.
type OfferBuyer struct {
	CompanyName  string `json:"company_name"`
	AWSAccountID string `json:"aws_account_id"`
}

// A PricedDimension is a pricing dimension of an offer and its price: an
// additional usage fee, or the part that a contract dimension shares with
// one.
type PricedDimension struct {
	APIName     string        `json:"api_name"`
	Description string        `json:"description"`
	Price       event.Decimal `json:"price"`
}

// A ContractDimension is a dimension of a private offer's contract: its
// display name, and the number of units bought at its price.
type ContractDimension struct {
	Name string `json:"name"`
	PricedDimension
	Units event.Decimal `json:"units"`
}

// A FlexiblePaymentInstallment is one payment of a flexible payment
// schedule. PaymentDate is documented as "YYYY-MM-DD".
type FlexiblePaymentInstallment struct {
	PaymentAmount event.Decimal `json:"payment_amount"`
	PaymentDate   event.Time    `json:"payment_date"`
}
