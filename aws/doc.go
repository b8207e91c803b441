// Package aws types the metadata of every AWS Marketplace topic that Clazar
// delivers, and reads the AWS Marketplace Catalog events that Amazon
// EventBridge delivers directly.
//
// Importing the package registers its 29 topics with the event registry,
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
// in each entitlement value; and of the EventBridge events, the offer id of
// an Offer Released, the ChangeSetId of a change set event, the agreement
// id of an agreement event, and the agreement id and license ARN of a
// license event.
//
// The package also types the AWS Marketplace events that Amazon
// EventBridge delivers directly, without Clazar: the Catalog API's
// (source aws.marketplacecatalog: offers released, change sets completed,
// security reports created) and the seller-side agreement and license
// events (source aws.agreement-marketplace, the "- Manufacturer" and "-
// Proposer" detail types). event.Parse reads such an event; its topic is
// topics.EventBridge of its source and detail type, such as
// aws.agreement_marketplace.license_updated_manufacturer, and its detail
// decodes as the registered type, such as *aws.LicenseUpdatedManufacturer,
// with validation errors at paths that start at "detail". The older
// ParseEventBridge and DecodeDetail still work and are deprecated.
package aws
