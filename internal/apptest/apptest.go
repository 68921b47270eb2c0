// Package apptest runs the real app in-process for fast service and
// handler tests: its store on a temporary SQLite file, its blobs in a
// temporary directory, its handler behind an httptest.Server. No browser is
// started; tests where rendering is not the point may set a fake printer
// (App.UsePrinter).
package apptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/quirehq/quire/internal/apikeys"
	"github.com/quirehq/quire/internal/app"
	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/users"
)

// Server is an app answering on a local httptest server.
type Server struct {
	App *app.App
	URL string
}

// New opens the app on a fresh data directory; configure may change the
// configuration first (nil keeps the defaults). Everything is closed when
// the test ends.
func New(t testing.TB, configure func(*config.Config)) *Server {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	if configure != nil {
		configure(&cfg)
	}
	s, stop, err := Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("close app: %v", err)
		}
	})
	return s
}

// Start is New for a TestMain, before any test runs: the app on cfg
// (its DataDir is the caller's) until stop.
//
// Unless cfg sets a public URL, the server's own address is the one
// download links name, so they can be followed.
func Start(ctx context.Context, cfg config.Config) (s *Server, stop func() error, err error) {
	srv := httptest.NewUnstartedServer(nil)
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://" + srv.Listener.Addr().String()
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	srv.Config.Handler = a.Handler()
	srv.Start()
	stop = func() error {
		srv.Close()
		return a.Close()
	}
	return &Server{App: a, URL: srv.URL}, stop, nil
}

// Account is an account with a live API key holding every permission and
// the access token of its owner (for people-only operations).
type Account struct {
	ID     string
	Key    string
	Person string
}

// NewAccount creates the account of email, a live key for it and its owner
// (same email), signed in.
func (s *Server) NewAccount(t testing.TB, email string) Account {
	t.Helper()
	ctx := t.Context()
	acc, err := s.App.Accounts.Ensure(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	const password = "apptest-password"
	if _, err := s.App.Users.Add(ctx, nil, acc.ID, users.NewPerson{Email: email, Password: password, Role: store.RoleOwner}); err != nil {
		t.Fatal(err)
	}
	tokens, err := s.App.Users.Login(ctx, email, password)
	if err != nil {
		t.Fatal(err)
	}
	return Account{ID: acc.ID, Key: s.NewKey(t, acc.ID, apikeys.NewKey{Name: "apptest"}), Person: tokens.Access}
}

// NewKey creates a key for accountID and returns its raw value.
func (s *Server) NewKey(t testing.TB, accountID string, in apikeys.NewKey) string {
	t.Helper()
	k, err := s.App.Keys.Create(t.Context(), accountID, in)
	if err != nil {
		t.Fatal(err)
	}
	return k.Raw
}

// Call sends a request with key as bearer ("" = none) and body as JSON (nil
// = no body).
func (s *Server) Call(t testing.TB, method, path, key string, body any) Response {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, s.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return s.do(t, req, key)
}

// Upload posts a multipart form with file (as field "file") and fields.
func (s *Server) Upload(t testing.TB, path, key, filename string, file []byte, fields map[string]string) Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write(file); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, s.URL+path, &buf)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.do(t, req, key)
}

func (s *Server) do(t testing.TB, req *http.Request, key string) Response {
	t.Helper()
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}
