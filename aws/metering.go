package aws

import (
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/meta"
	"github.com/clazarevents/sdk-go/topics"
)

// ExtraInfo is the open-ended detail of a metering failure. Error holds the
// marketplace's error message; other members are kept in Extra and written
// back when marshalled.
type ExtraInfo = meta.ExtraInfo

// MeteringSubmissionFailed is the metadata of aws.metering.submission_failed
// (origin User, no suborigin documented): usage that the seller's system
// reported, through Clazar, could not be submitted to AWS.
//
// Quantity is documented as a numeric string ("2"); a JSON number is read
// too. Source names the system that reported the usage, such as "orb".
type MeteringSubmissionFailed struct {
	ProductCustomer

	// Quantity is the quantity of usage that could not be submitted.
	Quantity event.Decimal `json:"quantity"`

	// Source names the system that reported the usage, such as "orb".
	Source string `json:"source"`

	// Dimension is the dimension the usage was metered against, such as
	// "dim-1".
	Dimension string `json:"dimension"`

	// ExtraInfo holds the detail of the failure, with the marketplace's
	// error message in Error.
	ExtraInfo ExtraInfo `json:"extra_info"`
}

// Topic returns topics.AWSMeteringSubmissionFailed.
func (MeteringSubmissionFailed) Topic() topics.Topic { return topics.AWSMeteringSubmissionFailed }
