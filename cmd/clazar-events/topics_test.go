package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

func TestTopics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		patterns []string
	}{
		{name: "all", patterns: nil},
		{name: "one topic", patterns: []string{"aws.contract.created"}},
		{name: "one segment wildcard", patterns: []string{"*.contract.renewed"}},
		{name: "rest wildcard", patterns: []string{"gcp.**"}},
		{name: "every topic", patterns: []string{"**"}},
		{name: "two patterns", patterns: []string{"azure.listing.*", "aws.metering.*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "", append([]string{"topics"}, tt.patterns...)...)
			r.check(t, 0, nil, nil)
			if r.stderr != "" {
				t.Errorf("stderr is not empty:\n%s", r.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
			if got := strings.Fields(lines[0]); strings.Join(got, " ") != "TOPIC GO TYPE ORIGIN SUBORIGIN SUMMARY" {
				t.Errorf("header %q", lines[0])
			}
			var want []event.Spec
			for _, s := range event.Specs() {
				if len(tt.patterns) == 0 || matchAny(tt.patterns, s.Topic) {
					want = append(want, s)
				}
			}
			if len(want) == 0 {
				t.Fatal("the test's patterns match no topic")
			}
			cellSep := regexp.MustCompile(`  +`)
			rows := lines[1:]
			if len(rows) != len(want) {
				t.Fatalf("%d rows, want %d:\n%s", len(rows), len(want), r.stdout)
			}
			for i, s := range want {
				want := []string{string(s.Topic), s.Type().String(), orDash(string(s.Origin)), orDash(string(s.Suborigin)), s.Summary}
				if got := cellSep.Split(rows[i], -1); !slices.Equal(got, want) {
					t.Errorf("row %d = %q, want the cells %q", i, rows[i], want)
				}
			}
		})
	}
}

// TestTopicsAll checks that the unfiltered table lists every documented
// topic, so that a topic without a registered type would show.
func TestTopicsAll(t *testing.T) {
	t.Parallel()
	r := runTool(t, "", "topics")
	r.check(t, 0, nil, nil)
	for _, topic := range topics.All() {
		if !strings.Contains(r.stdout, "\n"+string(topic)+" ") {
			t.Errorf("no row for %s", topic)
		}
	}
	// Clazar's pages give no origin for the AWS analytics topics.
	for _, line := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(line); len(f) > 4 && f[0] == "aws.analytics.contract_fees" {
			if got := strings.Join(f[:4], " "); got != "aws.analytics.contract_fees aws.AnalyticsContractFees - -" {
				t.Errorf("row starts %q, want dashes for the undocumented origin and suborigin", got)
			}
			return
		}
	}
	t.Errorf("no row for aws.analytics.contract_fees:\n%s", r.stdout)
}

func TestTopicsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		patterns []string
		code     int
		stderr   string
	}{
		{name: "empty segment", patterns: []string{"aws..created"}, code: 2, stderr: `invalid pattern "aws..created"`},
		{name: "rest wildcard not last", patterns: []string{"**.created"}, code: 2, stderr: `invalid pattern "**.created"`},
		{name: "empty pattern", patterns: []string{""}, code: 2, stderr: `invalid pattern ""`},
		{name: "one invalid of two", patterns: []string{"aws.**", "aws."}, code: 2, stderr: `invalid pattern "aws."`},
		{name: "no match", patterns: []string{"aws"}, code: 1, stderr: "no topic matches aws"},
		{name: "no match of two", patterns: []string{"aws.contract", "oci.**"}, code: 1, stderr: "no topic matches aws.contract or oci.**"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "", append([]string{"topics"}, tt.patterns...)...)
			r.check(t, tt.code, nil, []string{"clazar-events topics: " + tt.stderr})
			if r.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", r.stdout)
			}
		})
	}
}
