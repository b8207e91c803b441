package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/clazarevents/sdk-go/internal/jsondec"
	"github.com/clazarevents/sdk-go/internal/jsonscan"
	"github.com/clazarevents/sdk-go/topics"
)

// Origin says who initiated the change behind an event.
type Origin string

// The documented origins.
const (
	OriginClazar Origin = "Clazar"
	OriginAWS    Origin = "AWS"
	OriginAzure  Origin = "Azure"
	OriginGCP    Origin = "GCP"
	OriginUser   Origin = "User"
)

// Suborigin says what caused an event.
type Suborigin string

// The documented suborigins.
const (
	SuboriginSNS           Suborigin = "SNS"
	SuboriginRegistration  Suborigin = "Registration"
	SuboriginDailyBusiness Suborigin = "Daily Business"
	SuboriginDisbursements Suborigin = "Disbursements"
	SuboriginPrivateOffers Suborigin = "Private Offers"
	SuboriginListings      Suborigin = "Listings"
	SuboriginBilledRevenue Suborigin = "Billed Revenue"
	SuboriginLandingPage   Suborigin = "Landing Page"
	SuboriginUser          Suborigin = "User"
	SuboriginWebhook       Suborigin = "Webhook"
	SuboriginPubSub        Suborigin = "Pub/Sub"

	// SuboriginEventBridge marks an event that Amazon EventBridge
	// delivered, such as an AWS Marketplace agreement event: its Event has
	// an EventBridge envelope.
	SuboriginEventBridge Suborigin = "EventBridge"
)

// Event is one delivery from Clazar, or one event that Amazon EventBridge
// delivers: the envelope, with the topic's metadata kept as raw JSON until
// Decode or DecodeAs types it.
//
// Its JSON form, written by MarshalJSON, is the SDK's canonical delivery:
// the keys id, topic, origin, suborigin, text, description, timestamp
// (RFC 3339, or null when unknown) and metadata, in that order. An event
// with an EventBridge envelope is written back as EventBridge writes it
// instead (see EventBridge). UnmarshalJSON reads any form that Parse reads.
type Event struct {
	// ID is the envelope's event id, or "" if the delivery has none.
	ID string
	// Topic names what happened, such as topics.AWSContractCreated. It may
	// be a topic that this SDK does not know yet.
	Topic topics.Topic
	// Origin says who initiated the change: Clazar, the marketplace or a
	// user.
	Origin Origin
	// Suborigin says what caused the event, such as SuboriginSNS.
	Suborigin Suborigin
	// Text is the event's title, such as "Contract Renewed".
	Text string
	// Description is the event's description, its template filled in, such
	// as "Listing Acme Analytics is submitted to Clazar."
	Description string
	// Timestamp is when the event occurred, or the zero time if the
	// delivery does not say.
	Timestamp time.Time
	// Metadata is the topic's metadata as raw JSON: an object, or nil when
	// the delivery has none or null. Decode and DecodeAs type it. For an
	// EventBridge event it is the event's detail.
	Metadata json.RawMessage

	// EventBridge is the rest of the envelope of an event that Amazon
	// EventBridge delivered, and nil for a Clazar delivery.
	EventBridge *EventBridge
}

// EventBridge holds the members of an Amazon EventBridge event's envelope
// that have no place in a Clazar delivery. The others are in the Event:
//
//	id            Event.ID
//	time          Event.Timestamp
//	detail        Event.Metadata
//	source and    Event.Topic, by topics.EventBridge, with Origin AWS and
//	detail-type   Suborigin EventBridge
type EventBridge struct {
	// Version is the envelope's version, "0" in every event AWS documents.
	Version string

	// Source names the service that sent the event, such as
	// "aws.marketplacecatalog" or "aws.agreement-marketplace".
	Source string

	// DetailType names the kind of event, such as "Change Set Succeeded"
	// or "License Updated - Manufacturer".
	DetailType string

	// Account is the 12-digit id of the AWS account whose event bus
	// received the event.
	Account string

	// Region is the AWS Region of the event, such as "us-east-1".
	Region string

	// Resources lists the ARNs of the resources the event concerns, such
	// as an offer, a change set or an agreement, or is nil if the event
	// lists none.
	Resources []string
}

