package storetest

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// testUsageHolds: holds count against the limit with the events, per mode;
// stale holds and released ones do not; recording turns a hold into an event.
func testUsageHolds(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	since, stale := base.Add(-time.Hour), base.Add(-time.Minute)
	hold := func(mode string, at time.Time) (*store.UsageHold, bool, int) {
		h := &store.UsageHold{ID: ids.New("use"), AccountID: acc.ID, Mode: mode, CreatedAt: at}
		ok, used, err := s.HoldUsage(ctx(t), h, since, stale, 2)
		must(t, err, "HoldUsage")
		return h, ok, used
	}
	old, ok, _ := hold("live", base.Add(-2*time.Minute)) // stale at once
	if !ok {
		t.Fatal("first hold refused")
	}
	h1, ok1, used1 := hold("live", base)
	h2, ok2, used2 := hold("live", base)
	_, ok3, used3 := hold("live", base)
	if !ok1 || !ok2 || ok3 || used1 != 0 || used2 != 1 || used3 != 2 {
		t.Fatalf("holds at limit 2: %v %v %v, used %d %d %d", ok1, ok2, ok3, used1, used2, used3)
	}
	if _, ok, _ := hold("test", base); !ok {
		t.Fatal("the test mode shares the live limit")
	}
	must(t, s.RecordUsage(ctx(t), &store.UsageEvent{ID: h1.ID, AccountID: acc.ID, DocumentID: "doc_1", Kind: "fill", Mode: "live", CreatedAt: base}), "RecordUsage")
	must(t, s.ReleaseUsage(ctx(t), acc.ID, h2.ID), "ReleaseUsage")
	must(t, s.ReleaseUsage(ctx(t), acc.ID, old.ID), "ReleaseUsage(stale)")
	if _, ok, used := hold("live", base); !ok || used != 1 {
		t.Fatalf("after record + release: held %v, used %d (want the event only)", ok, used)
	}
	_, _, err := s.HoldUsage(ctx(t), &store.UsageHold{ID: ids.New("use"), AccountID: "acc_missing", Mode: "live"}, since, stale, 5)
	wantErr(t, err, store.ErrNotFound, "HoldUsage(no account)")
}

// testUsageHoldRace: many holds at once never pass the limit.
func testUsageHoldRace(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	const limit, tries = 5, 16
	var held atomic.Int32
	var wg sync.WaitGroup
	errc := make(chan error, tries)
	for range tries {
		wg.Go(func() {
			ok, _, err := s.HoldUsage(ctx(t), &store.UsageHold{ID: ids.New("use"), AccountID: acc.ID, Mode: "live", CreatedAt: base},
				base.Add(-time.Hour), base.Add(-time.Hour), limit)
			if err != nil {
				errc <- err
			}
			if ok {
				held.Add(1)
			}
		})
	}
	wg.Wait()
	close(errc)
	if err := errors.Join(func() (all []error) {
		for e := range errc {
			all = append(all, e)
		}
		return
	}()...); err != nil {
		t.Fatal(err)
	}
	if held.Load() != limit {
		t.Fatalf("%d holds passed a limit of %d", held.Load(), limit)
	}
}

// testUsageCount counts by kind, mode and period, per account.
func testUsageCount(t *testing.T, s store.Store) {
	acc, other := newAccount(t, s), newAccount(t, s)
	rec := func(accountID, kind, mode string, at time.Time) {
		must(t, s.RecordUsage(ctx(t), &store.UsageEvent{ID: ids.New("use"), AccountID: accountID, Kind: kind, Mode: mode, CreatedAt: at}), "RecordUsage")
	}
	rec(acc.ID, "fill", "live", base)
	rec(acc.ID, "generate", "live", base)
	rec(acc.ID, "generate", "test", base)
	rec(acc.ID, "generate", "live", base.Add(-48*time.Hour)) // before the period
	rec(other.ID, "fill", "live", base)
	from, to := base.Add(-time.Hour), base.Add(time.Hour)
	for mode, want := range map[string]store.UsageCount{"": {Fill: 1, Generate: 2}, "live": {Fill: 1, Generate: 1}, "test": {Generate: 1}} {
		got, err := s.CountUsage(ctx(t), acc.ID, mode, from, to)
		must(t, err, "CountUsage")
		if got != want {
			t.Errorf("mode %q: %+v, want %+v", mode, got, want)
		}
	}
}

