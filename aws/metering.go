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
	Quantity  event.Decimal `json:"quantity"`
	Source    string        `json:"source"`
	Dimension string        `json:"dimension"`
	ExtraInfo ExtraInfo     `json:"extra_info"`
}

// Topic returns topics.AWSMeteringSubmissionFailed.
func (MeteringSubmissionFailed) Topic() topics.Topic { return topics.AWSMeteringSubmissionFailed }
