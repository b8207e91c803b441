package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// row is one row of the printed table.
type row struct {
	goType, fields, runs, status string
}

// columns splits a table line at runs of two or more spaces, which
// tabwriter puts between cells and no cell holds.
var columns = regexp.MustCompile(` {2,}`)

// parseTable returns the rows of the table in out, by their TOPIC cell.
func parseTable(t *testing.T, out string) map[string]row {
	t.Helper()
	lines := strings.Split(out, "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "TOPIC ") {
			start = i + 1
			break
		}
	}
	if start < 0 {
		t.Fatalf("no table header in output:\n%s", out)
	}
	rows := map[string]row{}
	for _, l := range lines[start:] {
		if l == "" {
			break
		}
		c := columns.Split(strings.TrimSpace(l), -1)
		if len(c) != 5 {
			t.Fatalf("row %q has %d cells, want 5", l, len(c))
		}
		if _, dup := rows[c[0]]; dup {
			t.Fatalf("two rows for %q", c[0])
		}
		rows[c[0]] = row{goType: c[1], fields: c[2], runs: c[3], status: c[4]}
	}
	return rows
}

func TestRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, &stdout, &stderr); code != 0 {
		t.Fatalf("run = %d, want 0; stderr:\n%s\nstdout:\n%s", code, &stderr, &stdout)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr:\n%s", &stderr)
	}
	out := stdout.String()
	rows := parseTable(t, out)

	specs := event.Specs()
	want := map[string]row{}
	for _, s := range specs {
		want[string(s.Topic)] = row{goType: s.Type().String(), runs: "1", status: "204"}
	}
	want["aws.contract.created (duplicate)"] = row{goType: "aws.ContractCreated", runs: "1", status: "204"}
	want["aws.analytics.disbursement (tampered)"] = row{goType: "-", fields: "-", runs: "0", status: "401"}
	want["aws.quota.exceeded (unknown topic)"] = row{goType: "(unknown to this SDK)", runs: "1", status: "204"}

	for label, w := range want {
		got, ok := rows[label]
		switch {
		case !ok:
			t.Errorf("no row for %s", label)
		case got.goType != w.goType || got.runs != w.runs || got.status != w.status:
			t.Errorf("row %s: type %s, runs %s, status %s; want %s, %s, %s", label, got.goType, got.runs, got.status, w.goType, w.runs, w.status)
		case w.fields != "" && got.fields != w.fields:
			t.Errorf("row %s: key fields %q, want %q", label, got.fields, w.fields)
		}
	}
	if len(rows) != len(want) {
		t.Errorf("%d rows, want %d", len(rows), len(want))
	}
	if summary := fmt.Sprintf("\n%d deliveries, all as expected\n", len(specs)+3); !strings.HasSuffix(out, summary) {
		t.Errorf("output does not end with %q:\n%s", summary, out)
	}

	// The typed handlers add fields read from their typed metadata.
	created := decodeBody[aws.ContractCreated](t, webhooktest.MustFixture(topics.AWSContractCreated))
	disbursed := decodeBody[aws.AnalyticsDisbursement](t, webhooktest.MustFixture(topics.AWSAnalyticsDisbursement))
	for label, field := range map[string]string{
		"aws.contract.created":       fmt.Sprintf("entitlements=%d", len(created.Entitlements)),
		"aws.analytics.disbursement": fmt.Sprintf("net=%s %s", disbursed.DisbursedNetRevenue, disbursed.Currency),
		"aws.contract.cancelled":     "product=",
		"azure.contract.pending":     "subscription=",
		"gcp.contract.pending":       "entitlement=",
	} {
		if !strings.Contains(rows[label].fields, field) {
			t.Errorf("row %s: key fields %q, want them to hold %q", label, rows[label].fields, field)
		}
	}
}

func TestReport(t *testing.T) {
	t.Parallel()
	ok := result{delivery: delivery{label: "aws.contract.created", want: http.StatusNoContent, wantRuns: 1}, status: http.StatusNoContent, seen: entry{runs: 1}}
	tests := []struct {
		name    string
		change  func(r *result)
		wantOK  bool
		summary string
	}{
		{"as expected", func(*result) {}, true, "2 deliveries, all as expected\n"},
		{"wrong status", func(r *result) { r.status = http.StatusInternalServerError }, false,
			"2 deliveries, 1 not as expected:\n  aws.contract.created: status 500, handler runs 1; want 204, 1\n"},
		{"handlers ran twice", func(r *result) { r.seen.runs = 2 }, false,
			"2 deliveries, 1 not as expected:\n  aws.contract.created: status 204, handler runs 2; want 204, 1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			last := ok
			tt.change(&last)
			var out bytes.Buffer
			if got := report(&out, []result{ok, last}); got != tt.wantOK {
				t.Errorf("report = %v, want %v", got, tt.wantOK)
			}
			if !strings.HasSuffix(out.String(), tt.summary) {
				t.Errorf("output does not end with %q:\n%s", tt.summary, &out)
			}
		})
	}
}

func decodeBody[T event.Metadata](t *testing.T, body []byte) *T {
	t.Helper()
	e, err := event.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	m, err := event.DecodeAs[T](e)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
