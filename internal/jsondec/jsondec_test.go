package jsondec_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	clazarevents "github.com/clazarevents/sdk-go"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/jsondec"
	"github.com/clazarevents/sdk-go/internal/jsonscan"

	_ "github.com/clazarevents/sdk-go/aws"
	_ "github.com/clazarevents/sdk-go/azure"
	_ "github.com/clazarevents/sdk-go/gcp"
)

type Inner struct {
	A string `json:"a"`
	B int    `json:"b"`
}

type hidden struct {
	H string `json:"h"`
}

type Shadow struct {
	A string `json:"a"`
}

type sample struct {
	Inner
	hidden
	Name   string            `json:"name"`
	Skip   string            `json:"-"`
	Untag  string            //nolint
	Ptr    *Inner            `json:"ptr"`
	List   []Inner           `json:"list"`
	Tags   map[string]string `json:"tags"`
	Any    any               `json:"any"`
	Bytes  []byte            `json:"bytes"`
	Small  int8              `json:"small"`
	Unsign uint16            `json:"unsign"`
	Ratio  float64           `json:"ratio"`
	OK     bool              `json:"ok"`
	Raw    json.RawMessage   `json:"raw"`
	Num    json.Number       `json:"num"`
	Quoted int               `json:"quoted,string"`

	//lint:ignore SA5008 "-," names the field "-", which encoding/json reads and so must jsondec
	Dash string `json:"-,"`
	//lint:ignore U1000 an unexported field, which both decoders must leave alone
	private string
}

// decodeBoth decodes data into fresh values of t with encoding/json and
// with jsondec, and fails the test if they disagree.
func decodeBoth(t *testing.T, typ reflect.Type, data []byte, strict bool) {
	t.Helper()
	want := reflect.New(typ)
	var wantErr error
	if strict {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		wantErr = dec.Decode(want.Interface())
	} else {
		wantErr = json.Unmarshal(data, want.Interface())
	}
	got := reflect.New(typ)
	gotErr := jsondec.Unmarshal(data, got.Interface(), strict)
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%s strict=%v %q: jsondec error %v, encoding/json error %v", typ, strict, data, gotErr, wantErr)
	}
	var wantType, gotType *json.UnmarshalTypeError
	if errors.As(wantErr, &wantType) != errors.As(gotErr, &gotType) {
		t.Fatalf("%s %q: jsondec error %v, encoding/json error %v", typ, data, gotErr, wantErr)
	}
	if wantErr != nil {
		return
	}
	wb, err1 := json.Marshal(want.Interface())
	gb, err2 := json.Marshal(got.Interface())
	if err1 != nil || err2 != nil || !bytes.Equal(wb, gb) {
		t.Fatalf("%s strict=%v %q:\njsondec       %s (%v)\nencoding/json %s (%v)", typ, strict, data, gb, err2, wb, err1)
	}
}

func TestAgreesWithEncodingJSON(t *testing.T) {
	typ := reflect.TypeFor[sample]()
	tests := []string{
		`{}`, `null`, `[]`, `"x"`, `1`,
		`{"a":"x","b":2,"h":"y","name":"n","-":"dash","Untag":"u","Skip":"s"}`,
		`{"A":"case","NAME":"upper","nAmE":"mixed"}`,
		`{"ptr":{"a":"p"},"list":[{"a":"1"},{"b":3}],"tags":{"k":"v"},"any":[1,{"x":null}]}`,
		`{"ptr":null,"list":null,"tags":null,"any":null,"name":null,"b":null}`,
		`{"bytes":"aGVsbG8=","small":127,"unsign":65535,"ratio":1.5e3,"ok":true,"raw":{"k":[1]},"num":12.50,"quoted":"7"}`,
		`{"small":128}`, `{"small":1.5}`, `{"unsign":-1}`, `{"b":"2"}`, `{"name":5}`, `{"ok":"true"}`, `{"list":{}}`,
		`{"tags":[]}`, `{"ptr":"x"}`, `{"a\u0041":"escaped key"}`, `{"name":"\u00e9\ud83d\ude00"}`, "{\"name\":\"\xff\"}",
		`{"unknown":1}`, `{"name":"a","name":"b"}`, `{"list":[{"a":"1"}],"list":[{"b":2}]}`,
	}
	for _, in := range tests {
		for _, strict := range []bool{false, true} {
			decodeBoth(t, typ, []byte(in), strict)
		}
	}
}

func TestInvalidTarget(t *testing.T) {
	var ie *json.InvalidUnmarshalError
	if err := jsondec.Unmarshal([]byte(`{}`), sample{}, false); !errors.As(err, &ie) {
		t.Errorf("non-pointer target: %v", err)
	}
	if err := jsondec.Unmarshal([]byte(`{}`), (*sample)(nil), false); !errors.As(err, &ie) {
		t.Errorf("nil pointer target: %v", err)
	}
}

