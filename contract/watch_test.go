package contract_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clazarevents/sdk-go/contract"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/topics"
	"github.com/clazarevents/sdk-go/webhook"
	"github.com/clazarevents/sdk-go/webhook/webhooktest"
)

// quiet discards the Handler's log of the failures the tests cause.
var quiet = slog.New(slog.DiscardHandler)

// post sends body signed under id to url until it is answered 2xx, and
// returns the statuses it got.
func post(t testing.TB, client *http.Client, url, secret, id string, body []byte) []int {
	t.Helper()
	var statuses []int
	deadline := time.Now().Add(20 * time.Second)
	for backoff := time.Millisecond; time.Now().Before(deadline); backoff = min(2*backoff, 50*time.Millisecond) {
		h, err := webhooktest.Sign(secret, id, time.Now(), body)
		if err != nil {
			t.Error(err)
			return statuses
		}
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			t.Error(err)
			return statuses
		}
		req.Header = h
		resp, err := client.Do(req)
		if err != nil {
			t.Error(err)
			return statuses
		}
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode < 300 {
			return statuses
		}
		time.Sleep(backoff)
	}
	t.Errorf("delivery %s not acknowledged in time: %v", id, statuses)
	return statuses
}

// causedBy returns the id of the event that made c: the one After lists
// and Before does not.
func causedBy(c contract.Change) string {
	for _, id := range c.After.EventIDs {
		if !c.Before.Applied(id) {
			return id
		}
	}
	return ""
}

// onlyLedger hides a Ledger's other methods, so that Watch takes the path
// of a Ledger that is not a FactLedger.
type onlyLedger struct{ contract.Ledger }

// Over real HTTP, with every delivery sent two or three times at once in a
// shuffled order, and the first call of one event in five failing, every
// change reaches fn exactly once and the book ends as the in-order fold.
func TestWatchOverHTTP(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		ledger func(*contract.Book) contract.Ledger
	}{
		{"FactLedger", func(b *contract.Book) contract.Ledger { return b }},
		{"Ledger", func(b *contract.Book) contract.Ledger { return onlyLedger{b} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			secret := webhooktest.NewSecret()
			h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}, Logger: quiet})
			require.NoError(t, err)

			type call struct {
				delivery string
				change   contract.Change
			}
			var (
				mu        sync.Mutex
				succeeded = map[string][]call{} // by causing event id
				failed    = map[string]int{}
				byKey     = map[contract.Key][]contract.Change{}
			)
			failsFirst := func(id string) bool {
				f := fnv.New32a()
				f.Write([]byte(id))
				return f.Sum32()%5 == 0
			}
			book := contract.NewBook()
			contract.Watch(h, tc.ledger(book), func(ctx context.Context, c contract.Change) error {
				d, ok := webhook.FromContext(ctx)
				if !ok {
					return errors.New("no delivery in the context")
				}
				id := causedBy(c)
				mu.Lock()
				defer mu.Unlock()
				if failsFirst(id) && failed[id] == 0 {
					failed[id]++
					return errors.New("provisioning is down")
				}
				succeeded[id] = append(succeeded[id], call{d.ID, c})
				byKey[c.Key()] = append(byKey[c.Key()], c)
				return nil
			})
			srv := httptest.NewServer(h)
			defer srv.Close()

			var history []*event.Event
			for _, j := range webhooktest.Journeys(45) {
				history = append(history, j.Events...)
			}
			// Each delivery is sent two or three times at once, in a
			// shuffled order of deliveries.
			type send struct {
				id     string
				body   []byte
				copies int
			}
			var sends []send
			rng := rand.New(rand.NewPCG(3, 4))
			for i, e := range history {
				body, err := e.MarshalJSON()
				require.NoError(t, err)
				sends = append(sends, send{fmt.Sprintf("msg_%04d", i), body, 2 + rng.IntN(2)})
			}
			rng.Shuffle(len(sends), func(i, j int) { sends[i], sends[j] = sends[j], sends[i] })

			work := make(chan send)
			var wg sync.WaitGroup
			var statusMu sync.Mutex
			statuses := map[int]int{}
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for s := range work {
						var copies sync.WaitGroup
						for range s.copies {
							copies.Add(1)
							go func() {
								defer copies.Done()
								got := post(t, srv.Client(), srv.URL, secret, s.id, s.body)
								statusMu.Lock()
								defer statusMu.Unlock()
								for _, code := range got {
									statuses[code]++
								}
							}()
						}
						copies.Wait()
					}
				}()
			}
			for _, s := range sends {
				work <- s
			}
			close(work)
			wg.Wait()
			t.Logf("%d events, statuses %v, %d first calls failed", len(history), statuses, len(failed))

			assert.Positive(t, statuses[http.StatusInternalServerError], "some first attempts failed")
			assert.Equal(t, len(failed), statuses[http.StatusInternalServerError])
			want := fold(t, history...).All()
			assert.Empty(t, cmp.Diff(want, book.All(), stateCmp))

			for id, calls := range succeeded {
				assert.Len(t, calls, 1, "event %s reached fn %d times", id, len(calls))
			}
			// A failed event reaches fn again on its retry unless a newer
			// event made its change meanwhile: the last change of each key
			// is its final state.
			for _, s := range want {
				changes := byKey[s.Key]
				require.NotEmpty(t, changes, "%s", s.Key)
				last := changes[len(changes)-1]
				assert.False(t, (contract.Change{Before: last.After, After: s}).Changed(),
					"%s: the last change seen is not the final state", s.Key)
			}
		})
	}
}