// The envelope fields, and the keys each is read from, in order of
// preference. Keys are compared folded: lower case, without '_' and '-'.
const (
	fieldID = iota
	fieldTopic
	fieldOrigin
	fieldSuborigin
	fieldText
	fieldDescription
	fieldTimestamp
	fieldMetadata
	fieldVersion
	fieldSource
	fieldDetailType
	fieldAccount
	fieldRegion
	fieldResources
	fieldDetail
	numFields
)

type alias struct {
	field int
	rank  int
}

// lookupAlias returns the field a folded key names and the key's rank
// among that field's aliases. It runs for every member of every envelope:
// a switch on the key itself, which the compiler turns into a branch on
// its length and comparisons with the constants inline, neither hashing
// the key nor calling out to compare it.
func lookupAlias(k []byte) (alias, bool) {
	var a alias
	switch string(k) {
	case "id":
		a = alias{fieldID, 0}
	case "eventid":
		a = alias{fieldID, 1}
	case "topic":
		a = alias{fieldTopic, 0}
	case "eventtype":
		a = alias{fieldTopic, 1}
	case "type":
		a = alias{fieldTopic, 2}
	case "origin":
		a = alias{fieldOrigin, 0}
	case "suborigin":
		a = alias{fieldSuborigin, 0}
	case "text":
		a = alias{fieldText, 0}
	case "description":
		a = alias{fieldDescription, 0}
	case "timestamp":
		a = alias{fieldTimestamp, 0}
	case "createdat":
		a = alias{fieldTimestamp, 1}
	case "time":
		a = alias{fieldTimestamp, 2}
	case "occurredat":
		a = alias{fieldTimestamp, 3}
	case "metadata":
		a = alias{fieldMetadata, 0}
	case "data":
		a = alias{fieldMetadata, 1}
	case "payload":
		a = alias{fieldMetadata, 2}
	case "version":
		a = alias{fieldVersion, 0}
	case "source":
		a = alias{fieldSource, 0}
	case "detailtype":
		a = alias{fieldDetailType, 0}
	case "account":
		a = alias{fieldAccount, 0}
	case "region":
		a = alias{fieldRegion, 0}
	case "resources":
		a = alias{fieldResources, 0}
	case "detail":
		a = alias{fieldDetail, 0}
	default:
		return alias{}, false
	}
	return a, true
}

// maxKey is the longest folded key that can name an envelope field.
const maxKey = 16

// Parse reads the envelope of a delivery. It does not look into the
// metadata beyond checking that it is a JSON object or null; Decode and
// DecodeAs type it.
//
// Because the exact key spelling of Clazar's delivery body is not public,
// Parse is tolerant. Keys match case-insensitively with '_' and '-' ignored,
// so "sub_origin", "subOrigin" and "SubOrigin" all read the suborigin, and
// each field has aliases, of which the first present wins:
//
//	id          id, event_id (a string or a number)
//	topic       topic, event_type, type
//	suborigin   suborigin, sub_origin
//	metadata    metadata, data, payload
//	timestamp   timestamp, created_at, time, occurred_at
//
// The timestamp may be in any layout that Time reads. Keys Parse does not
// know are ignored. A topic that no package registers is not an error, so
// that events of topics added later still reach their handlers.
//
// A body with a detail-type and a source and no topic is an Amazon
// EventBridge event, such as AWS Marketplace sends: its topic is
// topics.EventBridge(source, detail-type), its metadata is its detail, its
// Origin is OriginAWS and its Suborigin SuboriginEventBridge, and the rest
// of its envelope is in e.EventBridge.
//
// Parse returns an error wrapping ErrMalformed if data is not a JSON
// object, has no topic, has one key twice (after folding), has both a topic
// and an EventBridge detail-type, or has a field of the wrong JSON kind.
// The Event does not keep data.
func Parse(data []byte) (*Event, error) {
	return parse(data, nil, nil, nil)
}

