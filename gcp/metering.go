package gcp

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/meta"
	"github.com/clazarevents/sdk-go/topics"
)

// ExtraInfo is the open-ended detail of a metering failure, such as
// {"error": "Invalid metric ID"}. Members other than "error" are kept in its
// Extra map and written back.
type ExtraInfo = meta.ExtraInfo

// MeteringSubmissionFailed is the metadata of gcp.metering.submission_failed
// (origin User, suborigin User): a usage record sent through Clazar could
// not be reported to GCP.
//
// Validation requires EntitlementID and Dimension, which identify the usage
// that failed.
type MeteringSubmissionFailed struct {
	// EntitlementID is GCP's id of the entitlement the usage belongs to.
	EntitlementID string `json:"entitlement_id" validate:"required"`

	// AccountID is the buyer's GCP Marketplace account.
	AccountID string `json:"account_id"`

	// Quantity is the usage that failed, as sent: Clazar shows it as a
	// numeric string, such as "2.3".
	Quantity event.Decimal `json:"quantity"`

	// Dimension is the metering dimension (the metric) reported.
	Dimension string `json:"dimension" validate:"required"`

	// Source is the system the usage came from, such as "orb".
	Source string `json:"source"`

	// ExtraInfo holds the failure's detail, such as GCP's error message.
	ExtraInfo ExtraInfo `json:"extra_info"`
}

// Topic returns topics.GCPMeteringSubmissionFailed.
func (MeteringSubmissionFailed) Topic() topics.Topic { return topics.GCPMeteringSubmissionFailed }
