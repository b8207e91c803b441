// Package jsondec decodes JSON that is already known to be valid into Go
// values, as encoding/json's Unmarshal does but without validating the
// input again. Parse validates a delivery once; decoding its metadata with
// encoding/json would validate it a second time and costs more than the
// decoding itself.
//
// It follows encoding/json's rules for the kinds metadata types use:
// structs (json tags, embedded structs, the dominant field of a name, and a
// case-insensitive match when no name matches exactly), pointers, slices,
// maps with string keys, strings, booleans, integers and floats, and any
// type that implements json.Unmarshaler. A value of any other type (an
// interface, an array, a byte slice, a type that implements only
// encoding.TextUnmarshaler, a ",string" field) is handed to encoding/json.
package jsondec

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/clazarevents/sdk-go/internal/jsonscan"
)

// Unmarshal decodes data, which must be valid JSON (jsonscan.Valid), into
// v, a non-nil pointer. With strict set, an object member that names no
// field of a struct is an error, as with json.Decoder's
// DisallowUnknownFields. Errors are those encoding/json returns: a
// *json.UnmarshalTypeError for a value of the wrong JSON kind, or the error
// of an UnmarshalJSON method.
func Unmarshal(data []byte, v any, strict bool) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	t := rv.Type().Elem()
	err := decoderOf(t)(strict, bytes.TrimSpace(data), rv.Elem())
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		te.Struct = t.Name()
	}
	return err
}

// A decodeFunc decodes the valid JSON value data into v.
type decodeFunc func(strict bool, data []byte, v reflect.Value) error

var decoders sync.Map // reflect.Type -> *decodeFunc

