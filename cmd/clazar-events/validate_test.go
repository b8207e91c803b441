package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// TestValidateFixtures validates the bundled fixture of every topic,
// EventBridge events among them, in one run.
func TestValidateFixtures(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var args []string
	want := map[string]string{} // path: the rest of its line
	for _, topic := range topics.All() {
		path := filepath.Join(dir, string(topic)+".json")
		writeTo(t, path, fixture(t, topic))
		args = append(args, path)
		s, ok := event.Lookup(topic)
		if !ok {
			t.Fatalf("no spec for %s", topic)
		}
		want[path] = fmt.Sprintf("%s  %s", topic, s.Type())
	}
	r := runTool(t, "", append([]string{"validate", "--strict"}, args...)...)
	r.check(t, 0, nil, nil)
	if r.stderr != "" {
		t.Errorf("stderr is not empty:\n%s", r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(args) {
		t.Fatalf("%d lines for %d files:\n%s", len(lines), len(args), r.stdout)
	}
	space := regexp.MustCompile(`  +`)
	for i, path := range args {
		if got, want := space.ReplaceAllString(lines[i], "  "), "ok  "+path+"  "+want[path]; got != want {
			t.Errorf("line %d = %q, want %q", i, got, want)
		}
	}
}

func writeTo(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatalf("writing %s: %v", path, err)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	created := fixture(t, topics.AWSContractCreated)
	offer, err := webhooktest.EventBridgeFixture(aws.DetailTypeOfferReleased)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		body  string
		flags []string
		code  int
		line  string // the file's line, with runs of spaces as two
	}{
		{
			name: "valid",
			body: string(created),
			code: 0,
			line: "ok  FILE  aws.contract.created  aws.ContractCreated",
		},
		{
			name: "missing required fields",
			body: `{"topic":"aws.contract.created","metadata":{"entitlements":[]}}`,
			code: 1,
			line: "FAIL  FILE  aws.contract.created  metadata.customer_identifier: required; metadata.product_code: required",
		},
		{
			name: "nested path",
			body: `{"topic":"aws.contract.created","metadata":{"product_code":"p","customer_identifier":"c","entitlements":[{"Dimension":"d","Value":{}}]}}`,
			code: 1,
			line: "FAIL  FILE  aws.contract.created  metadata.entitlements[0].Value: exactly_one",
		},
		{
			name: "GCP required field",
			body: `{"topic":"gcp.metering.submission_failed","metadata":{"entitlement_id":"e"}}`,
			code: 1,
			line: "FAIL  FILE  gcp.metering.submission_failed  metadata.dimension: required",
		},
		{
			name: "unknown key, lenient",
			body: `{"topic":"aws.listing.published","metadata":{"listing_title":"x"}}`,
			code: 0,
			line: "ok  FILE  aws.listing.published  aws.ListingPublished",
		},
		{
			name:  "unknown key, strict",
			body:  `{"topic":"aws.listing.published","metadata":{"listing_title":"x"}}`,
			flags: []string{"--strict"},
			code:  1,
			line:  `FAIL  FILE  aws.listing.published  event: malformed: aws.listing.published metadata: json: unknown field "listing_title"`,
		},
		{
			name: "wrong JSON kind",
			body: `{"topic":"aws.contract.created","metadata":{"product_code":7,"customer_identifier":"c"}}`,
			code: 1,
			line: "FAIL  FILE  aws.contract.created  event: malformed: aws.contract.created metadata: ",
		},
		{
			name: "unknown topic",
			body: `{"topic":"aws.contract.paused","metadata":{}}`,
			code: 1,
			line: "FAIL  FILE  aws.contract.paused  unknown topic: the SDK has no Go type for it (--allow-unknown skips it)",
		},
		{
			name:  "unknown topic allowed",
			body:  `{"topic":"aws.contract.paused","metadata":{}}`,
			flags: []string{"--allow-unknown"},
			code:  0,
			line:  "skip  FILE  aws.contract.paused  unknown topic, metadata not checked",
		},
		{
			name: "not JSON",
			body: `{"topic":`,
			code: 1,
			line: "FAIL  FILE  -  event: malformed: not JSON: ",
		},
		{
			name: "no topic",
			body: `{"metadata":{}}`,
			code: 1,
			line: "FAIL  FILE  -  event: malformed: no topic",
		},
		{
			name: "not an object",
			body: `[1]`,
			code: 1,
			line: "FAIL  FILE  -  event: malformed: not a JSON object",
		},
		{
			name: "EventBridge",
			body: string(offer),
			code: 0,
			line: `ok  FILE  aws.marketplacecatalog.offer_released  aws.OfferReleased`,
		},
		{
			name: "EventBridge missing id",
			body: `{"detail-type":"Offer Released","source":"aws.marketplacecatalog","detail":{"offer":{}}}`,
			code: 1,
			line: `FAIL  FILE  aws.marketplacecatalog.offer_released  detail.offer.id: required`,
		},
		{
			name: "EventBridge without source",
			body: `{"detail-type":"Offer Released","detail":{}}`,
			code: 1,
			line: `FAIL  FILE  -  event: malformed: EventBridge event has no source`,
		},
		{
			name: "EventBridge unknown detail type",
			body: `{"detail-type":"Listing Archived","source":"aws.marketplacecatalog","detail":{}}`,
			code: 1,
			line: `FAIL  FILE  aws.marketplacecatalog.listing_archived  unknown topic`,
		},
		{
			name:  "EventBridge unknown detail type allowed",
			body:  `{"detail-type":"Listing Archived","source":"aws.marketplacecatalog","detail":{}}`,
			flags: []string{"--allow-unknown"},
			code:  0,
			line:  `skip  FILE  aws.marketplacecatalog.listing_archived  unknown topic, metadata not checked`,
		},
	}
	space := regexp.MustCompile(`  +`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := writeFile(t, "delivery.json", []byte(tt.body))
			fromFile := runTool(t, "", append(append([]string{"validate"}, tt.flags...), path)...)
			fromStdin := runTool(t, tt.body, append(append([]string{"validate"}, tt.flags...), "-")...)
			for name, r := range map[string]result{path: fromFile, "<stdin>": fromStdin} {
				wantStderr := []string(nil)
				if tt.code != 0 {
					wantStderr = []string{"clazar-events validate: 1 of 1 files failed"}
				} else if r.stderr != "" {
					t.Errorf("stderr is not empty:\n%s", r.stderr)
				}
				r.check(t, tt.code, nil, wantStderr)
				want := strings.Replace(tt.line, "FILE", name, 1)
				if got := space.ReplaceAllString(strings.TrimSuffix(r.stdout, "\n"), "  "); !strings.HasPrefix(got, want) || strings.Contains(got, "\n") {
					t.Errorf("output %q, want one line starting %q", got, want)
				}
			}
		})
	}
}