func TestTypeErrorNamesField(t *testing.T) {
	var s sample
	err := jsondec.Unmarshal([]byte(`{"list":[{"b":"x"}]}`), &s, false)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field != "list.b" || te.Value != "string" || !strings.Contains(err.Error(), "list.b") {
		t.Errorf("error %v (%+v), want a type error at list.b", err, te)
	}
}

// FuzzAgreesWithEncodingJSON decodes the metadata of every registered
// topic, seeded from the fixtures, with jsondec and encoding/json.
func FuzzAgreesWithEncodingJSON(f *testing.F) {
	paths, _ := fs.Glob(clazarevents.Fixtures, "testdata/*/*.json")
	for _, p := range paths {
		body, _ := fs.ReadFile(clazarevents.Fixtures, p)
		if e, err := event.Parse(body); err == nil && e.Metadata != nil {
			f.Add([]byte(e.Metadata), uint8(0))
		}
	}
	f.Add([]byte(`{"a":"x","list":[{"b":2}],"ptr":{"h":"y"}}`), uint8(255))
	specs := event.Specs()
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		if !jsonscan.Valid(data) {
			return
		}
		typ := reflect.TypeFor[sample]()
		if int(which) < len(specs) {
			typ = specs[which].Type()
		}
		decodeBoth(t, typ, data, false)
		decodeBoth(t, typ, data, true)
	})
}

// FuzzRejectsWhatEncodingJSONRejects decodes any input, valid JSON or not,
// as the metadata of a registered topic: Unmarshal checks its input as it
// decodes, so it must fail exactly where encoding/json's Unmarshal fails,
// with the same *json.SyntaxError for input that is not JSON. (A
// json.Decoder, which decodeBoth uses for strict decoding, stops after the
// first value and so is no reference for input that is not JSON.)
func FuzzRejectsWhatEncodingJSONRejects(f *testing.F) {
	paths, _ := fs.Glob(clazarevents.Fixtures, "testdata/*/*.json")
	for _, p := range paths {
		body, _ := fs.ReadFile(clazarevents.Fixtures, p)
		if e, err := event.Parse(body); err == nil && e.Metadata != nil {
			f.Add([]byte(e.Metadata), uint8(0))
			f.Add([]byte(e.Metadata[:len(e.Metadata)/2]), uint8(0))
		}
	}
	for _, s := range []string{``, ` `, `{`, `{"a":}`, `{"list":[{"b":1},]}`, `{"a":"x"}}`, `{"a":"x",}`, `{"a" "x"}`,
		"{\"a\":\"\x01\"}", `{"b":01}`, `{"b":1.}`, `{"ok":tru}`, `{"ptr":nul}`, `{"list":[1 2]}`, `[` + strings.Repeat(`[`, 10001)} {
		f.Add([]byte(s), uint8(255))
	}
	specs := event.Specs()
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		typ := reflect.TypeFor[sample]()
		if int(which) < len(specs) {
			typ = specs[which].Type()
		}
		for _, strict := range []bool{false, true} {
			if jsonscan.Valid(data) {
				decodeBoth(t, typ, data, strict)
				continue
			}
			err := jsondec.Unmarshal(data, reflect.New(typ).Interface(), strict)
			want := json.Unmarshal(data, new(json.RawMessage))
			var se *json.SyntaxError
			if !errors.As(err, &se) || err.Error() != want.Error() {
				t.Fatalf("%s %q: jsondec error %v, encoding/json error %v", typ, data, err, want)
			}
		}
	})
}

// counted is decoded by the function registered with Checked, which
// checks its value and records the bytes; its UnmarshalJSON method must
// not run.
type counted struct{ got []string }

func (c *counted) UnmarshalJSON([]byte) error { return errors.New("UnmarshalJSON ran") }

type holder struct {
	C []counted `json:"c"`
}

func init() {
	jsondec.Checked(func(c *counted, data []byte, i int) (int, error) {
		end := jsonscan.ScanValue(data, i)
		if end < 0 {
			return end, nil
		}
		if string(data[i:end]) == `"bad"` {
			return end, errors.New("bad value")
		}
		c.got = append(c.got, string(data[i:end]))
		return end, nil
	})
}

// TestChecked checks that a type registered with Checked is decoded by its
// function, from the index of its value, that the function's error is
// returned, and that the function's finding a value not JSON is reported
// as encoding/json reports it.
func TestChecked(t *testing.T) {
	var h holder
	require.NoError(t, jsondec.Unmarshal([]byte(`{"c":[{"a": [1]}, 2, "x"]}`), &h, false))
	var got []string
	for _, c := range h.C {
		got = append(got, c.got...)
	}
	assert.Equal(t, []string{`{"a": [1]}`, `2`, `"x"`}, got)

	assert.EqualError(t, jsondec.Unmarshal([]byte(`{"c":["bad"]}`), &h, false), "bad value")
	var serr *json.SyntaxError
	assert.ErrorAs(t, jsondec.Unmarshal([]byte(`{"c":[{"a": tru}]}`), &h, false), &serr)
}

