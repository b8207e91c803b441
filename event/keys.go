package event

import "github.com/clazarevents/sdk-go/internal/jsonscan"

// fieldNames are the canonical names of the envelope fields: those of a
// Clazar delivery, as MarshalJSON writes them, then those of an EventBridge
// event, as AWS spells them.
var fieldNames = [numFields]string{"id", "topic", "origin", "suborigin", "text", "description", "timestamp", "metadata",
	"version", "source", "detail-type", "account", "region", "resources", "detail"}

// A KeyReading tells which key of a delivery an envelope field was read
// from.
type KeyReading struct {
	// Field is the field's canonical name: id, topic, origin, suborigin,
	// text, description, timestamp or metadata; or, for an EventBridge
	// event, version, source, detail-type, account, region, resources or
	// detail.
	Field string

	// Key is the key as the delivery spells it, such as "event_type" or
	// "subOrigin".
	Key string

	// Value is the key's value, raw JSON.
	Value []byte
}

// ParseKeys parses data as Parse does and also reports, for each envelope
// field present, which key Parse read it from, in the order of the
// canonical fields. It is how clazar-events inspect shows a sender's
// spelling. The readings are returned also when Parse fails after reading
// the keys, so that a malformed field can be named.
func ParseKeys(data []byte) (*Event, []KeyReading, error) {
	var keys [numFields][]byte
	e, err := parse(data, nil, nil, &keys)
	var readings []KeyReading
	for f, k := range keys {
		if k == nil {
			continue
		}
		readings = append(readings, KeyReading{Field: fieldNames[f], Key: jsonscan.Str(k)})
	}
	if len(readings) > 0 {
		jsonscan.Members(data, func(key, value []byte) {
			for i := range readings {
				if readings[i].Value == nil && jsonscan.Str(key) == readings[i].Key {
					readings[i].Value = value
				}
			}
		})
	}
	return e, readings, err
}