// TestValidateSeveral checks that one failure among several files fails
// the run, and that every file still gets its line, in order.
func TestValidateSeveral(t *testing.T) {
	t.Parallel()
	good := writeFile(t, "good.json", fixture(t, topics.AzureContractPending))
	bad := writeFile(t, "bad.json", []byte(`{"topic":"azure.contract.pending","metadata":{"offer_id":"o"}}`))
	missing := filepath.Join(t.TempDir(), "missing.json")
	r := runTool(t, "", "validate", good, bad, missing, good)
	r.check(t, 1, nil, []string{"clazar-events validate: 2 of 4 files failed"})
	space := regexp.MustCompile(`  +`)
	want := []string{
		"ok  " + good + "  azure.contract.pending  azure.ContractPending",
		"FAIL  " + bad + "  azure.contract.pending  metadata.subscription_id: required",
		"FAIL  " + missing + "  -  no such file or directory",
		"ok  " + good + "  azure.contract.pending  azure.ContractPending",
	}
	got := strings.Split(space.ReplaceAllString(strings.TrimSuffix(r.stdout, "\n"), "  "), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("output:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidateUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{name: "no files", args: nil, stderr: "no files"},
		{name: "stdin twice", args: []string{"-", "-"}, stderr: "standard input (-) given more than once"},
		{name: "flag value", args: []string{"--strict=maybe", "x.json"}, stderr: "invalid boolean value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runTool(t, "{}", append([]string{"validate"}, tt.args...)...)
			r.check(t, 2, nil, []string{"clazar-events validate: ", tt.stderr, "Usage: clazar-events validate "})
			if r.stdout != "" {
				t.Errorf("stdout is not empty:\n%s", r.stdout)
			}
		})
	}
}
