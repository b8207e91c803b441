package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// stored returns the fixture of topic as a receiver would have stored it,
// on one line, with id and the metadata members changed (a nil value
// removes one).
func stored(t *testing.T, topic topics.Topic, id string, metadata map[string]any) []byte {
	t.Helper()
	b, err := webhooktest.Restamp(webhooktest.MustFixture(topic), webhooktest.Stamp{ID: id, Metadata: metadata})
	if err != nil {
		t.Fatal(err)
	}
	var line bytes.Buffer
	if err := json.Compact(&line, b); err != nil {
		t.Fatal(err)
	}
	return line.Bytes()
}

// events returns the stored events that both file formats hold. The
// amounts replace the fixtures' own, so that the expected totals below are
// worked out by hand from these lines alone.
func events(t *testing.T) [][]byte {
	t.Helper()
	var (
		disbursement = topics.AWSAnalyticsDisbursement
		fees         = topics.AWSAnalyticsContractFees
		usage        = topics.AWSAnalyticsMeteredUsage
	)
	return [][]byte{
		stored(t, disbursement, "d1", map[string]any{"currency": "USD", "disbursed_net_revenue": "38412.00"}),
		stored(t, disbursement, "d2", map[string]any{"currency": "USD", "disbursed_net_revenue": "0.125"}),
		stored(t, disbursement, "d3", map[string]any{"currency": " eur", "disbursed_net_revenue": "1200.5"}),
		stored(t, disbursement, "d4", map[string]any{"currency": "EUR", "disbursed_net_revenue": event.MustDecimal("99.95")}),
		stored(t, disbursement, "d1", map[string]any{"currency": "USD", "disbursed_net_revenue": "38412.00"}), // stored twice
		stored(t, fees, "f1", map[string]any{"currency": "USD", "total_amount": "118800.00"}),
		stored(t, fees, "f2", map[string]any{"currency": "USD", "total_amount": "-800.00"}),
		stored(t, fees, "f3", map[string]any{"currency": "GBP", "total_amount": event.MustDecimal("500")}),
		stored(t, usage, "u1", map[string]any{"currency": "USD", "estimated_revenue": event.MustDecimal("1843.493110834184321971")}),
		stored(t, usage, "u2", map[string]any{"currency": "USD", "estimated_revenue": "0.506889165815678029"}),
		stored(t, usage, "u3", map[string]any{"currency": "JPY", "estimated_revenue": event.MustDecimal("1.5e3")}),
		stored(t, topics.AWSContractCreated, "c1", map[string]any{"customer_identifier": "cust-1"}),
		stored(t, topics.GCPContractActivated, "g1", map[string]any{"account_id": "acct-1"}),
		[]byte(`{"id":"q1","topic":"aws.quota.exceeded","metadata":{"product_code":"p","currency":"USD","total_amount":"5"}}`),
		stored(t, disbursement, "bad1", map[string]any{"currency": "USD", "disbursed_net_revenue": "7", "product_code": nil}),
		stored(t, disbursement, "bad2", map[string]any{"currency": nil, "disbursed_net_revenue": "7"}),
		stored(t, fees, "bad3", map[string]any{"currency": "USD", "total_amount": nil}),
	}
}

// wantTotals are the totals of events, by currency, in the order of the
// columns: worked out by hand, with as many decimal places as the most
// precise amount added.
var wantTotals = map[string][numMeasures]string{
	"USD": {"38412.125", "118000.00", "1844.000000000000000000"},
	"EUR": {"1300.45", "-", "-"},
	"GBP": {"-", "500", "-"},
	"JPY": {"-", "-", "1500"},
}

// wantProblems are in the messages of the records of events that cannot be
// counted.
var wantProblems = []string{"metadata.product_code: required", "bad2: no currency", "bad3: no total_amount"}

