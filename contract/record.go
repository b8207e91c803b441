package contract

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// A Record is what a Ledger keeps for one contract: its State, and for each
// part of the state the place in the order of events of the event that set
// it, so that an older event arriving later cannot overwrite a newer one.
// The zero Record is the record of a contract no event has been applied
// to.
//
// Its JSON form, written by MarshalJSON, holds both and is what a ledger
// in a database stores; UnmarshalJSON reads it back.
type Record struct {
	// State is the contract's state.
	State State

	clocks clocks
}

// The parts of a state that events set independently.
const (
	partStatus = iota
	partGrant
	partTerm
	partPending
	partRegistration
	numParts
)

var partNames = [numParts]string{"status", "grant", "term", "pending", "registration"}

type clocks [numParts]clock

// A clock places an event in the order of a contract's events: by
// timestamp, then by the rank of its topic, then by id.
type clock struct {
	At   time.Time `json:"at"`
	Rank int8      `json:"rank"`
	ID   string    `json:"id"`
}

// after reports whether c comes after d; every clock of an event comes
// after the zero clock.
func (c clock) after(d clock) bool {
	switch {
	case d.ID == "":
		return c.ID != ""
	case !c.At.Equal(d.At):
		return c.At.After(d.At)
	case c.Rank != d.Rank:
		return c.Rank > d.Rank
	}
	return c.ID > d.ID
}

// Fold returns the record with f applied, and the change it made. r itself
// is not modified: the slices of a Record's state are never written once
// it is made, so the returned Record may share them with r and with f. An
// f whose ID r has applied already changes nothing.
//
// The error wraps ErrKeyMismatch, and the record is returned unchanged, if
// r holds another key's state, and ErrIncompleteFact if f was not made by
// FactOf.
func (r Record) Fold(f Fact) (Record, Change, error) {
	before := r.State
	if f.Key.IsZero() || f.ID == "" || f.At.IsZero() {
		return r, Change{Before: before, After: before}, fmt.Errorf("%w: key %q, id %q, at %v", ErrIncompleteFact, f.Key, f.ID, f.At)
	}
	if !before.Key.IsZero() && before.Key != f.Key {
		return r, Change{Before: before, After: before}, fmt.Errorf("%w: %s into %s", ErrKeyMismatch, f.Key, before.Key)
	}
	i, applied := slices.BinarySearch(before.EventIDs, f.ID)
	if applied {
		return r, Change{Before: before, After: before}, nil
	}
	next := r
	s := &next.State
	s.Key = f.Key
	s.EventIDs = slices.Insert(slices.Clip(before.EventIDs), i, f.ID)
	if f.At.After(s.UpdatedAt) {
		s.UpdatedAt = f.At
	}
	if s.Status == "" {
		s.Status = StatusPending
	}
	c := clock{At: f.At, Rank: f.rank, ID: f.ID}
	wins := func(part int, carried bool) bool {
		if !carried || !c.after(next.clocks[part]) {
			return false
		}
		next.clocks[part] = c
		return true
	}
	if wins(partStatus, f.status != "") {
		s.Status = f.status
	}
	if g := f.grant; wins(partGrant, g != nil) {
		s.Plan, s.Offer, s.FreeTrial, s.Quantity = g.plan, g.offer, g.freeTrial, g.quantity
		s.Entitlements = g.entitlements
	}
	if t := f.term; wins(partTerm, t != nil) {
		s.TermStart, s.TermEnd = t.start, t.end
	}
	if p := f.pending; wins(partPending, p != nil) {
		s.PendingPlan = *p
	}
	if a := f.registration; wins(partRegistration, a != nil) {
		s.Registered = true
		s.Registration = *a
	}
	return next, Change{Before: before, After: next.State}, nil
}

// recordJSON is the stored form of a Record.
type recordJSON struct {
	Version int              `json:"v"`
	State   State            `json:"state"`
	Clocks  map[string]clock `json:"clocks,omitempty"`
}

// recordVersion is the version of the stored form MarshalJSON writes.
const recordVersion = 1

// MarshalJSON writes the record's stored form: its version, its state and
// the clock of each part set.
func (r Record) MarshalJSON() ([]byte, error) {
	out := recordJSON{Version: recordVersion, State: r.State}
	for p, c := range r.clocks {
		if c.ID != "" {
			if out.Clocks == nil {
				out.Clocks = map[string]clock{}
			}
			out.Clocks[partNames[p]] = c
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a record written by MarshalJSON. It returns an error
// for another version or an unknown part.
func (r *Record) UnmarshalJSON(data []byte) error {
	var in recordJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("contract: record: %w", err)
	}
	if in.Version != recordVersion {
		return fmt.Errorf("contract: record of version %d; this version reads %d", in.Version, recordVersion)
	}
	out := Record{State: in.State}
	for name, c := range in.Clocks {
		p := slices.Index(partNames[:], name)
		if p < 0 {
			return fmt.Errorf("contract: record: unknown part %q", name)
		}
		c.At = c.At.UTC()
		out.clocks[p] = c
	}
	s := &out.State
	for _, t := range []*time.Time{&s.UpdatedAt, &s.TermStart, &s.TermEnd} {
		*t = utc(*t)
	}
	for i := range s.Entitlements {
		s.Entitlements[i].ExpiresAt = utc(s.Entitlements[i].ExpiresAt)
	}
	*r = out
	return nil
}
