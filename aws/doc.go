// Package aws types the metadata of every AWS Marketplace topic that Clazar
// delivers, and reads the AWS Marketplace Catalog events that Amazon
// EventBridge delivers directly.
//
// Importing the package registers its 43 topics with the event registry,
// so that event.Decode returns the typed metadata, such as
// *aws.ContractCreated for aws.contract.created:
//
//	e, err := event.Parse(body)
//	if err != nil {
//		return err // wraps event.ErrMalformed
//	}
//	m, err := event.DecodeAs[aws.ContractCreated](e)
//	if err != nil {
//		return err // event.ErrMalformed or *event.ValidationError
//	}
//	for _, ent := range m.Entitlements {
//		if n, ok := ent.Value.Int(); ok {
//			fmt.Println(ent.Dimension, n)
//		}
//	}
//
// The types follow the metadata that Clazar documents for each topic, with
// the documented JSON keys. Money and quantities are event.Decimal, read
// from JSON numbers or numeric strings without loss; documented date-times
// and dates are event.Time, which writes each value back in the layout it
// was read in. Marshalling a decoded struct writes back every member of its
// input with the same value; a documented key that was absent is written as
// its zero value or null.
//
// Validation, run by event.Decode and event.DecodeAs, requires only the
// fields that identify what an event is about: the product code and the
// customer identifier of contract and metering events, the offer id of a
// private offer, the product code of analytics events, exactly one member
// in each entitlement value; and of the EventBridge events, the offer or
// offer set id of an offer event, the ChangeSetId of a change set event,
// the agreement id of an agreement event, and besides it the license ARN,
// cancellation request id or billing adjustment id of a license,
// cancellation or billing adjustment event.
//
// The package also types the AWS Marketplace events that Amazon
// EventBridge delivers directly, without Clazar: the Catalog API's
// (source aws.marketplacecatalog: offers and offer sets released, change
// sets completed, security reports created), the seller-side agreement,
// license, cancellation and billing adjustment events (source
// aws.agreement-marketplace, the "- Manufacturer" and "- Proposer" detail
// types) and paused disbursements (source aws.marketplace). event.Parse reads such an event; its topic is
// topics.EventBridge of its source and detail type, such as
// aws.agreement_marketplace.license_updated_manufacturer, and its detail
// decodes as the registered type, such as *aws.LicenseUpdatedManufacturer,
// with validation errors at paths that start at "detail". The older
// ParseEventBridge and DecodeDetail still work and are deprecated.
package aws
