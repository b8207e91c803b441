package contract_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// stateCmp compares States, Decimals by their digits.
var stateCmp = cmp.Options{
	cmp.Comparer(func(a, b event.Decimal) bool { return a.String() == b.String() }),
}

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// ev returns the fixture of topic with the given id, timestamp and
// metadata members set.
func ev(t testing.TB, topic topics.Topic, id string, at time.Time, set map[string]any) *event.Event {
	t.Helper()
	body, err := webhooktest.Restamp(webhooktest.MustFixture(topic), webhooktest.Stamp{ID: id, Timestamp: at, Metadata: set})
	require.NoError(t, err)
	e, err := event.Parse(body)
	require.NoError(t, err)
	if at.IsZero() {
		e.Timestamp = time.Time{}
	}
	return e
}

// Key fields that make fixtures of one marketplace concern one contract.
var (
	awsBuyer   = map[string]any{"product_code": "prod-1", "customer_identifier": "cust-1"}
	azureBuyer = map[string]any{"subscription_id": "sub-1"}
	gcpBuyer   = map[string]any{"entitlement_id": "ent-1"}
	awsKey     = contract.AWSKey("prod-1", "cust-1")
	azureKey   = contract.Key{Marketplace: topics.Azure, ID: "sub-1"}
	gcpKey     = contract.Key{Marketplace: topics.GCP, ID: "ent-1"}
)

func with(base map[string]any, more map[string]any) map[string]any {
	m := map[string]any{}
	for k, v := range base {
		m[k] = v
	}
	for k, v := range more {
		m[k] = v
	}
	return m
}

// fold applies events to a new Book in order and returns it.
func fold(t testing.TB, events ...*event.Event) *contract.Book {
	t.Helper()
	b := contract.NewBook()
	for _, e := range events {
		_, err := b.Apply(context.Background(), e, nil)
		require.NoError(t, err, "%s %s", e.Topic, e.ID)
	}
	return b
}

func get(t testing.TB, b *contract.Book, k contract.Key) contract.State {
	t.Helper()
	s, ok, err := b.Get(context.Background(), k)
	require.NoError(t, err)
	require.True(t, ok, "no state for %s", k)
	return s
}

func TestKey(t *testing.T) {
	t.Parallel()
	for _, k := range []contract.Key{awsKey, azureKey, gcpKey} {
		text, err := k.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, k.String(), string(text))
		var back contract.Key
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, k, back)
	}
	assert.Equal(t, "aws:prod-1/cust-1", awsKey.String())
	assert.Equal(t, "azure:sub-1", azureKey.String())
	assert.Equal(t, "gcp:ent-1", gcpKey.String())
	for _, bad := range []string{"aws", "aws:", "ibm:x", ":x"} {
		var k contract.Key
		assert.Error(t, k.UnmarshalText([]byte(bad)), "%q", bad)
	}
}

// Every registered *.contract.* topic has a rule, and only those.
func TestTopicsAreTheContractTopics(t *testing.T) {
	t.Parallel()
	var want []topics.Topic
	for _, s := range event.Specs() {
		if s.Topic.Entity() == "contract" {
			want = append(want, s.Topic)
		}
	}
	assert.Equal(t, want, contract.Topics())
	for _, s := range event.Specs() {
		assert.Equal(t, s.Topic.Entity() == "contract", contract.Folds(s.Topic), "%s", s.Topic)
	}
}

