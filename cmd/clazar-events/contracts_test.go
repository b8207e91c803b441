package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// journeyLines returns the deliveries of the first n journeys, newest
// first, one per line, with the first journey cut after its modification.
func journeyLines(n int) string {
	var b strings.Builder
	for i, j := range webhooktest.Journeys(n) {
		bodies := j.Bodies()
		if i == 0 {
			bodies = bodies[:3]
		}
		for k := len(bodies) - 1; k >= 0; k-- {
			b.Write(bodies[k])
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestContracts(t *testing.T) {
	t.Parallel()
	lines := journeyLines(3)
	file := writeFile(t, "events.jsonl", []byte(lines))
	listing := writeFile(t, "listing.json", fixture(t, topics.AWSListingPublished))

	r := runTool(t, "", "contracts", file, listing)
	r.check(t, exitOK, nil, []string{"3 contracts from 22 events (1 of other topics); 0 records not applied"})
	rows := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, rows, 4, r.stdout)
	cells := regexp.MustCompile(`  +`)
	assert.Equal(t, []string{"KEY", "STATUS", "PLAN", "PENDING", "QUANTITY", "ENTITLEMENTS", "TERM END", "UPDATED", "EVENTS"}, cells.Split(rows[0], -1))
	assert.Equal(t, []string{"aws:4hc2x8yzq9m1n7b3v5k0t6r2p/cust-000000", "active", "-", "-", "-", "tier=2 seats=20 sso_enabled=true", "-", "2025-02-20T09:00:00Z", "3"}, cells.Split(rows[1], -1))
	assert.Equal(t, []string{"azure:7c2e9a14-58bd-4f60-93a7-000000000001", "cancelled", "premium_user", "-", "6", "-", "2026-02-06", "2026-02-10T09:01:00Z", "9"}, cells.Split(rows[2], -1))
	assert.Equal(t, []string{"gcp:6c0a8e3f-2d71-4b95-a4e6-000000000002", "cancelled", "enterprise-annual", "-", "-", "-", "2027-02-05", "2026-03-13T09:02:00Z", "9"}, cells.Split(rows[3], -1))

	// The same events as a JSON array on standard input, twice over, in
	// another order: the same states.
	var elems []json.RawMessage
	for _, l := range strings.Split(strings.TrimSpace(lines), "\n") {
		elems = append([]json.RawMessage{json.RawMessage(l)}, elems...)
		elems = append(elems, json.RawMessage(l))
	}
	array, err := json.Marshal(elems)
	require.NoError(t, err)
	r2 := runTool(t, string(array), "contracts", "--json", "-")
	r2.check(t, exitOK, nil, []string{"3 contracts from 42 events"})
	var states []contract.State
	require.NoError(t, json.Unmarshal([]byte(r2.stdout), &states))
	require.Len(t, states, 3)
	assert.Equal(t, contract.StatusActive, states[0].Status)
	assert.Equal(t, "premium_user", states[1].Plan)
	assert.Equal(t, time.Date(2026, 2, 10, 9, 1, 0, 0, time.UTC), states[1].UpdatedAt)
	assert.Len(t, states[2].EventIDs, 9)
}

func TestContractsProblems(t *testing.T) {
	t.Parallel()
	noTime, err := webhooktest.Restamp(fixture(t, topics.GCPContractActivated), webhooktest.Stamp{})
	require.NoError(t, err)
	noTime = regexp.MustCompile(`"timestamp":"[^"]*"`).ReplaceAll(noTime, []byte(`"timestamp":null`))
	noKey, err := webhooktest.Restamp(fixture(t, topics.AzureContractActivated), webhooktest.Stamp{Metadata: map[string]any{"subscription_id": ""}})
	require.NoError(t, err)
	good := compactFixture(t, topics.AWSContractCreated)
	file := writeFile(t, "mixed.jsonl", []byte(strings.Join([]string{good, "not json", string(noTime), string(noKey)}, "\n")))

	r := runTool(t, "", "contracts", file)
	r.check(t, exitFailure, []string{"aws:4hc2x8yzq9m1n7b3v5k0t6r2p/Z5Zb2Qd7nLx", "active"}, []string{
		"line 2: event: malformed",
		"line 3: contract: event has no timestamp: gcp.contract.activated",
		"line 4: event: invalid metadata for azure.contract.activated: metadata.subscription_id: required",
		"1 contracts from 3 events (0 of other topics); 3 records not applied",
	})

	runTool(t, "", "contracts").check(t, exitUsage, nil, []string{"give at least one FILE"})
	runTool(t, "", "contracts", writeFile(t, "bad.json", []byte("[{"))).check(t, exitFailure, nil, []string{"not a JSON array"})
	runTool(t, "", "contracts", "/nonexistent/file").check(t, exitFailure, nil, []string{"no such file"})
}

func compactFixture(t *testing.T, topic topics.Topic) string {
	t.Helper()
	b, err := webhooktest.Restamp(fixture(t, topic), webhooktest.Stamp{})
	require.NoError(t, err)
	return string(b)
}
