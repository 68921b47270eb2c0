package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// Check is one readiness probe (database, blobs, browser…). Version, when
// set, names what the check talks to (e.g. the browser's version).
type Check struct {
	Name    string
	Run     func(ctx context.Context) error
	Version func() string
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

func registerHealth(api huma.API, checks []Check) {
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
			err := c.Run(cctx)
			cancel()
			if err != nil {
				out.Status, out.Body.Status = http.StatusServiceUnavailable, "unavailable"
				out.Body.Checks[c.Name] = err.Error()
				continue
			}
			out.Body.Checks[c.Name] = "ok"
		}
		return out, nil
	})
}
