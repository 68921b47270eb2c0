package dashboard

import (
	"net/http"

	"github.com/quirehq/quire/internal/accounts"
	"github.com/quirehq/quire/internal/usage"
)

type overviewData struct {
	Account *accounts.Profile
	Quota   *usage.Quota
	Percent int // of the monthly limit used, for the bar
	Days    []usage.Day
	Peak    int // the chart's highest day
	Sandbox *usage.Sandbox
	Credits *int
}

func (ds *Dashboard) overview(w http.ResponseWriter, r *http.Request, v *visit) error {
	acc, err := ds.d.Accounts.Get(r.Context(), v.Principal.AccountID)
	if err != nil {
		return err
	}
	data := overviewData{Account: acc}
	if u := ds.d.Usage; u != nil {
		if data.Quota, err = u.Quota(r.Context(), acc.ID); err != nil {
			return err
		}
		if l := data.Quota.Limit; l != nil && *l > 0 {
			data.Percent = min(100, data.Quota.Used*100 / *l)
		}
		if data.Days, err = u.Daily(r.Context(), acc.ID, 30); err != nil {
			return err
		}
		for _, d := range data.Days {
			data.Peak = max(data.Peak, d.Count)
		}
		if data.Sandbox, err = u.SandboxToday(r.Context(), acc.ID); err != nil {
			return err
		}
		if data.Credits, err = u.Credits(r.Context(), v.Principal); err != nil {
			return err
		}
	}
	ds.views.render(w, http.StatusOK, "overview", v, data)
	return nil
}