// testPlansAndBilling: plan changes, key deactivation with a reason, and
// the billing row.
func testPlansAndBilling(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	must(t, s.SetAccountPlan(ctx(t), acc.ID, "pro"), "SetAccountPlan")
	if got, _ := s.Account(ctx(t), acc.ID); got.Plan != "pro" {
		t.Fatalf("plan %q", got.Plan)
	}
	wantErr(t, s.SetAccountPlan(ctx(t), "acc_missing", "pro"), store.ErrNotFound, "SetAccountPlan(missing)")

	k1, k2 := newKey(t, s, acc.ID, base), newKey(t, s, acc.ID, base)
	must(t, s.RevokeAPIKey(ctx(t), acc.ID, k2.ID, base), "RevokeAPIKey")
	n, err := s.DeactivateAPIKeys(ctx(t), acc.ID, "plan free has no API access", base)
	must(t, err, "DeactivateAPIKeys")
	if n != 1 {
		t.Fatalf("deactivated %d keys, want 1", n)
	}
	if got, _ := s.APIKeyByHash(ctx(t), k1.Hash); got.RevokedAt == nil {
		t.Fatal("deactivated key is not revoked")
	}
	if r, err := s.APIKeyDeactivation(ctx(t), k1.ID); err != nil || r != "plan free has no API access" {
		t.Fatalf("reason %q, %v", r, err)
	}
	_, err = s.APIKeyDeactivation(ctx(t), k2.ID)
	wantErr(t, err, store.ErrNotFound, "APIKeyDeactivation(revoked by hand)")

	_, err = s.AccountBilling(ctx(t), acc.ID)
	wantErr(t, err, store.ErrNotFound, "AccountBilling(none)")
	end := base.Add(30 * 24 * time.Hour)
	b := &store.AccountBilling{AccountID: acc.ID, StripeCustomerID: "cus_" + ids.Random(8), SubscriptionStatus: "active", PeriodEnd: &end}
	must(t, s.SaveAccountBilling(ctx(t), b), "SaveAccountBilling")
	b.StripeSubscriptionID = "sub_1"
	must(t, s.SaveAccountBilling(ctx(t), b), "SaveAccountBilling(again)")
	got, err := s.AccountBilling(ctx(t), acc.ID)
	must(t, err, "AccountBilling")
	if got.StripeSubscriptionID != "sub_1" || got.PeriodEnd == nil || !got.PeriodEnd.Equal(*b.PeriodEnd) {
		t.Fatalf("billing %+v", got)
	}
	if a, err := s.AccountByStripeCustomer(ctx(t), b.StripeCustomerID); err != nil || a.ID != acc.ID {
		t.Fatalf("AccountByStripeCustomer: %v %v", a, err)
	}
	_, err = s.AccountByStripeCustomer(ctx(t), "cus_nobody")
	wantErr(t, err, store.ErrNotFound, "AccountByStripeCustomer(unknown)")
}

// testUsageHoldRefresh: refreshing the holds of one prefix makes those
// created before the threshold count again, and leaves alone the newer
// ones, other prefixes (an underscore is no wildcard) and other accounts.
func testUsageHoldRefresh(t *testing.T, s store.Store) {
	acc, other := newAccount(t, s), newAccount(t, s)
	old, fresh := base.Add(-2*time.Hour), base.Add(-10*time.Minute)
	hold := func(accountID, id string, at time.Time) {
		ok, _, err := s.HoldUsageMany(ctx(t), []store.UsageHold{{ID: id, AccountID: accountID, Mode: "live", CreatedAt: at}},
			base.Add(-24*time.Hour), base.Add(-24*time.Hour), 100)
		must(t, err, "HoldUsageMany")
		if !ok {
			t.Fatalf("hold %s refused", id)
		}
	}
	a, b := "use_"+ids.New("bat")+"_", "use_"+ids.New("bat")+"_"
	hold(acc.ID, a+"0", old)
	hold(acc.ID, a+"1", old)
	hold(acc.ID, a+"2", fresh)
	hold(acc.ID, strings.ReplaceAll(a, "_", "X")+"0", old) // would match a LIKE on a
	hold(acc.ID, b+"0", old)
	hold(other.ID, a+"3", old)

	// Holds count from an hour back: only item 2 of a does before the refresh.
	counted := func(accountID string) int {
		ok, used, err := s.HoldUsageMany(ctx(t), []store.UsageHold{{ID: ids.New("use"), AccountID: accountID, Mode: "live", CreatedAt: base}},
			base.Add(-24*time.Hour), base.Add(-time.Hour), 0)
		must(t, err, "HoldUsageMany(count)")
		if ok {
			t.Fatal("a hold passed a limit of 0")
		}
		return used
	}
	if n := counted(acc.ID); n != 1 {
		t.Fatalf("before the refresh %d holds count, want 1", n)
	}
	n, err := s.RefreshUsageHolds(ctx(t), acc.ID, a, base.Add(-30*time.Minute), base)
	must(t, err, "RefreshUsageHolds")
	if n != 2 {
		t.Errorf("refreshed %d holds, want 2 (items 0 and 1)", n)
	}
	if n := counted(acc.ID); n != 3 {
		t.Errorf("after the refresh %d holds count, want 3", n)
	}
	if n := counted(other.ID); n != 0 {
		t.Errorf("the other account has %d holds counting, want 0", n)
	}
	n, err = s.RefreshUsageHolds(ctx(t), acc.ID, a, base.Add(-30*time.Minute), base.Add(time.Minute))
	must(t, err, "RefreshUsageHolds again")
	if n != 0 {
		t.Errorf("a second refresh touched %d fresh holds", n)
	}
}
