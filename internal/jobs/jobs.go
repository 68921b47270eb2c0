// Package jobs is Quire's background work queue: River on the same database
// as the store (SQLite through riversqlite, PostgreSQL through riverpgxv5),
// so that a job can be inserted in the very transaction that writes the row
// it is about, and is lost or kept together with that row.
//
// Other packages register their workers and periodic jobs on a Queue before
// it is first used; the River client is built then, once, with everything
// registered.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/quirehq/quire/internal/metrics"
	"github.com/quirehq/quire/internal/store"
	"github.com/quirehq/quire/internal/store/postgres"
	"github.com/quirehq/quire/internal/store/sqlite"
)

// Config shapes a Queue.
type Config struct {
	// Concurrency is how many jobs of the default queue this process works
	// at once; 0 makes an insert-only queue (Start does nothing).
	Concurrency int
	// JobTimeout bounds one run of a job; 0 keeps River's default (1 min).
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before it is taken as
	// abandoned (its process died) and run again. 0 = JobTimeout + 1 min.
	RescueAfter time.Duration
	// RetryBase is the delay before the first retry of a failed job; each
	// further retry waits twice as long, up to RetryMax. 0 = 1 s.
	RetryBase time.Duration
	RetryMax  time.Duration // 0 = 5 min
	// PollInterval is how often idle workers look for new jobs when the
	// database cannot notify them (SQLite). 0 = 200 ms.
	PollInterval time.Duration
	Logger       *slog.Logger     // River's and the workers'; nil logs nothing
	Metrics      *metrics.Metrics // nil records nothing
}

// Queue inserts and works jobs. Register workers, queues and periodic jobs
// before the first Insert, InsertTx or Start.
type Queue struct {
	cfg      Config
	st       store.Store
	mu       sync.Mutex
	workers  *river.Workers
	queues   map[string]river.QueueConfig
	periodic []*river.PeriodicJob
	b        backend // nil until built
	started  bool
}

// backend hides the transaction type River is instantiated with.
type backend interface {
	insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error
	insertTx(ctx context.Context, rawTx any, args river.JobArgs, opts *river.InsertOpts) error
	completeTx(ctx context.Context, rawTx any, job *rivertype.JobRow) error
	start(ctx context.Context) error
	stop(ctx context.Context) error
	stopAndCancel(ctx context.Context) error
	counts(ctx context.Context) (map[rivertype.JobState]int, error)
}

// ErrSealed is returned when registering after the queue was first used.
var ErrSealed = errors.New("jobs: register workers, queues and periodic jobs before the queue is first used")

// New prepares a queue on st, which must be a *sqlite.Store or a
// *postgres.Store, and brings River's own tables up to date.
func New(ctx context.Context, st store.Store, cfg Config) (*Queue, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Concurrency < 0 {
		return nil, fmt.Errorf("jobs: concurrency must not be negative")
	}
	q := &Queue{cfg: cfg, st: st, workers: river.NewWorkers(), queues: map[string]river.QueueConfig{}}
	if cfg.Concurrency > 0 {
		q.queues[river.QueueDefault] = river.QueueConfig{MaxWorkers: cfg.Concurrency}
	}
	switch s := st.(type) {
	case *sqlite.Store:
		return q, migrateSQLite(ctx, s, cfg.Logger)
	case *postgres.Store:
		return q, migratePostgres(ctx, s, cfg.Logger)
	default:
		return nil, fmt.Errorf("jobs: unsupported store %T", st)
	}
}

// Register lets a package add its workers: river.AddWorker(w, myWorker).
func (q *Queue) Register(fn func(w *river.Workers)) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.b != nil {
		return ErrSealed
	}
	fn(q.workers)
	return nil
}

// AddQueue adds a named queue worked by maxWorkers goroutines in processes
// that work jobs (Concurrency > 0), e.g. to keep webhook deliveries from
// waiting behind renders. Jobs choose it with InsertOpts.Queue.
func (q *Queue) AddQueue(name string, maxWorkers int) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.b != nil {
		return ErrSealed
	}
	if q.cfg.Concurrency > 0 {
		q.queues[name] = river.QueueConfig{MaxWorkers: maxWorkers}
	}
	return nil
}

// AddPeriodic schedules a job every interval (and once at start) in
// processes that work jobs; River runs it on one node only, the leader.
func (q *Queue) AddPeriodic(id string, interval time.Duration, makeArgs func() river.JobArgs) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.b != nil {
		return ErrSealed
	}
	q.periodic = append(q.periodic, river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return makeArgs(), nil },
		&river.PeriodicJobOpts{ID: id, RunOnStart: true}))
	return nil
}