// One event of each contract topic makes a state with its status.
func TestStatusOfEachTopic(t *testing.T) {
	t.Parallel()
	want := map[topics.Topic]contract.Status{
		topics.AWSContractCreated:             contract.StatusActive,
		topics.AWSContractRegistered:          contract.StatusPending,
		topics.AWSContractModified:            contract.StatusActive,
		topics.AWSContractRenewed:             contract.StatusActive,
		topics.AWSContractCancelled:           contract.StatusCancelled,
		topics.AzureContractPending:           contract.StatusPending,
		topics.AzureContractRegistered:        contract.StatusPending,
		topics.AzureContractActivated:         contract.StatusActive,
		topics.AzureContractPlanChanged:       contract.StatusActive,
		topics.AzureContractQuantityChanged:   contract.StatusActive,
		topics.AzureContractRenewed:           contract.StatusActive,
		topics.AzureContractReinstated:        contract.StatusActive,
		topics.AzureContractSuspended:         contract.StatusSuspended,
		topics.AzureContractUnsubscribed:      contract.StatusCancelled,
		topics.GCPContractPending:             contract.StatusPending,
		topics.GCPContractRegistered:          contract.StatusPending,
		topics.GCPContractActivated:           contract.StatusActive,
		topics.GCPContractPlanChangeInitiated: contract.StatusPending,
		topics.GCPContractPlanChanged:         contract.StatusActive,
		topics.GCPContractPlanChangeCanceled:  contract.StatusPending,
		topics.GCPContractRenewed:             contract.StatusActive,
		topics.GCPContractCanceled:            contract.StatusCancelled,
	}
	require.ElementsMatch(t, contract.Topics(), slices.Collect(mapKeys(want)))
	for topic, status := range want {
		t.Run(string(topic), func(t *testing.T) {
			t.Parallel()
			e := ev(t, topic, "e1", t0, nil)
			b := contract.NewBook()
			c, err := b.Apply(context.Background(), e, nil)
			require.NoError(t, err)
			assert.True(t, c.Changed())
			assert.True(t, c.Before.IsZero())
			assert.Equal(t, status, c.After.Status)
			assert.Equal(t, t0, c.After.UpdatedAt)
			assert.Equal(t, []string{"e1"}, c.After.EventIDs)
			assert.Equal(t, strings.HasSuffix(string(topic), ".registered"), c.After.Registered)
			assert.Equal(t, topic.Marketplace(), c.After.Key.Marketplace)
			assert.Equal(t, []contract.State{c.After}, b.All())
		})
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Events of other topics make no state and are no error.
func TestOtherTopicsMakeNoState(t *testing.T) {
	t.Parallel()
	b := contract.NewBook()
	for _, s := range event.Specs() {
		if contract.Folds(s.Topic) {
			continue
		}
		c, err := b.Apply(context.Background(), ev(t, s.Topic, "x-"+string(s.Topic), t0, nil), nil)
		require.NoError(t, err, "%s", s.Topic)
		assert.False(t, c.Changed(), "%s", s.Topic)
	}
	for _, s := range event.Specs() {
		if s.Source != "" {
			assert.False(t, contract.Folds(s.Topic), "the EventBridge topic %s", s.Topic)
		}
	}
	unknown := ev(t, topics.AWSContractCreated, "u1", t0, nil)
	unknown.Topic = "aws.contract.paused"
	c, err := b.Apply(context.Background(), unknown, nil)
	require.NoError(t, err)
	assert.False(t, c.Changed())
	assert.Empty(t, b.All())
	assert.Zero(t, b.Len())
}

func TestAWSRules(t *testing.T) {
	t.Parallel()
	ent := func(tier int, expires string) []map[string]any {
		return []map[string]any{{"Dimension": "tier", "Value": map[string]any{"IntegerValue": tier}, "ExpirationDate": expires}}
	}
	created := ev(t, topics.AWSContractCreated, "a1", t0, with(awsBuyer, map[string]any{"entitlements": ent(1, "2026-03-01 12:00:00")}))
	registered := ev(t, topics.AWSContractRegistered, "a2", t0.Add(time.Minute), with(awsBuyer, map[string]any{
		"registration_details": []map[string]any{{"field": "Company", "value": "Acme", "seat_hint": 3}},
	}))
	modified := ev(t, topics.AWSContractModified, "a3", t0.Add(time.Hour), with(awsBuyer, map[string]any{
		"old_entitlements": ent(1, "2026-03-01 12:00:00"), "new_entitlements": ent(3, "2026-03-01 12:00:00"),
	}))
	cancelled := ev(t, topics.AWSContractCancelled, "a4", t0.Add(2*time.Hour), with(awsBuyer, map[string]any{"old_entitlements": ent(3, "")}))

	s := get(t, fold(t, created, registered, modified, cancelled), awsKey)
	assert.Equal(t, contract.StatusCancelled, s.Status)
	assert.Equal(t, []contract.Entitlement{{Dimension: "tier", Value: "3", ExpiresAt: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}}, s.Entitlements,
		"cancelled carries no entitlements: the last granted stay")
	assert.True(t, s.Registered)
	require.Len(t, s.Registration, 1)
	assert.Equal(t, "Acme", s.Registration[0].Value)
	assert.JSONEq(t, "3", string(s.Registration[0].Extra["seat_hint"]), "unknown members of an answer are kept")
	assert.Empty(t, s.Plan)
	assert.Equal(t, t0.Add(2*time.Hour), s.UpdatedAt)

	// A late modification does not re-grant a cancelled contract, and
	// its entitlements are older than those applied.
	late := ev(t, topics.AWSContractModified, "a0", t0.Add(30*time.Minute), with(awsBuyer, map[string]any{
		"old_entitlements": ent(1, ""), "new_entitlements": ent(2, ""),
	}))
	b := fold(t, created, registered, modified, cancelled)
	c, err := b.Apply(context.Background(), late, nil)
	require.NoError(t, err)
	assert.False(t, c.Changed())
	assert.Equal(t, contract.StatusCancelled, c.After.Status)
	assert.Equal(t, "3", c.After.Entitlements[0].Value)
	assert.True(t, c.After.Applied("a0"))

	// Only a registration: pending, registered.
	s = get(t, fold(t, registered), awsKey)
	assert.Equal(t, contract.StatusPending, s.Status)
	assert.True(t, s.Registered)
}

func TestAzureRules(t *testing.T) {
	t.Parallel()
	plan := func(id string, users int) map[string]any {
		return map[string]any{"plan_id": id, "plan_name": id, "is_free_trial": false, "billing_term": "1 Month", "number_of_users": users}
	}
	flat := map[string]any{"plan_id": "flat", "plan_name": "Flat", "is_free_trial": true, "billing_term": "1 Year",
		"dimensions": []map[string]any{{"dimension_name": "API Requests", "included_quantity": "40000"}, {"dimension_name": "Support"}}}
	pending := ev(t, topics.AzureContractPending, "z1", t0, with(azureBuyer, map[string]any{"entitlements": plan("basic", 5)}))
	activated := ev(t, topics.AzureContractActivated, "z2", t0.Add(time.Hour), with(azureBuyer, map[string]any{
		"entitlements": plan("basic", 5), "start_date": "2025-03-01T00:00:00.000Z", "end_date": "2025-04-01T00:00:00.000Z",
	}))
	quantity := ev(t, topics.AzureContractQuantityChanged, "z3", t0.Add(2*time.Hour), with(azureBuyer, map[string]any{
		"old_entitlements": plan("basic", 5), "new_entitlements": plan("basic", 9),
	}))
	suspended := ev(t, topics.AzureContractSuspended, "z4", t0.Add(3*time.Hour), with(azureBuyer, map[string]any{"entitlements": plan("basic", 9)}))
	reinstated := ev(t, topics.AzureContractReinstated, "z5", t0.Add(4*time.Hour), with(azureBuyer, map[string]any{"entitlements": plan("basic", 9)}))
	planChanged := ev(t, topics.AzureContractPlanChanged, "z6", t0.Add(5*time.Hour), with(azureBuyer, map[string]any{
		"old_entitlements": plan("basic", 9), "new_entitlements": flat,
	}))
	unsubscribed := ev(t, topics.AzureContractUnsubscribed, "z7", t0.Add(6*time.Hour), with(azureBuyer, map[string]any{"entitlements": flat}))

	b := fold(t, pending, activated, quantity)
	s := get(t, b, azureKey)
	assert.Equal(t, contract.StatusActive, s.Status)
	assert.Equal(t, "basic", s.Plan)
	assert.Equal(t, "9", s.Quantity.String())
	assert.Equal(t, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), s.TermStart)
	assert.Equal(t, time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), s.TermEnd)
	assert.NotEmpty(t, s.Offer)

	// The activation arriving after the quantity change does not undo it.
	s = get(t, fold(t, pending, quantity, activated), azureKey)
	assert.Equal(t, "9", s.Quantity.String())

	c, err := b.Apply(context.Background(), suspended, nil)
	require.NoError(t, err)
	assert.True(t, c.Revoked())
	assert.Equal(t, contract.StatusSuspended, c.After.Status)
	c, err = b.Apply(context.Background(), reinstated, nil)
	require.NoError(t, err)
	assert.True(t, c.Granted())

	c, err = b.Apply(context.Background(), planChanged, nil)
	require.NoError(t, err)
	assert.Equal(t, "flat", c.After.Plan)
	assert.True(t, c.After.FreeTrial)
	assert.False(t, c.After.Quantity.IsSet(), "a flat-rate plan has no quantity")
	assert.Equal(t, []contract.Entitlement{{Dimension: "API Requests", Value: "40000"}, {Dimension: "Support", Value: ""}}, c.After.Entitlements)

	c, err = b.Apply(context.Background(), unsubscribed, nil)
	require.NoError(t, err)
	assert.Equal(t, contract.StatusCancelled, c.After.Status)
	assert.True(t, c.Revoked())
}

