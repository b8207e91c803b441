// Package event reads Clazar deliveries: the envelope (id, topic, origin,
// suborigin, text, description, timestamp and metadata), the registry of
// every documented topic, and the exact value types that metadata uses.
//
// Parse reads the envelope tolerantly and keeps the metadata as raw JSON;
// Decode types it through the registry, and DecodeAs types it as a known
// type:
//
//	e, err := event.Parse(body)
//	if err != nil {
//		return err // wraps event.ErrMalformed
//	}
//	m, err := event.DecodeAs[aws.ContractCreated](e)
//
// ParseAs does both in one pass over the body, decoding the metadata as
// the envelope's scan reaches it, and ParseFor does the same with the type
// chosen by topic:
//
//	e, m, err := event.ParseAs[aws.ContractCreated](body)
//
// Each of them copies the metadata out of the body, so that the caller may
// reuse its buffer; ParseForNoCopy leaves it there, for a caller that reads
// each body into a buffer of its own.
//
// The registry holds a Spec for each topic: its documented origin,
// suborigin, text and description, and its metadata type. The packages
// aws, azure and gcp register their topics when imported; everything else
// (dispatch, documentation, fixtures, the conformance test) reads the
// registry rather than a copy of it.
//
// Money and quantities are Decimal, never float64, and the marketplaces'
// time layouts are read by Time, which writes each instant back in the
// layout it was read in.
package event
