// Package aws types the metadata of every AWS Marketplace topic that Clazar
// delivers, and reads the AWS Marketplace Catalog events that Amazon
// EventBridge delivers directly.
//
// Importing the package registers its 16 topics with the event registry,
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
// private offer, the product code of analytics events, and exactly one
// member in each entitlement value.
//
// ParseEventBridge reads an EventBridge event of AWS Marketplace, and
// DecodeDetail types and validates the detail of the Catalog events: offers
// released, change sets completed and security reports created. Their
// validation errors name paths that start at "detail".
package aws
