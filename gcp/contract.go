package gcp

import (
	"encoding/json"
	"fmt"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/meta"
	"github.com/clazarevents/sdk-go/topics"
)

// Entitlement identifies the GCP entitlement (the contract) that an event
// concerns, and the buyer who holds it. Every GCP contract topic embeds it,
// so its fields are at the top level of the metadata.
//
// Only EntitlementID is validated, as required: it identifies the contract.
type Entitlement struct {
	// CompanyName is the buyer's company.
	CompanyName string `json:"company_name"`

	// Domain is the buyer's domain, such as "acme-robotics.com".
	Domain string `json:"domain"`

	// EntitlementID is GCP's id of the entitlement.
	EntitlementID string `json:"entitlement_id" validate:"required"`

	// AccountID is the buyer's GCP Marketplace account.
	AccountID string `json:"account_id"`

	// EmailID is the buyer's email address.
	EmailID string `json:"email_id"`
}

// PlanDetails describes a plan of an entitlement and the offer it was bought
// under.
//
// Clazar shows gcp.contract.pending without the offer's start and end times;
// they are then unset, and MarshalJSON leaves them out rather than writing
// null, so that a decoded PlanDetails marshals back to what was read.
type PlanDetails struct {
	// PlanID is the plan's id within the product.
	PlanID string `json:"plan_id"`

	// OfferType says whether the plan was bought through a public or a
	// private offer.
	OfferType OfferType `json:"offer_type"`

	// OfferID is the offer's id.
	OfferID string `json:"offer_id"`

	// OfferTerm is the offer's term as free text, such as "12 Months"; it
	// is not parsed.
	OfferTerm string `json:"offer_term"`

	// OfferEndTime is when the offer ends, written "YYYY-MM-DD HH:MM:SS".
	OfferEndTime event.Time `json:"offer_end_time"`

	// OfferStartTime is when the offer starts, written
	// "YYYY-MM-DD HH:MM:SS".
	OfferStartTime event.Time `json:"offer_start_time"`
}

// MarshalJSON writes the plan details, leaving out an offer time that was
// absent or null.
func (p PlanDetails) MarshalJSON() ([]byte, error) {
	type plain PlanDetails // without this method
	b, err := json.Marshal(struct {
		plain
		OfferEndTime   *event.Time `json:"offer_end_time,omitempty"`
		OfferStartTime *event.Time `json:"offer_start_time,omitempty"`
	}{plain(p), present(p.OfferEndTime), present(p.OfferStartTime)})
	if err != nil {
		return nil, fmt.Errorf("gcp: plan details: %w", err)
	}
	return b, nil
}

// present returns &t, or nil if t would marshal as null. A Time read from
// "" is kept, since it marshals back as "".
func present(t event.Time) *event.Time {
	if string(t.AppendJSON(nil)) == "null" {
		return nil
	}
	return &t
}

// OfferType is the kind of offer a plan was bought under. Values other than
// the constants below decode unchanged.
type OfferType string

// The offer types that Clazar documents.
const (
	OfferTypePrivate OfferType = "Private" // a private offer made to one buyer
	OfferTypePublic  OfferType = "Public"  // the listing's public pricing
)

// RegistrationField is one answer from the buyer's registration form, such
// as {"field": "Company Name", "value": "Acme Robotics"}. Members that Clazar
// does not document are kept in its Extra map and written back.
type RegistrationField = meta.RegistrationField

// StatusChange is the metadata shape of the topics that report a change of
// an entitlement's status (pending, activated, canceled): the entitlement
// and its plan.
type StatusChange struct {
	Entitlement

	// PlanDetails is the entitlement's plan.
	PlanDetails PlanDetails `json:"plan_details"`
}

// ContractPending is the metadata of gcp.contract.pending (origin GCP,
// suborigin Pub/Sub): a buyer bought the product, through a public offer or
// by accepting a private one, and the entitlement awaits activation.
type ContractPending struct {
	StatusChange
}

// Topic returns topics.GCPContractPending.
func (ContractPending) Topic() topics.Topic { return topics.GCPContractPending }

