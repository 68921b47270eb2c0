package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/testenv"
)

func TestServeOnPostgreSQL(t *testing.T) {
	s := startServer(t, "QUIRE_DATABASE_URL="+pgtest.SchemaURL(t))
	key := s.newKey(t, "pg@example.com", "live")
	other := s.newKey(t, "pg-other@example.com", "live")
	up := s.upload(t, key, "invoice.html", invoiceTemplate(t), "Invoice")
	wantStatus(t, up, 201)
	tpl := up.json(t)["id"].(string)
	r := s.call(t, "POST", "/v1/documents/generate", key, map[string]any{"template_id": tpl, "data": invoiceData(t)})
	wantStatus(t, r, 201)
	doc := r.json(t)
	file := fetch(t, doc["download_url"].(string))
	wantStatus(t, file, 200)
	if !strings.Contains(strings.Join(pdfText(t, file.Body), ""), "$1,761.60") {
		t.Fatal("wrong PDF from the PostgreSQL-backed server")
	}
	list := s.call(t, "GET", "/v1/documents?template_id="+tpl, key, nil).json(t)
	if list["total"].(float64) != 1 {
		t.Fatalf("list: %v", list)
	}
	wantError(t, s.call(t, "GET", "/v1/documents/"+doc["id"].(string), other, nil), 404, "DOCUMENT_NOT_FOUND")
	wantError(t, s.call(t, "GET", "/v1/templates/"+tpl, other, nil), 404, "TEMPLATE_NOT_FOUND")
}

func TestRenderCommandWritesAPDFLocally(t *testing.T) {
	testenv.Command(t, "chromium", "chromium")
	out := filepath.Join(t.TempDir(), "invoice.pdf")
	cmd := exec.Command(quireBinary(t), "render", "../examples/invoice/template.html", "--data", "../examples/invoice/data.json", "-o", out, "--format", "Letter")
	cmd.Env = append(os.Environ(), "QUIRE_DATA_DIR="+t.TempDir())
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("quire render: %v\n%s", err, msg)
	}
	pdf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if s := pageSizes(t, pdf); len(s) != 1 || !approx(s[0][0], 612) || !approx(s[0][1], 792) {
		t.Fatalf("Letter page, got %v", s)
	}
	if !strings.Contains(pdfText(t, pdf)[0], "$1,761.60") || !strings.Contains(string(msg), "1 pages") {
		t.Fatalf("render output: %s", msg)
	}
	bad := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(bad, []byte("{{#if x}}"), 0o600)
	msg, err = exec.Command(quireBinary(t), "render", bad).CombinedOutput()
	if err == nil || !strings.Contains(string(msg), "line 1") {
		t.Fatalf("a broken template must fail with its position: %v %s", err, msg)
	}
}

// Killing the browser under a running server: requests fail cleanly or wait,
// never hang, and rendering comes back by itself.
func TestBrowserCrashRecovers(t *testing.T) {
	s := startServer(t, "QUIRE_RENDER_TIMEOUT=10s")
	key := s.newKey(t, "", "live")
	body := map[string]any{"html": "<p>{{n}}</p>", "data": map[string]any{"n": "before"}}
	wantStatus(t, s.call(t, "POST", "/v1/documents/generate", key, body), 201)

	pids, err := exec.Command("pgrep", "-P", fmt.Sprint(s.cmd.Process.Pid), "chromium").Output()
	if err != nil || len(strings.Fields(string(pids))) == 0 {
		t.Fatalf("no chromium child of the server: %v", err)
	}
	for _, pid := range strings.Fields(string(pids)) {
		_ = exec.Command("kill", "-9", pid).Run()
	}
	start := time.Now()
	r := s.call(t, "POST", "/v1/documents/generate", key, body)
	if r.Status != 201 {
		wantError(t, r, 503, "SERVICE_UNAVAILABLE")
	}
	if time.Since(start) > 25*time.Second {
		t.Fatalf("the request during the crash took %v", time.Since(start))
	}
	ok := false
	for i := 0; i < 30 && !ok; i++ {
		ok = s.call(t, "POST", "/v1/documents/generate", key, body).Status == 201
		if !ok {
			time.Sleep(500 * time.Millisecond)
		}
	}
	if !ok {
		t.Fatal("rendering did not come back after the browser was killed")
	}
	wantStatus(t, s.call(t, "GET", "/readyz", "", nil), 200)
}
