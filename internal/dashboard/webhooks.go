package dashboard

import (
	"net/http"
	"strings"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/webhooks"
)

func (ds *Dashboard) routeWebhooks(mux *http.ServeMux) {
	mux.HandleFunc("GET "+Prefix+"/webhooks", ds.person(ds.webhooksPage))
	mux.HandleFunc("POST "+Prefix+"/webhooks", ds.person(ds.createWebhook))
	mux.HandleFunc("GET "+Prefix+"/webhooks/{id}", ds.person(ds.webhookPage))
	mux.HandleFunc("POST "+Prefix+"/webhooks/{id}", ds.person(ds.updateWebhook))
	mux.HandleFunc("POST "+Prefix+"/webhooks/{id}/delete", ds.person(ds.deleteWebhook))
	mux.HandleFunc("POST "+Prefix+"/webhooks/{id}/redeliver/{delivery}", ds.person(ds.redeliver))
	mux.HandleFunc("POST "+Prefix+"/webhooks/{id}/test", ds.person(ds.sendTest))
}

type webhooksData struct {
	Endpoints []webhooks.Endpoint
	Events    []string
	Created   *webhooks.Endpoint // with its secret, shown once
}

func (ds *Dashboard) webhookService() (*webhooks.Service, error) {
	if ds.d.Webhooks == nil {
		return nil, errs.New(errs.NotFound, "webhooks are not enabled on this server")
	}
	return ds.d.Webhooks, nil
}

func (ds *Dashboard) webhooksPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	return ds.renderWebhooks(w, r, v, http.StatusOK, nil)
}

func (ds *Dashboard) renderWebhooks(w http.ResponseWriter, r *http.Request, v *visit, status int, created *webhooks.Endpoint) error {
	svc, err := ds.webhookService()
	if err != nil {
		return err
	}
	list, err := svc.List(r.Context(), v.Principal.AccountID)
	if err != nil {
		return err
	}
	ds.views.render(w, status, "webhooks", v, webhooksData{Endpoints: list, Events: webhooks.Events, Created: created})
	return nil
}

func (ds *Dashboard) createWebhook(w http.ResponseWriter, r *http.Request, v *visit) error {
	svc, err := ds.webhookService()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.New(errs.InvalidInput, "the form could not be read")
	}
	events := r.PostForm["events"]
	if len(events) == 0 {
		events = webhooks.Events // none checked: all
	}
	e, err := svc.Create(r.Context(), v.Principal.AccountID, strings.TrimSpace(r.PostFormValue("url")), events)
	if err != nil {
		return err
	}
	return ds.renderWebhooks(w, r, v, http.StatusCreated, e)
}

type webhookData struct {
	Endpoint *webhooks.Endpoint
	Events   []string
	Attempts []webhooks.Attempt
}

func (ds *Dashboard) webhookPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	svc, err := ds.webhookService()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	e, err := svc.Get(r.Context(), v.Principal.AccountID, id)
	if err != nil {
		return err
	}
	attempts, err := svc.Attempts(r.Context(), v.Principal.AccountID, id, 100)
	if err != nil {
		return err
	}
	ds.views.render(w, http.StatusOK, "webhook", v, webhookData{Endpoint: e, Events: webhooks.Events, Attempts: attempts})
	return nil
}

// updateWebhook edits the URL and events, and turns the endpoint on or off.
func (ds *Dashboard) updateWebhook(w http.ResponseWriter, r *http.Request, v *visit) error {
	svc, err := ds.webhookService()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.New(errs.InvalidInput, "the form could not be read")
	}
	url := strings.TrimSpace(r.PostFormValue("url"))
	active := r.PostFormValue("active") == "on"
	events := r.PostForm["events"]
	if events == nil {
		events = []string{}
	}
	id := r.PathValue("id")
	if _, err := svc.Update(r.Context(), v.Principal.AccountID, id, webhooks.Patch{URL: &url, Events: events, Active: &active}); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/webhooks/"+id, "Webhook saved.")
}

func (ds *Dashboard) deleteWebhook(w http.ResponseWriter, r *http.Request, v *visit) error {
	svc, err := ds.webhookService()
	if err != nil {
		return err
	}
	if err := svc.Delete(r.Context(), v.Principal.AccountID, r.PathValue("id")); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/webhooks", "Webhook deleted.")
}

func (ds *Dashboard) redeliver(w http.ResponseWriter, r *http.Request, v *visit) error {
	svc, err := ds.webhookService()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := svc.Redeliver(r.Context(), v.Principal.AccountID, id, r.PathValue("delivery")); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/webhooks/"+id, "The event will be delivered again.")
}

func (ds *Dashboard) sendTest(w http.ResponseWriter, r *http.Request, v *visit) error {
	svc, err := ds.webhookService()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := svc.SendTest(r.Context(), v.Principal.AccountID, id); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/webhooks/"+id, "A test event is on its way; its attempt appears below.")
}
