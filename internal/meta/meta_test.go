package meta_test

import (
	"encoding/json"
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
