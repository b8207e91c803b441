package contract

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/meta"
	"github.com/clazarevents/sdk-go/topics"
)

// A Key names one buyer's contract in one marketplace: an AWS product
// subscription, an Azure SaaS subscription or a GCP entitlement.
type Key struct {
	// Marketplace is topics.AWS, topics.Azure or topics.GCP.
	Marketplace topics.Marketplace

	// ID identifies the contract within the marketplace:
	// "<product_code>/<customer_identifier>" for AWS, the subscription id
	// for Azure and the entitlement id for GCP.
	ID string
}

// AWSKey returns the key of a buyer's subscription to an AWS product.
func AWSKey(productCode, customerIdentifier string) Key {
	return Key{Marketplace: topics.AWS, ID: productCode + "/" + customerIdentifier}
}

// String returns the key as "<marketplace>:<id>", such as
// "aws:4hc2x8yzq9m1n7b3v5k0t6r2p/Z5Zb2Qd7nLx", "azure:<subscription_id>" or
// "gcp:<entitlement_id>".
func (k Key) String() string { return string(k.Marketplace) + ":" + k.ID }

// IsZero reports whether k is the zero Key.
func (k Key) IsZero() bool { return k == Key{} }

// MarshalText writes k as String does, so that a Key is a JSON string and
// can be a JSON object key; the zero Key is written as "".
func (k Key) MarshalText() ([]byte, error) {
	if k.IsZero() {
		return []byte{}, nil
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads a key written by MarshalText. It returns an error
// for text other than "" without a known marketplace and an id.
func (k *Key) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*k = Key{}
		return nil
	}
	m, id, ok := strings.Cut(string(text), ":")
	switch topics.Marketplace(m) {
	case topics.AWS, topics.Azure, topics.GCP:
	default:
		ok = false
	}
	if !ok || id == "" {
		return fmt.Errorf("contract: %q is not a key of the form <marketplace>:<id>", text)
	}
	*k = Key{Marketplace: topics.Marketplace(m), ID: id}
	return nil
}

// Status is where a contract stands in its lifecycle.
type Status string

// The statuses of a contract.
const (
	// StatusPending: the buyer subscribed, and the contract awaits
	// activation (Azure, GCP), or only a registration has been seen.
	StatusPending Status = "pending"

	// StatusActive: the buyer is entitled to the product.
	StatusActive Status = "active"

	// StatusSuspended: the marketplace suspended the contract, usually for
	// a failed payment (Azure); it may be reinstated.
	StatusSuspended Status = "suspended"

	// StatusCancelled: the contract ended.
	StatusCancelled Status = "cancelled"
)

// Entitled reports whether a buyer with status s may use the product: only
// StatusActive is.
func (s Status) Entitled() bool { return s == StatusActive }