// A fused holds, for parse, the metadata decoded in the same pass as the
// envelope, and what it was decoded for.
type fused struct {
	topic topics.Topic // the topic as it was known at the metadata
	field int          // the envelope field of the member decoded
	at    int          // the index of its value in the body
	m     Metadata
	err   error // of decoding; m is nil
	// chosen is the index of the value the envelope's metadata was read
	// from, or -1; parse sets it.
	chosen int
	// clazar and eventBridge are the topic of a Clazar delivery or an
	// EventBridge event as the metadata's pass found it, for the envelope
	// to reuse.
	clazar      clazarTopic
	eventBridge eventBridgeTopic
	// inPlace makes the Event's Metadata a slice of the body rather than
	// a copy.
	inPlace bool
}

// A clazarTopic is the topic of a Clazar delivery, with the raw value it
// was read from.
type clazarTopic struct {
	raw   []byte // nil until set
	topic string
}

// of returns the topic that the raw topic value holds, read from key.
func (c *clazarTopic) of(key, raw []byte) (string, error) {
	if c.raw != nil && same(c.raw, raw) {
		return c.topic, nil
	}
	t, err := stringField(key, raw, knownTopics)
	if err == nil && raw != nil {
		*c = clazarTopic{raw, t}
	}
	return t, err
}

// An eventBridgeTopic is the topic of an EventBridge event, with the
// strings of the source and detail-type values it was derived from.
type eventBridgeTopic struct {
	src, dt            []byte // the raw values, nil until set
	source, detailType string
	topic              topics.Topic
}

// of returns the strings and topic of the raw source and detail-type
// values src and dt, deriving them unless they are those c holds. ok is
// false if either is not a non-empty string.
func (c *eventBridgeTopic) of(src, dt []byte) (source, detailType string, topic topics.Topic, ok bool) {
	if c.holds(src, dt) {
		return c.source, c.detailType, c.topic, true
	}
	source, err1 := stringField(nil, src, nil)
	detailType, err2 := stringField(nil, dt, nil)
	if err1 != nil || err2 != nil || source == "" || detailType == "" {
		return "", "", "", false
	}
	*c = eventBridgeTopic{src, dt, source, detailType, topics.EventBridge(source, detailType)}
	return c.source, c.detailType, c.topic, true
}

// holds reports whether c was derived from the raw values src and dt.
func (c *eventBridgeTopic) holds(src, dt []byte) bool {
	return c.src != nil && same(c.src, src) && same(c.dt, dt)
}

