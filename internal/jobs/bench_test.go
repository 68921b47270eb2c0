package jobs

import (
	"context"
	"github.com/quirehq/quire/internal/store/pgtest"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
)

type pingArgs struct {
	Sent time.Time `json:"sent"`
}

func (pingArgs) Kind() string { return "jobs_bench_ping" }

// pingWorker records how long each job waited between its insert and its
// run, and signals each run.
type pingWorker struct {
	river.WorkerDefaults[pingArgs]
	mu  sync.Mutex
	lat []time.Duration
	ran chan struct{}
}

func (w *pingWorker) Work(_ context.Context, job *river.Job[pingArgs]) error {
	w.mu.Lock()
	w.lat = append(w.lat, time.Since(job.Args.Sent))
	w.mu.Unlock()
	w.ran <- struct{}{}
	return nil
}

// BenchmarkQueue measures River's own cost on each database with no-op
// jobs inserted in the caller's transaction and 4 workers with the
// default poll interval: "latency" inserts one job and waits for it before
// the next (insert→run time), "burst" inserts b.N at once (jobs/s).
func BenchmarkQueue(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		for _, burst := range []bool{false, true} {
			name := db + "/latency"
			if burst {
				name = db + "/burst"
			}
			b.Run(name, func(b *testing.B) { benchQueue(b, db, burst) })
		}
	}
}

func benchQueue(b *testing.B, db string, burst bool) {
	st := benchStore(b, db)
	w := &pingWorker{ran: make(chan struct{}, b.N)}
	q, err := New(b.Context(), st, Config{Concurrency: 4})
	if err != nil {
		b.Fatal(err)
	}
	if err := q.Register(func(ws *river.Workers) { river.AddWorker(ws, w) }); err != nil {
		b.Fatal(err)
	}
	if err := q.Start(b.Context()); err != nil {
		b.Fatal(err)
	}
	defer q.Stop(context.Background())
	insert := func() {
		err := st.InTx(b.Context(), func(tx store.Store) error {
			return q.InsertTx(b.Context(), tx, pingArgs{Sent: time.Now()}, nil)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		insert()
		if !burst {
			<-w.ran
		}
	}
	if burst {
		for range b.N {
			<-w.ran
		}
	}
	wall := time.Since(start)
	b.StopTimer()
	sort.Slice(w.lat, func(i, j int) bool { return w.lat[i] < w.lat[j] })
	b.ReportMetric(float64(b.N)/wall.Seconds(), "jobs/s")
	b.ReportMetric(float64(w.lat[len(w.lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(w.lat[len(w.lat)*95/100].Microseconds())/1000, "p95-ms")
}

func benchStore(b *testing.B, db string) store.Store {
	var st interface {
		store.Store
	}
	var err error
	if db == "sqlite" {
		st, err = sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "quire.db"))
	} else {
		st, err = postgres.Open(b.Context(), pgtest.SchemaURL(b))
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	return st
}
