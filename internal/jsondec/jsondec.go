// Package jsondec decodes JSON into Go values as encoding/json's Unmarshal
// does, in one pass: each value is checked as it is decoded, and no level of
// nesting is scanned again by the level below it. The strings it decodes
// share one copy of the input, made once: a string kept from a decoded value
// keeps that copy, the size of the input, alive. Parse validates a
// delivery's envelope; decoding its metadata with encoding/json would
// validate it a second time, and then scan each nesting level again, which
// costs more than the decoding itself.
//
// It follows encoding/json's rules for the kinds metadata types use:
// structs (json tags, embedded structs, the dominant field of a name, and a
// case-insensitive match when no name matches exactly), pointers, slices,
// maps with string keys, strings, booleans, integers and floats, and any
// type that implements json.Unmarshaler, which receives the value's bytes
// once they are checked. A value of any other type (an interface, an array,
// a byte slice, a type that implements only encoding.TextUnmarshaler, a
// ",string" field) is checked and handed to encoding/json.
package jsondec

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/clazarevents/sdk-go/internal/jsonscan"
)

// Unmarshal decodes the JSON value data into v, a non-nil pointer. With
// strict set, an object member that names no field of a struct is an
// error, as with json.Decoder's DisallowUnknownFields. Errors are those
// encoding/json returns: a *json.SyntaxError if data is not valid JSON
// (which encoding/json reports before any other), a
// *json.UnmarshalTypeError for a value of the wrong JSON kind, or the error
// of an UnmarshalJSON method. Unlike encoding/json, which checks all of data
// before it decodes, Unmarshal may have written part of v when it returns
// an error; decode into a fresh value and drop it on error.
func Unmarshal(data []byte, v any, strict bool) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	t := rv.Type().Elem()
	i := jsonscan.SkipSpace(data, 0)
	end, err := -1, error(ErrSyntax)
	if i < len(data) {
		end, err = typeDecoderOf(t).decode(data, i, 0, rv.Elem(), strict)
	}
	if err == nil && (end < 0 || jsonscan.SkipSpace(data, end) != len(data)) {
		err = ErrSyntax
	}
	if err != nil && (err == ErrSyntax || !jsonscan.Valid(data)) {
		// Report what encoding/json reports.
		var raw json.RawMessage
		if serr := json.Unmarshal(data, &raw); serr != nil {
			return serr
		}
	}
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		te.Struct = t.Name()
	}
	return err
}

// DecodeAt decodes the JSON value that starts at data[i], which is not
// white space, into v, a non-nil pointer, checking it as Unmarshal does,
// and returns the index just past it. The value is nested in depth
// containers, counted against the limit on nesting. Strings it decodes
// share one copy of data[i:].
//
// An error leaves the index unknown: it wraps ErrSyntax if the value is
// not valid JSON, and otherwise is a *json.UnmarshalTypeError or the error
// of an UnmarshalJSON method, as Unmarshal's, found before the value's end,
// which the caller must then check.
func DecodeAt(data []byte, i, depth int, v any, strict bool) (int, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return -1, &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	t := rv.Type().Elem()
	end, err := typeDecoderOf(t).decode(data, i, depth, rv.Elem(), strict)
	switch te, ok := err.(*json.UnmarshalTypeError); {
	case ok:
		te.Struct = t.Name()
	case err == nil && end < 0:
		err = ErrSyntax
	}
	if err != nil {
		return -1, err
	}
	return end, nil
}

// ErrSyntax reports a value that is not valid JSON: from DecodeAt as it
// is, and within the decoders, where Unmarshal replaces it with
// encoding/json's error for the input.
var ErrSyntax = errors.New("jsondec: invalid JSON")

// A decoder holds the input of one Unmarshal.
type decoder struct {
	data   []byte
	base   int // where the value decoded starts in data
	strict bool
	depth  int // containers open, bounded as encoding/json bounds them
	// text is data[base:] as a string, made by the first string that
	// needs no unescaping; such strings are then slices of it, so that
	// decoding a value allocates its strings once, together.
	text string
}