// decoderOf returns the decodeFunc for t, building it once.
func decoderOf(t reflect.Type) decodeFunc {
	if f, ok := decoders.Load(t); ok {
		return *f.(*decodeFunc)
	}
	// Store an indirection first, so that a recursive type finds itself.
	var (
		built decodeFunc
		ready = make(chan struct{})
	)
	cell := decodeFunc(func(strict bool, data []byte, v reflect.Value) error {
		<-ready
		return built(strict, data, v)
	})
	if f, loaded := decoders.LoadOrStore(t, &cell); loaded {
		return *f.(*decodeFunc)
	}
	built = newDecoder(t)
	close(ready)
	decoders.Store(t, &built)
	return built
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func newDecoder(t reflect.Type) decodeFunc {
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalerType) {
		return func(_ bool, data []byte, v reflect.Value) error {
			return v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(data)
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return pointerDecoder(t)
	case reflect.Struct:
		return structDecoder(t)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !reflect.PointerTo(t.Elem()).Implements(unmarshalerType) {
			return fallback // base64, as encoding/json reads it
		}
		return sliceDecoder(t)
	case reflect.Map:
		if t.Key().Kind() != reflect.String || reflect.PointerTo(t.Key()).Implements(textUnmarshalerType) {
			return fallback
		}
		return mapDecoder(t)
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return fallback
	}
	switch t.Kind() {
	case reflect.String:
		return scalar(t, jsonscan.String, func(data []byte, v reflect.Value) bool {
			v.SetString(jsonscan.Str(data))
			return true
		})
	case reflect.Bool:
		return scalar(t, jsonscan.Bool, func(data []byte, v reflect.Value) bool {
			v.SetBool(data[0] == 't')
			return true
		})
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return scalar(t, jsonscan.Number, func(data []byte, v reflect.Value) bool {
			n, err := strconv.ParseInt(string(data), 10, t.Bits())
			if err != nil {
				return false
			}
			v.SetInt(n)
			return true
		})
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return scalar(t, jsonscan.Number, func(data []byte, v reflect.Value) bool {
			n, err := strconv.ParseUint(string(data), 10, t.Bits())
			if err != nil {
				return false
			}
			v.SetUint(n)
			return true
		})
	case reflect.Float32, reflect.Float64:
		return scalar(t, jsonscan.Number, func(data []byte, v reflect.Value) bool {
			f, err := strconv.ParseFloat(string(data), t.Bits())
			if err != nil {
				return false
			}
			v.SetFloat(f)
			return true
		})
	}
	return fallback
}

// scalar decodes a JSON value of kind want with set; null leaves v
// unchanged, as encoding/json does. set reports false, leaving v
// unchanged, for a number out of range.
func scalar(t reflect.Type, want jsonscan.Kind, set func(data []byte, v reflect.Value) bool) decodeFunc {
	return func(_ bool, data []byte, v reflect.Value) error {
		switch jsonscan.KindOf(data) {
		case jsonscan.Null:
			return nil
		case want:
			if !set(data, v) {
				return &json.UnmarshalTypeError{Value: "number " + string(data), Type: t}
			}
			return nil
		}
		return typeError(data, t)
	}
}

func pointerDecoder(t reflect.Type) decodeFunc {
	var elem decodeFunc
	var once sync.Once
	return func(strict bool, data []byte, v reflect.Value) error {
		if jsonscan.KindOf(data) == jsonscan.Null {
			v.SetZero()
			return nil
		}
		once.Do(func() { elem = decoderOf(t.Elem()) })
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return elem(strict, data, v.Elem())
	}
}

func structDecoder(t reflect.Type) decodeFunc {
	p := buildPlan(t)
	if p.fallback {
		return fallback
	}
	var once sync.Once
	return func(strict bool, data []byte, v reflect.Value) error {
		switch jsonscan.KindOf(data) {
		case jsonscan.Null:
			return nil
		case jsonscan.Object:
		default:
			return typeError(data, t)
		}
		once.Do(func() {
			for i := range p.fields {
				p.fields[i].decode = decoderOf(t.FieldByIndex(p.fields[i].index).Type)
			}
		})
		var err error
		jsonscan.Members(data, func(k, value []byte) {
			if err != nil {
				return
			}
			f := p.field(k)
			if f == nil {
				if strict {
					err = fmt.Errorf("json: unknown field %q", jsonscan.Str(k))
				}
				return
			}
			fv := v.Field(f.index[0])
			for _, i := range f.index[1:] {
				fv = fv.Field(i)
			}
			if err = f.decode(strict, value, fv); err != nil {
				if te, ok := err.(*json.UnmarshalTypeError); ok {
					te.Field = joinPath(f.name, te.Field)
				}
			}
		})
		return err
	}
}

func joinPath(name, rest string) string {
	if rest == "" {
		return name
	}
	return name + "." + rest
}

func sliceDecoder(t reflect.Type) decodeFunc {
	var elem decodeFunc
	var once sync.Once
	return func(strict bool, data []byte, v reflect.Value) error {
		if ok, err := holds(data, v, jsonscan.Array); !ok {
			return err
		}
		once.Do(func() { elem = decoderOf(t.Elem()) })
		n := 0
		jsonscan.Elements(data, func([]byte) { n++ })
		s := reflect.MakeSlice(t, n, n)
		var err error
		i := 0
		jsonscan.Elements(data, func(value []byte) {
			if err == nil {
				err = elem(strict, value, s.Index(i))
			}
			i++
		})
		if err != nil {
			return err
		}
		v.Set(s)
		return nil
	}
}

func mapDecoder(t reflect.Type) decodeFunc {
	var elem decodeFunc
	var once sync.Once
	return func(strict bool, data []byte, v reflect.Value) error {
		if ok, err := holds(data, v, jsonscan.Object); !ok {
			return err
		}
		once.Do(func() { elem = decoderOf(t.Elem()) })
		if v.IsNil() {
			v.Set(reflect.MakeMap(t))
		}
		var err error
		jsonscan.Members(data, func(k, value []byte) {
			if err != nil {
				return
			}
			e := reflect.New(t.Elem()).Elem()
			if err = elem(strict, value, e); err == nil {
				v.SetMapIndex(reflect.ValueOf(jsonscan.Str(k)).Convert(t.Key()), e)
			}
		})
		return err
	}
}

// fallback decodes data with encoding/json, for the types this package
// leaves to it.
func fallback(strict bool, data []byte, v reflect.Value) error {
	if strict {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		return dec.Decode(v.Addr().Interface())
	}
	return json.Unmarshal(data, v.Addr().Interface())
}

// holds reports whether data, the value for the slice or map v, is of the
// kind want and so is to be decoded; null sets v to nil, as encoding/json
// does, and any other kind is a type error.
func holds(data []byte, v reflect.Value, want jsonscan.Kind) (bool, error) {
	switch jsonscan.KindOf(data) {
	case want:
		return true, nil
	case jsonscan.Null:
		v.SetZero()
		return false, nil
	}
	return false, typeError(data, v.Type())
}

func typeError(data []byte, t reflect.Type) error {
	return &json.UnmarshalTypeError{Value: jsonscan.KindOf(data).String(), Type: t}
}

// A plan is how to decode one struct type: its fields by JSON name.
type plan struct {
	fields   []field
	byName   map[string]*field
	fallback bool // the struct uses what only encoding/json decodes
}

type field struct {
	name   string
	index  []int
	depth  int
	tagged bool
	decode decodeFunc
}

// field returns the field the raw key k names: exactly, or else by a
// case-insensitive match, as encoding/json prefers.
func (p *plan) field(k []byte) *field {
	name := k[1 : len(k)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		name = []byte(jsonscan.Str(k))
	}
	if f, ok := p.byName[string(name)]; ok {
		return f
	}
	for i := range p.fields {
		if bytes.EqualFold([]byte(p.fields[i].name), name) {
			return &p.fields[i]
		}
	}
	return nil
}

// buildPlan lists the fields of struct type t as encoding/json sees them:
// embedded structs without a tag lift their fields, and of several fields
// with one name the shallowest wins, or the only tagged one among the
// shallowest; otherwise none does.
func buildPlan(t reflect.Type) *plan {
	p := &plan{byName: map[string]*field{}}
	var all []field
	var walk func(t reflect.Type, index []int, depth int, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, index []int, depth int, seen map[reflect.Type]bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			tagName, opts, _ := strings.Cut(tag, ",")
			name := tagName
			if strings.Contains(","+opts+",", ",string,") {
				p.fallback = true
			}
			idx := append(append([]int(nil), index...), i)
			if sf.Anonymous && name == "" {
				ft := sf.Type
				if ft.Kind() == reflect.Pointer {
					p.fallback = true // encoding/json allocates embedded pointers
					continue
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, idx, depth+1, seen)
					continue
				}
				if !sf.IsExported() {
					continue
				}
			} else if !sf.IsExported() {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			all = append(all, field{name: name, index: idx, depth: depth, tagged: tagName != ""})
		}
	}
	walk(t, nil, 0, map[reflect.Type]bool{})
	byName := map[string][]field{}
	var order []string
	for _, f := range all {
		if _, ok := byName[f.name]; !ok {
			order = append(order, f.name)
		}
		byName[f.name] = append(byName[f.name], f)
	}
	for _, name := range order {
		if f, ok := dominant(byName[name]); ok {
			p.fields = append(p.fields, f)
		}
	}
	for i := range p.fields {
		p.byName[p.fields[i].name] = &p.fields[i]
	}
	return p
}

// dominant picks the field that encoding/json decodes a name into.
func dominant(fs []field) (field, bool) {
	minDepth := fs[0].depth
	for _, f := range fs {
		minDepth = min(minDepth, f.depth)
	}
	var best []field
	for _, f := range fs {
		if f.depth == minDepth {
			best = append(best, f)
		}
	}
	if len(best) == 1 {
		return best[0], true
	}
	var tagged []field
	for _, f := range best {
		if f.tagged {
			tagged = append(tagged, f)
		}
	}
	if len(tagged) == 1 {
		return tagged[0], true
	}
	return field{}, false
}
