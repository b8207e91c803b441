package aws

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/jsondec"
	"github.com/clazarevents/sdk-go/internal/jsonscan"
	"github.com/clazarevents/sdk-go/internal/meta"
)

// An Entitlement is one dimension of what a buyer is entitled to under an
// AWS contract, as AWS Marketplace's GetEntitlements reports it. The keys
// are PascalCase, as AWS spells them.
type Entitlement struct {
	// Dimension is the API name of the pricing dimension.
	Dimension string `json:"Dimension"`

	// Value is the entitled quantity or setting. Validation requires
	// exactly one member.
	Value EntitlementValue `json:"Value" validate:"exactly_one"`

	// ExpirationDate is when the entitlement ends, documented as
	// "YYYY-MM-DD HH:MM:SS" (UTC). The cancellation topic does not carry it.
	ExpirationDate event.Time `json:"ExpirationDate"`
}

// ValueKind names the member that an EntitlementValue holds. Its value is
// the member's JSON key.
type ValueKind string

// The members of an entitlement value.
const (
	IntegerKind ValueKind = "IntegerValue"
	StringKind  ValueKind = "StringValue"
	DoubleKind  ValueKind = "DoubleValue"
	BooleanKind ValueKind = "BooleanValue"
)

// An EntitlementValue is the value of an entitlement: a JSON object with
// exactly one of the members IntegerValue (an integer), StringValue (a
// string), DoubleValue (a decimal number) or BooleanValue (a boolean), such
// as {"IntegerValue": 10}.
//
// Kind reports which member it holds, and Int, Number, Double, Str and Bool
// return the member's value. The zero EntitlementValue holds no member.
//
// UnmarshalJSON reads any number of members, so that a value with none or
// several still decodes and validation reports it, by the rule
// "exactly_one", at its JSON path. A member of the wrong JSON kind, such as
// {"IntegerValue": "abc"}, is a decoding error. A member whose value is null
// counts as absent.
//
// IntegerValue and DoubleValue are kept as the digits read, which may be
// quoted, and an IntegerValue may have any number of digits: Int reports
// whether it fits an int64, and Number returns it exactly. Member keys are
// matched case-insensitively, as encoding/json matches struct fields;
// members with other keys are kept and written back by MarshalJSON.
type EntitlementValue struct {
	integer event.Decimal // IntegerValue, digits as read
	str     *string       // StringValue
	double  event.Decimal // DoubleValue, digits as read
	boolean *bool         // BooleanValue
	extra   meta.Extra    // members of other keys
}

// NewIntegerValue returns the entitlement value {"IntegerValue": n}.
func NewIntegerValue(n int64) EntitlementValue {
	return EntitlementValue{integer: event.MustDecimal(strconv.FormatInt(n, 10))}
}

// NewStringValue returns the entitlement value {"StringValue": s}.
func NewStringValue(s string) EntitlementValue {
	return EntitlementValue{str: &s}
}

// NewDoubleValue returns the entitlement value {"DoubleValue": d}, or a
// value with no member if d holds no number.
func NewDoubleValue(d event.Decimal) EntitlementValue {
	return EntitlementValue{double: d}
}

// NewBooleanValue returns the entitlement value {"BooleanValue": b}.
func NewBooleanValue(b bool) EntitlementValue {
	return EntitlementValue{boolean: &b}
}

// members returns how many of the four members v holds.
func (v EntitlementValue) members() int {
	n := 0
	for _, present := range [...]bool{v.integer.IsSet(), v.str != nil, v.double.IsSet(), v.boolean != nil} {
		if present {
			n++
		}
	}
	return n
}

// Kind returns the member v holds, or "" if it holds none or several.
func (v EntitlementValue) Kind() ValueKind {
	if v.members() != 1 {
		return ""
	}
	switch {
	case v.integer.IsSet():
		return IntegerKind
	case v.str != nil:
		return StringKind
	case v.double.IsSet():
		return DoubleKind
	}
	return BooleanKind
}

// Int returns the IntegerValue member. ok is false, and n is 0, if v has no
// IntegerValue or if it does not fit an int64; Number returns it at any
// size.
func (v EntitlementValue) Int() (n int64, ok bool) {
	if !v.integer.IsSet() {
		return 0, false
	}
	n, err := strconv.ParseInt(v.integer.String(), 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// Number returns the IntegerValue or the DoubleValue member, exactly as
// read. ok is false if v has neither, and the IntegerValue is returned if v
// has both.
func (v EntitlementValue) Number() (d event.Decimal, ok bool) {
	if v.integer.IsSet() {
		return v.integer, true
	}
	return v.double, v.double.IsSet()
}

// Double returns the DoubleValue member, exactly as read. ok is false if v
// has no DoubleValue.
func (v EntitlementValue) Double() (d event.Decimal, ok bool) {
	return v.double, v.double.IsSet()
}

// Str returns the StringValue member. ok is false if v has no StringValue.
func (v EntitlementValue) Str() (s string, ok bool) {
	if v.str == nil {
		return "", false
	}
	return *v.str, true
}

// Bool returns the BooleanValue member. ok is false if v has no
// BooleanValue.
func (v EntitlementValue) Bool() (b, ok bool) {
	if v.boolean == nil {
		return false, false
	}
	return *v.boolean, true
}

// String returns the JSON form of v, such as {"IntegerValue":10}.
func (v EntitlementValue) String() string {
	b, _ := v.MarshalJSON()
	return string(b)
}

// UnmarshalJSON reads a JSON object of any members, or null as a value with
// no member. An error names a member of the wrong JSON kind.
func (v *EntitlementValue) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		*v = EntitlementValue{}
		return nil
	}
	var isObject, valid bool
	out, err := readMembers(func(read func(key, value []byte)) { isObject, valid = jsonscan.ValidMembers(data, read) })
	if !valid {
		var raw json.RawMessage
		return fmt.Errorf("aws: entitlement value: %w", json.Unmarshal(data, &raw))
	}
	if !isObject {
		return fmt.Errorf("aws: entitlement value must be a JSON object, got %s", jsonscan.KindOf(data))
	}
	if err != nil {
		return err
	}
	*v = out
	return nil
}

