package event_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/event"
)

func TestParseKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want map[string]string // field: key
		err  error
	}{
		{"canonical", `{"id":"evt_1","topic":"aws.contract.created","timestamp":"2025-01-02 03:04:05","metadata":{}}`,
			map[string]string{"id": "id", "topic": "topic", "timestamp": "timestamp", "metadata": "metadata"}, nil},
		{"aliases and spellings", `{"eventId":7,"Event_Type":"gcp.contract.renewed","sub-origin":"Pub/Sub","createdAt":1700000000,"payload":null}`,
			map[string]string{"id": "eventId", "topic": "Event_Type", "suborigin": "sub-origin", "timestamp": "createdAt", "metadata": "payload"}, nil},
		{"the preferred alias wins", `{"type":"x.y","topic":"aws.contract.created","data":{},"metadata":{}}`,
			map[string]string{"topic": "topic", "metadata": "metadata"}, nil},
		{"a field of the wrong kind is named", `{"topic":"aws.contract.created","Metadata":[1]}`,
			map[string]string{"topic": "topic", "metadata": "Metadata"}, event.ErrMalformed},
		{"not an object", `[1]`, map[string]string{}, event.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e, readings, err := event.ParseKeys([]byte(tt.body))
			got := map[string]string{}
			for _, r := range readings {
				got[r.Field] = r.Key
				assert.NotEmpty(t, r.Value, "value of %s", r.Field)
			}
			assert.Equal(t, tt.want, got)
			if tt.err != nil {
				assert.True(t, errors.Is(err, tt.err), "error %v", err)
				return
			}
			require.NoError(t, err)
			want, err := event.Parse([]byte(tt.body))
			require.NoError(t, err)
			assert.Equal(t, want, e, "the event is Parse's")
		})
	}
}
