package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/quirehq/quire/internal/blob/s3test"
	"github.com/quirehq/quire/internal/store/pgtest"
	"github.com/quirehq/quire/internal/testenv"
)

// worker is a `quire worker` process; it is ready when its metrics
// address listens.
type worker struct {
	cmd  *exec.Cmd
	logs *bytes.Buffer
}

func startWorker(t *testing.T, env []string) *worker {
	t.Helper()
	addr := testenv.FreeAddr(t)
	w := spawnWorker(t, append(append(os.Environ(), env...), "QUIRE_DATA_DIR="+t.TempDir(), "QUIRE_METRICS_ADDR="+addr))
	if !testenv.AwaitTCP(addr) {
		t.Fatalf("the worker did not start:\n%s", w.logs.String())
	}
	return w
}

// spawnWorker starts `quire worker` with env, without waiting for it, and
// stops it when the test ends, showing its logs if the test failed.
func spawnWorker(t *testing.T, env []string) *worker {
	t.Helper()
	w := &worker{cmd: exec.Command(quireBinary(t), "worker"), logs: &bytes.Buffer{}}
	w.cmd.Env = env
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = w.cmd.Process.Signal(os.Interrupt)
		_ = w.cmd.Wait()
		if t.Failed() {
			t.Logf("worker logs:\n%s", tail(w.logs.String(), 3000))
		}
	})
	return w
}