// same reports whether a and b are one slice of the same bytes.
func same(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// decodeMember decodes the metadata value at data[i] into the value newFor
// gives for the topic known so far, and returns the index just past it, or
// -1 if it is not valid JSON. If newFor gives none, it only checks the
// value; if decoding fails before the value's end, it keeps the error and
// checks the rest.
func (f *fused) decodeMember(data []byte, i, field int, topic topics.Topic, newFor func(topics.Topic) Metadata) int {
	f.m, f.err, f.topic, f.field, f.at = nil, nil, topic, field, i
	m := newFor(topic)
	if m == nil {
		f.at = -1
		return jsonscan.ScanMember(data, i)
	}
	end, err := jsondec.DecodeAt(data, i, 1, m, false)
	switch {
	case err == nil:
		f.m = m
		return end
	case errors.Is(err, jsondec.ErrSyntax):
		return -1
	}
	f.err = err
	return jsonscan.ScanMember(data, i) // the rest of the value is still to check
}

// result returns the metadata of e decoded in the pass, if it was decoded
// for e's topic from the member e's metadata was read from, and otherwise
// decodes it now; validated in either case.
func (f *fused) result(e *Event, field, at int, newFor func(topics.Topic) Metadata) (Metadata, error) {
	if f.field != field || f.at != at || f.topic != e.Topic {
		m := newFor(e.Topic)
		if m == nil {
			return nil, nil
		}
		if err := e.decodeInto(m, false); err != nil {
			return nil, err
		}
		return m, nil
	}
	if f.err != nil {
		return nil, fmt.Errorf("%w: %s metadata: %w", ErrMalformed, e.Topic, f.err)
	}
	if err := validate(f.m, e.payloadName()); err != nil {
		return nil, err
	}
	return f.m, nil
}

// topicSoFar returns the topic that the envelope members read so far name,
// or "" if they name none yet.
func (f *fused) topicSoFar(values *[numFields][]byte, eventBridge bool) topics.Topic {
	if !eventBridge {
		t, err := f.clazar.of(nil, values[fieldTopic])
		if err != nil {
			return ""
		}
		return topics.Topic(t)
	}
	_, _, t, _ := f.eventBridge.of(values[fieldSource], values[fieldDetailType])
	return t
}

// ParseAs reads the envelope of a delivery as Parse does and types its
// metadata as T, validated, as DecodeAs does, in one pass over data: the
// metadata is decoded as it is checked, rather than checked by Parse and
// then read again. That pass is taken when the envelope names its topic
// before its metadata, as Clazar and Amazon EventBridge write it; otherwise
// ParseAs decodes the metadata after the envelope, with the same result.
//
// If the envelope cannot be read, ParseAs returns Parse's error and a nil
// Event. If the metadata cannot be typed, it returns the Event with
// DecodeAs's error, so that a receiver can tell a body that is not an event
// from an event whose metadata is at fault.
func ParseAs[T Metadata](data []byte) (*Event, *T, error) {
	var (
		zero T
		want = zero.Topic()
	)
	e, m, err := ParseFor(data, func(t topics.Topic) Metadata {
		if t != want {
			return nil
		}
		return any(new(T)).(Metadata)
	})
	switch {
	case e == nil || err != nil:
		return e, nil, err
	case m == nil:
		return e, nil, fmt.Errorf("%w: event has topic %q, %T is for %q", ErrTopicMismatch, e.Topic, zero, want)
	}
	return e, any(m).(*T), nil
}

// ParseFor reads the envelope of a delivery as Parse does and, if newFor
// returns a value for its topic (a pointer to a new metadata struct),
// decodes the metadata into it and validates it, in one pass over data, as
// ParseAs does. Webhook receivers and other dispatchers that choose the
// type by topic use it; newFor may return nil for a topic whose metadata is
// not wanted, and is called at most twice per call, for the topic as it is
// known when the metadata is reached and for the envelope's topic.
//
// Its errors are those of ParseAs: with a nil Event if the envelope cannot
// be read, with the Event if its metadata cannot be typed.
func ParseFor(data []byte, newFor func(topics.Topic) Metadata) (*Event, Metadata, error) {
	return parseFor(data, newFor, false)
}

// parseFor is ParseFor, or with inPlace ParseForNoCopy.
func parseFor(data []byte, newFor func(topics.Topic) Metadata, inPlace bool) (*Event, Metadata, error) {
	f := fused{field: -1, at: -1, inPlace: inPlace}
	e, err := parse(data, newFor, &f, nil)
	if err != nil {
		return nil, nil, err
	}
	m, err := f.result(e, metadataField(e), f.chosen, newFor)
	if err != nil {
		return e, nil, err
	}
	return e, m, nil
}

// ParseForNoCopy is ParseFor without the copy of the metadata: the Event's
// Metadata is a slice of data, which the caller must not modify while the
// Event is in use. A receiver that reads each body into a buffer of its
// own, as the webhook Handler does, saves the copy with it; one that reuses
// its buffer, as a bufio.Scanner does, needs ParseFor.
func ParseForNoCopy(data []byte, newFor func(topics.Topic) Metadata) (*Event, Metadata, error) {
	return parseFor(data, newFor, true)
}

// parse is Parse, which also sets keys, if not nil, to the key each field
// was read from, as it appears in data, quoted (nil for a field absent).
// With newFor, it decodes the metadata in the same pass, as ParseFor does,
// leaving the result in f.
func parse(data []byte, newFor func(topics.Topic) Metadata, f *fused, keys *[numFields][]byte) (*Event, error) {
	var (
		values [numFields][]byte
		ranks  [numFields]int
		local  [numFields][]byte
		dups   [numFields][]byte
		starts [numFields]int // of values, for f
		// idPlain reports that the id is a string whose text is its
		// bytes, as the pass found it.
		idPlain bool
	)
	if keys == nil {
		keys = &local
	}
	// One pass checks the body and reads its members.
	isObject, valid := jsonscan.ValidObject(data, func(key []byte, i int) int {
		// Most keys are written folded already: look them up as they are
		// first.
		a, ok := lookupAlias(key[1 : len(key)-1])
		if !ok {
			var buf [maxKey]byte
			folded, short := foldKey(buf[:0], key)
			if short {
				a, ok = lookupAlias(folded)
			}
		}
		if !ok {
			return jsonscan.ScanMember(data, i)
		}
		better := values[a.field] == nil || a.rank < ranks[a.field]
		var (
			end   int
			plain bool // of an id that is a string
		)
		switch eventBridge := values[fieldDetailType] != nil; {
		case newFor != nil && better && (a.field == fieldMetadata && !eventBridge || a.field == fieldDetail && eventBridge):
			if t := f.topicSoFar(&values, eventBridge); t != "" {
				end = f.decodeMember(data, i, a.field, t, newFor)
				break
			}
			fallthrough
		default:
			if a.field == fieldID && data[i] == '"' {
				end, plain = jsonscan.ScanString(data, i)
				break
			}
			end = jsonscan.ScanMember(data, i)
		}
		if end < 0 {
			return end
		}
		if values[a.field] != nil && ranks[a.field] == a.rank && dups[a.field] == nil {
			dups[a.field] = key
		}
		if better {
			values[a.field], ranks[a.field], keys[a.field], starts[a.field] = data[i:end], a.rank, key, i
			if a.field == fieldID {
				idPlain = plain
			}
		}
		return end
	})
	if !valid {
		var raw json.RawMessage
		err := json.Unmarshal(data, &raw)
		*keys = [numFields][]byte{}
		return nil, fmt.Errorf("%w: not JSON: %w", ErrMalformed, err) // no keys read from what is not JSON
	}
	if !isObject {
		return nil, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	eventBridge := values[fieldDetailType] != nil
	if eventBridge && values[fieldTopic] != nil {
		return nil, fmt.Errorf("%w: both %s and %s: a Clazar delivery or an EventBridge event, not both", ErrMalformed, keys[fieldTopic], keys[fieldDetailType])
	}
	used := clazarFields
	if eventBridge {
		used = eventBridgeFields
	}
	for _, f := range used {
		if dups[f] != nil {
			return nil, fmt.Errorf("%w: key %s appears more than once", ErrMalformed, dups[f])
		}
	}
	e := new(Event)
	var err error
	if e.ID, err = idField(keys[fieldID], values[fieldID], idPlain); err != nil {
		return nil, err
	}
	if eventBridge {
		var known *eventBridgeTopic
		if f != nil {
			known = &f.eventBridge
		}
		err = e.readEventBridge(&values, keys, known)
	} else {
		var known *clazarTopic
		if f != nil {
			known = &f.clazar
		}
		err = e.readClazar(&values, keys, known)
	}
	if err != nil {
		return nil, err
	}
	if v := values[fieldTimestamp]; v != nil {
		t, err := timeField(v)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrMalformed, keys[fieldTimestamp], err)
		}
		e.Timestamp = t.Time
	}
	metadata := metadataField(e)
	if newFor != nil {
		f.chosen = -1
		if values[metadata] != nil {
			f.chosen = starts[metadata]
		}
	}
	if v := values[metadata]; v != nil {
		switch jsonscan.KindOf(v) {
		case jsonscan.Null:
		case jsonscan.Object:
			if f != nil && f.inPlace {
				e.Metadata = v
			} else {
				e.Metadata = bytes.Clone(v)
			}
		default:
			return nil, wrongKind(keys[metadata], v, "an object")
		}
	}
	return e, nil
}

