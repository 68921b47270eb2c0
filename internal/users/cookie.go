package users

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/store"
)

// Browsing is a browser session resumed from the refresh token a cookie
// holds: the person, as a caller, and the sign-in (refresh family) it
// belongs to.
type Browsing struct {
	Person    *Person
	Principal auth.Principal
	FamilyID  string
	ExpiresAt time.Time
}

// Resume checks a browser session's refresh token without using it up:
// it must be unexpired, unrevoked and unused. A token that was used (traded
// through the API) is a leaked copy, so its family is revoked as on reuse.
func (s *Service) Resume(ctx context.Context, refresh string) (*Browsing, error) {
	refresh = strings.TrimSpace(refresh)
	c, err := s.deps.Tokens.Parse(refresh, auth.TokenRefresh)
	if err != nil {
		return nil, err
	}
	row, err := s.refreshRow(ctx, refresh)
	if err != nil {
		return nil, err
	}
	if row.RevokedAt != nil {
		return nil, errs.New(errs.Unauthorized, "this session has ended: sign in again")
	}
	if row.UsedAt != nil {
		if err := s.deps.Store.RevokeRefreshFamily(ctx, row.FamilyID, time.Now().UTC()); err != nil {
			return nil, err
		}
		return nil, errs.New(errs.Unauthorized, "this session's token was used elsewhere: the session has been revoked, sign in again")
	}
	u, err := s.deps.Store.User(ctx, row.AccountID, row.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errs.New(errs.Unauthorized, "the user of this session no longer exists")
	}
	if err != nil {
		return nil, err
	}
	return &Browsing{Person: view(u), Principal: auth.PersonPrincipal(u), FamilyID: row.FamilyID, ExpiresAt: c.ExpiresAt.Time}, nil
}
