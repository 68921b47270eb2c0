package httpapi

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quirehq/quire/internal/errs"
)

// Check is one readiness probe (database, blobs, browser…). Version, when
// set, names what the check talks to (e.g. the browser's version).
type Check struct {
	Name    string
	Run     func(ctx context.Context) error
	Version func() string
	// Every > 0 reuses a result younger than Every, so that /readyz polled
	// under load does not repeat a costly probe (a blob write) per request.
	Every time.Duration
}

// cachedCheck remembers the last result of a Check with Every > 0; one
// probe runs at a time and concurrent callers share its result.
type cachedCheck struct {
	Check
	mu   sync.Mutex
	at   time.Time
	last error
}

func (c *cachedCheck) run(ctx context.Context) error {
	if c.Every <= 0 {
		return c.probe(ctx)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < c.Every {
		return c.last
	}
	c.last, c.at = c.probe(ctx), time.Now()
	return c.last
}

// probe runs the check and logs why it failed: /readyz shows only publicReason.
func (c *cachedCheck) probe(ctx context.Context) error {
	err := c.Run(ctx)
	if err != nil {
		loggerOf(ctx).WarnContext(ctx, "not ready", "check", c.Name, "err", err)
	}
	return err
}

// publicReason is what /readyz shows of a failed check: the message of a
// domain error (its cause, which may name paths, goes to the log only).
func publicReason(err error) string {
	var de *errs.Error
	if errors.As(err, &de) {
		return de.Message
	}
	return err.Error()
}

type healthBody struct {
	Status   string            `json:"status" example:"ok"`
	Checks   map[string]string `json:"checks,omitempty"`
	Versions map[string]string `json:"versions,omitempty" doc:"What each check talks to, e.g. the browser's product and version"`
}

type healthOutput struct {
	Status int
	Body   healthBody
}

func registerHealth(api huma.API, list []Check) {
	checks := make([]*cachedCheck, len(list))
	for i, c := range list {
		checks[i] = &cachedCheck{Check: c}
	}
	tags := []string{"Health"}
	register(api, public("a liveness probe for load balancers"), huma.Operation{
		OperationID: "healthz", Method: http.MethodGet, Path: "/healthz", Tags: tags,
		Summary: "Liveness: the process answers",
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		return &healthOutput{Status: http.StatusOK, Body: healthBody{Status: "ok"}}, nil
	})
	register(api, public("a readiness probe for load balancers"), huma.Operation{
		OperationID: "readyz", Method: http.MethodGet, Path: "/readyz", Tags: tags,
		Summary: "Readiness: database, blob storage and browser work", Description: "503 with the failing checks otherwise.",
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		out := &healthOutput{Status: http.StatusOK, Body: healthBody{Status: "ok", Checks: map[string]string{}}}
		for _, c := range checks {
			if c.Version != nil {
				if v := c.Version(); v != "" {
					if out.Body.Versions == nil {
						out.Body.Versions = map[string]string{}
					}
					out.Body.Versions[c.Name] = v
				}
			}
			cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := c.run(cctx)
			cancel()
			if err != nil {
				out.Status, out.Body.Status = http.StatusServiceUnavailable, "unavailable"
				out.Body.Checks[c.Name] = publicReason(err)
				continue
			}
			out.Body.Checks[c.Name] = "ok"
		}
		return out, nil
	})
}
