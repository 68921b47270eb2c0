package auth

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"
)

// Token types, in the token_type claim (as djangorestframework-simplejwt,
// which the reference's JWT routes follow).
const (
	TokenAccess  = "access"
	TokenRefresh = "refresh"
)

// Default token lifetimes, as the reference gives them.
const (
	DefaultAccessTTL  = 5 * time.Minute
	DefaultRefreshTTL = 24 * time.Hour
)

const issuer = "quire"

// Tokens issues and checks the HS256 JWTs of signed-in people.
type Tokens struct {
	Secret     []byte
	AccessTTL  time.Duration
	RefreshTTL time.Duration
	Now        func() time.Time
}

// Claims are what Quire puts in its JWTs.
type Claims struct {
	jwt.RegisteredClaims
	TokenType string `json:"token_type"`
	AccountID string `json:"acc"`
	FamilyID  string `json:"fam,omitempty"` // refresh tokens: the sign-in they descend from
}

// Issued is one signed token with the claims it carries.
type Issued struct {
	Token  string
	Claims Claims
}

// Issue signs a token of typ for a user; family is set on refresh tokens.
func (t *Tokens) Issue(typ, userID, accountID, family string) (Issued, error) {
	ttl := t.AccessTTL
	if typ == TokenRefresh {
		ttl = t.RefreshTTL
	}
	now := t.now()
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   userID,
			ID:        ids.New("jti"),
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
		TokenType: typ,
		AccountID: accountID,
		FamilyID:  family,
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.Secret)
	if err != nil {
		return Issued{}, err
	}
	return Issued{Token: signed, Claims: c}, nil
}

// Parse checks a token's signature (HS256 only), issuer, expiry and type.
// The error message says what is wrong without echoing the token.
func (t *Tokens) Parse(raw, typ string) (*Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(raw, &c, func(*jwt.Token) (any, error) { return t.Secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(t.now),
	)
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return nil, errs.New(errs.Unauthorized, "this %s token has expired", typ)
	case err != nil:
		return nil, errs.New(errs.Unauthorized, "invalid %s token", typ)
	case c.TokenType != typ || c.Subject == "" || c.AccountID == "":
		return nil, errs.New(errs.Unauthorized, "not a %s token", typ)
	}
	return &c, nil
}

func (t *Tokens) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

// LooksLikeJWT tells a JWT (three base64url segments, a JSON header) from
// an API key (<prefix>_<mode>_…) by shape alone.
func LooksLikeJWT(raw string) bool {
	return strings.HasPrefix(raw, "eyJ") && strings.Count(raw, ".") == 2
}

// Authenticate checks a raw credential: an access JWT or an API key.
func (a *Authenticator) Authenticate(ctx context.Context, raw string) (Principal, error) {
	if LooksLikeJWT(raw) {
		return a.AccessToken(ctx, raw)
	}
	return a.APIKey(ctx, raw)
}

// AccessToken authenticates a person by an access JWT. The person must
// still exist: removing a user ends their access at once.
func (a *Authenticator) AccessToken(ctx context.Context, raw string) (Principal, error) {
	if a.deps.Tokens == nil {
		return Principal{}, errs.New(errs.Unauthorized, "JWTs are not accepted by this server")
	}
	c, err := a.deps.Tokens.Parse(raw, TokenAccess)
	if err != nil {
		return Principal{}, err
	}
	u, err := a.deps.Store.User(ctx, c.AccountID, c.Subject)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, errs.New(errs.Unauthorized, "the user of this token no longer exists")
	}
	if err != nil {
		return Principal{}, errs.Wrap(err, errs.Unavailable, "cannot check the token right now")
	}
	return PersonPrincipal(u), nil
}

// PersonPrincipal is a signed-in person as a caller: live, with every
// permission, limited only by their role.
func PersonPrincipal(u *store.User) Principal {
	return Principal{AccountID: u.AccountID, Kind: KindUser, UserID: u.ID, Role: u.Role, Mode: ModeLive}
}