// Works reports whether this process works jobs (Concurrency > 0).
func (q *Queue) Works() bool { return q.cfg.Concurrency > 0 }

// Insert enqueues a job on its own, outside any transaction.
func (q *Queue) Insert(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	b, err := q.backend()
	if err != nil {
		return err
	}
	return b.insert(ctx, args, opts)
}

// InsertTx enqueues a job in the transaction of tx, a Store handed out by
// store.InTx: the job exists if and only if the transaction commits.
func (q *Queue) InsertTx(ctx context.Context, tx store.Store, args river.JobArgs, opts *river.InsertOpts) error {
	raw, err := rawTx(tx)
	if err != nil {
		return err
	}
	b, err := q.backend()
	if err != nil {
		return err
	}
	return b.insertTx(ctx, raw, args, opts)
}

// CompleteTx marks a running job completed in the transaction of tx, so
// that the job's effects and its completion commit together: a job whose
// work is committed is never run again.
func (q *Queue) CompleteTx(ctx context.Context, tx store.Store, job *rivertype.JobRow) error {
	raw, err := rawTx(tx)
	if err != nil {
		return err
	}
	b, err := q.backend()
	if err != nil {
		return err
	}
	return b.completeTx(ctx, raw, job)
}

// Start begins working jobs; without Concurrency it only seals the queue.
func (q *Queue) Start(ctx context.Context) error {
	b, err := q.backend()
	if err != nil || !q.Works() {
		return err
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.started {
		return nil
	}
	if err := b.start(ctx); err != nil {
		return fmt.Errorf("jobs: start: %w", err)
	}
	q.started = true
	return nil
}

// Stop stops fetching jobs and waits for running ones to finish, until ctx
// ends; then it cancels them, and they are run again later (after
// RescueAfter) by this or another process.
func (q *Queue) Stop(ctx context.Context) error {
	// Not under q.mu while waiting: running jobs call CompleteTx, which
	// needs it, and Stop waits for them.
	q.mu.Lock()
	if !q.started {
		q.mu.Unlock()
		return nil
	}
	q.started = false
	b := q.b
	q.mu.Unlock()
	err := b.stop(ctx)
	if ctx.Err() != nil {
		hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return errors.Join(err, b.stopAndCancel(hard))
	}
	return err
}

func (q *Queue) backend() (backend, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.b != nil {
		return q.b, nil
	}
	cfg := q.riverConfig()
	var err error
	switch s := q.st.(type) {
	case *sqlite.Store:
		q.b, err = newSQLiteBackend(s, cfg)
	case *postgres.Store:
		q.b, err = newPostgresBackend(s, cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return q.b, nil
}

func (q *Queue) riverConfig() *river.Config {
	c := q.cfg
	jobTimeout := c.JobTimeout
	if jobTimeout == 0 {
		jobTimeout = time.Minute
	}
	rescue := c.RescueAfter
	if rescue == 0 {
		rescue = jobTimeout + time.Minute
	}
	poll := c.PollInterval
	if poll == 0 {
		poll = 200 * time.Millisecond
	}
	cfg := &river.Config{
		Logger:               quietLogger(c.Logger),
		Workers:              q.workers,
		JobTimeout:           jobTimeout,
		RescueStuckJobsAfter: rescue,
		RetryPolicy:          &doubling{base: c.RetryBase, max: c.RetryMax},
		FetchPollInterval:    poll,
		FetchCooldown:        10 * time.Millisecond,
		Middleware:           []rivertype.Middleware{&requestIDs{}, &measured{m: c.Metrics}},
	}
	if len(q.queues) > 0 {
		cfg.Queues = q.queues
		cfg.PeriodicJobs = q.periodic
	}
	return cfg
}

func rawTx(tx store.Store) (any, error) {
	raw, ok := sqlRawTx(tx)
	if !ok {
		return nil, errors.New("jobs: InsertTx needs the Store handed to store.InTx's fn")
	}
	return raw, nil
}

// quietLogger keeps River's routine info logs (one per fetch, leadership…)
// out of Quire's log; warnings and errors still show.
func quietLogger(l *slog.Logger) *slog.Logger {
	return slog.New(levelFilter{l.Handler(), slog.LevelWarn})
}

type levelFilter struct {
	slog.Handler
	min slog.Level
}

func (f levelFilter) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= f.min && f.Handler.Enabled(ctx, l)
}
func (f levelFilter) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFilter{f.Handler.WithAttrs(a), f.min}
}
func (f levelFilter) WithGroup(n string) slog.Handler {
	return levelFilter{f.Handler.WithGroup(n), f.min}
}
