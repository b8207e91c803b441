package webhooktest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

// A Journey is one buyer's contract lifecycle in one marketplace, from the
// first event (aws.contract.created, or azure and gcp pending) to the
// cancellation, with a registration and plan and quantity changes on the
// way: the history that provisioning code must turn into the right
// entitlement whatever order its deliveries arrive in.
//
// Each event is a bundled fixture of its topic with the buyer's key fields,
// plans, quantities and entitlements set, a distinct id and a timestamp
// later than the one before.
type Journey struct {
	// Marketplace is the journey's marketplace.
	Marketplace topics.Marketplace

	// Buyer identifies the buyer's contract: "<product_code>/<customer_identifier>"
	// for AWS, the subscription id for Azure, the entitlement id for GCP.
	Buyer string

	// Events are the journey's events in the order they happened.
	Events []*event.Event
}

// The default start of journeys, a Monday.
var journeyStart = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

// NewJourney returns the journey of buyer n in marketplace m. The same m and
// n always give the same journey; different n give different buyers, plans
// and quantities, and journeys that start n minutes after 2025-01-06 09:00
// UTC. It returns an error for a marketplace other than topics.AWS,
// topics.Azure and topics.GCP.
func NewJourney(m topics.Marketplace, n int) (Journey, error) {
	var steps []step
	var buyer string
	switch m {
	case topics.AWS:
		buyer, steps = awsJourney(n)
	case topics.Azure:
		buyer, steps = azureJourney(n)
	case topics.GCP:
		buyer, steps = gcpJourney(n)
	default:
		return Journey{}, fmt.Errorf("webhooktest: no journey for marketplace %q", m)
	}
	j := Journey{Marketplace: m, Buyer: buyer}
	start := journeyStart.Add(time.Duration(n) * time.Minute)
	for i, s := range steps {
		e, err := s.event(fmt.Sprintf("evt-%s-%06d-%02d", m, n, i+1), start.Add(s.after))
		if err != nil {
			return Journey{}, err
		}
		j.Events = append(j.Events, e)
	}
	return j, nil
}

// Journeys returns the journeys of n buyers, taking the marketplaces in
// turn: AWS, Azure, GCP, AWS, ...
func Journeys(n int) []Journey {
	js := make([]Journey, n)
	for i := range js {
		m := [...]topics.Marketplace{topics.AWS, topics.Azure, topics.GCP}[i%3]
		j, err := NewJourney(m, i)
		if err != nil {
			panic(err) // the bundled fixtures are known good
		}
		js[i] = j
	}
	return js
}

// Bodies returns the delivery body of each event, in its canonical form.
func (j Journey) Bodies() [][]byte {
	bs := make([][]byte, len(j.Events))
	for i, e := range j.Events {
		b, err := e.MarshalJSON()
		if err != nil {
			panic(err) // an Event built by NewJourney always marshals
		}
		bs[i] = b
	}
	return bs
}

// Requests returns each event as an incoming request signed with secret,
// as NewRequest makes them. It panics if secret is not a valid secret.
func (j Journey) Requests(secret string) []*http.Request {
	bodies := j.Bodies()
	rs := make([]*http.Request, len(bodies))
	for i, b := range bodies {
		rs[i] = NewRequest(secret, b)
	}
	return rs
}

// A step is one event of a journey: a fixture of topic, with the metadata
// members set, after the journey's start.
type step struct {
	topic topics.Topic
	after time.Duration
	set   map[string]any
}

const day = 24 * time.Hour

func (s step) event(id string, at time.Time) (*event.Event, error) {
	body, err := Fixture(s.topic)
	if err != nil {
		return nil, err
	}
	e, err := event.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("webhooktest: journey: %w", err)
	}
	members := map[string]json.RawMessage{}
	if err := json.Unmarshal(e.Metadata, &members); err != nil {
		return nil, fmt.Errorf("webhooktest: journey: %w", err)
	}
	for k, v := range s.set {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("webhooktest: journey: %s: %w", k, err)
		}
		members[k] = raw
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(members); err != nil {
		return nil, fmt.Errorf("webhooktest: journey: %w", err)
	}
	e.ID, e.Timestamp, e.Metadata = id, at, bytes.TrimSpace(buf.Bytes())
	return e, nil
}

