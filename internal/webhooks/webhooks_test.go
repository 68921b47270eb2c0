package webhooks

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/quirehq/quire/internal/egress"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/jobs"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/sqlite"
)

// fixture is a Service on a fresh SQLite file with a running River queue.
type fixture struct {
	svc *Service
	st  *sqlite.Store
	acc *store.Account
}

func newFixture(t *testing.T, tune func(d *Deps)) *fixture {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "quire.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	q, err := jobs.New(ctx, st, jobs.Config{Concurrency: 2, PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	policy, err := egress.ParsePolicy("127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	deps := Deps{Store: st, Egress: policy, Queue: q, Schedule: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 30 * time.Millisecond}}
	if tune != nil {
		tune(&deps)
	}
	svc := New(deps)
	if err := q.Register(svc.Register); err != nil {
		t.Fatal(err)
	}
	if err := q.AddQueue(QueueName, 2); err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(stop)
	})
	acc := &store.Account{Email: "hooks@example.com"}
	if err := st.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	return &fixture{svc: svc, st: st, acc: acc}
}

// receiver records requests and answers each with the next of replies (the
// last one repeats).
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	requests []received
	replies  []func(w http.ResponseWriter)
	got      chan struct{}
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, replies ...func(w http.ResponseWriter)) *receiver {
	r := &receiver{replies: replies, got: make(chan struct{}, 100)}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		n := len(r.requests)
		r.requests = append(r.requests, received{req.Header.Clone(), body})
		r.mu.Unlock()
		if len(r.replies) == 0 {
			w.WriteHeader(http.StatusNoContent)
		} else {
			r.replies[min(n, len(r.replies)-1)](w)
		}
		r.got <- struct{}{}
	}))
	t.Cleanup(r.Close)
	return r
}

func status(code int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) { w.WriteHeader(code) }
}

// wait blocks until the receiver has seen n requests in all.
func (r *receiver) wait(t *testing.T, n int) []received {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		r.mu.Lock()
		have := len(r.requests)
		out := append([]received(nil), r.requests...)
		r.mu.Unlock()
		if have >= n {
			return out
		}
		select {
		case <-r.got:
		case <-timeout:
			t.Fatalf("receiver saw %d requests, want %d", have, n)
		}
	}
}

