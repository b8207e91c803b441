package jsonscan_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
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

// FuzzValidMembers checks that ValidMembers, and MembersAt on an input
// that starts with an object, find what Valid and then Members find, on
// any input.
func FuzzValidMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":"x\"y","c":[{"d":"}"}],"e":{"f":null}}`, `{"a":1,}`, `{"a" 1}`, `{"a":1}x`, `[1]`, `1 2`,
		`{"k":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`, `{"k":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var got, want [][2]string
		isObject, ok := jsonscan.ValidMembers(data, func(k, v []byte) { got = append(got, [2]string{string(k), string(v)}) })
		if valid := json.Valid(data); ok != valid {
			t.Fatalf("ValidMembers(%q) ok = %v, json.Valid %v", data, ok, valid)
		}
		if start := jsonscan.SkipSpace(data, 0); !ok && start < len(data) && data[start] == '{' {
			if end := jsonscan.MembersAt(data, start, func(k, v []byte) {}); end >= 0 && jsonscan.SkipSpace(data, end) == len(data) {
				t.Fatalf("MembersAt(%q, %d) = %d, the end of an input that is not JSON", data, start, end)
			}
		}
		if !ok {
			return
		}
		wantObject := jsonscan.Members(data, func(k, v []byte) { want = append(want, [2]string{string(k), string(v)}) })
		if isObject != wantObject || !slices.Equal(got, want) {
			t.Fatalf("ValidMembers(%q) = %v %q, Members %v %q", data, isObject, got, wantObject, want)
		}
		if !isObject {
			return
		}
		var at [][2]string
		start := jsonscan.SkipSpace(data, 0)
		end := jsonscan.MembersAt(data, start, func(k, v []byte) { at = append(at, [2]string{string(k), string(v)}) })
		if end < 0 || jsonscan.SkipSpace(data, end) != len(data) || !slices.Equal(at, want) {
			t.Fatalf("MembersAt(%q, %d) = %d %q, want the end of the object and %q", data, start, end, at, want)
		}
	})
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

func TestValid(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []string{
		``, ` `, `{}`, `[]`, `""`, `0`, `-0`, `-`, `01`, `1.`, `1.5`, `.5`, `1e`, `1e+`, `1E-7`, `-1.5e3`,
		`true`, `tru`, `truex`, `null`, `nul`, `false`,
		`{"a":1}`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `[1,]`, `[,1]`, `[1 2]`, `{"a":[1,{"b":null}]}`,
		`"\u00e9"`, `"\u00g9"`, `"\x"`, "\"a\tb\"", "\"\xff\"", `"\"`, `"abc`, `{"a":"\\"}`,
		`{} {}`, `{}x`, " {\n} ", `[}`, `{]`, `[[[]]]`, `[[[]]`, `{"a":{"b":{}}}}`,
		deep(10000), deep(10001), `{"k":` + deep(9999) + `}`, `{"k":` + deep(10000) + `}`,
	}
	for _, in := range tests {
		if got, want := jsonscan.Valid([]byte(in)), json.Valid([]byte(in)); got != want {
			t.Errorf("Valid(%.40q) = %v, json.Valid says %v", in, got, want)
		}
	}
}

// FuzzValid checks Valid against json.Valid.
func FuzzValid(f *testing.F) {
	for _, s := range []string{`{"a":[1,-2.5e3,"x\u0041\n",true,false,null,{}]}`, `[`, `"\ud800"`, `01`, `{"a":1,}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := jsonscan.Valid(data), json.Valid(data); got != want {
			t.Fatalf("Valid(%q) = %v, json.Valid says %v", data, got, want)
		}
	})
}

func BenchmarkValid(b *testing.B) {
	body := []byte(`{"id":"9d188b8e-0aba-4b03-98af-31f1c14f36e9","topic":"aws.contract.created","origin":"AWS","suborigin":"SNS","timestamp":"2025-08-07T14:03:11Z","metadata":{"product_code":"8h2k1x9z5q7m3n4p6r0t","entitlements":[{"Dimension":"users","Value":{"IntegerValue":25},"ExpirationDate":"2026-08-07 14:03:11"}]}}`)
	b.Run("jsonscan", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			jsonscan.Valid(body)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			json.Valid(body)
		}
	})
}

// TestStringsEightAtATime puts each kind of special byte at each position
// of strings longer and shorter than the eight bytes read at a time.
func TestStringsEightAtATime(t *testing.T) {
	for n := 0; n <= 20; n++ {
		for pos := 0; pos < n; pos++ {
			for _, c := range []byte{'"', '\\', 0x01, 0x1f, 0x20, 0x7f, 0x80, 0xc3, 0xff, 'a'} {
				b := []byte(`"` + strings.Repeat("a", n) + `"`)
				b[1+pos] = c
				if got, want := jsonscan.Valid(b), json.Valid(b); got != want {
					t.Errorf("Valid(%q) = %v, json.Valid %v", b, got, want)
				}
				end, plain := jsonscan.ScanString(b, 0)
				wantEnd, wantPlain := len(b), c >= 0x20 && c < 0x80 && c != '\\'
				switch {
				case c == '"':
					wantEnd = pos + 2 // the string ends there
				case !wantPlain:
					wantEnd = end // checked by Valid above
				}
				if end != wantEnd || plain != wantPlain {
					t.Errorf("ScanString(%q) = %d, %v; want %d, %v", b, end, plain, wantEnd, wantPlain)
				}
			}
		}
	}
}
