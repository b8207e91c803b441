package sdktest_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/clazarevents/sdk-go/internal/sdktest"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

func TestJSONEq(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		want, got string
		equal     bool
		testify   bool // what assert.JSONEq says
	}{
		{"members in another order", `{"a":1,"b":[true,"x"]}`, `{"b":[true,"x"],"a":1}`, true, true},
		{"null equals absent", `{"a":1,"c":{}}`, `{"a":1,"b":null,"c":{"d":null}}`, true, false},
		{"trailing zero", `{"amount":12.50}`, `{"amount":12.5}`, false, true},
		{"digits past float64", `{"amount":98765432109876.54321}`, `{"amount":98765432109876.54322}`, false, true},
		{"number and string", `{"amount":12.5}`, `{"amount":"12.5"}`, false, false},
		{"another value", `{"a":[1,2]}`, `{"a":[2,1]}`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &recorder{TB: t}
			assert.Equal(t, tt.equal, sdktest.JSONEq(r, []byte(tt.want), []byte(tt.got)))
			assert.Equal(t, tt.equal, len(r.failures) == 0, "failures: %q", r.failures)
			assert.Equal(t, tt.testify, assert.JSONEq(&recorder{TB: t}, tt.want, tt.got), "assert.JSONEq")
		})
	}
}