// TestScaleOut runs Quire as two `quire serve` nodes and one `quire
// worker` on PostgreSQL, a real S3 server and Redis, drives async and sync
// renders with webhooks across both nodes up to the plan's quota, kill -9s
// one serve node and the worker midway and starts them again, then checks
// that nothing was lost, duplicated or over quota.
func TestScaleOut(t *testing.T) {
	testenv.TCP(t, "Redis", testenv.RedisAddr)
	srv := s3test.Start(t, "quire-scale")
	const quota = 30
	env := append(s3test.Env(s3test.SecretKey),
		"QUIRE_DATABASE_URL="+pgtest.SchemaURL(t), "QUIRE_BLOB_URL="+srv.URL("quire-scale"),
		"QUIRE_REDIS_URL=redis://127.0.0.1:6379/6", "QUIRE_SIGNING_KEY=scale-out-signing-key-0123456789abcdef",
		"QUIRE_JWT_SECRET=scale-out-jwt-secret-0123456789abcdef",
		fmt.Sprintf(`QUIRE_PLANS={"pro": {"monthly_documents": %d}}`, quota),
		"QUIRE_RENDER_TIMEOUT=8s", "QUIRE_OFFICE_TIMEOUT=3s", "QUIRE_JOB_RESCUE_AFTER=30s", "QUIRE_JOB_RETRY_BASE=100ms",
		"QUIRE_EGRESS_ALLOW=127.0.0.1", "QUIRE_WEBHOOK_RETRY_SCHEDULE=100ms,200ms,300ms")
	serveEnv := append(append([]string{}, env...), "QUIRE_WORKERS=0")
	aDir := t.TempDir()
	a, err := launch(aDir, serveEnv...)
	if err != nil {
		t.Fatal(err)
	}
	b := startServer(t, serveEnv...)
	w := startWorker(t, append(env, "QUIRE_WORKERS=3"))

	account := "scale@example.com"
	key := a.newKey(t, account, "live")
	a.setPlan(t, account, "pro")
	rcv := newHookReceiver(t)
	b.createHook(t, key, rcv.URL+"/hook")
	up := a.upload(t, key, "n.html", []byte("<h1>Number {{n}}</h1>"), "Numbered")
	wantStatus(t, up, 201)
	tpl := up.json(t)["id"].(string)

	var mu sync.Mutex
	var tasks, docs []string
	refused := 0
	send := func(s *server, n int, async bool) {
		req := map[string]any{"template_id": tpl, "data": map[string]any{"n": n}}
		if async {
			req["options"] = map[string]any{"async": true}
		}
		r := s.call(t, "POST", "/v1/documents/generate", key, req)
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Status == 202:
			tasks = append(tasks, r.json(t)["task_id"].(string))
		case r.Status == 201:
			docs = append(docs, r.json(t)["id"].(string))
		case r.Status == 429 && r.errorCode(t) == "USAGE_LIMIT_EXCEEDED":
			refused++
		default:
			t.Errorf("request %d: %d %s", n, r.Status, r.Body)
		}
	}
	burst := func(from, to int, nodes ...*server) {
		var wg sync.WaitGroup
		for i := from; i < to; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); send(nodes[i%len(nodes)], i, i%5 != 0) }()
		}
		wg.Wait()
	}
	burst(0, 20, a, b)
	// kill -9 a serve node and the worker while jobs are queued or running.
	_ = a.cmd.Process.Kill()
	<-a.exited
	_ = w.cmd.Process.Kill()
	_ = w.cmd.Wait()
	burst(20, 28, b) // the other node keeps taking requests
	a2, err := launch(aDir, serveEnv...)
	if err != nil {
		t.Fatal(err)
	}
	defer a2.stop()
	startWorker(t, append(env, "QUIRE_WORKERS=3"))
	burst(28, 40, a2, b)
	accepted := len(tasks) + len(docs)
	t.Logf("%d accepted (%d async, %d sync), %d refused by the quota", accepted, len(tasks), len(docs), refused)
	if accepted > quota || accepted+refused != 40 || refused == 0 {
		t.Fatalf("%d accepted and %d refused of 40 with a quota of %d", accepted, refused, quota)
	}

	// Every async task completes, once.
	for _, id := range tasks {
		var st map[string]any
		waitFor(t, 120, func() bool {
			st = b.call(t, "GET", "/v1/tasks/"+id, key, nil).json(t)
			return st["status"] == "completed" || st["status"] == "failed"
		})
		if st["status"] != "completed" {
			t.Fatalf("task %s: %v", id, st)
		}
		docs = append(docs, st["document"].(map[string]any)["id"].(string))
	}
	list := b.call(t, "GET", "/v1/documents?limit=100", key, nil).json(t)
	usage := b.call(t, "GET", "/v1/usage", key, nil).json(t)
	if list["total"].(float64) != float64(accepted) || usage["generate"].(float64) != float64(accepted) {
		t.Fatalf("%d accepted, %v documents, %v counted in usage", accepted, list["total"], usage["generate"])
	}
	// Each document's completed event arrives, its retries sharing one webhook-id.
	hookIDs := map[string]map[string]bool{}
	waitFor(t, 60, func() bool {
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		hookIDs = map[string]map[string]bool{}
		for _, r := range rcv.got {
			var ev struct {
				Type string         `json:"type"`
				Data map[string]any `json:"data"`
			}
			if mustUnmarshal(t, r.body, &ev); ev.Type == "document.completed" {
				id := ev.Data["id"].(string)
				if hookIDs[id] == nil {
					hookIDs[id] = map[string]bool{}
				}
				hookIDs[id][r.header.Get("webhook-id")] = true
			}
		}
		return len(hookIDs) == accepted
	})
	for _, id := range docs {
		if len(hookIDs[id]) != 1 {
			t.Errorf("document %s: webhook ids %v, want exactly one", id, hookIDs[id])
		}
	}
	// A link signed by one node is served by the other.
	dl := a2.call(t, "GET", "/v1/documents/"+docs[0]+"/download", key, nil).json(t)["download_url"].(string)
	other := strings.Replace(dl, a2.URL, b.URL, 1)
	if other == dl {
		t.Fatalf("download link %s does not name node a", dl)
	}
	got := fetch(t, other)
	wantStatus(t, got, 200)
	if text := strings.Join(pdfText(t, got.Body), " "); !strings.Contains(text, "Number") {
		t.Fatalf("document through the other node: %q", text)
	}
}
