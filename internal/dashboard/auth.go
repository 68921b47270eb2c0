package dashboard

import (
	"net/http"
	"strings"

	"github.com/quirehq/quire/internal/users"
)

type authForm struct {
	Email, Name, Next, Error string
}

func (ds *Dashboard) signinPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	if _, err := ds.resume(r); err == nil {
		http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
		return nil
	}
	ds.views.render(w, http.StatusOK, "signin", v, authForm{Next: r.URL.Query().Get("next")})
	return nil
}

func (ds *Dashboard) signin(w http.ResponseWriter, r *http.Request, v *visit) error {
	f := authForm{Email: r.PostFormValue("email"), Next: r.PostFormValue("next")}
	pair, err := ds.d.Users.Login(r.Context(), f.Email, r.PostFormValue("password"))
	if err == nil {
		err = ds.startSession(w, r, pair)
	}
	if err != nil {
		f.Error = publicMessage(err)
		ds.views.render(w, http.StatusUnauthorized, "signin", v, f)
		return nil
	}
	http.Redirect(w, r, safeNext(f.Next), http.StatusSeeOther)
	return nil
}

// safeNext keeps redirects after sign-in on the dashboard.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix+"/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return Prefix + "/"
	}
	return next
}

func (ds *Dashboard) signupPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	ds.views.render(w, http.StatusOK, "signup", v, authForm{})
	return nil
}

func (ds *Dashboard) signup(w http.ResponseWriter, r *http.Request, v *visit) error {
	f := authForm{Email: r.PostFormValue("email"), Name: r.PostFormValue("name")}
	p, err := ds.d.Users.Signup(r.Context(), users.NewPerson{Email: f.Email, Password: r.PostFormValue("password"), Name: f.Name})
	if err == nil {
		var pair *users.TokenPair
		if pair, err = ds.d.Users.Session(r.Context(), p); err == nil {
			err = ds.startSession(w, r, pair)
		}
	}
	if err != nil {
		f.Error = publicMessage(err)
		ds.views.render(w, ds.status(r, err), "signup", v, f)
		return nil
	}
	return ds.redirect(w, r, Prefix+"/", "Welcome to Quire! Create an API key, then upload a template.")
}

// signout ends the session: its refresh-token family is revoked, so the
// cookie (or a copy of it) no longer works anywhere.
func (ds *Dashboard) signout(w http.ResponseWriter, r *http.Request, v *visit) error {
	c, _ := r.Cookie(sessionCookie)
	if err := ds.d.Users.Logout(r.Context(), c.Value); err != nil {
		return err
	}
	ds.clearCookie(w, r, sessionCookie)
	return ds.redirect(w, r, Prefix+"/signin", "You are signed out.")
}
