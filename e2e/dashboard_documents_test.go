package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/quirehq/quire/internal/store/pgtest"
)

// shownDocuments returns the ids of the documents the list shows.
func shownDocuments(b *browser) []string {
	return eval[[]string](b, `[...document.querySelectorAll('#documents-table tr[data-document]')].map((r) => r.dataset.document)`)
}

func sorted(ids []string) []string { return slices.Sorted(slices.Values(ids)) }

// apiDocumentIDs lists the ids the API gives for that query, newest first.
func apiDocumentIDs(t *testing.T, s *server, key, query string) []string {
	t.Helper()
	r := s.call(t, "GET", "/v1/documents?limit=100&"+query, key, nil)
	wantStatus(t, r, 200)
	var list struct{ Data []struct{ ID string } }
	mustUnmarshal(t, r.Body, &list)
	ids := []string{}
	for _, d := range list.Data {
		ids = append(ids, d.ID)
	}
	return ids
}

// filterDocuments picks a status and a project in the filters and applies them.
func filterDocuments(b *browser, status, project string) {
	b.t.Helper()
	b.do(chromedp.SetValue(chromedp.CSS("#f-status"), status), chromedp.SetValue(chromedp.CSS("#f-project"), project))
	b.submit("#f-submit")
}

// TestDashboardDocuments: the documents page as a person uses it. Documents
// made through the API in two projects are narrowed by the project and
// status filters, paged with the Older/Newer links, deleted after a
// confirmation, and an async document shows as pending and then, once a
// worker runs it, completed without reloading by hand. The server runs no
// jobs itself (QUIRE_WORKERS=0) and shares PostgreSQL and its files with the
// worker started later.
func TestDashboardDocuments(t *testing.T) {
	env := []string{"QUIRE_DATABASE_URL=" + pgtest.SchemaURL(t),
		"QUIRE_BLOB_URL=file://" + t.TempDir() + "?no_tmp_dir=true&metadata=skip",
		"QUIRE_SIGNING_KEY=dash-documents-signing-key-0123456789abcdef",
		"QUIRE_JWT_SECRET=dash-documents-jwt-secret-0123456789abcdef"}
	s := startServer(t, append(env, "QUIRE_WORKERS=0")...)
	b := newBrowser(t, 3*time.Minute)
	base := s.URL + "/dashboard"
	signUpInBrowser(t, b, base, "dash-documents@example.com")
	b.open(base + "/settings")
	b.fill("#new-project", "Beta")
	b.submit(`form[action$="/settings/projects"] button`)
	beta := strings.TrimPrefix(eval[string](b, `[...document.querySelectorAll('input[id^="p-"]')].find((i) => i.value === 'Beta').id`), "p-")
	key := createKeyInBrowser(t, b, base, "API", "live")

	generate := func(name, project string) string {
		t.Helper()
		req := map[string]any{"html": "<p>" + name + "</p>", "options": map[string]any{"filename": name}}
		if project != "" {
			req["project_id"] = project
		}
		r := s.call(t, "POST", "/v1/documents/generate", key, req)
		wantStatus(t, r, 201)
		return r.json(t)["id"].(string)
	}
	var betaDocs []string
	for i := range 21 {
		generate(fmt.Sprintf("alpha-%02d.pdf", i), "")
	}
	for i := range 2 {
		betaDocs = append(betaDocs, generate(fmt.Sprintf("beta-%d.pdf", i), beta))
	}
	all := apiDocumentIDs(t, s, key, "")
	if len(all) != 23 {
		t.Fatalf("the API lists %d documents, want 23", len(all))
	}

	// (1) The project filter narrows the list to Beta's two documents.
	b.open(base + "/documents")
	filterDocuments(b, "", beta)
	if got := shownDocuments(b); !slices.Equal(sorted(got), sorted(betaDocs)) {
		t.Fatalf("filtered by project Beta the page shows %v, want %v", got, betaDocs)
	}
	if text := b.text(".pager"); !strings.Contains(text, "2 documents") {
		t.Fatalf("pager with the project filter: %q", text)
	}
	if api := apiDocumentIDs(t, s, key, "project_id="+beta); len(api) != 2 {
		t.Fatalf("the API lists %v in Beta", api)
	}
	if text := b.text("#documents-table tbody"); !strings.Contains(text, "beta-0.pdf") || strings.Contains(text, "alpha-") {
		t.Fatalf("rows with the project filter: %q", text)
	}

	// (2) Paging: 20 a page, newest first, the same order as the API.
	b.open(base + "/documents")
	first := shownDocuments(b)
	if !slices.Equal(first, all[:20]) {
		t.Fatalf("page 1 shows %v, want the 20 newest %v", first, all[:20])
	}
	if n := eval[int](b, `[...document.querySelectorAll('.pager a')].filter((a) => a.textContent === 'Newer').length`); n != 0 {
		t.Fatal("the first page links to newer documents")
	}
	b.submit(`.pager a:last-of-type`)
	if second := shownDocuments(b); !slices.Equal(second, all[20:]) {
		t.Fatalf("page 2 shows %v, want %v", second, all[20:])
	}
	if links := b.text(".pager"); !strings.Contains(links, "Newer") || strings.Contains(links, "Older") {
		t.Fatalf("links on the last page: %q", links)
	}
	b.submit(`.pager a`)
	if back := shownDocuments(b); !slices.Equal(back, all[:20]) {
		t.Fatalf("Newer from page 2 shows %v, want page 1", back)
	}

	// (3) Delete one after its confirmation; the API no longer has it.
	gone := all[3]
	b.submit(fmt.Sprintf(`tr[data-document="%s"] form[action$="/delete"] button`, gone))
	if !b.sawDialog(page.DialogTypeConfirm) {
		t.Fatal("deleting the document asked for no confirmation")
	}
	if text := b.text("#flash"); !strings.Contains(text, "deleted") {
		t.Fatalf("flash after deleting: %q", text)
	}
	if slices.Contains(shownDocuments(b), gone) {
		t.Fatal("the deleted document is still listed")
	}
	if text := b.text(".pager"); !strings.Contains(text, "22 documents") {
		t.Fatalf("pager after deleting: %q", text)
	}
	wantError(t, s.call(t, "GET", "/v1/documents/"+gone, key, nil), 404, "DOCUMENT_NOT_FOUND")

	// (4) An async document waits for a worker: the status filter shows it
	// and the one that will fail, pending, and the page says it refreshes.
	task := accept(t, s, key, "/v1/documents/generate", map[string]any{
		"html": "<p>async</p>", "options": map[string]any{"async": true, "filename": "async.pdf"},
	})
	async := task["task_id"].(string)
	// Two pages, more than the worker allows: it will fail.
	failing := accept(t, s, key, "/v1/documents/generate", map[string]any{
		"html":    `<p>one</p><p style="break-before: page">two</p>`,
		"options": map[string]any{"async": true, "filename": "too-long.pdf"},
	})["task_id"].(string)
	b.open(base + "/documents")
	filterDocuments(b, "pending", "")
	pending := apiDocumentIDs(t, s, key, "status=pending")
	if !slices.Equal(sorted(pending), sorted([]string{failing, async})) {
		t.Fatalf("the API's pending documents: %v", pending)
	}
	if got := shownDocuments(b); !slices.Equal(got, pending) {
		t.Fatalf("filtered by pending the page shows %v, want only %v", got, pending)
	}
	if badge := b.text(fmt.Sprintf(`tr[data-document="%s"] .badge`, async)); badge != "pending" {
		t.Fatalf("the async document's status shows %q", badge)
	}
	if !eval[bool](b, `document.getElementById('pending') !== null && document.querySelector('progress') !== null`) {
		t.Fatal("the page does not say that documents are still being made")
	}

	// A worker makes it; the open list turns it completed by itself.
	b.open(base + "/documents")
	eval[bool](b, `window.__sameLoad = true`)
	startWorker(t, append(env, "QUIRE_WORKERS=1", "QUIRE_MAX_PAGES=1", "QUIRE_ASYNC_ATTEMPTS=2", "QUIRE_JOB_RETRY_BASE=100ms"))
	b.waitFor(fmt.Sprintf(`document.querySelector('tr[data-document="%s"] .badge')?.textContent === 'completed' && `+
		`document.querySelector('tr[data-document="%s"] .badge')?.textContent === 'failed'`, async, failing), 90*time.Second)
	if eval[bool](b, `window.__sameLoad === true`) {
		t.Fatal("the status changed without the page loading again")
	}
	if eval[bool](b, `document.getElementById('pending') !== null`) {
		t.Fatal("the page still says documents are being made")
	}
	link := eval[string](b, fmt.Sprintf(`document.querySelector('tr[data-document="%s"] a[download]')?.textContent || ''`, async))
	if link != "async.pdf" {
		t.Fatalf("the completed document's download link reads %q", link)
	}
	if row := s.call(t, "GET", "/v1/documents/"+async, key, nil).json(t); row["status"] != "completed" {
		t.Fatalf("the API's async document: %v", row)
	}

	// The failed one shows its error, and the status filter finds it alone.
	if text := b.text(fmt.Sprintf(`tr[data-document="%s"] td:nth-child(3) small`, failing)); text == "" {
		t.Fatal("the failed document shows no error")
	}
	filterDocuments(b, "failed", "")
	if got := shownDocuments(b); !slices.Equal(got, []string{failing}) {
		t.Fatalf("filtered by failed the page shows %v, want only %s", got, failing)
	}
	row := s.call(t, "GET", "/v1/documents/"+failing, key, nil).json(t)
	if e, _ := row["error"].(map[string]any); row["status"] != "failed" || e["code"] != "TOO_MANY_PAGES" {
		t.Fatalf("the API's failed document: %v", row)
	}
	if code := eval[string](b, `document.querySelector('#documents-table small')?.title || ''`); code != "TOO_MANY_PAGES" {
		t.Fatalf("the failed row's error code reads %q", code)
	}
}
