package httpapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/quirehq/quire/internal/auth"
	"github.com/quirehq/quire/internal/billing"
	"github.com/quirehq/quire/internal/errs"
	"github.com/quirehq/quire/internal/usage"
	"github.com/quirehq/quire/internal/webhooks"
)

// TestEveryOperationDeclaresAccess walks every operation of the real API
// (every optional part on) and every route added outside huma: each
// declares what it needs, or is listed in publicRoutes with why.
func TestEveryOperationDeclaresAccess(t *testing.T) {
	srv := build(Deps{Usage: usage.New(usage.Deps{}), Billing: billing.New(billing.Deps{}), Webhooks: webhooks.New(webhooks.Deps{})})
	listed := map[string]bool{}
	declared := 0
	for _, op := range srv.ops {
		route := op.Method + " " + op.Path
		a, ok := accessOf(op)
		switch {
		case ok:
			declared++
			checkDeclaration(t, route, op, a)
		case publicRoutes[route] != "":
			listed[route] = true
		default:
			t.Errorf("%s (%s) declares no access: register it with register(api, needs(…)|anyCaller|personOnly|public(why), …)", route, op.OperationID)
		}
	}
	for _, pattern := range srv.raw {
		if publicRoutes[pattern] == "" {
			t.Errorf("%s is served outside huma and not listed in publicRoutes", pattern)
		}
		listed[pattern] = true
	}
	for route := range publicRoutes {
		if !listed[route] {
			t.Errorf("publicRoutes lists %s, which the API does not serve", route)
		}
	}
	// The walk saw the whole API, hidden aliases included.
	if declared < 50 {
		t.Fatalf("only %d declared operations: the walk missed some", declared)
	}
	for _, id := range []string{"create-jwt-ref", "generate-pdf-pdflet-noslash", "stripe-webhook", "redeliver-webhook"} {
		if !hasOperation(srv.ops, id) {
			t.Errorf("operation %s was not walked", id)
		}
	}
}

func checkDeclaration(t *testing.T, route string, op *huma.Operation, a access) {
	t.Helper()
	switch a.level {
	case levelPublic:
		if a.why == "" {
			t.Errorf("%s is public without saying why", route)
		}
	case levelPermission:
		if !auth.IsPermission(a.perm) {
			t.Errorf("%s needs %q, which is not a permission", route, a.perm)
		}
	case levelCaller, levelPerson:
	default:
		t.Errorf("%s has access level %d", route, a.level)
	}
	if !strings.Contains(op.Description, "Access: ") {
		t.Errorf("%s: its description does not say who may call it: %q", route, op.Description)
	}
	if (a.level == levelPublic) != (len(op.Security) == 0) {
		t.Errorf("%s: OpenAPI security %v does not match its access", route, op.Security)
	}
}

func hasOperation(ops []*huma.Operation, id string) bool {
	for _, op := range ops {
		if op.OperationID == id {
			return true
		}
	}
	return false
}

// An operation registered without a declaration is refused, never open.
func TestUndeclaredOperationIsRefused(t *testing.T) {
	mux := http.NewServeMux()
	api := humago.New(mux, config("test"))
	api.UseMiddleware(authMiddleware(api, nil, gate{}))
	huma.Register(api, huma.Operation{OperationID: "open", Method: http.MethodGet, Path: "/open"},
		func(context.Context, *struct{}) (*body[message], error) {
			return &body[message]{Body: message{"open"}}, nil
		})
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/open", nil))
	if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), `"FORBIDDEN"`) {
		t.Fatalf("undeclared operation: %d %s", w.Code, w.Body)
	}
}

func TestAllowed(t *testing.T) {
	person := auth.Principal{AccountID: "acc_1", Kind: auth.KindUser, UserID: "usr_1", Mode: auth.ModeLive}
	live := auth.Principal{AccountID: "acc_1", Kind: auth.KindAPIKey, KeyID: "ak_1", Mode: auth.ModeLive}
	reader := auth.Principal{AccountID: "acc_1", Kind: auth.KindAPIKey, KeyID: "ak_2", Mode: auth.ModeLive, Permissions: []string{auth.PermDocumentsRead}}
	scoped := auth.Principal{AccountID: "acc_1", Kind: auth.KindAPIKey, KeyID: "ak_3", Mode: auth.ModeLive, Projects: []string{"prj_1"}}
	test := auth.Principal{AccountID: "acc_1", Kind: auth.KindAPIKey, KeyID: "ak_4", Mode: auth.ModeTest}
	openAccount := auth.Principal{AccountID: "acc_open", Kind: auth.KindAPIKey, KeyID: "ak_5", Mode: auth.ModeTest}
	g := gate{sandboxEditsTemplates: func(_ context.Context, id string) (bool, error) { return id == "acc_open", nil }}

	keys := needsOp(personOnly)
	account := needsOp(anyCaller)
	billingStatus := needsOp(anyCaller.accountWide().notSandbox())
	generate := needsOp(needs(auth.PermDocumentsWrite))
	list := needsOp(needs(auth.PermDocumentsRead))
	editTemplate := needsOp(needs(auth.PermTemplatesWrite))
	readTemplate := needsOp(needs(auth.PermTemplatesRead))
	hooks := needsOp(needs(auth.PermWebhooksWrite).accountWide())
	for _, c := range []struct {
		name string
		op   *huma.Operation
		p    auth.Principal
		want string // error code, "" when allowed
	}{
		{"person on a people-only operation", keys, person, ""},
		{"key on a people-only operation", keys, live, errs.InsufficientPermissions},
		{"reader on a people-only operation", keys, reader, errs.InsufficientPermissions},
		{"test key on a people-only operation", keys, test, errs.InsufficientPermissions},
		{"reader reads the account", account, reader, ""},
		{"test key reads the account", account, test, ""},
		{"test key reads billing", billingStatus, test, errs.SandboxKeyForbidden},
		{"scoped key reads billing", billingStatus, scoped, errs.Forbidden},
		{"live key reads billing", billingStatus, live, ""},
		{"reader lists", list, reader, ""},
		{"reader generates", generate, reader, errs.InsufficientPermissions},
		{"reader adds a webhook", hooks, reader, errs.InsufficientPermissions},
		{"person generates", generate, person, ""},
		{"test key generates", generate, test, ""},
		{"test key reads a template", readTemplate, test, ""},
		{"test key edits a template", editTemplate, test, errs.SandboxKeyForbidden},
		{"test key edits a template, account allows", editTemplate, openAccount, ""},
		{"live key edits a template", editTemplate, live, ""},
		{"test key adds a webhook", hooks, test, errs.SandboxKeyForbidden},
		{"test key adds a webhook, account allows templates", hooks, openAccount, errs.SandboxKeyForbidden},
		{"scoped key adds a webhook", hooks, scoped, errs.Forbidden},
		{"unscoped key adds a webhook", hooks, live, ""},
	} {
		a, _ := accessOf(c.op)
		err := g.allowed(context.Background(), c.op, a, c.p)
		got := ""
		if err != nil {
			got = errs.CodeOf(err)
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q (%v)", c.name, got, c.want, err)
		}
	}
}

func needsOp(a access) *huma.Operation {
	return &huma.Operation{Method: "POST", Path: "/x", Metadata: map[string]any{metaAccess: a}}
}