func TestGCPRules(t *testing.T) {
	t.Parallel()
	plan := func(id string) map[string]any {
		return map[string]any{"plan_id": id, "offer_type": "Private", "offer_id": "po-" + id, "offer_term": "12 Months",
			"offer_start_time": "2025-03-01 00:00:00", "offer_end_time": "2026-02-28 23:59:59"}
	}
	pending := ev(t, topics.GCPContractPending, "g1", t0, with(gcpBuyer, map[string]any{"plan_details": plan("std")}))
	activated := ev(t, topics.GCPContractActivated, "g2", t0.Add(time.Hour), with(gcpBuyer, map[string]any{"plan_details": plan("std")}))
	initiated := ev(t, topics.GCPContractPlanChangeInitiated, "g3", t0.Add(2*time.Hour), with(gcpBuyer, map[string]any{
		"current_plan_details": plan("std"), "upcoming_plan_details": plan("ent"),
	}))
	canceledChange := ev(t, topics.GCPContractPlanChangeCanceled, "g4", t0.Add(3*time.Hour), with(gcpBuyer, map[string]any{
		"current_plan_details": plan("std"), "canceled_plan_details": plan("ent"),
	}))
	initiatedAgain := ev(t, topics.GCPContractPlanChangeInitiated, "g5", t0.Add(4*time.Hour), with(gcpBuyer, map[string]any{
		"current_plan_details": plan("std"), "upcoming_plan_details": plan("team"),
	}))
	changed := ev(t, topics.GCPContractPlanChanged, "g6", t0.Add(5*time.Hour), with(gcpBuyer, map[string]any{
		"old_plan_details": plan("std"), "new_plan_details": plan("team"),
	}))
	renewed := ev(t, topics.GCPContractRenewed, "g7", t0.Add(6*time.Hour), with(gcpBuyer, map[string]any{
		"plan_details": plan("team"), "start_at": "2025-03-01 00:00:00", "end_at": "2027-02-28 23:59:59",
	}))

	for _, tc := range []struct {
		name        string
		events      []*event.Event
		status      contract.Status
		plan        string
		pendingPlan string
	}{
		{"initiated", []*event.Event{pending, activated, initiated}, contract.StatusActive, "std", "ent"},
		{"canceled change", []*event.Event{pending, activated, initiated, canceledChange}, contract.StatusActive, "std", ""},
		{"initiated again", []*event.Event{pending, activated, initiated, canceledChange, initiatedAgain}, contract.StatusActive, "std", "team"},
		{"applied", []*event.Event{pending, activated, initiatedAgain, changed}, contract.StatusActive, "team", ""},
		{"late initiation after the change", []*event.Event{pending, activated, changed, initiatedAgain}, contract.StatusActive, "team", ""},
		{"only an initiation", []*event.Event{initiated}, contract.StatusPending, "std", "ent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := get(t, fold(t, tc.events...), gcpKey)
			assert.Equal(t, tc.status, s.Status)
			assert.Equal(t, tc.plan, s.Plan)
			assert.Equal(t, tc.pendingPlan, s.PendingPlan)
		})
	}
	s := get(t, fold(t, pending, renewed), gcpKey)
	assert.Equal(t, "team", s.Plan)
	assert.Equal(t, "po-team", s.Offer)
	assert.Equal(t, time.Date(2027, 2, 28, 23, 59, 59, 0, time.UTC), s.TermEnd, "a renewal's end_at")
	s = get(t, fold(t, pending), gcpKey)
	assert.Equal(t, time.Date(2026, 2, 28, 23, 59, 59, 0, time.UTC), s.TermEnd, "the offer's end time")
}

