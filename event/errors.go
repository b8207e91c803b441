package event

import (
	"errors"
	"strings"

	"github.com/clazarevents/sdk-go/topics"
)

// Errors reported by Parse, Decode and DecodeAs. They are wrapped with
// detail; test for them with errors.Is.
var (
	// ErrMalformed reports a delivery or metadata that is not JSON, not an
	// object, has no topic, or has a field of the wrong JSON kind.
	ErrMalformed = errors.New("event: malformed")

	// ErrUnknownTopic reports a topic that no registered Spec owns, from
	// Decode. Parse accepts unknown topics so that new ones survive. A
	// topic of AWS, Azure or GCP is unknown also when its marketplace's
	// package is not imported, since importing it registers its topics;
	// the message then names the package.
	ErrUnknownTopic = errors.New("event: unknown topic")

	// ErrTopicMismatch reports a DecodeAs whose type parameter names
	// another topic than the event's.
	ErrTopicMismatch = errors.New("event: topic does not match metadata type")
)

// A FieldError is one problem found by validation: the JSON path of the
// field, such as "metadata.entitlements[0].Value", and the rule it failed,
// such as "required".
type FieldError struct {
	// Path is the JSON path of the field, from "metadata" (or "detail" for
	// an EventBridge detail).
	Path string
	// Rule is the validation rule the field failed, such as "required".
	Rule string
	// Param is the rule's parameter, if it has one.
	Param string
}

// Error returns the path and the rule, such as
// "event: metadata.product_code: required".
func (e *FieldError) Error() string {
	msg := "event: " + e.Path + ": " + e.Rule
	if e.Param != "" {
		msg += "=" + e.Param
	}
	return msg
}

// A ValidationError lists every problem found in one event's metadata,
// sorted by path and then rule. Use errors.As to get it, and errors.As with
// a *FieldError to get the first problem.
type ValidationError struct {
	// Topic is the topic of the metadata, when it has one.
	Topic topics.Topic
	// Fields lists the problems, sorted by Path and then Rule.
	Fields []*FieldError
}

// Error lists the problems in order.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("event: invalid metadata")
	if e.Topic != "" {
		b.WriteString(" for ")
		b.WriteString(string(e.Topic))
	}
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(strings.TrimPrefix(f.Error(), "event: "))
	}
	return b.String()
}

// Unwrap returns the field errors, for errors.Is and errors.As.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Fields))
	for i, f := range e.Fields {
		errs[i] = f
	}
	return errs
}
