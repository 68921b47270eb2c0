package app

import (
	"time"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/projects"
	"github.com/quirehq/quire/internal/users"
)

// openPeople builds what authenticates callers (API keys, and people with
// their JWTs signed by a key from the config or the data dir) and the
// projects that scope them.
func (a *App) openPeople() error {
	cfg := a.Config
	secret, err := cfg.JWTKey()
	if err != nil {
		return err
	}
	tokens := &auth.Tokens{Secret: secret, AccessTTL: cfg.JWTAccessTTL, RefreshTTL: cfg.JWTRefreshTTL}
	a.Projects = projects.New(a.Store)
	a.Keys = apikeys.New(apikeys.Deps{Store: a.Store, KeyPrefix: cfg.KeyPrefix, MaxActive: cfg.MaxAPIKeys, Projects: a.Projects})
	a.Auth = auth.NewAuthenticator(auth.AuthenticatorDeps{Store: a.Store, KeyPrefix: cfg.KeyPrefix, Tokens: tokens, TouchEvery: time.Minute})
	a.Users = users.New(users.Deps{Store: a.Store, Tokens: tokens, SignupOpen: cfg.Signup, SignupPlan: cfg.SignupPlan})
	return nil
}
