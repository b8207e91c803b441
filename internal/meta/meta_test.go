package meta_test

import (
	"encoding/json"
	"maps"
	"testing"

	"github.com/clazarevents/sdk-go/internal/meta"
)

func TestOpenObjectsRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		in   string
		into func() any
	}{
		{"registration documented", `{"field":"Company Name","value":"Acme Corp"}`, func() any { return new(meta.RegistrationField) }},
		{"registration extra", `{"field":"Seats","value":"10","required":true,"options":["5","10"]}`, func() any { return new(meta.RegistrationField) }},
		{"extra info documented", `{"error":"Invalid metric ID"}`, func() any { return new(meta.ExtraInfo) }},
		{"extra info only extra", `{"code":429,"retry_after":"30s"}`, func() any { return new(meta.ExtraInfo) }},
		{"extra info empty", `{}`, func() any { return new(meta.ExtraInfo) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := tt.into()
			if err := json.Unmarshal([]byte(tt.in), v); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			var want, got any
			_ = json.Unmarshal([]byte(tt.in), &want)
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("output %s is not JSON: %v", out, err)
			}
			wb, _ := json.Marshal(want)
			gb, _ := json.Marshal(got)
			if string(wb) != string(gb) {
				t.Errorf("round trip = %s, want %s", gb, wb)
			}
		})
	}
}

func TestOpenObjectsErrors(t *testing.T) {
	t.Parallel()
	var r meta.RegistrationField
	for _, bad := range []string{`[]`, `{"field":1}`, `"x"`} {
		if err := json.Unmarshal([]byte(bad), &r); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
	var x meta.ExtraInfo
	if err := json.Unmarshal([]byte(`{"error":{}}`), &x); err == nil {
		t.Error("ExtraInfo accepted an object as error")
	}
}

func TestRegistrationExtraKeepsValues(t *testing.T) {
	t.Parallel()
	var r meta.RegistrationField
	if err := json.Unmarshal([]byte(`{"field":"a","value":"b","hint":"c"}`), &r); err != nil {
		t.Fatal(err)
	}
	if r.Field != "a" || r.Value != "b" || string(r.Extra["hint"]) != `"c"` || len(r.Extra) != 1 {
		t.Errorf("decoded %+v", r)
	}
}

// unmarshalOpenStd is UnmarshalOpen written with encoding/json alone, as
// the reference its fuzz target compares with.
func unmarshalOpenStd(data []byte, known any, names ...string) (meta.Extra, error) {
	if err := json.Unmarshal(data, known); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil || all == nil {
		return nil, err
	}
	for _, n := range names {
		delete(all, n)
	}
	if len(all) == 0 {
		return nil, nil
	}
	return all, nil
}

// FuzzUnmarshalOpen checks UnmarshalOpen against encoding/json.
func FuzzUnmarshalOpen(f *testing.F) {
	for _, s := range []string{`{"field":"Company","value":"Acme","extra":[1,{"a":null}]}`, `{"Field":"x","field":"y"}`,
		`{"a":1,"a":2}`, `null`, `{}`, `[]`, `{"value":3}`, `{"field":"\u00e9","k\u0041":"v"}`, `{"field":"x"`} {
		f.Add([]byte(s))
	}
	type known struct {
		Field string `json:"field"`
		Value string `json:"value"`
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got, want known
		gotExtra, gotErr := meta.UnmarshalOpen(data, &got, "field", "value")
		wantExtra, wantErr := unmarshalOpenStd(data, &want, "field", "value")
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("%q: error %v, encoding/json %v", data, gotErr, wantErr)
		}
		if gotErr != nil {
			return
		}
		if got != want || !maps.EqualFunc(gotExtra, wantExtra, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
			t.Fatalf("%q: %+v %q, encoding/json %+v %q", data, got, gotExtra, want, wantExtra)
		}
	})
}