// ContractRegistered is the metadata of gcp.contract.registered (origin
// Clazar, suborigin Registration): the buyer completed the SaaS
// registration form.
type ContractRegistered struct {
	Entitlement

	// RegistrationDetails holds the buyer's answers, in form order.
	RegistrationDetails []RegistrationField `json:"registration_details"`
}

// Topic returns topics.GCPContractRegistered.
func (ContractRegistered) Topic() topics.Topic { return topics.GCPContractRegistered }

// ContractActivated is the metadata of gcp.contract.activated (origin GCP,
// suborigin Pub/Sub): the entitlement is active and billing has started.
type ContractActivated struct {
	StatusChange
}

// Topic returns topics.GCPContractActivated.
func (ContractActivated) Topic() topics.Topic { return topics.GCPContractActivated }

// ContractPlanChangeInitiated is the metadata of
// gcp.contract.plan_change_initiated (origin GCP, suborigin Pub/Sub): the
// buyer requested another plan, or accepted a new private offer, while the
// entitlement runs.
type ContractPlanChangeInitiated struct {
	Entitlement

	// UpcomingPlanDetails is the plan requested.
	UpcomingPlanDetails PlanDetails `json:"upcoming_plan_details"`

	// CurrentPlanDetails is the plan in effect until the change.
	CurrentPlanDetails PlanDetails `json:"current_plan_details"`
}

// Topic returns topics.GCPContractPlanChangeInitiated.
func (ContractPlanChangeInitiated) Topic() topics.Topic { return topics.GCPContractPlanChangeInitiated }

// ContractPlanChanged is the metadata of gcp.contract.plan_changed (origin
// GCP, suborigin Pub/Sub): a plan change took effect.
type ContractPlanChanged struct {
	Entitlement

	// NewPlanDetails is the plan now in effect.
	NewPlanDetails PlanDetails `json:"new_plan_details"`

	// OldPlanDetails is the plan it replaced.
	OldPlanDetails PlanDetails `json:"old_plan_details"`
}

// Topic returns topics.GCPContractPlanChanged.
func (ContractPlanChanged) Topic() topics.Topic { return topics.GCPContractPlanChanged }

// ContractPlanChangeCanceled is the metadata of
// gcp.contract.plan_change_canceled (origin GCP, suborigin Pub/Sub): the
// buyer withdrew a requested plan change.
type ContractPlanChangeCanceled struct {
	Entitlement

	// CanceledPlanDetails is the plan that was requested and withdrawn.
	CanceledPlanDetails PlanDetails `json:"canceled_plan_details"`

	// CurrentPlanDetails is the plan that stays in effect.
	CurrentPlanDetails PlanDetails `json:"current_plan_details"`
}

// Topic returns topics.GCPContractPlanChangeCanceled.
func (ContractPlanChangeCanceled) Topic() topics.Topic { return topics.GCPContractPlanChangeCanceled }

// ContractRenewed is the metadata of gcp.contract.renewed (origin GCP,
// suborigin Pub/Sub): the entitlement was renewed and its end moved later.
type ContractRenewed struct {
	Entitlement

	// StartAt is when the contract started, written "YYYY-MM-DD HH:MM:SS".
	StartAt event.Time `json:"start_at"`

	// EndAt is the contract's new end, written "YYYY-MM-DD HH:MM:SS".
	EndAt event.Time `json:"end_at"`

	// PlanDetails is the entitlement's plan.
	PlanDetails PlanDetails `json:"plan_details"`
}

// Topic returns topics.GCPContractRenewed.
func (ContractRenewed) Topic() topics.Topic { return topics.GCPContractRenewed }

// ContractCanceled is the metadata of gcp.contract.canceled (origin GCP,
// suborigin Pub/Sub): the entitlement ended, because it expired or the buyer
// cancelled it.
type ContractCanceled struct {
	StatusChange
}

// Topic returns topics.GCPContractCanceled.
func (ContractCanceled) Topic() topics.Topic { return topics.GCPContractCanceled }
