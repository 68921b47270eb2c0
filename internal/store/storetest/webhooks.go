package storetest

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store"
)

func newEndpoint(accountID string, created time.Time) *store.WebhookEndpoint {
	return &store.WebhookEndpoint{
		AccountID: accountID, URL: "https://example.com/hooks", Events: []string{"document.completed", "document.failed"},
		Secret: "whsec_c2VjcmV0", Active: true, CreatedAt: created,
	}
}

func testWebhookEndpoints(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	e := newEndpoint(acc.ID, base)
	must(t, s.CreateWebhookEndpoint(ctx(t), e, 5), "CreateWebhookEndpoint")
	if !strings.HasPrefix(e.ID, "wh_") {
		t.Errorf("generated id %q, want a wh_ prefix", e.ID)
	}
	got, err := s.WebhookEndpoint(ctx(t), acc.ID, e.ID)
	must(t, err, "WebhookEndpoint")
	assertEndpoint(t, got, e)

	// Every mutable column round-trips, including a cleared event list.
	failing := base.Add(time.Hour)
	got.URL, got.Events, got.Active, got.DisabledReason, got.FailingSince = "https://example.org/x", []string{}, false, "gone", &failing
	must(t, s.UpdateWebhookEndpoint(ctx(t), got), "UpdateWebhookEndpoint")
	again, err := s.WebhookEndpoint(ctx(t), acc.ID, e.ID)
	must(t, err, "WebhookEndpoint after update")
	assertEndpoint(t, again, got)

	must(t, s.DeleteWebhookEndpoint(ctx(t), acc.ID, e.ID), "DeleteWebhookEndpoint")
	_, err = s.WebhookEndpoint(ctx(t), acc.ID, e.ID)
	wantErr(t, err, store.ErrNotFound, "WebhookEndpoint after delete")
	wantErr(t, s.DeleteWebhookEndpoint(ctx(t), acc.ID, e.ID), store.ErrNotFound, "DeleteWebhookEndpoint twice")
	wantErr(t, s.UpdateWebhookEndpoint(ctx(t), e), store.ErrNotFound, "UpdateWebhookEndpoint(deleted)")
}

func testWebhookEndpointLimit(t *testing.T, s store.Store) {
	acc, other := newAccount(t, s), newAccount(t, s)
	var ids []string
	for i := range 3 {
		e := newEndpoint(acc.ID, base.Add(time.Duration(i)*time.Second))
		must(t, s.CreateWebhookEndpoint(ctx(t), e, 3), "CreateWebhookEndpoint")
		ids = append(ids, e.ID)
	}
	wantErr(t, s.CreateWebhookEndpoint(ctx(t), newEndpoint(acc.ID, base), 3), store.ErrLimitReached, "fourth endpoint")
	// The limit is per account, and 0 means none.
	must(t, s.CreateWebhookEndpoint(ctx(t), newEndpoint(other.ID, base), 3), "other account's endpoint")
	must(t, s.CreateWebhookEndpoint(ctx(t), newEndpoint(other.ID, base), 0), "unlimited")

	list, err := s.WebhookEndpoints(ctx(t), acc.ID)
	must(t, err, "WebhookEndpoints")
	var got []string
	for _, e := range list {
		got = append(got, e.ID)
	}
	if !slices.Equal(got, ids) {
		t.Errorf("WebhookEndpoints = %v, want oldest first %v", got, ids)
	}
	// Deleting one makes room again.
	must(t, s.DeleteWebhookEndpoint(ctx(t), acc.ID, ids[0]), "DeleteWebhookEndpoint")
	must(t, s.CreateWebhookEndpoint(ctx(t), newEndpoint(acc.ID, base), 3), "endpoint after a delete")

	// Concurrent creations never pass the limit.
	racer := newAccount(t, s)
	const tries, limit = 8, 3
	results := make(chan error, tries)
	var wg sync.WaitGroup
	for range tries {
		wg.Go(func() { results <- s.CreateWebhookEndpoint(ctx(t), newEndpoint(racer.ID, base), limit) })
	}
	wg.Wait()
	close(results)
	created := 0
	for err := range results {
		switch {
		case err == nil:
			created++
		case !errors.Is(err, store.ErrLimitReached):
			t.Errorf("concurrent create: %v", err)
		}
	}
	if list, _ := s.WebhookEndpoints(ctx(t), racer.ID); created != limit || len(list) != limit {
		t.Errorf("%d concurrent creations succeeded and %d endpoints exist, want %d", created, len(list), limit)
	}
}

