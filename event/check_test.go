package event_test

import (
	"encoding/json"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	clazarevents "github.com/clazarevents/sdk-go"
	_ "github.com/clazarevents/sdk-go/aws"
	_ "github.com/clazarevents/sdk-go/azure"
	"github.com/clazarevents/sdk-go/event"
	_ "github.com/clazarevents/sdk-go/gcp"
)

// sameValidation checks that the compiled checks and the validator package
// find the same problems in v.
func sameValidation(t *testing.T, what string, v any) {
	t.Helper()
	got := event.Validate(v)
	want := event.ValidateWithValidator(v)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: Validate differs from the validator package (-validator +Validate):\n%s", what, diff)
	}
}

// TestCompiledChecksCoverEveryTopic checks that every marketplace type is
// validated by compiled checks rather than handed to the validator package.
func TestCompiledChecksCoverEveryTopic(t *testing.T) {
	for _, s := range event.Specs() {
		if strings.HasPrefix(string(s.Topic), "test.") {
			continue // the registry tests' own types
		}
		if _, ok := event.CompiledValidate(s.New()); !ok {
			t.Errorf("%s: %s is not compiled", s.Topic, s.Type())
		}
	}
}

// TestCompiledChecksAgree validates the fixtures of every topic, their
// zero values, and each with every field emptied in turn, with both.
func TestCompiledChecksAgree(t *testing.T) {
	paths, err := fs.Glob(clazarevents.Fixtures, "testdata/*/*.json")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, p := range paths {
		body, err := fs.ReadFile(clazarevents.Fixtures, p)
		if err != nil {
			t.Fatal(err)
		}
		e, err := event.Parse(body)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		s, ok := event.Lookup(e.Topic)
		if !ok {
			t.Fatalf("%s: topic %s is not registered", p, e.Topic)
		}
		sameValidation(t, p+" zero", s.New())
		m := s.New()
		if len(e.Metadata) > 0 {
			if err := json.Unmarshal(e.Metadata, m); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
		}
		sameValidation(t, p, m)
		emptyEach(t, p, reflect.ValueOf(m).Elem(), func() { sameValidation(t, p+" emptied", m) })
	}
}

// emptyEach sets each settable field and slice element under v to its zero
// value in turn, calls check, and restores it.
func emptyEach(t *testing.T, p string, v reflect.Value, check func()) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				emptyOne(t, p, f, check)
				emptyEach(t, p, f, check)
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			emptyOne(t, p, v.Index(i), check)
			emptyEach(t, p, v.Index(i), check)
		}
	}
}

func emptyOne(t *testing.T, p string, f reflect.Value, check func()) {
	saved := reflect.New(f.Type()).Elem()
	saved.Set(f)
	f.SetZero()
	check()
	f.Set(saved)
}

// FuzzCompiledChecksAgree decodes any JSON object as the metadata of a
// registered type and validates it with both.
func FuzzCompiledChecksAgree(f *testing.F) {
	paths, _ := fs.Glob(clazarevents.Fixtures, "testdata/*/*.json")
	specs := event.Specs()
	for _, p := range paths {
		body, _ := fs.ReadFile(clazarevents.Fixtures, p)
		if e, err := event.Parse(body); err == nil && e.Metadata != nil {
			for i, s := range specs {
				if s.Topic == e.Topic {
					f.Add([]byte(e.Metadata), uint8(i))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		s := specs[int(which)%len(specs)]
		m := s.New()
		if json.Unmarshal(data, m) != nil {
			return
		}
		sameValidation(t, string(data), m)
	})
}

// gauge is checked by a typed rule, registered with RegisterRuleFor.
type gauge struct{ Level int }

type gadget struct {
	Main  gauge   `json:"main" validate:"level_test"`
	Spare []gauge `json:"spare" validate:"dive,level_test"`
	Other string  `json:"other" validate:"level_test"` // not a gauge: fails
}

func init() {
	event.RegisterRuleFor("level_test", func(g *gauge) bool { return g.Level > 0 })
}

// TestRegisterRuleFor checks a typed rule on a value and on a pointer, in
// a slice, and on a field of another type, against the validator package.
func TestRegisterRuleFor(t *testing.T) {
	ok := gadget{Main: gauge{1}, Spare: []gauge{{2}, {0}, {3}}}
	for _, v := range []any{ok, &ok, gadget{}, &gadget{Spare: []gauge{{0}}}} {
		sameValidation(t, "gadget", v)
	}
	err := event.Validate(&ok)
	want := &event.ValidationError{Fields: []*event.FieldError{
		{Path: "metadata.other", Rule: "level_test"},
		{Path: "metadata.spare[1]", Rule: "level_test"},
	}}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("Validate (-want +got):\n%s", diff)
	}
}