// At equal timestamps the more restrictive status wins, whatever the
// order; events of one topic are ordered by id.
func TestTies(t *testing.T) {
	t.Parallel()
	created := ev(t, topics.AWSContractCreated, "a1", t0, awsBuyer)
	modified := ev(t, topics.AWSContractModified, "a2", t0.Add(time.Hour), awsBuyer)
	cancelled := ev(t, topics.AWSContractCancelled, "a3", t0.Add(time.Hour), awsBuyer)
	for _, order := range [][]*event.Event{{created, modified, cancelled}, {created, cancelled, modified}, {cancelled, modified, created}} {
		assert.Equal(t, contract.StatusCancelled, get(t, fold(t, order...), awsKey).Status)
	}

	quantity := func(id string, users int) *event.Event {
		return ev(t, topics.AzureContractQuantityChanged, id, t0, with(azureBuyer, map[string]any{
			"new_entitlements": map[string]any{"plan_id": "basic", "number_of_users": users},
		}))
	}
	x, y := quantity("q-a", 3), quantity("q-b", 7)
	assert.Equal(t, "7", get(t, fold(t, x, y), azureKey).Quantity.String())
	assert.Equal(t, "7", get(t, fold(t, y, x), azureKey).Quantity.String())
}

func TestDuplicates(t *testing.T) {
	t.Parallel()
	created := ev(t, topics.AWSContractCreated, "a1", t0, awsBuyer)
	b := fold(t, created)
	before := get(t, b, awsKey)
	calls := 0
	c, err := b.Apply(context.Background(), created, func(context.Context, contract.Change) error { calls++; return nil })
	require.NoError(t, err)
	assert.False(t, c.Changed())
	assert.Zero(t, calls)
	assert.Empty(t, cmp.Diff(before, get(t, b, awsKey), stateCmp))

	// Without an envelope id, the event is identified by its content.
	noID := ev(t, topics.AWSContractModified, "", t0.Add(time.Hour), awsBuyer)
	noID.ID = ""
	c, err = b.Apply(context.Background(), noID, nil)
	require.NoError(t, err)
	assert.True(t, c.Changed())
	require.Len(t, c.After.EventIDs, 2)
	assert.True(t, strings.HasPrefix(c.After.EventIDs[1], "sha256:"), "%v", c.After.EventIDs)
	again := *noID
	c, err = b.Apply(context.Background(), &again, nil)
	require.NoError(t, err)
	assert.False(t, c.Changed())
	assert.Len(t, c.After.EventIDs, 2)
}