// plainString returns the string whose text is d.data[i:j].
func (d *decoder) plainString(i, j int) string {
	if d.text == "" {
		d.text = string(d.data[d.base:])
	}
	return d.text[i-d.base : j-d.base]
}

// decoderPool holds decoders between calls, since a decoder handed to the
// decodeFuncs escapes to the heap.
var decoderPool = sync.Pool{New: func() any { return new(decoder) }}

// maxDepth is the deepest nesting encoding/json accepts.
const maxDepth = 10000

// A decodeFunc decodes the JSON value that starts at d.data[i], which is
// not white space, into v, checking it, and returns the index just past
// it. An error stops the decoding.
type decodeFunc func(d *decoder, i int, v reflect.Value) (int, error)

// A typeDecoder is the decoder of one type.
type typeDecoder struct {
	fn decodeFunc
	// fields is set for a struct that is decoded field by field, which
	// an empty JSON object leaves as it is.
	fields bool
}

var decoders sync.Map // reflect.Type -> *typeDecoder

// decode decodes the value that starts at data[i], nested in depth
// containers, into v, with a decoder from the pool. An empty object, as
// many events' metadata is, needs none when td leaves a value as it is on
// one.
func (td *typeDecoder) decode(data []byte, i, depth int, v reflect.Value, strict bool) (int, error) {
	if td.fields && data[i] == '{' && depth < maxDepth {
		if j := jsonscan.SkipSpace(data, i+1); j < len(data) && data[j] == '}' {
			return j + 1, nil
		}
	}
	d := decoderPool.Get().(*decoder)
	*d = decoder{data: data, base: i, strict: strict, depth: depth}
	end, err := td.fn(d, i, v)
	*d = decoder{}
	decoderPool.Put(d)
	return end, err
}

// decoderOf returns the decodeFunc for t, building it once.
func decoderOf(t reflect.Type) decodeFunc { return typeDecoderOf(t).fn }

