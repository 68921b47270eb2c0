package dashboard

import (
	"net/http"

	"github.com/quirehq/quire/internal/accounts"
	"github.com/quirehq/quire/internal/billing"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/users"
)

func (ds *Dashboard) routeSettings(mux *http.ServeMux) {
	mux.HandleFunc("GET "+Prefix+"/settings", ds.person(ds.settingsPage))
	mux.HandleFunc("POST "+Prefix+"/settings/account", ds.person(ds.renameAccount))
	mux.HandleFunc("POST "+Prefix+"/settings/projects", ds.person(ds.createProject))
	mux.HandleFunc("POST "+Prefix+"/settings/projects/{id}/rename", ds.person(ds.renameProject))
	mux.HandleFunc("POST "+Prefix+"/settings/projects/{id}/delete", ds.person(ds.deleteProject))
	mux.HandleFunc("POST "+Prefix+"/settings/people", ds.person(ds.addPerson))
	mux.HandleFunc("POST "+Prefix+"/settings/billing/checkout", ds.person(ds.checkout))
	mux.HandleFunc("POST "+Prefix+"/settings/billing/portal", ds.person(ds.portal))
	ds.routeWebhooks(mux)
}

type settingsData struct {
	Account  *accounts.Profile
	Projects []projects.Project
	People   []users.Person
	CanAdmin bool
	Billing  *billing.BillingStatus // nil: billing is not configured
	Plans    []string
}

func (ds *Dashboard) settingsPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	ctx := r.Context()
	acc, err := ds.d.Accounts.Get(ctx, v.Principal.AccountID)
	if err != nil {
		return err
	}
	data := settingsData{Account: acc, CanAdmin: v.Person.Role == "owner" || v.Person.Role == "admin"}
	if data.Projects, err = ds.d.Projects.List(ctx, v.Principal); err != nil {
		return err
	}
	if data.People, err = ds.d.Users.List(ctx, acc.ID); err != nil {
		return err
	}
	if b := ds.d.Billing; b != nil && b.Enabled() {
		if data.Billing, err = b.Status(ctx, acc.ID); err != nil {
			return err
		}
		data.Plans = b.PlanNames()
	}
	ds.views.render(w, http.StatusOK, "settings", v, data)
	return nil
}

func (ds *Dashboard) renameAccount(w http.ResponseWriter, r *http.Request, v *visit) error {
	name := r.PostFormValue("name")
	if _, err := ds.d.Accounts.Update(r.Context(), v.Principal.AccountID, accounts.Patch{Name: &name}); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/settings", "Account renamed.")
}

func (ds *Dashboard) createProject(w http.ResponseWriter, r *http.Request, v *visit) error {
	p, err := ds.d.Projects.Create(r.Context(), v.Principal, r.PostFormValue("name"))
	if err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/settings", "Project “"+p.Name+"” created.")
}

func (ds *Dashboard) renameProject(w http.ResponseWriter, r *http.Request, v *visit) error {
	if _, err := ds.d.Projects.Rename(r.Context(), v.Principal, r.PathValue("id"), r.PostFormValue("name")); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/settings", "Project renamed.")
}

func (ds *Dashboard) deleteProject(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := ds.d.Projects.Delete(r.Context(), v.Principal, r.PathValue("id")); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/settings", "Project deleted.")
}

// addPerson invites a person by giving them a first password (the
// service refuses callers who are not owners or admins).
func (ds *Dashboard) addPerson(w http.ResponseWriter, r *http.Request, v *visit) error {
	p := v.Principal
	_, err := ds.d.Users.Add(r.Context(), &p, p.AccountID, users.NewPerson{
		Email: r.PostFormValue("email"), Password: r.PostFormValue("password"),
		Name: r.PostFormValue("name"), Role: r.PostFormValue("role"),
	})
	if err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/settings", r.PostFormValue("email")+" can now sign in.")
}

func (ds *Dashboard) checkout(w http.ResponseWriter, r *http.Request, v *visit) error {
	u, err := ds.billing().Checkout(r.Context(), v.Principal.AccountID, r.PostFormValue("plan"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, u.URL, http.StatusSeeOther)
	return nil
}

func (ds *Dashboard) portal(w http.ResponseWriter, r *http.Request, v *visit) error {
	u, err := ds.billing().Portal(r.Context(), v.Principal.AccountID)
	if err != nil {
		return err
	}
	http.Redirect(w, r, u.URL, http.StatusSeeOther)
	return nil
}

// billing is the billing service, or one that answers BILLING_DISABLED.
func (ds *Dashboard) billing() *billing.Service {
	if ds.d.Billing != nil {
		return ds.d.Billing
	}
	return billing.New(billing.Deps{})
}