// metadataField is the envelope field that holds e's metadata.
func metadataField(e *Event) int {
	if e.EventBridge != nil {
		return fieldDetail
	}
	return fieldMetadata
}

// The fields that each form of envelope reads.
var (
	clazarFields      = []int{fieldID, fieldTopic, fieldOrigin, fieldSuborigin, fieldText, fieldDescription, fieldTimestamp, fieldMetadata}
	eventBridgeFields = []int{fieldID, fieldTimestamp, fieldVersion, fieldSource, fieldDetailType, fieldAccount, fieldRegion, fieldResources, fieldDetail}
)

// readClazar reads the string fields of a Clazar delivery, taking the
// topic from known, if not nil, when known was read from the same value.
func (e *Event) readClazar(values, keys *[numFields][]byte, known *clazarTopic) error {
	if known == nil {
		known = new(clazarTopic)
	}
	topic, err := known.of(keys[fieldTopic], values[fieldTopic])
	if err != nil {
		return err
	}
	origin, err := stringField(keys[fieldOrigin], values[fieldOrigin], knownOrigins)
	if err != nil {
		return err
	}
	suborigin, err := stringField(keys[fieldSuborigin], values[fieldSuborigin], knownSuborigins)
	if err != nil {
		return err
	}
	if e.Text, err = stringField(keys[fieldText], values[fieldText], nil); err != nil {
		return err
	}
	if e.Description, err = stringField(keys[fieldDescription], values[fieldDescription], nil); err != nil {
		return err
	}
	e.Topic, e.Origin, e.Suborigin = topics.Topic(topic), Origin(origin), Suborigin(suborigin)
	if e.Topic == "" {
		return fmt.Errorf("%w: no topic", ErrMalformed)
	}
	return nil
}