func (f *fixture) endpoint(t *testing.T, url string, events ...string) *Endpoint {
	t.Helper()
	if len(events) == 0 {
		events = []string{EventDocumentCompleted}
	}
	e, err := f.svc.Create(t.Context(), f.acc.ID, url, events)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// emit stores a document and emits event about it in one transaction.
func (f *fixture) emit(t *testing.T, ctx context.Context, event, mode string) *store.Document {
	t.Helper()
	pages := 1
	d := &store.Document{AccountID: f.acc.ID, Status: "completed", Filename: "a.pdf", Mode: mode, Pages: &pages, SizeBytes: 10}
	err := f.st.InTx(ctx, func(tx store.Store) error {
		if err := tx.CreateDocument(ctx, d); err != nil {
			return err
		}
		return f.svc.Emit(ctx, tx, event, d)
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// waitDelivery polls until the delivery log of endpoint id has n attempts.
func (f *fixture) waitAttempts(t *testing.T, id string, n int) []Attempt {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		list, err := f.svc.Attempts(t.Context(), f.acc.ID, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) >= n {
			return list
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d attempts logged, want %d", len(list), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (f *fixture) endpointRow(t *testing.T, id string) *store.WebhookEndpoint {
	t.Helper()
	e, err := f.st.WebhookEndpoint(t.Context(), f.acc.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func verifyBoth(t *testing.T, secret string, r received) {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(secret)
	if err != nil {
		t.Fatal(err)
	}
	if err := wh.Verify(r.body, r.header); err != nil {
		t.Errorf("Standard Webhooks verification: %v", err)
	}
	if got, want := r.header.Get(HeaderSignature), QuireSignature(secret, r.body); !hmac.Equal([]byte(got), []byte(want)) {
		t.Errorf("%s = %q, want %q", HeaderSignature, got, want)
	}
}

func TestDeliveryRetriedUntilSuccess(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t, status(500), status(502), status(429), status(200))
	e := f.endpoint(t, rcv.URL)
	doc := f.emit(t, t.Context(), EventDocumentCompleted, "live")

	reqs := rcv.wait(t, 4)
	for _, r := range reqs {
		verifyBoth(t, e.Secret, r)
		if string(r.body) != string(reqs[0].body) || r.header.Get(HeaderWebhookID) != reqs[0].header.Get(HeaderWebhookID) {
			t.Error("attempts of one delivery differ in body or webhook-id")
		}
	}
	var ev Event
	if err := json.Unmarshal(reqs[0].body, &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Type != EventDocumentCompleted || ev.Data.ID != doc.ID || ev.ID != reqs[0].header.Get(HeaderWebhookID) || ev.CreatedAt.IsZero() {
		t.Errorf("event body: %+v", ev)
	}

	log := f.waitAttempts(t, e.ID, 4)
	for i, a := range log {
		want := 4 - i
		if a.Attempt != want || a.Event != EventDocumentCompleted || a.DeliveryID != log[0].DeliveryID {
			t.Errorf("log[%d] = %+v", i, a)
		}
	}
	if !log[0].Succeeded || *log[0].StatusCode != 200 || log[0].Error != nil || log[3].Succeeded || *log[3].StatusCode != 500 {
		t.Errorf("log outcomes: %+v", log)
	}
	if f.endpointRow(t, e.ID).FailingSince != nil {
		t.Error("a success left the endpoint marked failing")
	}
}

func TestDeliveryExhaustsScheduleThenFails(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t, status(500))
	e := f.endpoint(t, rcv.URL)
	f.emit(t, t.Context(), EventDocumentCompleted, "live")
	log := f.waitAttempts(t, e.ID, 4) // 1 + len(schedule)
	d, err := f.st.WebhookDelivery(t.Context(), f.acc.ID, log[0].DeliveryID)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		d, _ = f.st.WebhookDelivery(t.Context(), f.acc.ID, log[0].DeliveryID)
		return d.Status == statusFailed
	})
	if row := f.endpointRow(t, e.ID); !row.Active || row.FailingSince == nil {
		t.Errorf("after one failed delivery: active=%v failing_since=%v", row.Active, row.FailingSince)
	}
}

func TestGoneDisablesEndpoint(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t, status(http.StatusGone))
	e := f.endpoint(t, rcv.URL)
	f.emit(t, t.Context(), EventDocumentCompleted, "live")
	f.waitAttempts(t, e.ID, 1)
	waitFor(t, func() bool { return !f.endpointRow(t, e.ID).Active })
	got, err := f.svc.Get(t.Context(), f.acc.ID, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Active || got.DisabledReason != reasonGone {
		t.Errorf("after 410: %+v", got)
	}
	// Re-enabling clears the reason.
	on := true
	got, err = f.svc.Update(t.Context(), f.acc.ID, e.ID, Patch{Active: &on})
	if err != nil || !got.Active || got.DisabledReason != "" {
		t.Errorf("re-enable: %+v, %v", got, err)
	}
}

func TestEndpointFailingTooLongIsDisabled(t *testing.T) {
	f := newFixture(t, func(d *Deps) { d.DisableAfter = time.Millisecond })
	rcv := newReceiver(t, status(500))
	e := f.endpoint(t, rcv.URL)
	f.emit(t, t.Context(), EventDocumentCompleted, "live")
	waitFor(t, func() bool { return !f.endpointRow(t, e.ID).Active })
	if row := f.endpointRow(t, e.ID); row.DisabledReason != reasonFailing {
		t.Errorf("disabled for %q, want %q", row.DisabledReason, reasonFailing)
	}
}

func TestRetryAfterDelaysNextAttempt(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t, func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
	}, status(200))
	e := f.endpoint(t, rcv.URL)
	f.emit(t, t.Context(), EventDocumentCompleted, "live")
	log := f.waitAttempts(t, e.ID, 2)
	if gap := log[0].CreatedAt.Sub(log[1].CreatedAt.Time); gap < time.Second {
		t.Errorf("second attempt %v after the first, want at least the 1 s of Retry-After", gap)
	}
}

func TestSandboxDocumentsTriggerNothing(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t)
	f.endpoint(t, rcv.URL)
	ctx := WithRequestURL(t.Context(), rcv.URL)
	f.emit(t, ctx, EventDocumentCompleted, "test")
	var deliveries, hooks int
	if err := f.st.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM webhook_deliveries").Scan(&deliveries); err != nil {
		t.Fatal(err)
	}
	if err := f.st.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM river_job WHERE kind = $1", RequestHookArgs{}.Kind()).Scan(&hooks); err != nil {
		t.Fatal(err)
	}
	if deliveries != 0 || hooks != 0 {
		t.Errorf("a sandbox document made %d deliveries and %d per-request webhooks", deliveries, hooks)
	}
}

