// Package clazarevents is the root of the Clazar events SDK. The packages
// to import are topics, event, aws, azure, gcp and webhook; this one holds
// only the bundled fixtures, for package webhook/webhooktest and for tests.
package clazarevents

import (
	"embed"

	"github.com/clazarevents/sdk-go/topics"
)

// Fixtures holds one realistic delivery per documented topic, at
// testdata/<marketplace>/<topic>.json (such as
// testdata/aws/aws.contract.created.json); for an AWS Marketplace
// EventBridge event that is the event as EventBridge delivers it (such as
// testdata/aws/aws.marketplacecatalog.change_set_failed.json).
// These are the files the SDK's own tests use; webhook/webhooktest reads
// them for users' tests.
//
//go:embed testdata/aws/*.json testdata/azure/*.json testdata/gcp/*.json
var Fixtures embed.FS

// FixturePath returns the path of topic t's delivery in Fixtures, which is
// also its path in the repository: testdata/<marketplace>/<topic>.json.
func FixturePath(t topics.Topic) string {
	return "testdata/" + string(t.Marketplace()) + "/" + string(t) + ".json"
}
