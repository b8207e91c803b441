package event_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
)

func TestParseAs(t *testing.T) {
	body := `{"id":"w1","topic":"test.widget.created","metadata":{"product_code":"p1","customer_identifier":"c1","price":"12.50","parts":[{"Name":"n","Value":{"A":"x"}}]}}`
	e, m, err := event.ParseAs[widgetCreated]([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, "w1", e.ID)
	assert.Equal(t, "p1", m.ProductCode)
	assert.Equal(t, "12.50", m.Price.String())
	require.Len(t, m.Parts, 1)
	assert.Equal(t, "n", m.Parts[0].Name)
	assert.JSONEq(t, `{"product_code":"p1","customer_identifier":"c1","price":"12.50","parts":[{"Name":"n","Value":{"A":"x"}}]}`, string(e.Metadata))

	// The metadata before the topic: decoded after the envelope.
	e, m, err = event.ParseAs[widgetCreated]([]byte(`{"metadata":{"product_code":"p2","customer_identifier":"c"},"topic":"test.widget.created"}`))
	require.NoError(t, err)
	assert.Equal(t, "p2", m.ProductCode)
	assert.Equal(t, testTopicCreated, e.Topic)

	// An EventBridge event, whose topic comes from its source and detail type.
	e, mb, err := event.ParseAs[widgetBridged]([]byte(`{"detail-type":"Widget Created","source":"test.widget","detail":{"product_code":"p3","customer_identifier":"c"}}`))
	require.NoError(t, err)
	assert.Equal(t, "p3", mb.ProductCode)
	assert.NotNil(t, e.EventBridge)
}

func TestParseAsErrors(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		envelope   bool // the envelope is read and returned
		is         error
	}{
		{"not JSON", `{"topic":"test.widget.created","metadata":{"product_code":"p"`, false, event.ErrMalformed},
		{"not JSON after a type error", `{"topic":"test.widget.created","metadata":{"product_code":7,"x":tru}}`, false, event.ErrMalformed},
		{"metadata not an object", `{"topic":"test.widget.created","metadata":[1]}`, false, event.ErrMalformed},
		{"no topic", `{"metadata":{}}`, false, event.ErrMalformed},
		{"wrong kind", `{"topic":"test.widget.created","metadata":{"product_code":7,"customer_identifier":"c"}}`, true, event.ErrMalformed},
		{"other topic", `{"topic":"test.widget.listed","metadata":{}}`, true, event.ErrTopicMismatch},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e, m, err := event.ParseAs[widgetCreated]([]byte(tt.body))
			require.ErrorIs(t, err, tt.is)
			assert.Nil(t, m)
			assert.Equal(t, tt.envelope, e != nil, "envelope returned")

			// The same errors as Parse, then DecodeAs.
			pe, perr := event.Parse([]byte(tt.body))
			if !tt.envelope {
				assert.EqualError(t, err, perr.Error())
				return
			}
			require.NoError(t, perr)
			_, derr := event.DecodeAs[widgetCreated](pe)
			assert.EqualError(t, err, derr.Error())
		})
	}

	// A validation error comes with the envelope.
	e, _, err := event.ParseAs[widgetCreated]([]byte(`{"topic":"test.widget.created","metadata":{"product_code":"p"}}`))
	var ve *event.ValidationError
	require.True(t, errors.As(err, &ve), "error %v, want a ValidationError", err)
	assert.Equal(t, "metadata.customer_identifier", ve.Fields[0].Path)
	assert.NotNil(t, e)
}

// TestParseForCalls checks that ParseFor asks for a value at most twice,
// and decodes nothing for a topic it is given no value for.
func TestParseForCalls(t *testing.T) {
	var asked []topics.Topic
	newFor := func(t topics.Topic) event.Metadata {
		asked = append(asked, t)
		if t == testTopicCreated {
			return new(widgetCreated)
		}
		return nil
	}
	e, m, err := event.ParseFor([]byte(`{"type":"test.widget.listed","metadata":{"product_code":"p","customer_identifier":"c"},"topic":"test.widget.created"}`), newFor)
	require.NoError(t, err)
	assert.Equal(t, []topics.Topic{testTopicEmpty, testTopicCreated}, asked)
	assert.Equal(t, testTopicCreated, e.Topic)
	assert.Equal(t, "p", m.(*widgetCreated).ProductCode)

	asked = nil
	e, m, err = event.ParseFor([]byte(`{"topic":"test.widget.listed","metadata":{"product_code":7}}`), newFor)
	require.NoError(t, err)
	assert.Nil(t, m)
	assert.Equal(t, testTopicEmpty, e.Topic)
	assert.Equal(t, []topics.Topic{testTopicEmpty, testTopicEmpty}, asked)
}

