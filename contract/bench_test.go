package contract_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// history20 is an Azure buyer's history of 20 events: a journey of nine,
// then eleven quantity changes.
func history20(b *testing.B) []*event.Event {
	b.Helper()
	j, err := webhooktest.NewJourney(topics.Azure, 1)
	if err != nil {
		b.Fatal(err)
	}
	events := j.Events
	last := events[len(events)-1].Timestamp
	for i := len(events); i < 20; i++ {
		body, err := webhooktest.Restamp(webhooktest.MustFixture(topics.AzureContractQuantityChanged), webhooktest.Stamp{
			ID:        fmt.Sprintf("evt-q-%02d", i),
			Timestamp: last.Add(time.Duration(i) * time.Hour),
			Metadata: map[string]any{
				"subscription_id":  j.Buyer,
				"new_entitlements": map[string]any{"plan_id": "premium_user", "number_of_users": i},
			},
		})
		if err != nil {
			b.Fatal(err)
		}
		e, err := event.Parse(body)
		if err != nil {
			b.Fatal(err)
		}
		events = append(events, e)
	}
	return events
}

// BenchmarkApply folds a contract's history of 20 events into a new Book
// per iteration ("book"), beside the decoding alone of the same 20 events
// ("decode"), which any handler of them pays, and the folding alone of
// the 20 facts read from them ("fold").
func BenchmarkApply(b *testing.B) {
	events := history20(b)
	ctx := context.Background()
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, e := range events {
				if _, err := e.Decode(); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("book", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			book := contract.NewBook()
			for _, e := range events {
				if _, err := book.Apply(ctx, e, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	facts := make([]contract.Fact, len(events))
	for i, e := range events {
		f, _, err := contract.FactOf(e)
		if err != nil {
			b.Fatal(err)
		}
		facts[i] = f
	}
	b.Run("fold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var r contract.Record
			for _, f := range facts {
				var err error
				if r, _, err = r.Fold(f); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// nopLedger changes nothing: Watch with it costs what a plain typed
// handler of each contract topic costs.
type nopLedger struct{}

func (nopLedger) Apply(context.Context, *event.Event, func(context.Context, contract.Change) error) (contract.Change, error) {
	return contract.Change{}, nil
}

func (nopLedger) ApplyFact(context.Context, contract.Fact, func(context.Context, contract.Change) error) (contract.Change, error) {
	return contract.Change{}, nil
}

func (nopLedger) Get(context.Context, contract.Key) (contract.State, bool, error) {
	return contract.State{}, false, nil
}

// resettable is a Book that the benchmark replaces when it has served
// every delivery once.
type resettable struct{ *contract.Book }

// claimAll is a Store that claims every key and remembers nothing, so that
// the benchmark measures the Handler and the ledger, not a Store.
type claimAll struct{}

func (claimAll) Claim(context.Context, string, time.Duration) (webhook.ClaimStatus, error) {
	return webhook.Claimed, nil
}
func (claimAll) Complete(context.Context, string, time.Duration) error { return nil }
func (claimAll) Release(context.Context, string) error                 { return nil }

// BenchmarkWatch serves the deliveries of 30 buyers' journeys, each once,
// through a Handler with Watch on a nopLedger ("typed-handler", the cost
// of a plain typed handler) and on a Book ("book"), whose fn is called for
// every change. The Book starts empty each time every delivery was served.
func BenchmarkWatch(b *testing.B) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	now := time.Unix(1614265330, 0)
	type delivery struct {
		body   []byte
		header http.Header
	}
	var deliveries []delivery
	for i, j := range webhooktest.Journeys(30) {
		for k, body := range j.Bodies() {
			h, err := webhooktest.Sign(secret, fmt.Sprintf("msg_%d_%d", i, k), now, body)
			if err != nil {
				b.Fatal(err)
			}
			deliveries = append(deliveries, delivery{body, h})
		}
	}
	for _, name := range []string{"typed-handler", "book"} {
		b.Run(name, func(b *testing.B) {
			h, err := webhook.NewHandler(webhook.Options{
				Secrets: []string{secret},
				Now:     func() time.Time { return now },
				Store:   claimAll{},
				Logger:  slog.New(slog.DiscardHandler),
			})
			if err != nil {
				b.Fatal(err)
			}
			changes := 0
			book := &resettable{contract.NewBook()}
			var l contract.Ledger = nopLedger{}
			if name == "book" {
				l = book
			}
			contract.Watch(h, l, func(context.Context, contract.Change) error { changes++; return nil })
			rd := bytes.NewReader(nil)
			req := httptest.NewRequest(http.MethodPost, "/", rd)
			req.Body = io.NopCloser(rd)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if i == len(deliveries) {
					i = 0
					book.Book = contract.NewBook()
				}
				d := deliveries[i]
				i++
				rd.Reset(d.body)
				req.Header = d.header
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusNoContent {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
			if name == "book" && changes == 0 {
				b.Fatal("no change reached fn")
			}
		})
	}
}
