// Package contract keeps each buyer's current contract state, folded from
// the marketplace events: whether the buyer is entitled right now, to which
// plan, quantity and entitlements, and until when.
//
// Webhook deliveries arrive in any order, more than once, and after failed
// attempts. A Ledger folds them so that the result depends only on which
// events were applied, never on their order or on duplicates:
//
//	book := contract.NewBook()
//	contract.Watch(h, book, func(ctx context.Context, c contract.Change) error {
//		switch {
//		case c.Granted():
//			return provision(ctx, c.After)
//		case c.Revoked():
//			return deprovision(ctx, c.After)
//		}
//		return resize(ctx, c.After)
//	})
//
// Book keeps the state in memory; package
// github.com/clazarevents/sdk-go/webhook/pgstore keeps it in PostgreSQL for
// several receiver replicas.
//
// # Keys
//
// A contract is named by a Key: for AWS the product code and customer
// identifier ("aws:<product_code>/<customer_identifier>"), for Azure the
// subscription id ("azure:<subscription_id>"), for GCP the entitlement id
// ("gcp:<entitlement_id>").
//
// # Rules
//
// Every *.contract.* topic changes state (Topics lists them). Events of
// other topics (listings, private offers, analytics, metering, and topics
// this SDK does not know) are no error: Apply returns a Change for which
// Changed is false, and makes no state.
//
// A state has independent parts, and each part comes from the newest event
// that carries it, "newest" by the envelope timestamp:
//
//   - Status. Pending from azure and gcp pending; active from aws created,
//     modified and renewed, azure activated, plan_changed, quantity_changed,
//     renewed and reinstated, and gcp activated, plan_changed and renewed;
//     suspended from azure suspended; cancelled from aws cancelled, azure
//     unsubscribed and gcp canceled. The registered topics and gcp
//     plan_change_initiated and plan_change_canceled leave the status alone;
//     a contract seen only through them is pending.
//   - Grant: Plan, Offer, FreeTrial, Quantity and Entitlements. AWS
//     entitlements (created) and new_entitlements (modified, renewed); the
//     whole Azure entitlements object of every Azure event but the
//     registration (new_entitlements for plan and quantity changes), with
//     its offer id; the GCP plan_details, new_plan_details (plan_changed)
//     and current_plan_details (plan_change_initiated and
//     plan_change_canceled). AWS cancelled carries no entitlements: the
//     state keeps the last ones granted, with the status cancelled.
//   - Term: TermStart and TermEnd. Azure activated and renewed (start_date,
//     end_date), gcp renewed (start_at, end_at), and the offer start and
//     end time of the other GCP plan details.
//   - PendingPlan: set to the upcoming plan by gcp plan_change_initiated,
//     cleared by gcp plan_changed and plan_change_canceled.
//   - Registration: Registered becomes true with any registered event, and
//     Registration holds the answers of the newest.
//
// UpdatedAt is the newest timestamp applied, and EventIDs the ids of the
// events applied.
//
// # AWS Marketplace's own events
//
// The events AWS Marketplace sends through EventBridge
// (aws.agreement_marketplace.* and aws.marketplacecatalog.*) are not
// folded. Their purchase-agreement, cancellation and billing-adjustment
// events name the buyer by agreement id and AWS account id, and the
// license events add the product code, but none carries the customer
// identifier by which Clazar's aws.contract.* events name the buyer, and
// Clazar's events carry no agreement id: no native event can be placed on
// the key of a Clazar contract. They are events of other topics here: no
// error, no state. Relate them to a contract through the mapping of
// customer identifiers to AWS accounts that ResolveCustomer gives.
//
// # Order, duplicates and ties
//
// Each part remembers the event that set it, so an event older than that
// one cannot overwrite it: a late aws.contract.modified does not re-grant
// a cancelled contract. At equal timestamps the tie is broken by topic, in
// the order pending, registered, created and activated,
// plan_change_initiated, plan_change_canceled, modified, plan_changed and
// quantity_changed, renewed, reinstated, suspended, cancelled (canceled,
// unsubscribed): the later in that order wins, so that the more
// restrictive status prevails. Two events of one topic and timestamp are
// ordered by id, the greater winning. An event is identified by its
// envelope id or, when it has none, by the SHA-256 of its canonical JSON;
// an event whose id was applied already changes nothing. Hence any order
// of a history, with any event repeated, gives the same states.
//
// An event without a timestamp cannot be ordered: Apply returns an error
// wrapping ErrNoTimestamp. A contract event whose metadata lacks its key
// fields fails validation. Neither changes anything.
//
// # Changes
//
// Apply returns a Change with the state before and after. Changed reports
// whether anything but UpdatedAt and EventIDs differs: duplicates, older
// events and repetitions are not changes. Apply calls its then function
// only for changes, before the change is kept; when then fails, the ledger
// is left as it was and the error returned, so the sender's retry comes
// back to then. Watch wires this to a webhook.Handler, so that a
// provisioning callback runs exactly once per change.
package contract
