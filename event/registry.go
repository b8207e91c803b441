package event

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/clazarevents/sdk-go/internal/jsondec"
	"github.com/clazarevents/sdk-go/topics"
)

// Metadata is implemented by every typed metadata struct, with a value
// receiver, so that the Go type itself names its topic:
//
//	func (ContractCreated) Topic() topics.Topic { return topics.AWSContractCreated }
type Metadata interface {
	Topic() topics.Topic
}

// A Spec is the registry's entry for one topic: what Clazar documents of it
// and how to make its metadata type. Origin and Suborigin are empty where
// the documentation is silent.
type Spec struct {
	// Topic is the topic the Spec describes.
	Topic topics.Topic
	// Origin is the documented origin, or "".
	Origin Origin
	// Suborigin is the documented suborigin, or "".
	Suborigin Suborigin
	// Text is the event's title, such as "Contract Renewed", or "".
	Text string
	// Description is the description template, such as "Listing
	// {listing-title} is submitted to Clazar.", or "".
	Description string
	// Summary says what triggers the event, in one line.
	Summary string

	// Source and DetailType are the EventBridge source and detail type of
	// an event that Amazon EventBridge delivers, such as
	// "aws.marketplacecatalog" and "Change Set Succeeded", and empty for a
	// Clazar topic. Topic is then topics.EventBridge(Source, DetailType).
	Source     string
	DetailType string

	// New returns a pointer to a new zero value of the topic's metadata
	// type, such as &aws.ContractCreated{}.
	New func() Metadata
}

// Type returns the metadata struct type, such as aws.ContractCreated.
func (s Spec) Type() reflect.Type { return reflect.TypeOf(s.New()).Elem() }

// SpecFor completes s for the metadata type T: it sets s.Topic from T and
// s.New to allocate a T. Marketplace packages build their tables with it.
func SpecFor[T Metadata](s Spec) Spec {
	var zero T
	s.Topic = zero.Topic()
	s.New = func() Metadata { return any(new(T)).(Metadata) }
	return s
}

var registry struct {
	mu     sync.Mutex
	sealed atomic.Bool
	byName map[topics.Topic]Spec
	sorted []Spec
}

// Register adds specs to the topic registry. The marketplace packages call
// it from their init functions, as image/png registers its format, so that
// importing a package makes its topics known; importing the webhook
// package imports all three.
//
// Registration belongs to package initialisation: the first read of the
// registry (Lookup, Specs, Decode) seals it, and Register panics after
// that. It also panics on a spec without a topic or a New function, on a
// New whose metadata names another topic, on an EventBridge source and
// detail type that name another topic, and on a topic registered twice.
func Register(specs ...Spec) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if registry.sealed.Load() {
		panic("event: Register called after the registry was first read; register during package initialisation")
	}
	if registry.byName == nil {
		registry.byName = make(map[topics.Topic]Spec)
	}
	for _, s := range specs {
		switch {
		case s.Topic == "" || s.New == nil:
			panic(fmt.Sprintf("event: Register: spec %q needs a topic and a New function", s.Topic))
		case s.New().Topic() != s.Topic:
			panic(fmt.Sprintf("event: Register: spec %q makes metadata of topic %q", s.Topic, s.New().Topic()))
		case reflect.TypeOf(s.New()).Kind() != reflect.Pointer:
			panic(fmt.Sprintf("event: Register: spec %q: New must return a pointer", s.Topic))
		case (s.Source != "" || s.DetailType != "") && topics.EventBridge(s.Source, s.DetailType) != s.Topic:
			panic(fmt.Sprintf("event: Register: spec %q: EventBridge source %q and detail-type %q name topic %q", s.Topic, s.Source, s.DetailType, topics.EventBridge(s.Source, s.DetailType)))
		}
		if _, dup := registry.byName[s.Topic]; dup {
			panic(fmt.Sprintf("event: Register: topic %q registered twice", s.Topic))
		}
		registry.byName[s.Topic] = s
		registry.sorted = append(registry.sorted, s)
	}
	slices.SortFunc(registry.sorted, func(a, b Spec) int { return strings.Compare(string(a.Topic), string(b.Topic)) })
}

// seal makes the registry read-only; reads after it need no lock.
func seal() {
	if !registry.sealed.Load() {
		registry.mu.Lock()
		registry.sealed.Store(true)
		registry.mu.Unlock()
	}
}

