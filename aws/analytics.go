package aws

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// The analytics topics report rows of AWS Marketplace's seller reports.
// Clazar documents the keys of their metadata but not the layout of the
// fields whose names say they are dates: those are event.LooseTime, which
// reads RFC 3339, "YYYY-MM-DD HH:MM:SS", "YYYY-MM-DD", "YYYY/MM/DD",
// "MM/DD/YYYY", written-out dates such as "Sep 15, 2025", and Unix numbers,
// writes each back in the layout it was read in, and keeps any other text
// as it came, so that an unexpected layout never fails a delivery.
// Free-text fields, such as a disbursement period or payment terms, are
// strings even when they look like dates.

// OfferVisibility says whether an offer is public or private. Values other
// than the constants still decode.
type OfferVisibility string

// The documented offer visibilities.
const (
	OfferVisibilityPublic  OfferVisibility = "Public"
	OfferVisibilityPrivate OfferVisibility = "Private"
)

// AnalyticsProduct names the product and the buyer that an analytics row
// concerns. Validation requires ProductCode.
type AnalyticsProduct struct {
	// ProductTitle is the product's title on AWS Marketplace.
	ProductTitle string `json:"product_title"`

	// ProductCode is the product code of the listing.
	ProductCode string `json:"product_code" validate:"required"`

	// CustomerIdentifier identifies the buyer, as the report gives it.
	CustomerIdentifier string `json:"customer_identifier"`
}

// AnalyticsBuyer is the product, the buyer and the buyer's location, which
// the usage, fee and subscriber reports share.
type AnalyticsBuyer struct {
	AnalyticsProduct

	// UserCountry is the buyer's country, as the report gives it.
	UserCountry string `json:"user_country"`

	// UserState is the buyer's state, as the report gives it.
	UserState string `json:"user_state"`

	// PayerReferenceID is the report's reference id of the account that
	// pays, which may not be the buyer's own account.
	PayerReferenceID string `json:"payer_reference_id"`
}

// AnalyticsMeteredUsage is the metadata of aws.analytics.metered_usage
// (origin AWS, suborigin Daily Business): AWS reported a buyer's metered
// usage and its estimated revenue.
type AnalyticsMeteredUsage struct {
	AnalyticsBuyer

	// EstimatedRevenue is the estimated revenue from the buyer's usage, in
	// Currency.
	EstimatedRevenue event.Decimal `json:"estimated_revenue"`

	// Currency is the currency of the amounts in this event, as the report
	// gives it.
	Currency string `json:"currency"`

	// UsageRecords lists the usage by dimension and offer.
	UsageRecords []UsageRecord `json:"usage_records"`
}

// Topic returns topics.AWSAnalyticsMeteredUsage.
func (AnalyticsMeteredUsage) Topic() topics.Topic { return topics.AWSAnalyticsMeteredUsage }

// A UsageRecord is the usage of one dimension under one offer.
// InstanceType holds the dimension, as the report names it.
type UsageRecord struct {
	// EstimatedRevenue is the estimated revenue from this usage, in the
	// event's Currency.
	EstimatedRevenue event.Decimal `json:"estimated_revenue"`

	// InstanceType is the dimension used, as the report names it.
	InstanceType string `json:"instance_type"`

	// UsageUnits is the quantity used, counted in UsageUnitTypes.
	UsageUnits event.Decimal `json:"usage_units"`

	// UsageUnitTypes is the unit of UsageUnits, as the report gives it.
	UsageUnitTypes string `json:"usage_unit_types"`

	// OfferID is the id of the offer the usage was under.
	OfferID string `json:"offer_id"`

	// OfferVisibility says whether that offer is public or private.
	OfferVisibility OfferVisibility `json:"offer_visibility"`
}

// AnalyticsContractFees is the metadata of aws.analytics.contract_fees
// (origin and suborigin not documented): AWS reported contract fee
// transactions of a buyer.
type AnalyticsContractFees struct {
	AnalyticsBuyer

	// TotalAmount is the total of the fees reported, in Currency.
	TotalAmount event.Decimal `json:"total_amount"`

	// Currency is the currency of the amounts in this event, as the report
	// gives it.
	Currency string `json:"currency"`

	// PayerAddressID is AWS's id of the payer's address, as the report gives
	// it.
	PayerAddressID string `json:"payer_address_id"`

	// Transactions lists the fees charged.
	Transactions []FeeTransaction `json:"transactions"`
}