// An Entitlement is one dimension of what a contract grants.
type Entitlement struct {
	// Dimension names the dimension: an AWS entitlement's Dimension, or an
	// Azure metering dimension's name.
	Dimension string `json:"dimension"`

	// Value is the value as text: an AWS IntegerValue's or DoubleValue's
	// digits as sent, "true" or "false" for a BooleanValue, the
	// StringValue; an Azure dimension's included quantity, or "" if it has
	// none.
	Value string `json:"value"`

	// ExpiresAt is when the entitlement ends (AWS ExpirationDate), or the
	// zero time when the event does not say.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// RegistrationField is one answer of the buyer's registration form, as the
// marketplace packages decode it.
type RegistrationField = meta.RegistrationField

// State is what is known of one contract after the events applied to it.
// Each part comes from the newest event that carries it (see the package
// documentation), so a State does not depend on the order in which the
// events arrived.
type State struct {
	// Key names the contract.
	Key Key `json:"key"`

	// Status is the contract's status, from the newest event that sets
	// one; StatusPending while none has.
	Status Status `json:"status"`

	// Plan is the Azure or GCP plan id; "" for AWS, whose entitlements say
	// what was bought.
	Plan string `json:"plan,omitempty"`

	// PendingPlan is the GCP plan id of a plan change that was initiated
	// and neither applied nor canceled since; "" otherwise.
	PendingPlan string `json:"pending_plan,omitempty"`

	// Offer is the Azure offer id, or the GCP offer id of the plan in
	// effect; "" for AWS.
	Offer string `json:"offer,omitempty"`

	// FreeTrial reports an Azure plan in its free trial.
	FreeTrial bool `json:"free_trial,omitempty"`

	// Quantity is the number of users of an Azure per-user plan; it holds
	// no number otherwise.
	Quantity event.Decimal `json:"quantity,omitzero"`

	// Entitlements are the AWS entitlements, or the Azure plan's metering
	// dimensions, in the order the event listed them.
	Entitlements []Entitlement `json:"entitlements,omitempty"`

	// TermStart and TermEnd bound the current term: an Azure term's
	// start_date and end_date, a GCP renewal's start_at and end_at, or the
	// GCP offer's start and end time. They are zero when no event said.
	TermStart time.Time `json:"term_start,omitzero"`

	// TermEnd is the end of the current term; see TermStart.
	TermEnd time.Time `json:"term_end,omitzero"`

	// Registered reports that a registration event was seen.
	Registered bool `json:"registered"`

	// Registration holds the answers of the newest registration event.
	Registration []RegistrationField `json:"registration,omitempty"`

	// UpdatedAt is the timestamp of the newest event applied.
	UpdatedAt time.Time `json:"updated_at"`

	// EventIDs are the ids of the events applied, sorted: the envelope id,
	// or "sha256:" and the hex SHA-256 of the canonical event for an event
	// without one. An event whose id is listed is not applied again.
	EventIDs []string `json:"event_ids"`
}

// IsZero reports whether s is the zero State, as Change.Before is for a
// key's first event.
func (s State) IsZero() bool {
	return s.Key.IsZero() && s.Status == "" && len(s.EventIDs) == 0
}

// Applied reports whether the event with the given id was applied.
func (s State) Applied(id string) bool {
	_, found := slices.BinarySearch(s.EventIDs, id)
	return found
}

// clone returns a copy of s that shares no slice with it.
func (s State) clone() State {
	s.Entitlements = slices.Clone(s.Entitlements)
	s.Registration = slices.Clone(s.Registration)
	s.EventIDs = slices.Clone(s.EventIDs)
	return s
}

// equalIgnoringBookkeeping reports whether a and b agree in everything
// but UpdatedAt and EventIDs, which move with every event applied.
func equalIgnoringBookkeeping(a, b State) bool {
	return a.Key == b.Key && a.Status == b.Status && a.Plan == b.Plan &&
		a.PendingPlan == b.PendingPlan && a.Offer == b.Offer && a.FreeTrial == b.FreeTrial &&
		a.Quantity.String() == b.Quantity.String() &&
		slices.EqualFunc(a.Entitlements, b.Entitlements, func(x, y Entitlement) bool {
			return x.Dimension == y.Dimension && x.Value == y.Value && x.ExpiresAt.Equal(y.ExpiresAt)
		}) &&
		a.TermStart.Equal(b.TermStart) && a.TermEnd.Equal(b.TermEnd) &&
		a.Registered == b.Registered &&
		slices.EqualFunc(a.Registration, b.Registration, equalField)
}

func equalField(x, y RegistrationField) bool {
	if x.Field != y.Field || x.Value != y.Value || len(x.Extra) != len(y.Extra) {
		return false
	}
	for k, v := range x.Extra {
		if w, ok := y.Extra[k]; !ok || string(v) != string(w) {
			return false
		}
	}
	return true
}

// A Change is what applying one event did to its key's state. Its States
// share their slices with the ledger's records, which never write them:
// read them, and copy before modifying (slices.Clone), as a webhook
// handler treats its metadata.
type Change struct {
	// Before is the state before the event: the zero State for a key's
	// first event.
	Before State

	// After is the state after the event.
	After State
}

// Changed reports whether the event changed the contract: whether After
// differs from Before in anything but UpdatedAt and EventIDs. A duplicate,
// an event older than every part it carries, and an event that repeats
// what is known change nothing.
func (c Change) Changed() bool { return !equalIgnoringBookkeeping(c.Before, c.After) }

// Key returns the key of the contract that changed.
func (c Change) Key() Key {
	if !c.After.Key.IsZero() {
		return c.After.Key
	}
	return c.Before.Key
}

// Granted reports whether the change makes the buyer entitled: After is
// active and Before was not.
func (c Change) Granted() bool { return c.After.Status.Entitled() && !c.Before.Status.Entitled() }

// Revoked reports whether the change ends the buyer's entitlement: Before
// was active and After is not.
func (c Change) Revoked() bool { return c.Before.Status.Entitled() && !c.After.Status.Entitled() }

// ErrNoTimestamp reports a contract event without an envelope timestamp:
// it cannot be ordered against the others, so it is not applied.
var ErrNoTimestamp = errors.New("contract: event has no timestamp")

// ErrKeyMismatch reports a Fact folded into the Record of another key.
var ErrKeyMismatch = errors.New("contract: fact of another key")

// ErrIncompleteFact reports a Fact without a key, an id or a time, which
// FactOf never returns.
var ErrIncompleteFact = errors.New("contract: incomplete fact")