func TestOnlySubscribedActiveEndpointsGetEvents(t *testing.T) {
	f := newFixture(t, nil)
	completed, failed, off := newReceiver(t), newReceiver(t), newReceiver(t)
	f.endpoint(t, completed.URL, EventDocumentCompleted)
	f.endpoint(t, failed.URL, EventDocumentFailed)
	disabled := f.endpoint(t, off.URL, EventDocumentCompleted)
	no := false
	if _, err := f.svc.Update(t.Context(), f.acc.ID, disabled.ID, Patch{Active: &no}); err != nil {
		t.Fatal(err)
	}
	f.emit(t, t.Context(), EventDocumentCompleted, "live")
	f.emit(t, t.Context(), EventDocumentFailed, "live")
	f.emit(t, t.Context(), EventDocumentCompleted, "live")
	c, fl := completed.wait(t, 2), failed.wait(t, 1)
	var ev Event
	_ = json.Unmarshal(fl[0].body, &ev)
	if ev.Type != EventDocumentFailed || len(c) != 2 {
		t.Errorf("failed receiver got %s; completed receiver got %d", ev.Type, len(c))
	}
	var n int
	if err := f.st.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = $1", disabled.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("the disabled endpoint has %d deliveries (%v)", n, err)
	}
}

func TestPerRequestWebhookIsOneUnsignedPost(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t, status(500))
	doc := f.emit(t, WithRequestURL(t.Context(), rcv.URL), EventDocumentCompleted, "live")
	r := rcv.wait(t, 1)[0]
	if r.header.Get(HeaderSignature) != "" || r.header.Get(HeaderWebhookSignature) != "" {
		t.Error("a per-request webhook was signed")
	}
	var data DocumentData
	if err := json.Unmarshal(r.body, &data); err != nil || data.ID != doc.ID || data.Status != "completed" {
		t.Errorf("body %s (%v)", r.body, err)
	}
	// It failed with a 500 and is not retried: one more document proves the
	// queue moved on without a second POST for the first.
	f.emit(t, WithRequestURL(t.Context(), rcv.URL), EventDocumentFailed, "live")
	reqs := rcv.wait(t, 2)
	_ = json.Unmarshal(reqs[1].body, &data)
	if data.ID == doc.ID {
		t.Error("the per-request webhook was retried")
	}
	// Expired and deleted documents do not fire it.
	var before int
	_ = f.st.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM river_job WHERE kind = $1", RequestHookArgs{}.Kind()).Scan(&before)
	f.emit(t, WithRequestURL(t.Context(), rcv.URL), EventDocumentDeleted, "live")
	var after int
	_ = f.st.DB().QueryRowContext(t.Context(), "SELECT count(*) FROM river_job WHERE kind = $1", RequestHookArgs{}.Kind()).Scan(&after)
	if after != before {
		t.Error("document.deleted fired a per-request webhook")
	}
}

func TestRedeliver(t *testing.T) {
	f := newFixture(t, nil)
	rcv := newReceiver(t)
	e := f.endpoint(t, rcv.URL)
	f.emit(t, t.Context(), EventDocumentCompleted, "live")
	first := f.waitAttempts(t, e.ID, 1)[0]
	d, err := f.svc.Redeliver(t.Context(), f.acc.ID, e.ID, first.DeliveryID)
	if err != nil {
		t.Fatal(err)
	}
	reqs := rcv.wait(t, 2)
	if d.ID == first.DeliveryID || d.Status != statusPending || string(reqs[0].body) != string(reqs[1].body) {
		t.Errorf("redelivery %+v", d)
	}
	verifyBoth(t, e.Secret, reqs[1])
	if _, err := f.svc.Redeliver(t.Context(), f.acc.ID, e.ID, "whd_nope"); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("unknown delivery: %v", err)
	}
}

