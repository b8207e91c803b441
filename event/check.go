package event

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The checks of this file run the rules of `validate` tags as the
// validator package runs them (with WithRequiredStructEnabled, and the
// JSON names that validatorInstance gives fields), compiled once per type:
// the rules that metadata types use, which are required, dive over a slice
// or an array, and the rules added by RegisterRule. A type that uses any
// other rule, or a field the validator package treats in ways not copied
// here (an interface, a pointer with rules, an unexported embedded
// struct), is not compiled, and Validate hands it to the validator
// package. The tests compare the two on every registered type.

// A check validates v and appends the problems it finds to errs, with
// paths from v: a check that looks into a field or an element prefixes the
// paths of the problems found there, so that a value without problems
// costs no path at all.
type check func(v reflect.Value, errs []*FieldError) []*FieldError

// prefix prepends seg to the paths of errs.
func prefix(errs []*FieldError, seg string) {
	for _, e := range errs {
		e.Path = seg + e.Path
	}
}

// compiled is the check of one type: fn is nil when the type has nothing to
// check, and ok is false when the validator package must check it.
type compiled struct {
	fn check
	ok bool
}

var checks struct {
	cache sync.Map // reflect.Type -> compiled
	mu    sync.Mutex
}

var timeType = reflect.TypeFor[time.Time]()

// compiledValidate validates v, a struct or a non-nil pointer to one, with
// its compiled check, with paths from root. ok is false if v has none.
func compiledValidate(v any, root string) (fields []*FieldError, ok bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, false
	}
	c := compiledFor(rv.Type())
	if !c.ok || c.fn == nil {
		return nil, c.ok
	}
	fields = c.fn(rv, nil)
	prefix(fields, root)
	return fields, true
}

// compiledFor returns the compiled check of the struct type t.
func compiledFor(t reflect.Type) compiled {
	if c, ok := checks.cache.Load(t); ok {
		return c.(compiled)
	}
	checks.mu.Lock()
	defer checks.mu.Unlock()
	if c, ok := checks.cache.Load(t); ok {
		return c.(compiled)
	}
	validation.mu.Lock()
	rules := validation.rules
	validation.mu.Unlock()
	fn, ok := (&compiler{rules: rules, open: map[reflect.Type]bool{}}).value(t, "")
	c := compiled{fn: fn, ok: ok}
	checks.cache.Store(t, c)
	return c
}

type compiler struct {
	rules map[string]customRule
	open  map[reflect.Type]bool // structs being compiled, to refuse recursion
}

// value compiles the check of a value of type t with the rules of tag.
func (c *compiler) value(t reflect.Type, tag string) (check, bool) {
	var own []rule
	elemTag, dive := "", false
	if tag != "" {
		parts := strings.Split(tag, ",")
		for i, p := range parts {
			if p == "dive" {
				dive, elemTag = true, strings.Join(parts[i+1:], ",")
				break
			}
			r, ok := c.rule(p)
			if !ok {
				return nil, false
			}
			own = append(own, r)
		}
	}
	var inner check // what follows the value's own rules
	switch k := t.Kind(); {
	case k == reflect.Interface:
		return nil, false
	case k == reflect.Pointer:
		if tag != "" {
			return nil, false
		}
		if t.Elem().Kind() != reflect.Struct {
			return nil, true
		}
		elem, ok := c.value(t.Elem(), "")
		if !ok || elem == nil {
			return nil, ok
		}
		return func(v reflect.Value, errs []*FieldError) []*FieldError {
			if v.IsNil() {
				return errs
			}
			return elem(v.Elem(), errs)
		}, true
	case dive && (k == reflect.Slice || k == reflect.Array):
		elem, ok := c.value(t.Elem(), elemTag)
		if !ok {
			return nil, false
		}
		if elem != nil {
			inner = func(v reflect.Value, errs []*FieldError) []*FieldError {
				for i := range v.Len() {
					n := len(errs)
					if errs = elem(v.Index(i), errs); len(errs) > n {
						prefix(errs[n:], "["+strconv.Itoa(i)+"]")
					}
				}
				return errs
			}
		}
	case dive:
		return nil, false // a map, or a value the validator package cannot dive into
	case k == reflect.Struct && !t.ConvertibleTo(timeType):
		s, ok := c.structFields(t)
		if !ok {
			return nil, false
		}
		inner = s
	}
	if len(own) == 0 {
		return inner, true
	}
	return func(v reflect.Value, errs []*FieldError) []*FieldError {
		for _, r := range own {
			if !r.ok(v) {
				// The validator package reports a value's first failed
				// rule and looks no further into it.
				return append(errs, &FieldError{Rule: r.name})
			}
		}
		if inner == nil {
			return errs
		}
		return inner(v, errs)
	}, true
}

// structFields compiles the checks of the fields of struct type t.
func (c *compiler) structFields(t reflect.Type) (check, bool) {
	if c.open[t] {
		return nil, false
	}
	c.open[t] = true
	defer delete(c.open, t)
	type fieldCheck struct {
		index int
		name  string // "" for an embedded struct, whose fields JSON lifts
		check check
	}
	var fields []fieldCheck
	for i := range t.NumField() {
		sf := t.Field(i)
		switch {
		case !sf.IsExported() && !sf.Anonymous:
			continue // the validator package skips it
		case !sf.IsExported():
			return nil, false
		}
		tag := sf.Tag.Get("validate")
		if tag == "-" {
			continue
		}
		fn, ok := c.value(sf.Type, tag)
		if !ok {
			return nil, false
		}
		if fn == nil {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		switch {
		case name == "" && sf.Anonymous:
		case name == "":
			name = sf.Name
		}
		fields = append(fields, fieldCheck{index: i, name: name, check: fn})
	}
	if len(fields) == 0 {
		return nil, true
	}
	return func(v reflect.Value, errs []*FieldError) []*FieldError {
		for _, f := range fields {
			n := len(errs)
			if errs = f.check(v.Field(f.index), errs); len(errs) > n && f.name != "" {
				prefix(errs[n:], "."+f.name)
			}
		}
		return errs
	}, true
}

// A rule is one validation rule of a tag.
type rule struct {
	name string
	ok   func(v reflect.Value) bool
}

// rule returns the rule a tag names, if it is compiled here.
func (c *compiler) rule(name string) (rule, bool) {
	if name == "required" {
		return rule{name, hasValue}, true
	}
	if r, ok := c.rules[name]; ok {
		return rule{name, r.field}, true
	}
	return rule{}, false
}

// hasValue is the validator package's "required": a non-nil slice or map,
// or a value that is not its type's zero.
func hasValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map, reflect.Pointer, reflect.Interface, reflect.Chan, reflect.Func:
		return !v.IsNil()
	}
	return !v.IsZero()
}
