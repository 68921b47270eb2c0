package users

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// TokenPair is what signing in and refreshing answer.
type TokenPair struct {
	Access  string `json:"access"`
	Refresh string `json:"refresh"`
}

var errBadLogin = errs.New(errs.Unauthorized, "invalid email or password")

// Login checks a person's email and password and starts a session: a new
// refresh-token family.
func (s *Service) Login(ctx context.Context, email, password string) (*TokenPair, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	now := time.Now()
	if err := s.checkGuard(email, now); err != nil {
		return nil, err
	}
	u, err := s.deps.Store.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		auth.SpendPasswordTime(password) // answer as slowly as for a known email
		s.failed(email, now)
		return nil, errBadLogin
	}
	if err != nil {
		return nil, err
	}
	ok, err := auth.VerifyPassword(u.PasswordHash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		s.failed(email, now)
		return nil, errBadLogin
	}
	s.succeeded(email)
	// Housekeeping: tokens past their expiry only take space. A failure
	// here must not fail the sign-in.
	_, _ = s.deps.Store.DeleteExpiredRefreshTokens(ctx, u.ID, time.Now().UTC())
	return s.issue(ctx, s.deps.Store, u.ID, u.AccountID, ids.New("fam"))
}

// Refresh trades a refresh token for a new pair. Each refresh token works
// once: presenting one again means it leaked, so its whole family (the
// session) is revoked and the person must sign in again.
func (s *Service) Refresh(ctx context.Context, refresh string) (*TokenPair, error) {
	row, err := s.refreshRow(ctx, refresh)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	if row.RevokedAt != nil {
		return nil, errs.New(errs.Unauthorized, "this refresh token has been revoked: sign in again")
	}
	var pair *TokenPair
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		if err := tx.UseRefreshToken(ctx, row.ID, now); err != nil {
			return err
		}
		if _, err := tx.User(ctx, row.AccountID, row.UserID); err != nil {
			return err
		}
		pair, err = s.issue(ctx, tx, row.UserID, row.AccountID, row.FamilyID)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		// Used before (or its user is gone): end the session everywhere.
		if rerr := s.deps.Store.RevokeRefreshFamily(ctx, row.FamilyID, now); rerr != nil {
			return nil, rerr
		}
		return nil, errs.New(errs.Unauthorized, "this refresh token was already used: its session has been revoked, sign in again")
	}
	return pair, err
}

// RefreshAccess trades a refresh token for a new access token without
// rotating it, as the reference (Pdflet) does: its clients store the
// refresh token once and present it until it expires, so presenting it
// again is normal here. The answer carries the same refresh token. A
// revoked one (signed out, or its session ended) is refused.
func (s *Service) RefreshAccess(ctx context.Context, refresh string) (*TokenPair, error) {
	row, err := s.refreshRow(ctx, refresh)
	if err != nil {
		return nil, err
	}
	if row.RevokedAt != nil {
		return nil, errs.New(errs.Unauthorized, "this refresh token has been revoked: sign in again")
	}
	if _, err := s.deps.Store.User(ctx, row.AccountID, row.UserID); errors.Is(err, store.ErrNotFound) {
		return nil, errs.New(errs.Unauthorized, "the person of this refresh token no longer exists")
	} else if err != nil {
		return nil, err
	}
	access, err := s.deps.Tokens.Issue(auth.TokenAccess, row.UserID, row.AccountID, "")
	if err != nil {
		return nil, err
	}
	return &TokenPair{Access: access.Token, Refresh: strings.TrimSpace(refresh)}, nil
}

// Logout revokes the session the refresh token belongs to. Logging out of
// an ended session succeeds.
func (s *Service) Logout(ctx context.Context, refresh string) error {
	row, err := s.refreshRow(ctx, refresh)
	if err != nil {
		return err
	}
	return s.deps.Store.RevokeRefreshFamily(ctx, row.FamilyID, time.Now().UTC())
}

// refreshRow checks a refresh JWT and finds its stored row.
func (s *Service) refreshRow(ctx context.Context, refresh string) (*store.RefreshToken, error) {
	c, err := s.deps.Tokens.Parse(strings.TrimSpace(refresh), auth.TokenRefresh)
	if err != nil {
		return nil, err
	}
	row, err := s.deps.Store.RefreshTokenByHash(ctx, auth.HashKey(strings.TrimSpace(refresh)))
	if errors.Is(err, store.ErrNotFound) || (err == nil && row.ID != c.ID) {
		return nil, errs.New(errs.Unauthorized, "unknown refresh token")
	}
	return row, err
}

// issue signs a new access and refresh token and records the refresh one.
func (s *Service) issue(ctx context.Context, st store.Store, userID, accountID, family string) (*TokenPair, error) {
	access, err := s.deps.Tokens.Issue(auth.TokenAccess, userID, accountID, "")
	if err != nil {
		return nil, err
	}
	refresh, err := s.deps.Tokens.Issue(auth.TokenRefresh, userID, accountID, family)
	if err != nil {
		return nil, err
	}
	err = st.CreateRefreshToken(ctx, &store.RefreshToken{
		ID: refresh.Claims.ID, FamilyID: family, UserID: userID, AccountID: accountID,
		Hash: auth.HashKey(refresh.Token), CreatedAt: refresh.Claims.IssuedAt.Time,
		ExpiresAt: refresh.Claims.ExpiresAt.Time,
	})
	if err != nil {
		return nil, err
	}
	return &TokenPair{Access: access.Token, Refresh: refresh.Token}, nil
}

// Session starts a session for a person who has just been created (signed
// up), without asking for the password again.
func (s *Service) Session(ctx context.Context, p *Person) (*TokenPair, error) {
	return s.issue(ctx, s.deps.Store, p.ID, p.AccountID, ids.New("fam"))
}

// AccessToken issues a short-lived access JWT for a signed-in person (the
// dashboard's session calling the API on their behalf).
func (s *Service) AccessToken(p *Person) (auth.Issued, error) {
	return s.deps.Tokens.Issue(auth.TokenAccess, p.ID, p.AccountID, "")
}
