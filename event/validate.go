package event

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// embedded stands in the validator's namespace for an embedded struct,
// whose fields JSON lifts into the parent.
const embedded = "~"

var validation = struct {
	once  sync.Once
	v     *validator.Validate
	mu    sync.Mutex
	rules map[string]customRule
}{rules: map[string]customRule{}}

// A customRule is a rule added by RegisterRule or RegisterRuleFor, in the
// two forms that the validator package and the compiled checks call.
type customRule struct {
	value func(v any) bool           // receives the field's value
	field func(v reflect.Value) bool // receives the field
}

// RegisterRule adds a validation rule that metadata types can name in a
// `validate` struct tag, for checks a tag of the validator package cannot
// express: ok receives the field's value and reports whether it is valid.
// Like Register, it is for marketplace packages during initialisation, and
// it panics once the registry has been read or if the rule exists already.
// RegisterRuleFor is the typed form, which does not copy the field.
func RegisterRule(tag string, ok func(v any) bool) {
	registerRule(tag, customRule{value: ok, field: func(v reflect.Value) bool { return ok(v.Interface()) }})
}

// RegisterRuleFor is RegisterRule for a rule about fields of type T: ok
// receives a pointer to the field, which it must not modify, and a field of
// any other type fails the rule. It panics as RegisterRule does.
func RegisterRuleFor[T any](tag string, ok func(v *T) bool) {
	typ := reflect.TypeFor[T]()
	registerRule(tag, customRule{
		value: func(v any) bool {
			t, isT := v.(T)
			return isT && ok(&t)
		},
		field: func(v reflect.Value) bool {
			switch {
			case v.Type() != typ:
				return false
			case v.CanAddr() && v.CanInterface():
				return ok(v.Addr().Interface().(*T)) // a pointer: no copy
			}
			t := v.Interface().(T)
			return ok(&t)
		},
	})
}

func registerRule(tag string, r customRule) {
	validation.mu.Lock()
	defer validation.mu.Unlock()
	if registry.sealed.Load() {
		panic("event: RegisterRule called after the registry was first read")
	}
	if _, dup := validation.rules[tag]; dup {
		panic(fmt.Sprintf("event: RegisterRule: rule %q registered twice", tag))
	}
	validation.rules[tag] = r
}

func validatorInstance() *validator.Validate {
	validation.once.Do(func() {
		v := validator.New(validator.WithRequiredStructEnabled())
		v.RegisterTagNameFunc(func(f reflect.StructField) string {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" && f.Anonymous {
				return embedded
			}
			return name
		})
		validation.mu.Lock()
		defer validation.mu.Unlock()
		for tag, r := range validation.rules {
			err := v.RegisterValidation(tag, func(fl validator.FieldLevel) bool {
				return r.value(fl.Field().Interface())
			})
			if err != nil {
				panic(fmt.Sprintf("event: rule %q: %v", tag, err))
			}
		}
		validation.v = v
	})
	return validation.v
}

// Validate checks v, a metadata struct or a pointer to one, against the
// rules in its `validate` struct tags. It returns nil or a
// *ValidationError whose paths start at "metadata", with the topic set when
// v is Metadata. Decode and DecodeAs validate in the same way, with paths
// that start at the member of the envelope that holds the metadata:
// "metadata" for a Clazar delivery, "detail" for an EventBridge event.
//
// The rules are those of the validator package, which reads the tags. For
// the rules that metadata types use (required, dive over a slice, and the
// rules added by RegisterRule and RegisterRuleFor), Validate runs checks
// compiled once per type from the same tags, which give the same result as
// the validator package without its per-call reflection over every field;
// a type with any other rule is checked by the validator package itself.
func Validate(v any) error {
	return validate(v, "metadata")
}

func validate(v any, root string) error {
	seal()
	if fields, ok := compiledValidate(v, root); ok {
		if len(fields) == 0 {
			return nil
		}
		return newValidationError(v, fields)
	}
	return validateWithValidator(v, root)
}

// validateWithValidator checks v with the validator package.
func validateWithValidator(v any, root string) error {
	err := validatorInstance().Struct(v)
	if err == nil {
		return nil
	}
	var errs validator.ValidationErrors
	if !errors.As(err, &errs) {
		return fmt.Errorf("event: validating %T: %w", v, err)
	}
	fields := make([]*FieldError, len(errs))
	for i, fe := range errs {
		fields[i] = &FieldError{Path: jsonPath(root, fe.Namespace()), Rule: fe.Tag(), Param: fe.Param()}
	}
	return newValidationError(v, fields)
}

// newValidationError returns the ValidationError of v's fields, sorted.
func newValidationError(v any, fields []*FieldError) *ValidationError {
	ve := &ValidationError{Fields: fields}
	if m, ok := v.(Metadata); ok {
		ve.Topic = m.Topic()
	}
	slices.SortFunc(ve.Fields, func(a, b *FieldError) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Rule, b.Rule))
	})
	return ve
}

// jsonPath turns a validator namespace such as
// "ContractCreated.~.entitlements[0].Value" into a path from root, such as
// "metadata.entitlements[0].Value".
func jsonPath(root, ns string) string {
	_, rest, _ := strings.Cut(ns, ".")
	rest = strings.ReplaceAll("."+rest, "."+embedded, "")
	return root + rest
}