func TestRun(t *testing.T) {
	t.Parallel()
	evs := events(t)
	array, err := json.Marshal(rawMessages(evs))
	if err != nil {
		t.Fatal(err)
	}
	// JSON lines, with a blank line and a record cut short.
	lines := append(bytes.Join(evs, []byte("\n")), "\n\n"+`{"id":"cut","topic":"aws.analytics.disbursement","metad`+"\n"...)

	tests := []struct {
		name     string
		data     []byte
		records  int
		problems []string
		err      string
	}{
		{"JSON array", array, len(evs), wantProblems, "3 of 17 records could not be read"},
		{"JSON lines", lines, len(evs) + 1, append(wantProblems, "line 19: event: malformed: not JSON"), "4 of 18 records could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "events")
			if err := os.WriteFile(path, tt.data, 0o600); err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			err := run([]string{path}, &out)
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("run = %v, want an error containing %q", err, tt.err)
			}

			got := totals(t, out.String())
			for c, want := range wantTotals {
				if got[c] != want {
					t.Errorf("%s totals %q, want %q", c, got[c], want)
				}
			}
			if len(got) != len(wantTotals) {
				t.Errorf("totals for %d currencies, want %d:\n%s", len(got), len(wantTotals), &out)
			}
			for _, line := range []string{
				"Revenue events counted:          10\n",
				"Events of other topics, skipped: 3\n",
				"Events repeating an id, skipped: 1\n",
				fmt.Sprintf("Records that could not be read:  %d\n", len(tt.problems)),
			} {
				if !strings.Contains(out.String(), line) {
					t.Errorf("output does not hold %q:\n%s", line, &out)
				}
			}
			for _, p := range tt.problems {
				if !strings.Contains(out.String(), p) {
					t.Errorf("output does not report %q:\n%s", p, &out)
				}
			}
		})
	}
}

func rawMessages(evs [][]byte) []json.RawMessage {
	raws := make([]json.RawMessage, len(evs))
	for i, e := range evs {
		raws[i] = e
	}
	return raws
}

// totals returns the rows of the table of totals in out, by currency.
func totals(t *testing.T, out string) map[string][numMeasures]string {
	t.Helper()
	rows := map[string][numMeasures]string{}
	_, table, ok := strings.Cut(out, "CURRENCY")
	if !ok {
		return rows
	}
	lines := strings.Split(table, "\n")[1:] // after the heading
	for _, l := range lines {
		if l == "" {
			break
		}
		cells := strings.Fields(l)
		if len(cells) != 1+int(numMeasures) {
			t.Fatalf("row %q has %d cells, want %d", l, len(cells), 1+numMeasures)
		}
		rows[cells[0]] = [numMeasures]string(cells[1:])
	}
	return rows
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", nil, "usage: reconcile FILE"},
		{"two files", []string{"a", "b"}, "usage: reconcile FILE"},
		{"missing file", []string{filepath.Join(dir, "missing")}, "no such file"},
		{"broken array", []string{write("broken.json", `[{"topic":"aws.contract.created"},`)}, "not a JSON array of events"},
		{"array of garbage", []string{write("garbage.json", `[1, "x", null]`)}, "3 of 3 records could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			if err := run(tt.args, &out); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestRunNoRevenue(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "events.jsonl")
	data := append(stored(t, topics.AzureContractActivated, "a1", map[string]any{"offer_id": "o"}), '\n')
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{path}, &out); err != nil {
		t.Fatalf("run: %v", err)
	}
	if strings.Contains(out.String(), "CURRENCY") {
		t.Errorf("a table without revenue events:\n%s", &out)
	}
	for _, line := range []string{"Revenue events counted:          0\n", "Events of other topics, skipped: 1\n"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("output does not hold %q:\n%s", line, &out)
		}
	}
}

func TestPlaces(t *testing.T) {
	t.Parallel()
	tests := map[string]int{
		"39": 0, "38412.00": 2, "-0.125": 3, "1843.493110834184321971": 18,
		"1.5e3": 0, "1.5E+1": 0, "1.25e1": 1, "1.5e-2": 3, "7e-3": 3,
	}
	for s, want := range tests {
		if got := places(event.MustDecimal(s)); got != want {
			t.Errorf("places(%s) = %d, want %d", s, got, want)
		}
	}
}
