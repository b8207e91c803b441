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
	ProductTitle       string `json:"product_title"`
	ProductCode        string `json:"product_code" validate:"required"`
	CustomerIdentifier string `json:"customer_identifier"`
}

// AnalyticsBuyer is the product, the buyer and the buyer's location, which
// the usage, fee and subscriber reports share.
type AnalyticsBuyer struct {
	AnalyticsProduct
	UserCountry      string `json:"user_country"`
	UserState        string `json:"user_state"`
	PayerReferenceID string `json:"payer_reference_id"`
}

// AnalyticsMeteredUsage is the metadata of aws.analytics.metered_usage
// (origin AWS, suborigin Daily Business): AWS reported a buyer's metered
// usage and its estimated revenue.
type AnalyticsMeteredUsage struct {
	AnalyticsBuyer
	EstimatedRevenue event.Decimal `json:"estimated_revenue"`
	Currency         string        `json:"currency"`
	UsageRecords     []UsageRecord `json:"usage_records"`
}

// Topic returns topics.AWSAnalyticsMeteredUsage.
func (AnalyticsMeteredUsage) Topic() topics.Topic { return topics.AWSAnalyticsMeteredUsage }

// A UsageRecord is the usage of one dimension under one offer.
// InstanceType holds the dimension, as the report names it.
type UsageRecord struct {
	EstimatedRevenue event.Decimal   `json:"estimated_revenue"`
	InstanceType     string          `json:"instance_type"`
	UsageUnits       event.Decimal   `json:"usage_units"`
	UsageUnitTypes   string          `json:"usage_unit_types"`
	OfferID          string          `json:"offer_id"`
	OfferVisibility  OfferVisibility `json:"offer_visibility"`
}

// AnalyticsContractFees is the metadata of aws.analytics.contract_fees
// (origin and suborigin not documented): AWS reported contract fee
// transactions of a buyer.
type AnalyticsContractFees struct {
	AnalyticsBuyer
	TotalAmount    event.Decimal    `json:"total_amount"`
	Currency       string           `json:"currency"`
	PayerAddressID string           `json:"payer_address_id"`
	Transactions   []FeeTransaction `json:"transactions"`
}

// Topic returns topics.AWSAnalyticsContractFees.
func (AnalyticsContractFees) Topic() topics.Topic { return topics.AWSAnalyticsContractFees }

// A FeeTransaction is one contract fee: the amount charged for a quantity
// of a dimension over a period.
type FeeTransaction struct {
	Amount    event.Decimal   `json:"amount"`
	Dimension string          `json:"dimension"`
	Quantity  event.Decimal   `json:"quantity"`
	StartDate event.LooseTime `json:"start_date"`
	EndDate   event.LooseTime `json:"end_date"`
}

// ProductSubscriber is a buyer's subscription to a product under an offer,
// as the subscriber reports list it.
type ProductSubscriber struct {
	AnalyticsBuyer
	OfferID         string          `json:"offer_id"`
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
	AgreementID             string             `json:"agreement_id"`
	Currency                string             `json:"currency"`
	AgreementStartDate      event.LooseTime    `json:"agreement_start_date"`
	AgreementAcceptanceDate event.LooseTime    `json:"agreement_acceptance_date"`
	AgreementEndDate        event.LooseTime    `json:"agreement_end_date"`
	DisbursedNetRevenue     event.Decimal      `json:"disbursed_net_revenue"`
	DisbursementDate        event.LooseTime    `json:"disbursement_date"`
	DisbursementPeriod      string             `json:"disbursement_period"`
	DisbursementStatus      DisbursementStatus `json:"disbursement_status"`
	DisbursementTimeInDays  event.Decimal      `json:"disbursement_time_in_days_"`
	DisburseBankTraceID     string             `json:"disburse_bank_trace_id"`
	GrossRefund             event.Decimal      `json:"gross_refund"`
	GrossRevenue            event.Decimal      `json:"gross_revenue"`
	InvoiceDate             event.LooseTime    `json:"invoice_date"`
	InvoiceID               string             `json:"invoice_id"`
	OfferID                 string             `json:"offer_id"`
	OfferName               string             `json:"offer_name"`
	OfferVisibility         OfferVisibility    `json:"offer_visibility"`
	PayerAWSAccountID       string             `json:"payer_aws_account_id"`
	PayerCompanyName        string             `json:"payer_company_name"`
	PaymentDueDate          event.LooseTime    `json:"payment_due_date"`
	PaymentTerms            string             `json:"payment_terms"`
	ProductID               string             `json:"product_id"`
	SellerNetRevenue        event.Decimal      `json:"seller_net_revenue"`
	SellerTaxShare          event.Decimal      `json:"seller_tax_share"`
	SellerTaxShareRefund    event.Decimal      `json:"seller_tax_share_refund"`
	SubscriberAWSAccountID  string             `json:"subscriber_aws_account_id"`
	SubscriberCompanyName   string             `json:"subscriber_company_name"`
	SubscriberStateOrRegion string             `json:"subscriber_state_or_region"`
	TransactionReferenceID  string             `json:"transaction_reference_id"`
	UndisbursedNetRevenue   event.Decimal      `json:"undisbursed_net_revenue"`
	UsagePeriodStartDate    event.LooseTime    `json:"usage_period_start_date"`
	UsagePeriodEndDate      event.LooseTime    `json:"usage_period_end_date"`
	WholesaleCost           event.Decimal      `json:"wholesale_cost"`
	WholesaleCostRefund     event.Decimal      `json:"wholesale_cost_refund"`
}

// Topic returns topics.AWSAnalyticsDisbursement.
func (AnalyticsDisbursement) Topic() topics.Topic { return topics.AWSAnalyticsDisbursement }
