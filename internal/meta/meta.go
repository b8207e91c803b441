// Package meta holds metadata shapes that more than one marketplace
// package uses, and the machinery for open-ended JSON objects that keep
// keys the documentation does not name.
package meta

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"

	"github.com/clazarevents/sdk-go/internal/jsondec"
	"github.com/clazarevents/sdk-go/internal/jsonscan"
)

// Extra holds the members of a JSON object that its Go type does not name,
// so that they survive a decode and re-marshal.
type Extra map[string]json.RawMessage

// UnmarshalOpen reads the JSON object data into known, a pointer to a
// struct whose fields carry json tags, as encoding/json does, and returns
// the members whose keys are not among names. jsondec checks data as it
// decodes known, so the members are then read without checking it again.
func UnmarshalOpen(data []byte, known any, names ...string) (Extra, error) {
	if err := jsondec.Unmarshal(data, known, false); err != nil {
		return nil, err
	}
	var extra Extra
	jsonscan.Members(data, func(k, v []byte) {
		key := jsonscan.Str(k)
		if slices.Contains(names, key) {
			return
		}
		if extra == nil {
			extra = Extra{}
		}
		extra[key] = bytes.Clone(v) // a repeated key keeps its last value, as in encoding/json
	})
	return extra, nil
}

// MarshalOpen writes known, a struct marshalled as a JSON object whose
// members are named by names, followed by the members of extra in key
// order. A member of extra that names writes already is left out.
func MarshalOpen(known any, extra Extra, names ...string) ([]byte, error) {
	b, err := json.Marshal(known)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var buf bytes.Buffer
	buf.Write(b[:len(b)-1])
	first := len(b) == 2 // known wrote {}
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		if slices.Contains(names, k) {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		key, _ := json.Marshal(k)
		buf.Write(key)
		buf.WriteByte(':')
		buf.Write(extra[k])
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// RegistrationField is one answer from the buyer's registration form: the
// form field's label and the buyer's value. Members of the object that the
// documentation does not name are kept in Extra.
type RegistrationField struct {
	// Field is the form field's label, such as "Company Name".
	Field string `json:"field"`
	// Value is what the buyer entered.
	Value string `json:"value"`
	// Extra holds the members that the documentation does not name.
	Extra Extra `json:"-"`
}

type registrationField struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// UnmarshalJSON reads the documented members and keeps the others.
func (r *RegistrationField) UnmarshalJSON(data []byte) error {
	var k registrationField
	extra, err := UnmarshalOpen(data, &k, "field", "value")
	if err != nil {
		return err
	}
	*r = RegistrationField{Field: k.Field, Value: k.Value, Extra: extra}
	return nil
}

// MarshalJSON writes the documented members, then the others.
func (r RegistrationField) MarshalJSON() ([]byte, error) {
	return MarshalOpen(registrationField{Field: r.Field, Value: r.Value}, r.Extra, "field", "value")
}

// ExtraInfo is the open-ended detail of a metering failure, such as the
// marketplace's error message. Members other than "error" are kept in
// Extra.
type ExtraInfo struct {
	// Error is the marketplace's error message.
	Error string `json:"error,omitempty"`
	// Extra holds the members other than "error".
	Extra Extra `json:"-"`
}

type extraInfo struct {
	Error string `json:"error,omitempty"`
}

// UnmarshalJSON reads the documented member and keeps the others.
func (x *ExtraInfo) UnmarshalJSON(data []byte) error {
	var k extraInfo
	extra, err := UnmarshalOpen(data, &k, "error")
	if err != nil {
		return err
	}
	*x = ExtraInfo{Error: k.Error, Extra: extra}
	return nil
}

// MarshalJSON writes the documented member, then the others.
func (x ExtraInfo) MarshalJSON() ([]byte, error) {
	var written []string
	if x.Error != "" { // omitempty writes no "error" member
		written = append(written, "error")
	}
	return MarshalOpen(extraInfo{Error: x.Error}, x.Extra, written...)
}
