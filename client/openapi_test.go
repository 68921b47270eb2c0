package client_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// specFile is the OpenAPI 3.0 document the client is generated from.
const specFile = "openapi.json"

// TestOpenAPIDocumentIsCurrent fails when the committed document differs
// from the one the server serves, so the generated client cannot drift from
// the API. QUIRE_UPDATE_OPENAPI=1 rewrites it (go generate does).
func TestOpenAPIDocumentIsCurrent(t *testing.T) {
	body := server.Call(t, "GET", "/openapi-3.0.json", "", nil).WantStatus(t, 200).Body
	// Indented, so that a change of the API is a readable diff.
	var indented bytes.Buffer
	if err := json.Indent(&indented, body, "", "  "); err != nil {
		t.Fatal(err)
	}
	served := append(indented.Bytes(), '\n')
	if os.Getenv("QUIRE_UPDATE_OPENAPI") == "1" {
		if err := os.WriteFile(specFile, served, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	committed, err := os.ReadFile(specFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(committed), bytes.TrimSpace(served)) {
		t.Fatalf("client/%s is out of date with the server's /openapi-3.0.json: run go generate ./client", specFile)
	}
}