// readEventBridge reads the envelope of an EventBridge event and derives
// its topic, or takes it from known, if not nil, when known was derived
// from the same source and detail-type values.
func (e *Event) readEventBridge(values, keys *[numFields][]byte, known *eventBridgeTopic) error {
	eb := new(EventBridge)
	if known != nil && known.holds(values[fieldSource], values[fieldDetailType]) {
		eb.Source, eb.DetailType, e.Topic = known.source, known.detailType, known.topic
	}
	strs := [...]struct {
		field int
		dst   *string
	}{
		{fieldVersion, &eb.Version},
		{fieldSource, &eb.Source},
		{fieldDetailType, &eb.DetailType},
		{fieldAccount, &eb.Account},
		{fieldRegion, &eb.Region},
	}
	var err error
	for _, f := range strs {
		if *f.dst != "" {
			continue // from known
		}
		if *f.dst, err = stringField(keys[f.field], values[f.field], nil); err != nil {
			return err
		}
	}
	switch {
	case eb.DetailType == "":
		return fmt.Errorf("%w: EventBridge event has no detail-type", ErrMalformed)
	case eb.Source == "":
		return fmt.Errorf("%w: EventBridge event has no source", ErrMalformed)
	}
	if e.Topic == "" {
		e.Topic = topics.EventBridge(eb.Source, eb.DetailType)
	}
	if e.Topic == "" {
		return fmt.Errorf("%w: EventBridge source %q and detail-type %q name no topic", ErrMalformed, eb.Source, eb.DetailType)
	}
	if v := values[fieldResources]; v != nil {
		if eb.Resources, err = stringsField(keys[fieldResources], v); err != nil {
			return err
		}
	}
	e.Origin, e.Suborigin, e.EventBridge = OriginAWS, SuboriginEventBridge, eb
	return nil
}