// TestSlicesOwnTheirElements decodes slices one after another and nested in
// each other, and checks that each result has its own backing array, which
// no later decoding writes to, even one that fails.
func TestSlicesOwnTheirElements(t *testing.T) {
	type node struct {
		Name string   `json:"name"`
		Kids []node   `json:"kids"`
		Tags []string `json:"tags"`
	}
	var first []node
	require.NoError(t, jsondec.Unmarshal([]byte(`[{"name":"a","tags":["x","y"]},{"name":"b","kids":[{"name":"c"}]},{"name":"d"}]`), &first, false))
	want := []node{{Name: "a", Tags: []string{"x", "y"}}, {Name: "b", Kids: []node{{Name: "c"}}}, {Name: "d"}}
	require.Equal(t, want, first)

	var second []node
	require.NoError(t, jsondec.Unmarshal([]byte(`[{"name":"e"},{"name":"f","tags":["z"]}]`), &second, false))
	assert.Equal(t, []node{{Name: "e"}, {Name: "f", Tags: []string{"z"}}}, second)
	assert.Equal(t, want, first, "the first result after a second decoding")

	var failed []node
	err := jsondec.Unmarshal([]byte(`[{"name":"g"},{"name":7}]`), &failed, false)
	var te *json.UnmarshalTypeError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, []node{{Name: "e"}, {Name: "f", Tags: []string{"z"}}}, second, "an earlier result after a failed decoding")

	var third []node
	require.NoError(t, jsondec.Unmarshal([]byte(`[{"name":"h"}]`), &third, false))
	assert.Equal(t, []node{{Name: "h"}}, third, "a decoding after an error")

	// An element decoded where an earlier one was has none of its fields.
	type leaf struct {
		Name string   `json:"name"`
		Tags []string `json:"tags"`
	}
	var full, bare []leaf
	require.NoError(t, jsondec.Unmarshal([]byte(`[{"name":"i","tags":["t"]}]`), &full, false))
	require.NoError(t, jsondec.Unmarshal([]byte(`[{}]`), &bare, false))
	assert.Equal(t, []leaf{{}}, bare)
	assert.Equal(t, []leaf{{Name: "i", Tags: []string{"t"}}}, full)
}

// unmarshaled records the bytes its UnmarshalJSON method receives.
type unmarshaled struct{ got string }

func (u *unmarshaled) UnmarshalJSON(data []byte) error {
	u.got = string(data)
	return nil
}

// TestDecodeAtEmptyObject checks that DecodeAt and Unmarshal read an empty
// object into a struct decoded field by field as a decoding would, leaving
// the value as it is and returning the index past the object, and that a
// type with a decoding of its own still receives it.
func TestDecodeAtEmptyObject(t *testing.T) {
	type plain struct {
		A string `json:"a"`
	}
	data := []byte(`{"m":{ },"n":1}`)
	p := &plain{A: "kept"}
	end, err := jsondec.DecodeAt(data, 5, 1, p, true)
	require.NoError(t, err)
	assert.Equal(t, 8, end)
	assert.Equal(t, "kept", p.A)

	u := new(unmarshaled)
	end, err = jsondec.DecodeAt(data, 5, 1, u, false)
	require.NoError(t, err)
	assert.Equal(t, 8, end)
	assert.Equal(t, "{ }", u.got)

	c := new(counted)
	_, err = jsondec.DecodeAt(data, 5, 1, c, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"{ }"}, c.got)

	_, err = jsondec.DecodeAt([]byte(`{}`), 0, 10000, new(plain), false)
	assert.ErrorIs(t, err, jsondec.ErrSyntax, "an object deeper than encoding/json reads")
	_, err = jsondec.DecodeAt([]byte(`{ x}`), 0, 1, new(plain), false)
	assert.ErrorIs(t, err, jsondec.ErrSyntax)
	_, err = jsondec.DecodeAt([]byte(`{ `), 0, 1, new(plain), false)
	assert.ErrorIs(t, err, jsondec.ErrSyntax)

	// Unmarshal reads it the same way, and still checks what follows.
	require.NoError(t, jsondec.Unmarshal([]byte(` { } `), p, true))
	assert.Equal(t, "kept", p.A)
	var serr *json.SyntaxError
	assert.ErrorAs(t, jsondec.Unmarshal([]byte(`{} x`), p, false), &serr)
}