// Lookup returns the Spec registered for topic t.
func Lookup(t topics.Topic) (Spec, bool) {
	seal()
	s, ok := registry.byName[t]
	return s, ok
}

// marketplacePackages names the package that registers the topics of each
// documented marketplace.
var marketplacePackages = map[topics.Marketplace]string{
	topics.AWS:   "github.com/clazarevents/sdk-go/aws",
	topics.Azure: "github.com/clazarevents/sdk-go/azure",
	topics.GCP:   "github.com/clazarevents/sdk-go/gcp",
}

// unknownTopic is the error of decoding topic t, which no Spec owns. When
// t belongs to a documented marketplace of which no topic is registered,
// its package is not linked into the program, and the message says which
// package to import. The registry is sealed, as Lookup found no Spec.
func unknownTopic(t topics.Topic) error {
	m := t.Marketplace()
	pkg, documented := marketplacePackages[m]
	if documented && !slices.ContainsFunc(registry.sorted, func(s Spec) bool { return s.Topic.Marketplace() == m }) {
		return fmt.Errorf("%w: %q: package %s is not imported; importing it registers the %s topics", ErrUnknownTopic, t, pkg, m)
	}
	return fmt.Errorf("%w: %q", ErrUnknownTopic, t)
}

// Specs returns every registered Spec, sorted by topic.
func Specs() []Spec {
	seal()
	return slices.Clone(registry.sorted)
}

// Decode types e's metadata as its topic's registered metadata type and
// validates it. It returns a pointer, such as *aws.ContractCreated. Keys of
// the metadata that the type does not know are ignored, since the sender
// may add fields.
//
// The error wraps ErrUnknownTopic if no registered Spec owns the topic (its
// message names the package to import when the topic is of a marketplace
// none of whose topics is registered, such as gcp.contract.activated in a
// program that does not import package gcp), and ErrMalformed if the
// metadata does not decode; it is a *ValidationError if the decoded
// metadata fails validation.
func (e *Event) Decode() (Metadata, error) {
	return e.decode(false)
}

// DecodeStrict is like Decode, but a metadata key that the type does not
// know is an error wrapping ErrMalformed. It suits tests of fixtures and of
// senders, where a misspelled key must not hide.
func (e *Event) DecodeStrict() (Metadata, error) {
	return e.decode(true)
}

func (e *Event) decode(strict bool) (Metadata, error) {
	s, ok := Lookup(e.Topic)
	if !ok {
		return nil, unknownTopic(e.Topic)
	}
	m := s.New()
	if err := e.decodeInto(m, strict); err != nil {
		return nil, err
	}
	return m, nil
}

// DecodeAs types e's metadata as T, which must be the metadata type of e's
// topic, and validates it:
//
//	m, err := event.DecodeAs[aws.ContractCreated](e)
//
// The error wraps ErrTopicMismatch if T names another topic, and otherwise
// is as Decode's.
func DecodeAs[T Metadata](e *Event) (*T, error) {
	m := new(T)
	if want := (*m).Topic(); want != e.Topic {
		return nil, fmt.Errorf("%w: event has topic %q, %T is for %q", ErrTopicMismatch, e.Topic, *m, want)
	}
	if err := e.decodeInto(any(m).(Metadata), false); err != nil {
		return nil, err
	}
	return m, nil
}

// decodeInto decodes e's metadata into m, a new value, and validates it.
// jsondec checks the metadata as it decodes it, so metadata that Parse has
// already checked is not scanned a second time beforehand; an Event built
// by hand with metadata that is not JSON still fails, and its error says
// so.
func (e *Event) decodeInto(m Metadata, strict bool) error {
	if len(e.Metadata) > 0 && string(e.Metadata) != "null" {
		if err := jsondec.Unmarshal(e.Metadata, m, strict); err != nil {
			if _, ok := err.(*json.SyntaxError); ok {
				return fmt.Errorf("%w: %s metadata is not JSON: %w", ErrMalformed, e.Topic, err)
			}
			return fmt.Errorf("%w: %s metadata: %w", ErrMalformed, e.Topic, err)
		}
	}
	return validate(m, e.payloadName())
}

// payloadName is the envelope member that holds e's metadata, where the
// paths of validation errors start: "detail" for an EventBridge event,
// "metadata" for a Clazar delivery.
func (e *Event) payloadName() string {
	if e.EventBridge != nil {
		return "detail"
	}
	return "metadata"
}