func testWebhookEndpointHealth(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	e := newEndpoint(acc.ID, base)
	must(t, s.CreateWebhookEndpoint(ctx(t), e, 0), "CreateWebhookEndpoint")

	first := base.Add(time.Minute)
	since, err := s.MarkWebhookEndpointFailing(ctx(t), acc.ID, e.ID, first)
	must(t, err, "MarkWebhookEndpointFailing")
	sameTime(t, "failing since", since, first)
	// A later failure keeps the first one's time.
	since, err = s.MarkWebhookEndpointFailing(ctx(t), acc.ID, e.ID, first.Add(time.Hour))
	must(t, err, "MarkWebhookEndpointFailing again")
	sameTime(t, "failing since after a second failure", since, first)

	must(t, s.ClearWebhookEndpointFailing(ctx(t), acc.ID, e.ID), "ClearWebhookEndpointFailing")
	got, err := s.WebhookEndpoint(ctx(t), acc.ID, e.ID)
	must(t, err, "WebhookEndpoint")
	if got.FailingSince != nil {
		t.Errorf("FailingSince = %v after a success, want nil", got.FailingSince)
	}

	must(t, s.DisableWebhookEndpoint(ctx(t), acc.ID, e.ID, "gone"), "DisableWebhookEndpoint")
	got, err = s.WebhookEndpoint(ctx(t), acc.ID, e.ID)
	must(t, err, "WebhookEndpoint after disable")
	if got.Active || got.DisabledReason != "gone" {
		t.Errorf("after disable: active=%v reason=%q", got.Active, got.DisabledReason)
	}
}

func testWebhookTenancy(t *testing.T, s store.Store) {
	alice, bob := newAccount(t, s), newAccount(t, s)
	e := newEndpoint(alice.ID, base)
	must(t, s.CreateWebhookEndpoint(ctx(t), e, 0), "CreateWebhookEndpoint")
	d := newDelivery(e, "evt_1")
	must(t, s.CreateWebhookDelivery(ctx(t), d), "CreateWebhookDelivery")
	must(t, s.CreateWebhookAttempt(ctx(t), &store.WebhookAttempt{AccountID: alice.ID, EndpointID: e.ID, DeliveryID: d.ID, Attempt: 1, StatusCode: 200}), "CreateWebhookAttempt")

	_, err := s.WebhookEndpoint(ctx(t), bob.ID, e.ID)
	wantErr(t, err, store.ErrNotFound, "WebhookEndpoint(other account)")
	list, err := s.WebhookEndpoints(ctx(t), bob.ID)
	must(t, err, "WebhookEndpoints(other account)")
	if len(list) != 0 {
		t.Errorf("bob sees %d endpoints", len(list))
	}
	stolen := *e
	stolen.AccountID = bob.ID
	wantErr(t, s.UpdateWebhookEndpoint(ctx(t), &stolen), store.ErrNotFound, "UpdateWebhookEndpoint(other account)")
	wantErr(t, s.DeleteWebhookEndpoint(ctx(t), bob.ID, e.ID), store.ErrNotFound, "DeleteWebhookEndpoint(other account)")
	wantErr(t, s.DisableWebhookEndpoint(ctx(t), bob.ID, e.ID, "x"), store.ErrNotFound, "DisableWebhookEndpoint(other account)")
	_, err = s.MarkWebhookEndpointFailing(ctx(t), bob.ID, e.ID, base)
	wantErr(t, err, store.ErrNotFound, "MarkWebhookEndpointFailing(other account)")
	_, err = s.WebhookDelivery(ctx(t), bob.ID, d.ID)
	wantErr(t, err, store.ErrNotFound, "WebhookDelivery(other account)")
	if n, err := s.CancelWebhookDeliveries(ctx(t), bob.ID, e.ID); err != nil || n != 0 {
		t.Errorf("CancelWebhookDeliveries(other account) = %d, %v", n, err)
	}
	attempts, err := s.WebhookAttempts(ctx(t), bob.ID, e.ID, 0)
	must(t, err, "WebhookAttempts(other account)")
	if len(attempts) != 0 {
		t.Errorf("bob sees %d attempts", len(attempts))
	}
	got, err := s.WebhookEndpoint(ctx(t), alice.ID, e.ID)
	must(t, err, "WebhookEndpoint(owner)")
	assertEndpoint(t, got, e)
}

func newDelivery(e *store.WebhookEndpoint, eventID string) *store.WebhookDelivery {
	return &store.WebhookDelivery{
		AccountID: e.AccountID, EndpointID: e.ID, EventID: eventID, Event: "document.completed",
		Payload: []byte(`{"type":"document.completed", "id":"` + eventID + `"}`), Status: "pending",
	}
}

