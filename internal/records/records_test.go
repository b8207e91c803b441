package records_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/internal/records"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	rs, err := records.Split([]byte(" [{\"a\":1}, {\"b\":2}]\n"))
	require.NoError(t, err)
	assert.Equal(t, []records.Record{{"element 1", []byte(`{"a":1}`)}, {"element 2", []byte(`{"b":2}`)}}, rs)

	rs, err = records.Split([]byte("{\"a\":1}\n\n  {\"b\":2}  \r\nnot json\n"))
	require.NoError(t, err)
	assert.Equal(t, []records.Record{{"line 1", []byte(`{"a":1}`)}, {"line 3", []byte(`{"b":2}`)}, {"line 4", []byte("not json")}}, rs)

	rs, err = records.Split([]byte("{\n  \"a\": 1\n}\n"))
	require.NoError(t, err)
	assert.Equal(t, []records.Record{{"the file", []byte("{\n  \"a\": 1\n}")}}, rs)

	rs, err = records.Split(nil)
	require.NoError(t, err)
	assert.Empty(t, rs)

	_, err = records.Split([]byte(`[{"a":1},`))
	assert.ErrorContains(t, err, "not a JSON array")
}