// Topic returns topics.AWSAnalyticsContractFees.
func (AnalyticsContractFees) Topic() topics.Topic { return topics.AWSAnalyticsContractFees }

// A FeeTransaction is one contract fee: the amount charged for a quantity
// of a dimension over a period.
type FeeTransaction struct {
	// Amount is the fee charged, in the event's Currency.
	Amount event.Decimal `json:"amount"`

	// Dimension is the contract dimension charged for, as the report names
	// it.
	Dimension string `json:"dimension"`

	// Quantity is the number of units of Dimension charged for.
	Quantity event.Decimal `json:"quantity"`

	// StartDate is when the period the fee covers starts; its layout is
	// undocumented.
	StartDate event.LooseTime `json:"start_date"`

	// EndDate is when the period the fee covers ends; its layout is
	// undocumented.
	EndDate event.LooseTime `json:"end_date"`
}

// ProductSubscriber is a buyer's subscription to a product under an offer,
// as the subscriber reports list it.
type ProductSubscriber struct {
	AnalyticsBuyer

	// OfferID is the id of the offer the buyer subscribed under.
	OfferID string `json:"offer_id"`

	// OfferVisibility says whether that offer is public or private.
	OfferVisibility OfferVisibility `json:"offer_visibility"`
}

// AnalyticsNewProductSubscriber is the metadata of
// aws.analytics.new_product_subscriber (origin and suborigin not
// documented): AWS reported a new subscriber to the product.
type AnalyticsNewProductSubscriber struct {
	ProductSubscriber
}

// Topic returns topics.AWSAnalyticsNewProductSubscriber.
func (AnalyticsNewProductSubscriber) Topic() topics.Topic {
	return topics.AWSAnalyticsNewProductSubscriber
}

// AnalyticsCanceledProductSubscriber is the metadata of
// aws.analytics.canceled_product_subscriber (origin and suborigin not
// documented): AWS reported that a subscriber canceled the product.
type AnalyticsCanceledProductSubscriber struct {
	ProductSubscriber
}

// Topic returns topics.AWSAnalyticsCanceledProductSubscriber.
func (AnalyticsCanceledProductSubscriber) Topic() topics.Topic {
	return topics.AWSAnalyticsCanceledProductSubscriber
}

// DisbursementStatus is the status of a disbursement row. Values other than
// the constant still decode.
type DisbursementStatus string

// The documented disbursement status.
const DisbursementStatusDisbursed DisbursementStatus = "Disbursed"

