package contract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/azure"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/gcp"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
)

// A Fact is what one contract event says about its contract, read from the
// event once: which key it concerns, where it stands in the order of
// events, and the parts of the state it carries. Record.Fold applies it.
// Ledgers of their own build on FactOf and Record.
type Fact struct {
	// Key is the contract the event concerns.
	Key Key

	// Topic is the event's topic.
	Topic topics.Topic

	// ID identifies the event: its envelope id, or "sha256:" and the hex
	// SHA-256 of its canonical JSON when it has none.
	ID string

	// At is the event's timestamp, in UTC.
	At time.Time

	rank         int8 // the topic's place in the tie-break order
	status       Status
	grant        *grant
	term         *term
	pending      *string // the pending plan it sets; "" clears it
	registration *[]RegistrationField
}

// grant is what a contract grants: its plan and entitlements.
type grant struct {
	plan, offer  string
	freeTrial    bool
	quantity     event.Decimal
	entitlements []Entitlement
}

// term is the span of a contract's current term.
type term struct{ start, end time.Time }

// A rule says what the events of one topic carry.
type rule struct {
	topic topics.Topic
	rank  int8
	read  func(f *Fact, m event.Metadata)
	watch func(h *webhook.Handler, l Ledger, fn func(context.Context, Change) error)
}

// ruleFor returns the rule of the topic that T names, reading a *T with
// read.
func ruleFor[T event.Metadata](rank int8, read func(f *Fact, m *T)) rule {
	var zero T
	r := rule{
		topic: zero.Topic(),
		rank:  rank,
		read:  func(f *Fact, m event.Metadata) { read(f, any(m).(*T)) },
	}
	r.watch = func(h *webhook.Handler, l Ledger, fn func(context.Context, Change) error) {
		webhook.On(h, func(ctx context.Context, e *event.Event, m *T) error {
			return applyDecoded(ctx, l, r, e, any(m).(event.Metadata), fn)
		})
	}
	return r
}

// The tie-break order of topics: at equal timestamps, the event of the
// higher rank wins, so that the more restrictive status prevails.
const (
	rankPending int8 = iota
	rankRegistered
	rankActivated
	rankPlanChangeInitiated
	rankPlanChangeCanceled
	rankChanged
	rankRenewed
	rankReinstated
	rankSuspended
	rankCancelled
)

// rules holds the rule of every contract topic, by topic.
var rules = func() map[topics.Topic]rule {
	m := map[topics.Topic]rule{}
	for _, r := range []rule{
		// AWS: the entitlements stand for the plan.
		ruleFor(rankActivated, func(f *Fact, m *aws.ContractCreated) {
			f.awsKey(m.ProductCustomer)
			f.status = StatusActive
			f.grant = awsGrant(m.Entitlements)
		}),
		ruleFor(rankRegistered, func(f *Fact, m *aws.ContractRegistered) {
			f.awsKey(m.ProductCustomer)
			f.registration = &m.RegistrationDetails
		}),
		ruleFor(rankChanged, func(f *Fact, m *aws.ContractModified) {
			f.awsKey(m.ProductCustomer)
			f.status = StatusActive
			f.grant = awsGrant(m.NewEntitlements)
		}),
		ruleFor(rankRenewed, func(f *Fact, m *aws.ContractRenewed) {
			f.awsKey(m.ProductCustomer)
			f.status = StatusActive
			f.grant = awsGrant(m.NewEntitlements)
		}),
		ruleFor(rankCancelled, func(f *Fact, m *aws.ContractCancelled) {
			f.awsKey(m.ProductCustomer)
			f.status = StatusCancelled
		}),

		// Azure: every event but the registration carries the whole
		// entitlements object.
		ruleFor(rankPending, func(f *Fact, m *azure.ContractPending) {
			f.azure(m.Subscription, StatusPending, m.Entitlements)
		}),
		ruleFor(rankRegistered, func(f *Fact, m *azure.ContractRegistered) {
			f.azureKey(m.Subscription)
			f.registration = &m.RegistrationDetails
		}),
		ruleFor(rankActivated, func(f *Fact, m *azure.ContractActivated) {
			f.azure(m.Subscription, StatusActive, m.Entitlements)
			f.term = &term{utc(m.StartDate.Time), utc(m.EndDate.Time)}
		}),
		ruleFor(rankChanged, func(f *Fact, m *azure.ContractPlanChanged) {
			f.azure(m.Subscription, StatusActive, m.NewEntitlements)
		}),
		ruleFor(rankChanged, func(f *Fact, m *azure.ContractQuantityChanged) {
			f.azure(m.Subscription, StatusActive, m.NewEntitlements)
		}),
		ruleFor(rankRenewed, func(f *Fact, m *azure.ContractRenewed) {
			f.azure(m.Subscription, StatusActive, m.Entitlements)
			f.term = &term{utc(m.StartDate.Time), utc(m.EndDate.Time)}
		}),
		ruleFor(rankReinstated, func(f *Fact, m *azure.ContractReinstated) {
			f.azure(m.Subscription, StatusActive, m.Entitlements)
		}),
		ruleFor(rankSuspended, func(f *Fact, m *azure.ContractSuspended) {
			f.azure(m.Subscription, StatusSuspended, m.Entitlements)
		}),
		ruleFor(rankCancelled, func(f *Fact, m *azure.ContractUnsubscribed) {
			f.azure(m.Subscription, StatusCancelled, m.Entitlements)
		}),

		// GCP: the plan details name the plan and offer.
		ruleFor(rankPending, func(f *Fact, m *gcp.ContractPending) {
			f.gcp(m.Entitlement, StatusPending, m.PlanDetails)
		}),
		ruleFor(rankRegistered, func(f *Fact, m *gcp.ContractRegistered) {
			f.gcpKey(m.Entitlement)
			f.registration = &m.RegistrationDetails
		}),
		ruleFor(rankActivated, func(f *Fact, m *gcp.ContractActivated) {
			f.gcp(m.Entitlement, StatusActive, m.PlanDetails)
		}),
		ruleFor(rankPlanChangeInitiated, func(f *Fact, m *gcp.ContractPlanChangeInitiated) {
			f.gcp(m.Entitlement, "", m.CurrentPlanDetails)
			f.pending = &m.UpcomingPlanDetails.PlanID
		}),
		ruleFor(rankChanged, func(f *Fact, m *gcp.ContractPlanChanged) {
			f.gcp(m.Entitlement, StatusActive, m.NewPlanDetails)
			f.pending = new(string)
		}),
		ruleFor(rankPlanChangeCanceled, func(f *Fact, m *gcp.ContractPlanChangeCanceled) {
			f.gcp(m.Entitlement, "", m.CurrentPlanDetails)
			f.pending = new(string)
		}),
		ruleFor(rankRenewed, func(f *Fact, m *gcp.ContractRenewed) {
			f.gcp(m.Entitlement, StatusActive, m.PlanDetails)
			f.term = &term{utc(m.StartAt.Time), utc(m.EndAt.Time)}
		}),
		ruleFor(rankCancelled, func(f *Fact, m *gcp.ContractCanceled) {
			f.gcp(m.Entitlement, StatusCancelled, m.PlanDetails)
		}),
	} {
		if _, dup := m[r.topic]; dup {
			panic("contract: two rules for " + string(r.topic))
		}
		m[r.topic] = r
	}
	return m
}()