func TestCreateValidation(t *testing.T) {
	f := newFixture(t, nil)
	ctx := t.Context()
	for _, c := range []struct {
		url    string
		events []string
		code   string
	}{
		{"http://example.com/x", []string{EventDocumentCompleted}, errs.Validation}, // http not allowed
		{"https://10.0.0.1/x", []string{EventDocumentCompleted}, errs.Validation},   // private
		{"https://example.com/x", nil, errs.Validation},
		{"https://example.com/x", []string{"document.created"}, errs.Validation},
	} {
		if _, err := f.svc.Create(ctx, f.acc.ID, c.url, c.events); errs.CodeOf(err) != c.code {
			t.Errorf("Create(%s, %v) = %v, want %s", c.url, c.events, err, c.code)
		}
	}
	for range DefaultMaxEndpoints {
		f.endpoint(t, "http://127.0.0.1:9/x", EventDocumentCompleted, EventDocumentCompleted)
	}
	if _, err := f.svc.Create(ctx, f.acc.ID, "http://127.0.0.1:9/y", []string{EventDocumentFailed}); errs.CodeOf(err) != errs.InvalidInput {
		t.Errorf("sixth endpoint: %v", err)
	}
	list, _ := f.svc.List(ctx, f.acc.ID)
	if len(list) != DefaultMaxEndpoints || len(list[0].Events) != 1 || list[0].Secret != "" {
		t.Errorf("list: %+v", list)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"":                              0,
		"7":                             7 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Sun, 22 Nov 2026 03:01:00 GMT": time.Minute,
		"Sun, 22 Nov 2026 02:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
	s := New(Deps{Schedule: []time.Duration{time.Second, time.Minute}, MaxRetryAfter: time.Hour})
	for _, c := range []struct {
		attempt    int
		retryAfter time.Duration
		want       time.Duration
		ok         bool
	}{
		{1, 0, time.Second, true},
		{1, 30 * time.Second, 30 * time.Second, true},
		{2, 10 * time.Second, time.Minute, true}, // shorter than the schedule: the schedule wins
		{2, 48 * time.Hour, time.Hour, true},     // capped
		{3, 0, 0, false},
	} {
		got, ok := s.nextWait(c.attempt, c.retryAfter)
		if got != c.want || ok != c.ok {
			t.Errorf("nextWait(%d, %v) = %v, %v; want %v, %v", c.attempt, c.retryAfter, got, ok, c.want, c.ok)
		}
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 30 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var _ river.JobArgs = DeliveryArgs{}

// A delivery waiting for its next attempt sends nothing more once its
// endpoint is disabled or deleted. The worker is called directly, as River
// would after the snooze.
func TestDisableAndDeleteCancelPendingDeliveries(t *testing.T) {
	f := newFixture(t, func(d *Deps) { d.Schedule = []time.Duration{time.Hour} })
	ctx := t.Context()
	for _, c := range []struct {
		name   string
		cancel func(id string) error
	}{
		{"disable", func(id string) error {
			off := false
			_, err := f.svc.Update(ctx, f.acc.ID, id, Patch{Active: &off})
			return err
		}},
		{"delete", func(id string) error { return f.svc.Delete(ctx, f.acc.ID, id) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			rcv := newReceiver(t, status(500))
			e := f.endpoint(t, rcv.URL)
			f.emit(t, ctx, EventDocumentCompleted, "live")
			first := f.waitAttempts(t, e.ID, 1)[0] // the next attempt is an hour away
			d, err := f.st.WebhookDelivery(ctx, f.acc.ID, first.DeliveryID)
			if err != nil || d.Status != statusPending || d.NextAttemptAt == nil {
				t.Fatalf("after a failed first attempt: %+v, %v", d, err)
			}
			if err := c.cancel(e.ID); err != nil {
				t.Fatal(err)
			}
			retryIn, err := f.svc.attempt(ctx, f.acc.ID, first.DeliveryID)
			if err != nil || retryIn != 0 {
				t.Errorf("attempt after %s = %v, %v; want 0, nil", c.name, retryIn, err)
			}
			if n := len(rcv.wait(t, 1)); n != 1 {
				t.Errorf("the receiver got %d requests, want 1", n)
			}
			d, err = f.st.WebhookDelivery(ctx, f.acc.ID, first.DeliveryID)
			switch c.name {
			case "disable":
				if err != nil || d.Status != statusCancelled {
					t.Errorf("delivery after disable: %+v, %v", d, err)
				}
			case "delete":
				if err == nil {
					t.Errorf("delivery survived its endpoint: %+v", d)
				}
			}
		})
	}
}

// Deliveries go through the egress client: a redirect is a failed attempt
// (never followed), and a destination the policy refuses is not dialled
// even if its row bypassed the registration check.
func TestDeliveriesUseTheEgressClient(t *testing.T) {
	f := newFixture(t, func(d *Deps) { d.Schedule = []time.Duration{time.Hour} })
	ctx := t.Context()
	target := newReceiver(t)
	redirect := newReceiver(t, func(w http.ResponseWriter) {
		w.Header().Set("Location", target.URL)
		w.WriteHeader(http.StatusFound)
	})
	e := f.endpoint(t, redirect.URL)
	f.emit(t, ctx, EventDocumentCompleted, "live")
	a := f.waitAttempts(t, e.ID, 1)[0]
	if a.Succeeded || a.StatusCode == nil || *a.StatusCode != http.StatusFound || a.Error == nil || !strings.Contains(*a.Error, "redirect") {
		t.Errorf("redirected attempt: %+v", a)
	}

	// 127.0.0.2 is loopback and not on the allow-list (127.0.0.1 is).
	sneaky := &store.WebhookEndpoint{AccountID: f.acc.ID, URL: strings.Replace(target.URL, "127.0.0.1", "127.0.0.2", 1),
		Events: []string{EventDocumentFailed}, Secret: newSecret(), Active: true}
	if err := f.st.CreateWebhookEndpoint(ctx, sneaky, 0); err != nil {
		t.Fatal(err)
	}
	f.emit(t, ctx, EventDocumentFailed, "live")
	b := f.waitAttempts(t, sneaky.ID, 1)[0]
	if b.Succeeded || b.StatusCode != nil || b.Error == nil || !strings.Contains(*b.Error, "refused") {
		t.Errorf("attempt to a refused address: %+v", b)
	}
	target.mu.Lock()
	defer target.mu.Unlock()
	if len(target.requests) != 0 {
		t.Errorf("the redirect target or the refused address got %d requests", len(target.requests))
	}
}

func TestPruneKeepsRecentAndPendingDeliveries(t *testing.T) {
	f := newFixture(t, nil)
	ctx := t.Context()
	e := f.endpoint(t, "http://127.0.0.1:9/x")
	old := time.Now().Add(-DefaultKeepLog - time.Hour)
	mk := func(status string, at time.Time) string {
		d := &store.WebhookDelivery{AccountID: f.acc.ID, EndpointID: e.ID, EventID: "evt_x", Event: EventDocumentCompleted,
			Payload: []byte(`{}`), Status: status, CreatedAt: at}
		if err := f.st.CreateWebhookDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	oldDone, oldPending, recentDone := mk(statusSucceeded, old), mk(statusPending, old), mk(statusFailed, time.Now())
	if err := (&pruneWorker{svc: f.svc}).Work(ctx, &river.Job[PruneArgs]{}); err != nil {
		t.Fatal(err)
	}
	for id, kept := range map[string]bool{oldDone: false, oldPending: true, recentDone: true} {
		_, err := f.st.WebhookDelivery(ctx, f.acc.ID, id)
		if (err == nil) != kept {
			t.Errorf("delivery %s: kept=%v, want %v", id, err == nil, kept)
		}
	}
}