func testWebhookDeliveries(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	e := newEndpoint(acc.ID, base)
	must(t, s.CreateWebhookEndpoint(ctx(t), e, 0), "CreateWebhookEndpoint")
	d := newDelivery(e, "evt_a")
	d.CreatedAt = base
	must(t, s.CreateWebhookDelivery(ctx(t), d), "CreateWebhookDelivery")
	if !strings.HasPrefix(d.ID, "whd_") {
		t.Errorf("generated id %q, want a whd_ prefix", d.ID)
	}
	got, err := s.WebhookDelivery(ctx(t), acc.ID, d.ID)
	must(t, err, "WebhookDelivery")
	// The payload comes back byte for byte (it is what was signed).
	if !bytes.Equal(got.Payload, d.Payload) || got.EventID != "evt_a" || got.Event != d.Event || got.Status != "pending" || got.Attempts != 0 || got.NextAttemptAt != nil {
		t.Errorf("WebhookDelivery = %+v, want %+v", got, d)
	}
	sameTime(t, "CreatedAt", got.CreatedAt, base)

	next := base.Add(5 * time.Second)
	got.Status, got.Attempts, got.NextAttemptAt = "pending", 1, &next
	must(t, s.UpdateWebhookDelivery(ctx(t), got), "UpdateWebhookDelivery")
	again, err := s.WebhookDelivery(ctx(t), acc.ID, d.ID)
	must(t, err, "WebhookDelivery after update")
	if again.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1", again.Attempts)
	}
	sameOptTime(t, "NextAttemptAt", again.NextAttemptAt, &next)

	// Cancelling touches only pending deliveries of that endpoint.
	done := newDelivery(e, "evt_b")
	done.Status = "succeeded"
	must(t, s.CreateWebhookDelivery(ctx(t), done), "CreateWebhookDelivery(succeeded)")
	n, err := s.CancelWebhookDeliveries(ctx(t), acc.ID, e.ID)
	must(t, err, "CancelWebhookDeliveries")
	if n != 1 {
		t.Errorf("cancelled %d deliveries, want 1", n)
	}
	if c, _ := s.WebhookDelivery(ctx(t), acc.ID, d.ID); c == nil || c.Status != "cancelled" || c.NextAttemptAt != nil {
		t.Errorf("pending delivery after cancel: %+v", c)
	}
	if c, _ := s.WebhookDelivery(ctx(t), acc.ID, done.ID); c == nil || c.Status != "succeeded" {
		t.Errorf("succeeded delivery after cancel: %+v", c)
	}
}

func testWebhookAttempts(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	e, other := newEndpoint(acc.ID, base), newEndpoint(acc.ID, base)
	must(t, s.CreateWebhookEndpoint(ctx(t), e, 0), "CreateWebhookEndpoint")
	must(t, s.CreateWebhookEndpoint(ctx(t), other, 0), "CreateWebhookEndpoint(other)")
	d := newDelivery(e, "evt_1")
	d.Event = "document.failed"
	must(t, s.CreateWebhookDelivery(ctx(t), d), "CreateWebhookDelivery")
	for i := 1; i <= 3; i++ {
		a := &store.WebhookAttempt{AccountID: acc.ID, EndpointID: e.ID, DeliveryID: d.ID, Attempt: i,
			StatusCode: 500, LatencyMS: int64(10 * i), Error: "HTTP 500", CreatedAt: base.Add(time.Duration(i) * time.Second)}
		if i == 3 {
			a.StatusCode, a.Error = 0, "connection refused"
		}
		must(t, s.CreateWebhookAttempt(ctx(t), a), "CreateWebhookAttempt")
	}
	// The same attempt number twice is refused.
	dup := &store.WebhookAttempt{AccountID: acc.ID, EndpointID: e.ID, DeliveryID: d.ID, Attempt: 2}
	wantErr(t, s.CreateWebhookAttempt(ctx(t), dup), store.ErrConflict, "duplicate attempt")
	od := newDelivery(other, "evt_1")
	must(t, s.CreateWebhookDelivery(ctx(t), od), "CreateWebhookDelivery(other)")
	must(t, s.CreateWebhookAttempt(ctx(t), &store.WebhookAttempt{AccountID: acc.ID, EndpointID: other.ID, DeliveryID: od.ID, Attempt: 1}), "other endpoint's attempt")

	list, err := s.WebhookAttempts(ctx(t), acc.ID, e.ID, 0)
	must(t, err, "WebhookAttempts")
	if len(list) != 3 {
		t.Fatalf("%d attempts, want 3", len(list))
	}
	for i, a := range list {
		want := 3 - i // newest first
		if a.Attempt != want || a.DeliveryID != d.ID || a.Event != "document.failed" || a.LatencyMS != int64(10*want) {
			t.Errorf("attempt %d = %+v", i, a)
		}
		sameTime(t, "attempt time", a.CreatedAt, base.Add(time.Duration(want)*time.Second))
	}
	if list[0].StatusCode != 0 || list[0].Error != "connection refused" || list[1].StatusCode != 500 {
		t.Errorf("status codes and errors: %+v", list)
	}
	limited, err := s.WebhookAttempts(ctx(t), acc.ID, e.ID, 2)
	must(t, err, "WebhookAttempts(limit 2)")
	if len(limited) != 2 || limited[0].Attempt != 3 {
		t.Errorf("limited list: %+v", limited)
	}

	// Deleting the endpoint deletes its deliveries and log.
	must(t, s.DeleteWebhookEndpoint(ctx(t), acc.ID, e.ID), "DeleteWebhookEndpoint")
	_, err = s.WebhookDelivery(ctx(t), acc.ID, d.ID)
	wantErr(t, err, store.ErrNotFound, "WebhookDelivery after endpoint delete")
	if list, _ := s.WebhookAttempts(ctx(t), acc.ID, e.ID, 0); len(list) != 0 {
		t.Errorf("%d attempts left after endpoint delete", len(list))
	}
	if list, _ := s.WebhookAttempts(ctx(t), acc.ID, other.ID, 0); len(list) != 1 {
		t.Errorf("the other endpoint's log lost its attempt: %+v", list)
	}
}