func (f *Fact) awsKey(p aws.ProductCustomer) { f.Key = AWSKey(p.ProductCode, p.CustomerIdentifier) }

func awsGrant(es []aws.Entitlement) *grant {
	g := &grant{entitlements: make([]Entitlement, len(es))}
	for i, e := range es {
		g.entitlements[i] = Entitlement{Dimension: e.Dimension, Value: awsValue(e.Value), ExpiresAt: utc(e.ExpirationDate.Time)}
	}
	return g
}

// awsValue returns an entitlement value as text.
func awsValue(v aws.EntitlementValue) string {
	switch v.Kind() {
	case aws.IntegerKind, aws.DoubleKind:
		d, _ := v.Number()
		return d.String()
	case aws.StringKind:
		s, _ := v.Str()
		return s
	case aws.BooleanKind:
		if b, _ := v.Bool(); b {
			return "true"
		}
		return "false"
	}
	return ""
}

func (f *Fact) azureKey(s azure.Subscription) {
	f.Key = Key{Marketplace: topics.Azure, ID: s.SubscriptionID}
}

func (f *Fact) azure(s azure.Subscription, st Status, e azure.Entitlements) {
	f.azureKey(s)
	f.status = st
	g := &grant{plan: e.PlanID, offer: s.OfferID, freeTrial: e.IsFreeTrial, quantity: e.NumberOfUsers}
	if len(e.Dimensions) > 0 {
		g.entitlements = make([]Entitlement, len(e.Dimensions))
		for i, d := range e.Dimensions {
			g.entitlements[i] = Entitlement{Dimension: d.Name, Value: d.IncludedQuantity.String()}
		}
	}
	f.grant = g
}

func (f *Fact) gcpKey(e gcp.Entitlement) { f.Key = Key{Marketplace: topics.GCP, ID: e.EntitlementID} }

func (f *Fact) gcp(e gcp.Entitlement, st Status, p gcp.PlanDetails) {
	f.gcpKey(e)
	f.status = st
	f.grant = &grant{plan: p.PlanID, offer: p.OfferID}
	if !p.OfferStartTime.IsZero() || !p.OfferEndTime.IsZero() {
		f.term = &term{utc(p.OfferStartTime.Time), utc(p.OfferEndTime.Time)}
	}
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// Folds reports whether the events of topic t change contract state:
// whether t is one of Topics, the documented *.contract.* topics.
func Folds(t topics.Topic) bool {
	_, ok := rules[t]
	return ok
}

// FactOf reads what e says about its contract. ok is false, with no error,
// for an event of a topic that does not change contract state (listings,
// offers, analytics, metering, and topics this SDK does not know).
//
// The error wraps ErrNoTimestamp for an event without a timestamp, and is
// the error of e.Decode for metadata that does not decode or validate: an
// error wrapping event.ErrMalformed, or an *event.ValidationError naming
// the missing key fields.
func FactOf(e *event.Event) (f Fact, ok bool, err error) {
	r, ok := rules[e.Topic]
	if !ok {
		return Fact{}, false, nil
	}
	if e.Timestamp.IsZero() {
		return Fact{}, true, fmt.Errorf("%w: %s %s", ErrNoTimestamp, e.Topic, eventID(e))
	}
	m, err := e.Decode()
	if err != nil {
		return Fact{}, true, err
	}
	return factFrom(r, e, m), true, nil
}

// factFrom reads the metadata m, decoded from e, with rule r.
func factFrom(r rule, e *event.Event, m event.Metadata) Fact {
	f := Fact{Topic: e.Topic, ID: eventID(e), At: e.Timestamp.UTC(), rank: r.rank}
	r.read(&f, m)
	return f
}

// eventID returns e's id, or the SHA-256 of its canonical JSON when it has
// none.
func eventID(e *event.Event) string {
	if e.ID != "" {
		return e.ID
	}
	b, err := e.MarshalJSON()
	if err != nil {
		b = append([]byte(e.Topic), e.Metadata...)
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
