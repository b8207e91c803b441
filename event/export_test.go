package event

// Exported for the tests of package event_test.

// ValidateWithValidator checks v with the validator package alone.
func ValidateWithValidator(v any) error { return validateWithValidator(v, "metadata") }

// CompiledValidate checks v with its compiled checks, if it has them.
func CompiledValidate(v any) ([]*FieldError, bool) { return compiledValidate(v, "metadata") }

// ParseTimeJSON reads data with Time's UnmarshalJSON.
func ParseTimeJSON(data []byte) (Time, error) {
	var t Time
	err := t.UnmarshalJSON(data)
	return t, err
}