func assertEndpoint(t *testing.T, got, want *store.WebhookEndpoint) {
	t.Helper()
	if got.ID != want.ID || got.AccountID != want.AccountID || got.URL != want.URL || !slices.Equal(got.Events, want.Events) ||
		got.Secret != want.Secret || got.Active != want.Active || got.DisabledReason != want.DisabledReason {
		t.Errorf("endpoint = %+v, want %+v", got, want)
	}
	if got.Events == nil {
		t.Error("Events is nil, want a (possibly empty) list")
	}
	sameOptTime(t, "FailingSince", got.FailingSince, want.FailingSince)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "UpdatedAt", got.UpdatedAt, want.UpdatedAt)
}

func testWebhookPrune(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	e := newEndpoint(acc.ID, base)
	must(t, s.CreateWebhookEndpoint(ctx(t), e, 0), "CreateWebhookEndpoint")
	var ds []*store.WebhookDelivery
	for _, status := range []string{"succeeded", "failed", "cancelled", "pending"} {
		d := newDelivery(e, "evt_"+status)
		d.Status = status
		d.CreatedAt = base
		must(t, s.CreateWebhookDelivery(ctx(t), d), "CreateWebhookDelivery")
		must(t, s.CreateWebhookAttempt(ctx(t), &store.WebhookAttempt{AccountID: acc.ID, EndpointID: e.ID, DeliveryID: d.ID, Attempt: 1}), "CreateWebhookAttempt")
		ds = append(ds, d)
	}
	// A recent finished delivery is kept.
	recent := newDelivery(e, "evt_recent")
	recent.Status = "succeeded"
	recent.CreatedAt = base.Add(48 * time.Hour)
	must(t, s.CreateWebhookDelivery(ctx(t), recent), "CreateWebhookDelivery(recent)")

	n, err := s.PruneWebhookDeliveries(ctx(t), base.Add(time.Hour))
	must(t, err, "PruneWebhookDeliveries")
	if n < 3 { // other tests' old rows may go too
		t.Errorf("pruned %d deliveries, want at least 3", n)
	}
	for i, d := range ds {
		_, err := s.WebhookDelivery(ctx(t), acc.ID, d.ID)
		if d.Status == "pending" {
			must(t, err, "pending delivery after prune")
		} else if i < 3 {
			wantErr(t, err, store.ErrNotFound, d.Status+" delivery after prune")
		}
	}
	_, err = s.WebhookDelivery(ctx(t), acc.ID, recent.ID)
	must(t, err, "recent delivery after prune")
	if list, _ := s.WebhookAttempts(ctx(t), acc.ID, e.ID, 0); len(list) != 1 || list[0].DeliveryID != ds[3].ID {
		t.Errorf("attempts after prune: %+v", list)
	}
}