// typeDecoderOf returns the typeDecoder of t, building it once.
func typeDecoderOf(t reflect.Type) *typeDecoder {
	if f, ok := decoders.Load(t); ok {
		return f.(*typeDecoder)
	}
	// Store an indirection first, so that a recursive type finds itself.
	var (
		built *typeDecoder
		ready = make(chan struct{})
	)
	cell := &typeDecoder{fn: func(d *decoder, i int, v reflect.Value) (int, error) {
		<-ready
		return built.fn(d, i, v)
	}}
	if f, loaded := decoders.LoadOrStore(t, cell); loaded {
		return f.(*typeDecoder)
	}
	built = new(typeDecoder)
	built.fn = newDecoder(t, &built.fields)
	close(ready)
	decoders.Store(t, built)
	return built
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// checked holds the functions registered with Checked, by type.
var checked struct {
	mu sync.Mutex
	fn map[reflect.Type]func(v reflect.Value, data []byte, i int) (int, error)
}

// Checked registers decode as how Unmarshal decodes a value of type T in
// place of T's UnmarshalJSON method, checking the value as it reads it, in
// one pass: decode receives the whole input and the index of the value,
// which is not white space, and returns the index just past the value, or
// an index below 0 if the value is not valid JSON, with the error
// UnmarshalJSON would return for a valid value it cannot read. It is for
// package initialisation, before the first Unmarshal of a value that holds
// a T.
func Checked[T any](decode func(v *T, data []byte, i int) (int, error)) {
	checked.mu.Lock()
	defer checked.mu.Unlock()
	if checked.fn == nil {
		checked.fn = map[reflect.Type]func(reflect.Value, []byte, int) (int, error){}
	}
	checked.fn[reflect.TypeFor[T]()] = func(v reflect.Value, data []byte, i int) (int, error) {
		return decode(v.Addr().Interface().(*T), data, i)
	}
}

func checkedFunc(t reflect.Type) func(reflect.Value, []byte, int) (int, error) {
	checked.mu.Lock()
	defer checked.mu.Unlock()
	return checked.fn[t]
}

// newDecoder builds the decodeFunc for t, and sets *fields if it decodes a
// struct field by field.
func newDecoder(t reflect.Type, fields *bool) decodeFunc {
	if fn := checkedFunc(t); fn != nil {
		return func(d *decoder, i int, v reflect.Value) (int, error) {
			end, err := fn(v, d.data, i)
			if end < 0 {
				return end, ErrSyntax
			}
			return end, err
		}
	}
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(unmarshalerType) {
		return func(d *decoder, i int, v reflect.Value) (int, error) {
			end := jsonscan.ScanValue(d.data, i)
			if end < 0 {
				return end, ErrSyntax
			}
			return end, v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(d.data[i:end])
		}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return pointerDecoder(t)
	case reflect.Struct:
		return structDecoder(t, fields)
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
		return func(d *decoder, i int, v reflect.Value) (int, error) {
			if d.data[i] != '"' {
				return nonString(d, i, t)
			}
			end, plain := jsonscan.ScanString(d.data, i)
			switch {
			case end < 0:
				return end, ErrSyntax
			case plain:
				v.SetString(d.plainString(i+1, end-1))
			default:
				v.SetString(jsonscan.Str(d.data[i:end]))
			}
			return end, nil
		}
	case reflect.Bool:
		return func(d *decoder, i int, v reflect.Value) (int, error) {
			switch d.data[i] {
			case 't':
				v.SetBool(true)
				return literal(d, i, "true")
			case 'f':
				v.SetBool(false)
				return literal(d, i, "false")
			case 'n':
				return literal(d, i, "null")
			}
			return -1, typeError(d.data[i:], t)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return number(t, func(n []byte, v reflect.Value) bool {
			i, err := strconv.ParseInt(string(n), 10, t.Bits())
			if err != nil {
				return false
			}
			v.SetInt(i)
			return true
		})
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return number(t, func(n []byte, v reflect.Value) bool {
			u, err := strconv.ParseUint(string(n), 10, t.Bits())
			if err != nil {
				return false
			}
			v.SetUint(u)
			return true
		})
	case reflect.Float32, reflect.Float64:
		return number(t, func(n []byte, v reflect.Value) bool {
			f, err := strconv.ParseFloat(string(n), t.Bits())
			if err != nil {
				return false
			}
			v.SetFloat(f)
			return true
		})
	}
	return fallback
}

// literal checks the literal lit at d.data[i] and returns the index after
// it.
func literal(d *decoder, i int, lit string) (int, error) {
	end := jsonscan.ScanLiteral(d.data, i, lit)
	if end < 0 {
		return end, ErrSyntax
	}
	return end, nil
}

// nonString handles a value that is not a string where t wants one: null
// leaves v unchanged, as encoding/json does, and any other is a type error.
func nonString(d *decoder, i int, t reflect.Type) (int, error) {
	if d.data[i] == 'n' {
		return literal(d, i, "null")
	}
	return -1, typeError(d.data[i:], t)
}

// number decodes a JSON number with set; null leaves v unchanged, as
// encoding/json does. set reports false, leaving v unchanged, for a number
// out of range.
func number(t reflect.Type, set func(n []byte, v reflect.Value) bool) decodeFunc {
	return func(d *decoder, i int, v reflect.Value) (int, error) {
		if jsonscan.KindOf(d.data[i:]) != jsonscan.Number {
			return nonString(d, i, t)
		}
		end := jsonscan.ScanNumber(d.data, i)
		if end < 0 {
			return end, ErrSyntax
		}
		if !set(d.data[i:end], v) {
			return -1, &json.UnmarshalTypeError{Value: "number " + string(d.data[i:end]), Type: t}
		}
		return end, nil
	}
}

func pointerDecoder(t reflect.Type) decodeFunc {
	var elem decodeFunc
	var once sync.Once
	return func(d *decoder, i int, v reflect.Value) (int, error) {
		if d.data[i] == 'n' {
			v.SetZero()
			return literal(d, i, "null")
		}
		once.Do(func() { elem = decoderOf(t.Elem()) })
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return elem(d, i, v.Elem())
	}
}

// open enters the container that starts at d.data[i] and returns the index
// of its first member or element, or of its closing byte.
func (d *decoder) open(i int) (int, error) {
	if d.depth++; d.depth > maxDepth {
		return -1, ErrSyntax
	}
	i = jsonscan.SkipSpace(d.data, i+1)
	if i >= len(d.data) {
		return -1, ErrSyntax
	}
	return i, nil
}

// next reads what follows a member or an element at i: a comma, after
// which it returns the index of the next one and true, or the closing byte,
// after which it returns the index past it and false.
func (d *decoder) next(i int, closing byte) (int, bool, error) {
	i = jsonscan.SkipSpace(d.data, i)
	switch {
	case i >= len(d.data):
		return -1, false, ErrSyntax
	case d.data[i] == ',':
		i = jsonscan.SkipSpace(d.data, i+1)
		if i >= len(d.data) || d.data[i] == closing {
			return -1, false, ErrSyntax
		}
		return i, true, nil
	case d.data[i] == closing:
		d.depth--
		return i + 1, false, nil
	}
	return -1, false, ErrSyntax
}

// key reads the key and colon of the member at i, and returns the raw key
// (quotes included), whether it needs no unescaping, and the index of the
// member's value.
func (d *decoder) key(i int) (key []byte, plain bool, value int, err error) {
	if d.data[i] != '"' {
		return nil, false, -1, ErrSyntax
	}
	end, plain := jsonscan.ScanString(d.data, i)
	if end < 0 {
		return nil, false, -1, ErrSyntax
	}
	j := jsonscan.SkipSpace(d.data, end)
	if j >= len(d.data) || d.data[j] != ':' {
		return nil, false, -1, ErrSyntax
	}
	j = jsonscan.SkipSpace(d.data, j+1)
	if j >= len(d.data) {
		return nil, false, -1, ErrSyntax
	}
	return d.data[i:end], plain, j, nil
}

// skip checks the value at i, which no field takes, and returns the index
// after it.
func (d *decoder) skip(i int) (int, error) {
	end := jsonscan.ScanValue(d.data, i)
	if end < 0 {
		return end, ErrSyntax
	}
	return end, nil
}

func structDecoder(t reflect.Type, fields *bool) decodeFunc {
	p := buildPlan(t)
	if p.fallback {
		return fallback
	}
	*fields = true
	var once sync.Once
	return func(d *decoder, i int, v reflect.Value) (int, error) {
		switch d.data[i] {
		case '{':
		case 'n':
			return literal(d, i, "null")
		default:
			return -1, typeError(d.data[i:], t)
		}
		once.Do(func() {
			for i := range p.fields {
				p.fields[i].decode = decoderOf(t.FieldByIndex(p.fields[i].index).Type)
			}
		})
		i, err := d.open(i)
		if err != nil {
			return i, err
		}
		if d.data[i] == '}' {
			d.depth--
			return i + 1, nil
		}
		guess := 0 // senders mostly write the members in the struct's order
		for more := true; more; {
			k, plain, j, err := d.key(i)
			if err != nil {
				return j, err
			}
			var f *field
			if guess < len(p.fields) && plain && string(k[1:len(k)-1]) == p.fields[guess].name {
				f = &p.fields[guess]
			} else {
				f = p.field(k, plain)
			}
			if f != nil {
				guess = f.pos + 1
			}
			switch {
			case f == nil && d.strict:
				return -1, fmt.Errorf("json: unknown field %q", jsonscan.Str(k))
			case f == nil:
				i, err = d.skip(j)
			default:
				fv := v.Field(f.index[0])
				for _, x := range f.index[1:] {
					fv = fv.Field(x)
				}
				i, err = f.decode(d, j, fv)
				if te, ok := err.(*json.UnmarshalTypeError); ok {
					te.Field = joinPath(f.name, te.Field)
				}
			}
			if err != nil {
				return i, err
			}
			if i, more, err = d.next(i, '}'); err != nil {
				return i, err
			}
		}
		return i, nil
	}
}

func joinPath(name, rest string) string {
	if rest == "" {
		return name
	}
	return name + "." + rest
}

// nullOr reads the start of a container value at i, which must open with
// open or be null. For null it zeroes v and returns the index after it
// with done true; for another kind it returns done true and a type error.
func nullOr(d *decoder, i int, v reflect.Value, t reflect.Type, open byte) (next int, done bool, err error) {
	switch d.data[i] {
	case open:
		return i, false, nil
	case 'n':
		v.SetZero()
		next, err = literal(d, i, "null")
		return next, true, err
	}
	return -1, true, typeError(d.data[i:], t)
}

func sliceDecoder(t reflect.Type) decodeFunc {
	var elem decodeFunc
	var once sync.Once
	return func(d *decoder, i int, v reflect.Value) (int, error) {
		if j, done, err := nullOr(d, i, v, t, '['); done {
			return j, err
		}
		once.Do(func() { elem = decoderOf(t.Elem()) })
		i, err := d.open(i)
		if err != nil {
			return i, err
		}
		if d.data[i] == ']' {
			d.depth--
			v.Set(reflect.MakeSlice(t, 0, 0))
			return i + 1, nil
		}
		// Decode into v itself, growing it as append does, as encoding/json
		// does; a fresh backing array, so that no element is shared with the
		// slice v held.
		v.SetZero()
		v.Grow(4)
		for more := true; more; {
			n := v.Len()
			if n == v.Cap() {
				v.Grow(1)
			}
			v.SetLen(n + 1)
			if i, err = elem(d, i, v.Index(n)); err != nil {
				return i, err
			}
			if i, more, err = d.next(i, ']'); err != nil {
				return i, err
			}
		}
		return i, nil
	}
}

func mapDecoder(t reflect.Type) decodeFunc {
	var elem decodeFunc
	var once sync.Once
	return func(d *decoder, i int, v reflect.Value) (int, error) {
		if j, done, err := nullOr(d, i, v, t, '{'); done {
			return j, err
		}
		once.Do(func() { elem = decoderOf(t.Elem()) })
		if v.IsNil() {
			v.Set(reflect.MakeMap(t))
		}
		i, err := d.open(i)
		if err != nil {
			return i, err
		}
		if d.data[i] == '}' {
			d.depth--
			return i + 1, nil
		}
		for more := true; more; {
			k, _, j, err := d.key(i)
			if err != nil {
				return j, err
			}
			e := reflect.New(t.Elem()).Elem()
			if i, err = elem(d, j, e); err != nil {
				return i, err
			}
			v.SetMapIndex(reflect.ValueOf(jsonscan.Str(k)).Convert(t.Key()), e)
			if i, more, err = d.next(i, '}'); err != nil {
				return i, err
			}
		}
		return i, nil
	}
}

// fallback checks the value and decodes it with encoding/json, for the
// types this package leaves to it.
func fallback(d *decoder, i int, v reflect.Value) (int, error) {
	end, err := d.skip(i)
	if err != nil {
		return end, err
	}
	data := d.data[i:end]
	if d.strict {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		return end, dec.Decode(v.Addr().Interface())
	}
	return end, json.Unmarshal(data, v.Addr().Interface())
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
	pos    int // in plan.fields
	name   string
	index  []int
	depth  int
	tagged bool
	decode decodeFunc
}

// field returns the field the raw key k names: exactly, or else by a
// case-insensitive match, as encoding/json prefers. plain reports that k
// needs no unescaping.
func (p *plan) field(k []byte, plain bool) *field {
	name := k[1 : len(k)-1]
	if !plain {
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
		p.fields[i].pos = i
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
