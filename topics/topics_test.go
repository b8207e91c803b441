package topics_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/clazarevents/sdk-go/topics"
)

func TestAll(t *testing.T) {
	all := topics.All()
	if len(all) != 68 {
		t.Fatalf("All() has %d topics, want 68", len(all))
	}
	if !slices.IsSorted(all) {
		t.Error("All() is not sorted")
	}
	if len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Error("All() has duplicates")
	}
	counts := map[topics.Marketplace]int{}
	for _, tp := range all {
		counts[tp.Marketplace()]++
		if strings.Count(string(tp), ".") != 2 || tp.Entity() == "" || tp.Action() == "" {
			t.Errorf("%s: not marketplace.entity.action", tp)
		}
		if !tp.Known() {
			t.Errorf("%s: Known() = false", tp)
		}
	}
	want := map[topics.Marketplace]int{topics.AWS: 43, topics.Azure: 12, topics.GCP: 13}
	for m, n := range want {
		if counts[m] != n {
			t.Errorf("%s has %d topics, want %d", m, counts[m], n)
		}
	}
	all[0] = "changed"
	if topics.All()[0] == "changed" {
		t.Error("All() returns a shared slice")
	}
}

func TestConstantNames(t *testing.T) {
	tests := map[topics.Topic]string{
		topics.AWSContractCreated:             "aws.contract.created",
		topics.AWSListingWaitingOnAWS:         "aws.listing.waiting_on_aws",
		topics.AzureContractQuantityChanged:   "azure.contract.quantity_changed",
		topics.GCPContractPlanChangeInitiated: "gcp.contract.plan_change_initiated",
		topics.GCPMeteringSubmissionFailed:    "gcp.metering.submission_failed",
		topics.AzureListingInLimitedState:     "azure.listing.in_limited_state",
	}
	for got, want := range tests {
		if string(got) != want {
			t.Errorf("constant = %q, want %q", got, want)
		}
	}
}

func TestParts(t *testing.T) {
	tests := []struct {
		topic          topics.Topic
		market         topics.Marketplace
		entity, action string
	}{
		{topics.AWSPrivateOfferCreated, topics.AWS, "private_offer", "created"},
		{topics.AzureContractPlanChanged, topics.Azure, "contract", "plan_changed"},
		{topics.GCPListingWaitingOnGCP, topics.GCP, "listing", "waiting_on_gcp"},
		{"aws", "aws", "", ""},
		{"aws.contract", "aws", "contract", ""},
		{"x.y.z.w", "x", "y", "z.w"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		if got := tt.topic.Marketplace(); got != tt.market {
			t.Errorf("%q.Marketplace() = %q, want %q", tt.topic, got, tt.market)
		}
		if got := tt.topic.Entity(); got != tt.entity {
			t.Errorf("%q.Entity() = %q, want %q", tt.topic, got, tt.entity)
		}
		if got := tt.topic.Action(); got != tt.action {
			t.Errorf("%q.Action() = %q, want %q", tt.topic, got, tt.action)
		}
	}
}

func TestEventBridge(t *testing.T) {
	tests := []struct {
		source, detailType string
		want               topics.Topic
	}{
		{"aws.marketplacecatalog", "Change Set Succeeded", topics.AWSCatalogChangeSetSucceeded},
		{"aws.marketplacecatalog", "Products Security Report Created", topics.AWSCatalogProductsSecurityReportCreated},
		{"aws.agreement-marketplace", "Purchase Agreement Created - Manufacturer", topics.AWSAgreementPurchaseAgreementCreatedManufacturer},
		{"aws.agreement-marketplace", "Purchase Agreement Created - Proposer", topics.AWSAgreementPurchaseAgreementCreatedProposer},
		{"aws.agreement-marketplace", "License Deprovisioned - Manufacturer", topics.AWSAgreementLicenseDeprovisionedManufacturer},
		{"aws.agreement-marketplace", "Purchase Agreement Created - Acceptor", "aws.agreement_marketplace.purchase_agreement_created_acceptor"},
		{"AWS.EC2", "  EC2 Instance State-change Notification ", "aws.ec2.ec2_instance_state_change_notification"},
		{"aws.x", "ACMECertificate", "aws.x.acmecertificate"},
		{"aws.x", "V2Api", "aws.x.v2_api"},
		{"aws.s3", "Object Created", "aws.s3.object_created"},
		{"aws.marketplacecatalog", "OfferSet Released", topics.AWSCatalogOfferSetReleased},
		{"aws.marketplace", "Disbursement Paused", topics.AWSMarketplaceDisbursementPaused},
		{"aws.x", "é", ""},
		{"aws.x", "", ""},
		{"", "Object Created", ""},
		{"aws..x", "Object Created", ""},
		{"aws.", "Object Created", ""},
	}
	for _, tt := range tests {
		got := topics.EventBridge(tt.source, tt.detailType)
		if got != tt.want {
			t.Errorf("EventBridge(%q, %q) = %q, want %q", tt.source, tt.detailType, got, tt.want)
		}
		if got != "" && !topics.ValidPattern(string(got)) {
			t.Errorf("EventBridge(%q, %q) = %q, not a valid topic", tt.source, tt.detailType, got)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern string
		topic   topics.Topic
		want    bool
	}{
		{"aws.contract.created", topics.AWSContractCreated, true},
		{"aws.contract.created", topics.AWSContractRenewed, false},
		{"aws.contract.*", topics.AWSContractCreated, true},
		{"aws.contract.*", topics.AWSListingPublished, false},
		{"*.contract.renewed", topics.AWSContractRenewed, true},
		{"*.contract.renewed", topics.AzureContractRenewed, true},
		{"*.contract.renewed", topics.GCPContractRenewed, true},
		{"*.contract.renewed", topics.GCPContractCanceled, false},
		{"*.*.*", topics.GCPContractCanceled, true},
		{"*.*", topics.GCPContractCanceled, false},
		{"*.*.*.*", topics.GCPContractCanceled, false},
		{"gcp.**", topics.GCPContractCanceled, true},
		{"gcp.**", topics.GCPMeteringSubmissionFailed, true},
		{"gcp.**", topics.AWSContractCreated, false},
		{"gcp.**", "gcp", false},
		{"gcp.contract.**", topics.GCPContractCanceled, true},
		{"gcp.contract.canceled.**", topics.GCPContractCanceled, false},
		{"aws.*", topics.AWSContractCreated, false},
		{"aws.*", "aws.future", true},
		{"*", topics.AzureContractPending, true},
		{"**", topics.AzureContractPending, true},
		{"*", "", false},
		{"**.created", topics.AWSContractCreated, false},
		{"aws.**.created", topics.AWSContractCreated, false},
		{"", topics.AWSContractCreated, false},
		{"aws..created", "aws..created", false},
		{"aws.contract.", topics.AWSContractCreated, false},
		{"AWS.contract.created", topics.AWSContractCreated, false},
		{"aws.contract.*", "aws.contract.", false},
		{"**", "aws.contract.future.sub", true},
	}
	for _, tt := range tests {
		if got := topics.Match(tt.pattern, tt.topic); got != tt.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.topic, got, tt.want)
		}
	}
}

func TestValidPattern(t *testing.T) {
	tests := map[string]bool{
		"*": true, "**": true, "aws.contract.*": true, "gcp.**": true, "*.contract.renewed": true,
		"": false, "aws..x": false, ".aws": false, "aws.": false, "**.x": false, "a.**.b": false,
	}
	for p, want := range tests {
		if got := topics.ValidPattern(p); got != want {
			t.Errorf("ValidPattern(%q) = %v, want %v", p, got, want)
		}
	}
}
