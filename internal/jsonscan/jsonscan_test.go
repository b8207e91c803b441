package jsonscan_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/clazarevents/sdk-go/internal/jsonscan"
)

type member struct{ key, value string }

func members(t *testing.T, data string) ([]member, bool) {
	t.Helper()
	var got []member
	ok := jsonscan.Members([]byte(data), func(k, v []byte) {
		got = append(got, member{jsonscan.Str(k), string(v)})
	})
	return got, ok
}

func TestMembers(t *testing.T) {
	tests := []struct {
		in   string
		want []member
		ok   bool
	}{
		{`{}`, nil, true},
		{` { } `, nil, true},
		{`{"a":1}`, []member{{"a", "1"}}, true},
		{"{\n\t\"a\" :\r\n \"x\\\"}\" , \"b\":[1,{\"c\":\"]\"}],\"d\":{\"e\":[]},\"f\":null,\"g\":true,\"h\":-1.5e3}",
			[]member{{"a", `"x\"}"`}, {"b", `[1,{"c":"]"}]`}, {"d", `{"e":[]}`}, {"f", "null"}, {"g", "true"}, {"h", "-1.5e3"}}, true},
		{`{"k\u00e9y":"v\\\\"}`, []member{{"kéy", `"v\\\\"`}}, true},
		{`[]`, nil, false},
		{`"x"`, nil, false},
		{`12`, nil, false},
	}
	for _, tt := range tests {
		got, ok := members(t, tt.in)
		if ok != tt.ok {
			t.Errorf("Members(%s) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("Members(%s) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Members(%s)[%d] = %q, want %q", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestKindOf(t *testing.T) {
	tests := map[string]jsonscan.Kind{
		`null`: jsonscan.Null, `true`: jsonscan.Bool, `false`: jsonscan.Bool, `"s"`: jsonscan.String,
		`[1]`: jsonscan.Array, `{}`: jsonscan.Object, `-1`: jsonscan.Number, `0.5`: jsonscan.Number, ``: jsonscan.Invalid, `x`: jsonscan.Invalid,
	}
	for in, want := range tests {
		if got := jsonscan.KindOf([]byte(in)); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", in, got, want)
		}
	}
	if jsonscan.Object.String() != "object" || jsonscan.Number.String() != "number" {
		t.Error("Kind.String names")
	}
}

func TestStr(t *testing.T) {
	tests := map[string]string{
		`"plain"`: "plain", `""`: "", `"a\nb"`: "a\nb", `"\u00e9"`: "é", `"é"`: "é", "\"\xff\"": "\ufffd", `"\ud83d\ude00"`: "😀",
	}
	for in, want := range tests {
		if got := jsonscan.Str([]byte(in)); got != want {
			t.Errorf("Str(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzMembers checks Members against encoding/json on every valid object.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":"x\"y","c":[{"d":"}"}],"e":{"f":null}}`, `{"k\u0041":true}`, `[1]`, `{"a":"\\"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var want map[string]json.RawMessage
		isObject := json.Unmarshal(data, &want) == nil && bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{"))
		got := map[string]json.RawMessage{}
		ok := jsonscan.Members(data, func(k, v []byte) {
			got[jsonscan.Str(k)] = append(json.RawMessage(nil), v...)
		})
		if ok != isObject {
			t.Fatalf("Members(%q) ok = %v, encoding/json says object = %v", data, ok, isObject)
		}
		if !ok {
			return
		}
		if len(got) != len(want) {
			t.Fatalf("Members(%q) found %d keys, encoding/json %d", data, len(got), len(want))
		}
		for k, w := range want {
			if !bytes.Equal(got[k], w) {
				t.Fatalf("Members(%q)[%q] = %s, encoding/json %s", data, k, got[k], w)
			}
		}
	})
}
