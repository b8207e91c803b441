// Package inplace lets the webhook Handler parse a body that it owns
// without copying the metadata out of it: the body is read into a buffer
// of its own for each delivery and never written again, so the Event's
// Metadata can be a slice of it, as the Delivery's Body already is.
package inplace

// ParseFor is event.ParseFor, except that the Event's Metadata is a slice
// of data rather than a copy. Package event sets it when it is
// initialized; it is declared as any because that package imports this
// one. Its value is a
//
//	func(data []byte, newFor func(topics.Topic) event.Metadata) (*event.Event, event.Metadata, error)
var ParseFor any