// object is a JSON object written with its members in the order given.
type object []member

type member struct {
	key   string
	value any
}

func (o object) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, m := range o {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(m.key)
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

func awsJourney(n int) (string, []step) {
	const product = "4hc2x8yzq9m1n7b3v5k0t6r2p"
	customer := fmt.Sprintf("cust-%06d", n)
	seats := 10 + n%40
	term := func(year int, tier, seats int) []object {
		expires := fmt.Sprintf("%d-01-06 09:00:00", year)
		return []object{
			{{"Dimension", "tier"}, {"Value", object{{"IntegerValue", tier}}}, {"ExpirationDate", expires}},
			{{"Dimension", "seats"}, {"Value", object{{"IntegerValue", seats}}}, {"ExpirationDate", expires}},
			{{"Dimension", "sso_enabled"}, {"Value", object{{"BooleanValue", tier > 1}}}, {"ExpirationDate", expires}},
		}
	}
	key := map[string]any{"product_code": product, "customer_identifier": customer}
	with := func(m map[string]any) map[string]any {
		for k, v := range key {
			m[k] = v
		}
		return m
	}
	first, upgraded, renewed := term(2026, 1, seats), term(2026, 2, 2*seats), term(2027, 2, 2*seats)
	return product + "/" + customer, []step{
		{topics.AWSContractCreated, 0, with(map[string]any{"entitlements": first})},
		{topics.AWSContractRegistered, 15 * time.Minute, with(map[string]any{
			"registration_details": []object{
				{{"field", "Company Name"}, {"value", fmt.Sprintf("Buyer %d Inc.", n)}},
				{{"field", "Admin Email"}, {"value", fmt.Sprintf("admin@buyer%d.example", n)}},
			},
		})},
		{topics.AWSContractModified, 45 * day, with(map[string]any{"old_entitlements": first, "new_entitlements": upgraded})},
		{topics.AWSContractRenewed, 365 * day, with(map[string]any{"old_entitlements": upgraded, "new_entitlements": renewed})},
		{topics.AWSContractCancelled, 400 * day, with(map[string]any{"old_entitlements": renewed})},
	}
}

func azureJourney(n int) (string, []step) {
	sub := fmt.Sprintf("7c2e9a14-58bd-4f60-93a7-%012d", n)
	users := 2 + n%20
	plan := func(id, name string, users int) object {
		return object{{"plan_id", id}, {"plan_name", name}, {"is_free_trial", false}, {"billing_term", "1 Month"}, {"number_of_users", users}}
	}
	basic, more, premium := plan("basic_user", "Basic User", users), plan("basic_user", "Basic User", users+3), plan("premium_user", "Premium User", users+3)
	with := func(m map[string]any) map[string]any {
		m["subscription_id"] = sub
		return m
	}
	termOf := func(start time.Time) map[string]any {
		return map[string]any{
			"start_date": start.Format("2006-01-02T15:04:05.000Z"),
			"end_date":   start.AddDate(0, 1, 0).Format("2006-01-02T15:04:05.000Z"),
		}
	}
	first := termOf(journeyStart.Add(time.Duration(n) * time.Minute).Truncate(day))
	renewal := termOf(journeyStart.Add(time.Duration(n)*time.Minute + 365*day).Truncate(day))
	return sub, []step{
		{topics.AzureContractPending, 0, with(map[string]any{"entitlements": basic})},
		{topics.AzureContractRegistered, 10 * time.Minute, with(map[string]any{
			"registration_details": []object{
				{{"field", "Company Name"}, {"value", fmt.Sprintf("Tenant %d Ltd", n)}},
			},
		})},
		{topics.AzureContractActivated, time.Hour, with(map[string]any{"entitlements": basic, "start_date": first["start_date"], "end_date": first["end_date"]})},
		{topics.AzureContractQuantityChanged, 12 * day, with(map[string]any{"old_entitlements": basic, "new_entitlements": more})},
		{topics.AzureContractPlanChanged, 40 * day, with(map[string]any{"old_entitlements": more, "new_entitlements": premium})},
		{topics.AzureContractSuspended, 70 * day, with(map[string]any{"entitlements": premium})},
		{topics.AzureContractReinstated, 72 * day, with(map[string]any{"entitlements": premium})},
		{topics.AzureContractRenewed, 365 * day, with(map[string]any{"entitlements": premium, "start_date": renewal["start_date"], "end_date": renewal["end_date"]})},
		{topics.AzureContractUnsubscribed, 400 * day, with(map[string]any{"entitlements": premium})},
	}
}

func gcpJourney(n int) (string, []step) {
	ent := fmt.Sprintf("6c0a8e3f-2d71-4b95-a4e6-%012d", n)
	start := journeyStart.Add(time.Duration(n) * time.Minute)
	plan := func(id, offer string, from time.Time, months int) object {
		return object{
			{"plan_id", id}, {"offer_type", "Private"}, {"offer_id", offer},
			{"offer_term", fmt.Sprintf("%d Months", months)},
			{"offer_end_time", from.AddDate(0, months, 0).Add(-time.Second).Format(time.DateTime)},
			{"offer_start_time", from.Format(time.DateTime)},
		}
	}
	standard := plan("standard-monthly", fmt.Sprintf("po-std-%06d", n), start.Truncate(day), 12)
	enterprise := plan("enterprise-annual", fmt.Sprintf("po-ent-%06d", n), start.Add(31*day).Truncate(day), 12)
	team := plan("team-annual", fmt.Sprintf("po-team-%06d", n), start.Add(20*day).Truncate(day), 12)
	with := func(m map[string]any) map[string]any {
		m["entitlement_id"] = ent
		return m
	}
	renewedFrom := start.Add(31*day).Truncate(day).AddDate(1, 0, 0)
	return ent, []step{
		{topics.GCPContractPending, 0, with(map[string]any{"plan_details": standard})},
		{topics.GCPContractRegistered, 20 * time.Minute, with(map[string]any{
			"registration_details": []object{
				{{"field", "Company Name"}, {"value", fmt.Sprintf("Org %d GmbH", n)}},
			},
		})},
		{topics.GCPContractActivated, time.Hour, with(map[string]any{"plan_details": standard})},
		{topics.GCPContractPlanChangeInitiated, 20 * day, with(map[string]any{"current_plan_details": standard, "upcoming_plan_details": team})},
		{topics.GCPContractPlanChangeCanceled, 21 * day, with(map[string]any{"current_plan_details": standard, "canceled_plan_details": team})},
		{topics.GCPContractPlanChangeInitiated, 30 * day, with(map[string]any{"current_plan_details": standard, "upcoming_plan_details": enterprise})},
		{topics.GCPContractPlanChanged, 31 * day, with(map[string]any{"old_plan_details": standard, "new_plan_details": enterprise})},
		{topics.GCPContractRenewed, 31*day + 365*day, with(map[string]any{
			"plan_details": plan("enterprise-annual", fmt.Sprintf("po-ent-%06d", n), renewedFrom, 12),
			"start_at":     start.Add(31 * day).Truncate(day).Format(time.DateTime),
			"end_at":       renewedFrom.AddDate(1, 0, 0).Add(-time.Second).Format(time.DateTime),
		})},
		{topics.GCPContractCanceled, 31*day + 400*day, with(map[string]any{"plan_details": plan("enterprise-annual", fmt.Sprintf("po-ent-%06d", n), renewedFrom, 12)})},
	}
}