// stringsField reads an array of strings or null; an empty array is nil.
func stringsField(key, v []byte) ([]string, error) {
	if jsonscan.KindOf(v) == jsonscan.Null {
		return nil, nil
	}
	list := []string{}
	bad := false
	ok := jsonscan.Elements(v, func(elem []byte) {
		if jsonscan.KindOf(elem) != jsonscan.String {
			bad = true
			return
		}
		list = append(list, jsonscan.Str(elem))
	})
	if !ok || bad {
		return nil, wrongKind(key, v, "an array of strings")
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}

// foldKey appends the raw JSON key to dst in lower case without '_' and
// '-', reporting false for a key too long to name an envelope field.
func foldKey(dst, key []byte) ([]byte, bool) {
	return fold(dst, key[1:len(key)-1], key)
}

// fold appends s to dst folded as foldKey folds. raw is the quoted key
// that s is the text of, unescaped at the first backslash, or nil when s
// is unescaped already.
func fold(dst, s, raw []byte) ([]byte, bool) {
	for _, c := range s {
		switch {
		case c == '\\' && raw != nil:
			return fold(dst[:0], []byte(jsonscan.Str(raw)), nil)
		case c == '_' || c == '-':
		case len(dst) == cap(dst):
			return nil, false
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		default:
			dst = append(dst, c)
		}
	}
	return dst, true
}

func wrongKind(key, value []byte, want string) error {
	return fmt.Errorf("%w: %s must be %s, got %s", ErrMalformed, key, want, jsonscan.KindOf(value))
}

// stringField reads a string or null. A string that common holds is not
// allocated; common may be nil.
func stringField(key, v []byte, common internTable) (string, error) {
	switch jsonscan.KindOf(v) {
	case jsonscan.Invalid, jsonscan.Null: // absent or null
		return "", nil
	case jsonscan.String:
		if s, ok := common.lookup(v); ok {
			return s, nil
		}
		return jsonscan.Str(v), nil
	}
	return "", wrongKind(key, v, "a string")
}

// An internTable holds strings by length, so that finding the one whose
// text a JSON string holds takes a comparison or two and no hashing.
type internTable [][]string

func newInternTable[S ~string](list []S) internTable {
	var t internTable
	for _, s := range list {
		for len(t) <= len(s) {
			t = append(t, nil)
		}
		t[len(s)] = append(t[len(s)], string(s))
	}
	return t
}

// lookup returns the string of t whose JSON form is quoted. A JSON string
// with an escape is never found, as none of the strings needs one.
func (t internTable) lookup(quoted []byte) (string, bool) {
	text := quoted[1 : len(quoted)-1]
	if len(text) >= len(t) {
		return "", false
	}
	for _, s := range t[len(text)] {
		if string(text) == s {
			return s, true
		}
	}
	return "", false
}

// The topics, origins and suborigins that Clazar documents.
var (
	knownTopics     = newInternTable(topics.All())
	knownOrigins    = newInternTable([]Origin{OriginClazar, OriginAWS, OriginAzure, OriginGCP, OriginUser})
	knownSuborigins = newInternTable([]Suborigin{SuboriginSNS, SuboriginRegistration, SuboriginDailyBusiness, SuboriginDisbursements,
		SuboriginPrivateOffers, SuboriginListings, SuboriginBilledRevenue, SuboriginLandingPage, SuboriginUser,
		SuboriginWebhook, SuboriginPubSub})
)

// idField reads a string, a number (kept as written) or null; plain
// reports that v is a string whose text is its bytes, as ScanString found
// it, to be copied out as it is.
func idField(key, v []byte, plain bool) (string, error) {
	switch {
	case plain:
		return string(v[1 : len(v)-1]), nil
	case jsonscan.KindOf(v) == jsonscan.Number:
		return string(v), nil
	}
	s, err := stringField(key, v, nil)
	if err != nil {
		return "", wrongKind(key, v, "a string or a number")
	}
	return s, nil
}

// timeField reads a time string, a Unix number or null.
func timeField(v []byte) (Time, error) {
	switch jsonscan.KindOf(v) {
	case jsonscan.Null:
		return Time{}, nil
	case jsonscan.String:
		if t, ok := parseCommon(v[1 : len(v)-1]); ok {
			return t, nil
		}
		return ParseTime(jsonscan.Str(v))
	case jsonscan.Number:
		return parseUnix(string(v))
	}
	return Time{}, fmt.Errorf("must be a string or a number, got %s", jsonscan.KindOf(v))
}

// MarshalJSON writes the canonical delivery. Metadata must be valid JSON or
// empty (written as null). An event with an EventBridge envelope is written
// as EventBridge writes it: the keys version, id, detail-type, source,
// account, time, region, resources and detail, in that order.
func (e *Event) MarshalJSON() ([]byte, error) {
	if e.EventBridge != nil {
		return e.marshalEventBridge(), nil
	}
	b := make([]byte, 0, 160+len(e.Metadata)+len(e.Text)+len(e.Description))
	b = append(b, `{"id":`...)
	b = appendString(b, e.ID)
	b = append(b, `,"topic":`...)
	b = appendString(b, string(e.Topic))
	b = append(b, `,"origin":`...)
	b = appendString(b, string(e.Origin))
	b = append(b, `,"suborigin":`...)
	b = appendString(b, string(e.Suborigin))
	b = append(b, `,"text":`...)
	b = appendString(b, e.Text)
	b = append(b, `,"description":`...)
	b = appendString(b, e.Description)
	b = append(b, `,"timestamp":`...)
	b = appendTime(b, e.Timestamp)
	b = append(b, `,"metadata":`...)
	b = appendRaw(b, e.Metadata)
	return append(b, '}'), nil
}

func (e *Event) marshalEventBridge() []byte {
	eb := e.EventBridge
	b := make([]byte, 0, 200+len(e.Metadata))
	b = append(b, `{"version":`...)
	b = appendString(b, eb.Version)
	b = append(b, `,"id":`...)
	b = appendString(b, e.ID)
	b = append(b, `,"detail-type":`...)
	b = appendString(b, eb.DetailType)
	b = append(b, `,"source":`...)
	b = appendString(b, eb.Source)
	b = append(b, `,"account":`...)
	b = appendString(b, eb.Account)
	b = append(b, `,"time":`...)
	b = appendTime(b, e.Timestamp)
	b = append(b, `,"region":`...)
	b = appendString(b, eb.Region)
	b = append(b, `,"resources":[`...)
	for i, r := range eb.Resources {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, r)
	}
	b = append(b, `],"detail":`...)
	b = appendRaw(b, e.Metadata)
	return append(b, '}')
}

// appendTime appends t in RFC 3339, or null for the zero time.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendRaw appends raw JSON, or null when it is empty.
func appendRaw(b []byte, raw json.RawMessage) []byte {
	if len(raw) == 0 {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

// UnmarshalJSON reads any form that Parse reads.
func (e *Event) UnmarshalJSON(data []byte) error {
	p, err := Parse(data)
	if err != nil {
		return err
	}
	*e = *p
	return nil
}

// appendString appends s as a JSON string. HTML characters are left to the
// encoder: json.Marshal escapes them, and an Encoder does unless told not
// to with SetEscapeHTML(false).
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s) // a string always encodes
			return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