// AnalyticsDisbursement is the metadata of aws.analytics.disbursement
// (origin and suborigin not documented): AWS disbursed revenue of an
// agreement to the seller's bank account.
//
// DisbursementPeriod and PaymentTerms are free text. DisbursementTimeInDays
// is a number of days, read as a Decimal since the report's number format
// is not documented.
type AnalyticsDisbursement struct {
	AnalyticsProduct

	// AgreementID is the id of the AWS agreement (the contract) the revenue
	// comes from.
	AgreementID string `json:"agreement_id"`

	// Currency is the currency of the amounts in this event, as the report
	// gives it.
	Currency string `json:"currency"`

	// AgreementStartDate is when the agreement starts; its layout is
	// undocumented.
	AgreementStartDate event.LooseTime `json:"agreement_start_date"`

	// AgreementAcceptanceDate is when the buyer accepted the agreement; its
	// layout is undocumented.
	AgreementAcceptanceDate event.LooseTime `json:"agreement_acceptance_date"`

	// AgreementEndDate is when the agreement ends; its layout is
	// undocumented.
	AgreementEndDate event.LooseTime `json:"agreement_end_date"`

	// DisbursedNetRevenue is the amount AWS paid out to the seller for this
	// row, after AWS's fees and taxes, in Currency.
	DisbursedNetRevenue event.Decimal `json:"disbursed_net_revenue"`

	// DisbursementDate is when AWS paid out; its layout is undocumented.
	DisbursementDate event.LooseTime `json:"disbursement_date"`

	// DisbursementPeriod is the period the disbursement covers, as free
	// text.
	DisbursementPeriod string `json:"disbursement_period"`

	// DisbursementStatus is the status of the disbursement, such as
	// DisbursementStatusDisbursed.
	DisbursementStatus DisbursementStatus `json:"disbursement_status"`

	// DisbursementTimeInDays is the disbursement time the report gives, a
	// number of days.
	DisbursementTimeInDays event.Decimal `json:"disbursement_time_in_days_"`

	// DisburseBankTraceID is the bank's trace id of the payment to the
	// seller's bank account.
	DisburseBankTraceID string `json:"disburse_bank_trace_id"`

	// GrossRefund is the amount refunded to the buyer, in Currency.
	GrossRefund event.Decimal `json:"gross_refund"`

	// GrossRevenue is the amount billed to the buyer, in Currency.
	GrossRevenue event.Decimal `json:"gross_revenue"`

	// InvoiceDate is the date of AWS's invoice to the buyer; its layout is
	// undocumented.
	InvoiceDate event.LooseTime `json:"invoice_date"`

	// InvoiceID is the id of AWS's invoice to the buyer.
	InvoiceID string `json:"invoice_id"`

	// OfferID is the id of the offer the agreement was made under.
	OfferID string `json:"offer_id"`

	// OfferName is the name of that offer.
	OfferName string `json:"offer_name"`

	// OfferVisibility says whether that offer is public or private.
	OfferVisibility OfferVisibility `json:"offer_visibility"`

	// PayerAWSAccountID is the AWS account id of the payer.
	PayerAWSAccountID string `json:"payer_aws_account_id"`

	// PayerCompanyName is the payer's company name.
	PayerCompanyName string `json:"payer_company_name"`

	// PaymentDueDate is when payment of the invoice is due; its layout is
	// undocumented.
	PaymentDueDate event.LooseTime `json:"payment_due_date"`

	// PaymentTerms is the invoice's payment terms, as free text.
	PaymentTerms string `json:"payment_terms"`

	// ProductID is the product's id on AWS Marketplace, distinct from
	// ProductCode.
	ProductID string `json:"product_id"`

	// SellerNetRevenue is the seller's revenue from this row after AWS's
	// fees, refunds and taxes, in Currency.
	SellerNetRevenue event.Decimal `json:"seller_net_revenue"`

	// SellerTaxShare is the part of the tax billed with this row that goes
	// to the seller, in Currency.
	SellerTaxShare event.Decimal `json:"seller_tax_share"`

	// SellerTaxShareRefund is the refund of the seller's tax share, in
	// Currency.
	SellerTaxShareRefund event.Decimal `json:"seller_tax_share_refund"`

	// SubscriberAWSAccountID is the buyer's AWS account id.
	SubscriberAWSAccountID string `json:"subscriber_aws_account_id"`

	// SubscriberCompanyName is the buyer's company name.
	SubscriberCompanyName string `json:"subscriber_company_name"`

	// SubscriberStateOrRegion is the buyer's state or region, as the report
	// gives it.
	SubscriberStateOrRegion string `json:"subscriber_state_or_region"`

	// TransactionReferenceID identifies the transaction, and matches the
	// same transaction in AWS's other seller reports.
	TransactionReferenceID string `json:"transaction_reference_id"`

	// UndisbursedNetRevenue is the seller's net revenue from this row that
	// AWS has not yet paid out, in Currency.
	UndisbursedNetRevenue event.Decimal `json:"undisbursed_net_revenue"`

	// UsagePeriodStartDate is when the usage billed in this row starts; its
	// layout is undocumented.
	UsagePeriodStartDate event.LooseTime `json:"usage_period_start_date"`

	// UsagePeriodEndDate is when the usage billed in this row ends; its
	// layout is undocumented.
	UsagePeriodEndDate event.LooseTime `json:"usage_period_end_date"`

	// WholesaleCost is the wholesale cost of a sale through a channel
	// partner, in Currency.
	WholesaleCost event.Decimal `json:"wholesale_cost"`

	// WholesaleCostRefund is the refund of the wholesale cost, in Currency.
	WholesaleCostRefund event.Decimal `json:"wholesale_cost_refund"`
}

// Topic returns topics.AWSAnalyticsDisbursement.
func (AnalyticsDisbursement) Topic() topics.Topic { return topics.AWSAnalyticsDisbursement }
