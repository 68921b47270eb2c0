// Package users manages the people of an account and their sessions:
// sign-up, adding people, sign-in with JWTs, refresh-token rotation and
// logout. It knows no HTTP.
package users

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/ids"
	"github.com/quirehq/quire/internal/store"

	"github.com/quirehq/quire/internal/wire"
)

// Service manages people and sessions.
type Service struct {
	deps Deps

	guard loginGuard
}

// Deps is what the service is built from.
type Deps struct {
	Store  store.Store
	Tokens *auth.Tokens
	// SignupOpen lets anyone create an account; when false only owners and
	// admins add people to their account (and the CLI bootstraps).
	SignupOpen bool
	// SignupPlan is the plan of accounts made by sign-up ("free" when empty).
	SignupPlan string
	// MaxFailedLogins failed sign-ins of one email within FailedLoginWindow
	// lock it out for the rest of the window; 0 = the defaults.
	MaxFailedLogins   int
	FailedLoginWindow time.Duration
}

// New returns the people service.
func New(d Deps) *Service {
	return &Service{deps: d}
}

// Person is the public view of a user.
type Person struct {
	ID        string    `json:"id"`
	AccountID string    `json:"accountId"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt wire.Time `json:"createdAt"`
}

// NewPerson is what adding a person takes.
type NewPerson struct {
	Email    string
	Password string
	Name     string
	Role     string // RoleAdmin or RoleMember (RoleOwner from the CLI); "" = member
}

// Signup creates an account with its default project and its owner.
func (s *Service) Signup(ctx context.Context, in NewPerson) (*Person, error) {
	if !s.deps.SignupOpen {
		return nil, errs.New(errs.Forbidden, "sign-up is disabled on this server: ask an owner or admin of your account to add you")
	}
	in.Role = store.RoleOwner
	n, err := normalize(in)
	if err != nil {
		return nil, err
	}
	u := &store.User{ID: ids.New("usr"), Email: n.Email, Name: n.Name, Role: n.Role, CreatedAt: time.Now().UTC()}
	if u.PasswordHash, err = auth.HashPassword(n.Password); err != nil {
		return nil, err
	}
	err = s.deps.Store.InTx(ctx, func(tx store.Store) error {
		plan := s.deps.SignupPlan
		if plan == "" {
			plan = "free"
		}
		acc := &store.Account{ID: ids.New("acc"), Email: n.Email, Name: n.Name, Plan: plan, CreatedAt: u.CreatedAt}
		if err := tx.CreateAccount(ctx, acc); err != nil {
			return err
		}
		u.AccountID = acc.ID
		return tx.CreateUser(ctx, u)
	})
	if err != nil {
		return nil, taken(err, n.Email)
	}
	return view(u), nil
}

// Add puts a person into an existing account. by is who asks: an owner or
// admin, or nil for the operator's CLI.
func (s *Service) Add(ctx context.Context, by *auth.Principal, accountID string, in NewPerson) (*Person, error) {
	if by != nil {
		if !by.IsPerson() || (by.Role != store.RoleOwner && by.Role != store.RoleAdmin) {
			return nil, errs.New(errs.Forbidden, "only an owner or admin of the account can add people")
		}
		if in.Role == store.RoleOwner {
			return nil, errs.New(errs.Validation, "role must be \"admin\" or \"member\"")
		}
		accountID = by.AccountID
	}
	n, err := normalize(in)
	if err != nil {
		return nil, err
	}
	u := &store.User{ID: ids.New("usr"), AccountID: accountID, Email: n.Email, Name: n.Name, Role: n.Role, CreatedAt: time.Now().UTC()}
	if u.PasswordHash, err = auth.HashPassword(n.Password); err != nil {
		return nil, err
	}
	if err := s.deps.Store.CreateUser(ctx, u); err != nil {
		return nil, taken(err, n.Email)
	}
	return view(u), nil
}

// List returns the people of the caller's account, oldest first.
func (s *Service) List(ctx context.Context, accountID string) ([]Person, error) {
	rows, err := s.deps.Store.Users(ctx, accountID)
	if err != nil {
		return nil, err
	}
	out := make([]Person, 0, len(rows))
	for i := range rows {
		out = append(out, *view(&rows[i]))
	}
	return out, nil
}

func normalize(in NewPerson) (NewPerson, error) {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email || len(in.Email) > 254 {
		return in, errs.New(errs.Validation, "email must be a valid email address")
	}
	if msg := auth.CheckPasswordRules(in.Password); msg != "" {
		return in, errs.New(errs.Validation, "%s", msg)
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		in.Name = strings.SplitN(in.Email, "@", 2)[0]
	}
	if utf8.RuneCountInString(in.Name) > 255 {
		return in, errs.New(errs.Validation, "name must be at most 255 characters")
	}
	switch in.Role {
	case "":
		in.Role = store.RoleMember
	case store.RoleOwner, store.RoleAdmin, store.RoleMember:
	default:
		return in, errs.New(errs.Validation, "role must be \"admin\" or \"member\"")
	}
	return in, nil
}

func taken(err error, email string) error {
	if errors.Is(err, store.ErrConflict) {
		return errs.New(errs.EmailTaken, "%s is already registered", email)
	}
	return err
}

func view(u *store.User) *Person {
	return &Person{ID: u.ID, AccountID: u.AccountID, Email: u.Email, Name: u.Name, Role: u.Role, CreatedAt: wire.At(u.CreatedAt)}
}