func TestWatchRejects(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	var rejected []*webhook.DeliveryError
	var mu sync.Mutex
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}, Logger: quiet, OnError: func(_ *http.Request, de *webhook.DeliveryError) {
		mu.Lock()
		defer mu.Unlock()
		rejected = append(rejected, de)
	}})
	require.NoError(t, err)
	calls := 0
	book := contract.NewBook()
	contract.Watch(h, book, func(context.Context, contract.Change) error { calls++; return nil })

	serve := func(e *event.Event) int {
		body, err := e.MarshalJSON()
		require.NoError(t, err)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, webhooktest.NewRequest(secret, body))
		return rec.Code
	}
	noTime := ev(t, topics.GCPContractActivated, "g1", time.Time{}, gcpBuyer)
	assert.Equal(t, http.StatusUnprocessableEntity, serve(noTime))
	noKey := ev(t, topics.GCPContractActivated, "g2", t0, map[string]any{"entitlement_id": ""})
	assert.Equal(t, http.StatusUnprocessableEntity, serve(noKey))
	assert.Equal(t, http.StatusNoContent, serve(ev(t, topics.GCPListingPublished, "l1", t0, nil)))
	assert.Zero(t, calls)
	assert.Empty(t, book.All())
	require.Len(t, rejected, 2)
	assert.ErrorIs(t, rejected[0].Err, contract.ErrNoTimestamp)
	assert.ErrorIs(t, rejected[0].Err, webhook.ErrUnprocessable)
	var verr *event.ValidationError
	assert.ErrorAs(t, rejected[1].Err, &verr)

	assert.Equal(t, http.StatusNoContent, serve(ev(t, topics.GCPContractActivated, "g3", t0, gcpBuyer)))
	assert.Equal(t, 1, calls)
	assert.Equal(t, http.StatusNoContent, serve(ev(t, topics.GCPContractActivated, "g3", t0, gcpBuyer)), "a duplicate under another delivery id")
	assert.Equal(t, 1, calls)

	assert.Panics(t, func() { contract.Watch(nil, book, nil) })
	assert.Panics(t, func() { contract.Watch(h, nil, nil) })
}

// A duplicate that arrives while the first delivery is in fn is answered
// 409, and its retry finds the delivery done: fn runs once.
func TestWatchConcurrentDuplicate(t *testing.T) {
	t.Parallel()
	secret := webhooktest.NewSecret()
	h, err := webhook.NewHandler(webhook.Options{Secrets: []string{secret}, Logger: quiet})
	require.NoError(t, err)
	entered, release := make(chan struct{}), make(chan struct{})
	calls := 0
	contract.Watch(h, contract.NewBook(), func(context.Context, contract.Change) error {
		calls++
		close(entered)
		<-release
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	body, err := ev(t, topics.AzureContractActivated, "z1", t0, azureBuyer).MarshalJSON()
	require.NoError(t, err)

	first := make(chan []int)
	go func() { first <- post(t, srv.Client(), srv.URL, secret, "msg_1", body) }()
	<-entered
	hdr, err := webhooktest.Sign(secret, "msg_1", time.Now(), body)
	require.NoError(t, err)
	req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header = hdr
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	close(release)
	assert.Equal(t, []int{http.StatusNoContent}, <-first)
	assert.Equal(t, []int{http.StatusNoContent}, post(t, srv.Client(), srv.URL, secret, "msg_1", body))
	assert.Equal(t, 1, calls)
}
