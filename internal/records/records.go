// Package records splits a file of stored deliveries into its records: a
// JSON array of events, or JSON lines (one event per line), as a receiver
// might keep them. The reconcile example and the command-line tool read
// files through it.
package records

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// A Record is one stored delivery and where it stands in its file.
type Record struct {
	// Where is the record's place, such as "element 3", "line 12" or
	// "the file".
	Where string
	// Data is the record's JSON text.
	Data []byte
}

// Split returns the records of data: a JSON array of events, one event
// (such as a bundled fixture, over several lines), or one event per line,
// blank lines skipped. The error reports data that starts as an array but
// is not valid JSON; records that are not events are for the caller to
// find.
func Split(data []byte) ([]Record, error) {
	trimmed := bytes.TrimSpace(data)
	if bytes.HasPrefix(trimmed, []byte("{")) && json.Valid(trimmed) {
		return []Record{{"the file", trimmed}}, nil
	}
	if bytes.HasPrefix(trimmed, []byte("[")) {
		var elems []json.RawMessage
		if err := json.Unmarshal(data, &elems); err != nil {
			return nil, fmt.Errorf("not a JSON array of events: %w", err)
		}
		rs := make([]Record, len(elems))
		for i, r := range elems {
			rs[i] = Record{fmt.Sprintf("element %d", i+1), r}
		}
		return rs, nil
	}
	var rs []Record
	for i, line := range bytes.Split(data, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) > 0 {
			rs = append(rs, Record{fmt.Sprintf("line %d", i+1), line})
		}
	}
	return rs, nil
}
