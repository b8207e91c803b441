package contract_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// FuzzOrder folds a history of three buyers in the order, with the
// repetitions, that the input spells (each byte picks the next event) and
// checks that the states equal the in-order fold's, once every event has
// been applied.
func FuzzOrder(f *testing.F) {
	var history []*event.Event
	for _, m := range []topics.Marketplace{topics.AWS, topics.Azure, topics.GCP} {
		j, err := webhooktest.NewJourney(m, 1)
		if err != nil {
			f.Fatal(err)
		}
		history = append(history, j.Events...)
	}
	want := fold(f, history...).All()
	f.Add([]byte{})
	f.Add([]byte{22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0})
	f.Add([]byte{4, 4, 0, 2, 2, 13, 5, 22, 14, 14})
	f.Fuzz(func(t *testing.T, order []byte) {
		b := contract.NewBook()
		for _, i := range order {
			if _, err := b.Apply(context.Background(), history[int(i)%len(history)], nil); err != nil {
				t.Fatal(err)
			}
		}
		for i := range history { // every event at least once, newest first
			if _, err := b.Apply(context.Background(), history[len(history)-1-i], nil); err != nil {
				t.Fatal(err)
			}
		}
		if diff := cmp.Diff(want, b.All(), stateCmp); diff != "" {
			t.Fatalf("order %v: (-in order +fuzzed):\n%s", order, diff)
		}
	})
}
