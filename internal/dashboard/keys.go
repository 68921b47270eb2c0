package dashboard

import (
	"net/http"
	"time"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/projects"
)

type keysData struct {
	Keys        []apikeys.Key
	Projects    []projects.Project
	Permissions []string
	Created     *apikeys.Created // shown once, right after creation
}

func (ds *Dashboard) keysData(r *http.Request, v *visit) (*keysData, error) {
	keys, err := ds.d.Keys.List(r.Context(), v.Principal.AccountID)
	if err != nil {
		return nil, err
	}
	ps, err := ds.d.Projects.List(r.Context(), v.Principal)
	if err != nil {
		return nil, err
	}
	return &keysData{Keys: keys, Projects: ps, Permissions: auth.AllPermissions}, nil
}

func (ds *Dashboard) keysPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	data, err := ds.keysData(r, v)
	if err != nil {
		return err
	}
	ds.views.render(w, http.StatusOK, "keys", v, data)
	return nil
}

// createKey makes a key and shows its raw value on this answer only: it is
// never stored, so reloading the page does not show it again.
func (ds *Dashboard) createKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := r.ParseForm(); err != nil {
		return errs.New(errs.InvalidInput, "the form could not be read")
	}
	in := apikeys.NewKey{Name: r.PostFormValue("name"), Mode: r.PostFormValue("mode")}
	if ps := r.PostForm["projects"]; len(ps) > 0 {
		in.Projects = ps
	}
	if perms := r.PostForm["permissions"]; len(perms) > 0 && len(perms) < len(auth.AllPermissions) {
		in.Permissions = perms
	}
	if exp := r.PostFormValue("expires"); exp != "" {
		day, err := time.Parse("2006-01-02", exp)
		if err != nil {
			return errs.New(errs.Validation, "the expiry must be a date")
		}
		end := day.Add(24*time.Hour - time.Second).UTC() // the key works through that day (UTC)
		in.ExpiresAt = &end
	}
	created, err := ds.d.Keys.Create(r.Context(), v.Principal.AccountID, in)
	if err != nil {
		return err
	}
	data, err := ds.keysData(r, v)
	if err != nil {
		return err
	}
	data.Created = created
	ds.views.render(w, http.StatusCreated, "keys", v, data)
	return nil
}

func (ds *Dashboard) revokeKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	id := r.PathValue("id")
	if err := ds.d.Keys.Revoke(r.Context(), v.Principal.AccountID, id); err != nil {
		return err
	}
	return ds.redirect(w, r, Prefix+"/keys", "The key was revoked: it stops working at once.")
}