// A newer event repeating what is known moves UpdatedAt but is no change.
func TestRepetitionIsNoChange(t *testing.T) {
	t.Parallel()
	b := fold(t, ev(t, topics.AWSContractCreated, "a1", t0, awsBuyer))
	renewedSame := ev(t, topics.AWSContractModified, "a2", t0.Add(time.Hour), with(awsBuyer, map[string]any{
		"new_entitlements": member(t, webhooktest.MustFixture(topics.AWSContractCreated), "entitlements"),
	}))
	c, err := b.Apply(context.Background(), renewedSame, func(context.Context, contract.Change) error {
		t.Error("then called for no change")
		return nil
	})
	require.NoError(t, err)
	assert.False(t, c.Changed())
	assert.Equal(t, t0.Add(time.Hour), c.After.UpdatedAt)
	assert.Equal(t, t0.Add(time.Hour), get(t, b, awsKey).UpdatedAt)
}

// member returns the metadata member key of a fixture body, decoded.
func member(t testing.TB, body []byte, key string) any {
	t.Helper()
	e, err := event.Parse(body)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(e.Metadata, &m))
	return m[key]
}

func TestErrorsChangeNothing(t *testing.T) {
	t.Parallel()
	created := ev(t, topics.AWSContractCreated, "a1", t0, awsBuyer)
	b := fold(t, created)
	want := b.All()

	noTime := ev(t, topics.AWSContractCancelled, "a2", time.Time{}, awsBuyer)
	_, err := b.Apply(context.Background(), noTime, nil)
	assert.ErrorIs(t, err, contract.ErrNoTimestamp)

	noKey := ev(t, topics.AWSContractCancelled, "a3", t0.Add(time.Hour), map[string]any{"product_code": "prod-1", "customer_identifier": nil})
	_, err = b.Apply(context.Background(), noKey, nil)
	var verr *event.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Contains(t, err.Error(), "customer_identifier")

	badJSON := ev(t, topics.AWSContractCancelled, "a4", t0.Add(time.Hour), with(awsBuyer, map[string]any{"old_entitlements": "none"}))
	_, err = b.Apply(context.Background(), badJSON, nil)
	assert.Error(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = b.Apply(ctx, ev(t, topics.AWSContractCancelled, "a5", t0.Add(time.Hour), awsBuyer), nil)
	assert.ErrorIs(t, err, context.Canceled)

	assert.Empty(t, cmp.Diff(want, b.All(), stateCmp))
	assert.Equal(t, len(want), b.Len())
}

// When then fails, the ledger is left exactly as it was, and the retry
// reaches then again.
func TestThenRollback(t *testing.T) {
	t.Parallel()
	b := contract.NewBook()
	boom := errors.New("provisioning failed")
	created := ev(t, topics.AWSContractCreated, "a1", t0, awsBuyer)
	_, err := b.Apply(context.Background(), created, func(context.Context, contract.Change) error { return boom })
	require.ErrorIs(t, err, boom)
	_, ok, err := b.Get(context.Background(), awsKey)
	require.NoError(t, err)
	assert.False(t, ok, "a failed first event makes no state")
	assert.Empty(t, b.All())

	var seen []contract.Change
	record := func(_ context.Context, c contract.Change) error { seen = append(seen, c); return nil }
	_, err = b.Apply(context.Background(), created, record)
	require.NoError(t, err)
	before := b.All()

	cancelled := ev(t, topics.AWSContractCancelled, "a2", t0.Add(time.Hour), awsBuyer)
	_, err = b.Apply(context.Background(), cancelled, func(_ context.Context, c contract.Change) error {
		assert.Equal(t, contract.StatusCancelled, c.After.Status)
		return boom
	})
	require.ErrorIs(t, err, boom)
	assert.Empty(t, cmp.Diff(before, b.All(), stateCmp))

	_, err = b.Apply(context.Background(), cancelled, record)
	require.NoError(t, err)
	require.Len(t, seen, 2)
	assert.True(t, seen[0].Before.IsZero())
	assert.True(t, seen[1].Revoked())
	assert.Equal(t, []string{"a1", "a2"}, get(t, b, awsKey).EventIDs)
}

// The stored form of a Record reads back to a record that folds the
// same.
func TestRecordJSON(t *testing.T) {
	t.Parallel()
	j, err := webhooktest.NewJourney(topics.GCP, 7)
	require.NoError(t, err)
	var rec contract.Record
	for i, e := range j.Events {
		f, ok, err := contract.FactOf(e)
		require.NoError(t, err)
		require.True(t, ok)
		if i%2 == 0 {
			b, err := rec.MarshalJSON()
			require.NoError(t, err)
			var back contract.Record
			require.NoError(t, back.UnmarshalJSON(b))
			require.Empty(t, cmp.Diff(rec.State, back.State, stateCmp))
			rec = back
		}
		rec, _, err = rec.Fold(f)
		require.NoError(t, err)
	}
	assert.Equal(t, contract.StatusCancelled, rec.State.Status)
	assert.Empty(t, cmp.Diff(get(t, fold(t, j.Events...), rec.State.Key), rec.State, stateCmp))

	var bad contract.Record
	assert.Error(t, bad.UnmarshalJSON([]byte(`{"v":2,"state":{}}`)))
	assert.Error(t, bad.UnmarshalJSON([]byte(`{"v":1,"state":{},"clocks":{"colour":{}}}`)))
	assert.Error(t, bad.UnmarshalJSON([]byte(`[]`)))

	other, ok, err := contract.FactOf(ev(t, topics.AWSContractCreated, "x", t0, awsBuyer))
	require.NoError(t, err)
	require.True(t, ok)
	same, _, err := rec.Fold(other)
	assert.ErrorIs(t, err, contract.ErrKeyMismatch)
	assert.Empty(t, cmp.Diff(rec.State, same.State, stateCmp))
	_, _, err = rec.Fold(contract.Fact{})
	assert.ErrorIs(t, err, contract.ErrIncompleteFact)
	_, err = contract.NewBook().ApplyFact(context.Background(), contract.Fact{Key: awsKey, ID: "x"}, nil)
	assert.ErrorIs(t, err, contract.ErrIncompleteFact)
}

// Any permutation of a history, with any event repeated, folds to the
// states of the history in order.
func TestOrderIndependence(t *testing.T) {
	t.Parallel()
	var history []*event.Event
	for _, j := range webhooktest.Journeys(12) {
		history = append(history, j.Events...)
	}
	// Same-timestamp events, and events of other topics, in the mix.
	history = append(history,
		ev(t, topics.AWSContractModified, "tie-1", t0, awsBuyer),
		ev(t, topics.AWSContractCancelled, "tie-2", t0, awsBuyer),
		ev(t, topics.AWSContractRenewed, "tie-3", t0, awsBuyer),
		ev(t, topics.AWSListingPublished, "listing-1", t0, nil),
		ev(t, topics.GCPMeteringSubmissionFailed, "metering-1", t0, nil),
	)
	want := fold(t, history...).All()
	require.Len(t, want, 13)

	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		shuffled := slices.Clone(history)
		for range rng.IntN(len(history)) {
			shuffled = append(shuffled, history[rng.IntN(len(history))])
		}
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if diff := cmp.Diff(want, fold(t, shuffled...).All(), stateCmp); diff != "" {
			t.Fatalf("round %d: states differ from the in-order fold (-want +got):\n%s", round, diff)
		}
	}
}

// Events of many contracts applied concurrently give the in-order states.
func TestBookConcurrent(t *testing.T) {
	t.Parallel()
	var history []*event.Event
	for _, j := range webhooktest.Journeys(60) {
		history = append(history, j.Events...)
	}
	want := fold(t, history...).All()
	b := contract.NewBook()
	done := make(chan error)
	for w := range 8 {
		go func() {
			var err error
			for i := w; i < len(history) && err == nil; i += 8 {
				_, err = b.Apply(context.Background(), history[len(history)-1-i], nil)
			}
			done <- err
		}()
	}
	for range 8 {
		require.NoError(t, <-done)
	}
	assert.Empty(t, cmp.Diff(want, b.All(), stateCmp))
	assert.Equal(t, len(want), b.Len())
}