// TestParseDoesNotKeepData checks that Parse, ParseFor and ParseAs copy the
// metadata out of data, so that a caller may reuse its buffer, as a
// bufio.Scanner does, once they return; and that ParseForNoCopy does not.
func TestParseDoesNotKeepData(t *testing.T) {
	const body = `{"id":"w1","topic":"test.widget.created","metadata":{"product_code":"p1","customer_identifier":"c1"}}`
	const metadata = `{"product_code":"p1","customer_identifier":"c1"}`
	overwrite := func(data []byte) {
		for i := range data {
			data[i] = ' '
		}
	}

	data := []byte(body)
	e, err := event.Parse(data)
	require.NoError(t, err)
	overwrite(data)
	assert.Equal(t, metadata, string(e.Metadata), "Parse")

	data = []byte(body)
	e, m, err := event.ParseFor(data, func(topics.Topic) event.Metadata { return new(widgetCreated) })
	require.NoError(t, err)
	overwrite(data)
	assert.Equal(t, metadata, string(e.Metadata), "ParseFor")
	assert.Equal(t, "p1", m.(*widgetCreated).ProductCode, "ParseFor")

	data = []byte(body)
	e, w, err := event.ParseAs[widgetCreated](data)
	require.NoError(t, err)
	overwrite(data)
	assert.Equal(t, metadata, string(e.Metadata), "ParseAs")
	assert.Equal(t, "c1", w.Customer, "ParseAs")

	// ParseForNoCopy leaves the metadata in data; what it decoded is its own.
	data = []byte(body)
	e, m, err = event.ParseForNoCopy(data, func(topics.Topic) event.Metadata { return new(widgetCreated) })
	require.NoError(t, err)
	assert.Equal(t, metadata, string(e.Metadata), "ParseForNoCopy")
	overwrite(data)
	assert.Equal(t, strings.Repeat(" ", len(metadata)), string(e.Metadata), "ParseForNoCopy copied the metadata")
	assert.Equal(t, "p1", m.(*widgetCreated).ProductCode, "ParseForNoCopy")
}

// TestParseForReadsTopicOnce checks that the topic ParseFor reads to choose
// the metadata's type is the one the envelope keeps: a topic that is not
// one of the documented ones is allocated once, as Parse allocates it, and
// a topic that is not a string is reported by its key.
func TestParseForReadsTopicOnce(t *testing.T) {
	body := []byte(`{"id":7,"topic":"vendor.widget.renamed","metadata":{}}`)
	none := func(topics.Topic) event.Metadata { return nil }
	e, m, err := event.ParseFor(body, none)
	require.NoError(t, err)
	assert.Nil(t, m)
	assert.Equal(t, topics.Topic("vendor.widget.renamed"), e.Topic)

	parse := testing.AllocsPerRun(100, func() { _, _ = event.Parse(body) })
	parseFor := testing.AllocsPerRun(100, func() { _, _, _ = event.ParseFor(body, none) })
	assert.Equal(t, parse, parseFor, "allocations of ParseFor with no metadata type, against Parse's")

	_, _, err = event.ParseFor([]byte(`{"topic":7,"metadata":{}}`), none)
	require.ErrorIs(t, err, event.ErrMalformed)
	assert.Contains(t, err.Error(), `"topic"`)
}

// TestParseIDText checks that an id is read as its text: copied as it is
// when it has no escape, decoded when it has one, whichever alias holds it.
func TestParseIDText(t *testing.T) {
	for body, want := range map[string]string{
		`{"id":"msg_1","topic":"t","metadata":{}}`:                   "msg_1",
		`{"id":"a\u00e9\"b\\c","topic":"t","metadata":{}}`:           "aé\"b\\c",
		`{"id":"caf` + "\u00e9" + `","topic":"t","metadata":{}}`:     "café",
		`{"event_id":"x\n","id":"y\/z","topic":"t","metadata":{}}`:   "y/z",
		`{"id":"y\/z","event_id":"plain","topic":"t","metadata":{}}`: "y/z",
		`{"event_id":"plain","id":"y\/z","topic":"t","metadata":{}}`: "y/z",
		`{"id":12.50,"topic":"t","metadata":{}}`:                     "12.50",
		`{"eventId":"\ud83d\ude00","topic":"t","metadata":{}}`:       "\U0001F600",
	} {
		e, err := event.Parse([]byte(body))
		require.NoError(t, err, body)
		assert.Equal(t, want, e.ID, body)
		e, _, err = event.ParseFor([]byte(body), func(topics.Topic) event.Metadata { return nil })
		require.NoError(t, err, body)
		assert.Equal(t, want, e.ID, body)
	}
}