func init() {
	// Metadata decoding reads an object's members as it checks them.
	jsondec.Checked(func(v *EntitlementValue, data []byte, i int) (int, error) {
		if data[i] != '{' {
			end := jsonscan.ScanValue(data, i)
			if end < 0 {
				return end, nil
			}
			return end, v.UnmarshalJSON(data[i:end])
		}
		var end int
		out, err := readMembers(func(read func(key, value []byte)) { end = jsonscan.MembersAt(data, i, read) })
		if end >= 0 && err == nil {
			*v = out
		}
		return end, err
	})
}

// readMembers returns the value made of the members that members hands to
// read, or the error of the first member it cannot read, after which it
// reads no more.
func readMembers(members func(read func(key, value []byte))) (EntitlementValue, error) {
	var (
		out EntitlementValue
		err error
	)
	members(func(key, value []byte) {
		if err == nil {
			err = out.readMember(key, value)
		}
	})
	return out, err
}

// readMember reads one member of the JSON object into v; rawKey is the
// member's key as written, quotes included.
func (v *EntitlementValue) readMember(rawKey, value []byte) error {
	kind := jsonscan.KindOf(value)
	member := memberOf(rawKey)
	if member == "" {
		if v.extra == nil {
			v.extra = meta.Extra{}
		}
		v.extra[jsonscan.Str(rawKey)] = bytes.Clone(value)
		return nil
	}
	if kind == jsonscan.Null {
		v.clear(member)
		return nil
	}
	wrong := func(want string) error {
		return fmt.Errorf("aws: entitlement value: %s must be %s, got %s", member, want, value)
	}
	switch member {
	case IntegerKind, DoubleKind:
		var d event.Decimal
		if kind != jsonscan.Number && kind != jsonscan.String {
			return wrong("a number")
		}
		if err := d.UnmarshalJSON(value); err != nil {
			return fmt.Errorf("aws: entitlement value: %s: %w", member, err)
		}
		if !d.IsSet() {
			return wrong("a number")
		}
		if member == DoubleKind {
			v.double = d
			return nil
		}
		if !isInteger(d.String()) {
			return wrong("an integer")
		}
		v.integer = d
	case StringKind:
		if kind != jsonscan.String {
			return wrong("a string")
		}
		s := jsonscan.Str(value)
		v.str = &s
	case BooleanKind:
		if kind != jsonscan.Bool {
			return wrong("a boolean")
		}
		b := value[0] == 't'
		v.boolean = &b
	}
	return nil
}

// memberOf returns the member the raw key names, matched
// case-insensitively, or "".
func memberOf(rawKey []byte) ValueKind {
	switch string(rawKey) { // the spellings AWS writes, without allocating
	case `"IntegerValue"`:
		return IntegerKind
	case `"StringValue"`:
		return StringKind
	case `"DoubleValue"`:
		return DoubleKind
	case `"BooleanValue"`:
		return BooleanKind
	}
	key := jsonscan.Str(rawKey)
	member := ValueKind("")
	for _, k := range [...]ValueKind{IntegerKind, StringKind, DoubleKind, BooleanKind} {
		if strings.EqualFold(key, string(k)) {
			member = k
		}
	}
	return member
}

// clear removes member k from v.
func (v *EntitlementValue) clear(k ValueKind) {
	switch k {
	case IntegerKind:
		v.integer = event.Decimal{}
	case StringKind:
		v.str = nil
	case DoubleKind:
		v.double = event.Decimal{}
	case BooleanKind:
		v.boolean = nil
	}
}

// isInteger reports whether s is an optional minus sign and digits.
func isInteger(s string) bool {
	s = strings.TrimPrefix(s, "-")
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// MarshalJSON writes the members v holds, in the order IntegerValue,
// StringValue, DoubleValue, BooleanValue, then members of other keys in key
// order. A value with no member is written as {}.
func (v EntitlementValue) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	add := func(key string, value []byte) {
		if len(b) > 1 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(key)
		b = append(b, k...)
		b = append(b, ':')
		b = append(b, value...)
	}
	if v.integer.IsSet() {
		d, _ := v.integer.MarshalJSON()
		add(string(IntegerKind), d)
	}
	if v.str != nil {
		s, _ := json.Marshal(*v.str)
		add(string(StringKind), s)
	}
	if v.double.IsSet() {
		d, _ := v.double.MarshalJSON()
		add(string(DoubleKind), d)
	}
	if v.boolean != nil {
		add(string(BooleanKind), strconv.AppendBool(nil, *v.boolean))
	}
	for _, k := range slices.Sorted(maps.Keys(v.extra)) {
		add(k, v.extra[k])
	}
	return append(b, '}'), nil
}

// exactlyOne is the validation rule "exactly_one": the value holds exactly
// one member of its union.
func exactlyOne(v *EntitlementValue) bool { return v.members() == 1 }
