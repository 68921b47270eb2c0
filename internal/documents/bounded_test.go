package documents

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/errs"
)

func TestBoundedAnswersAtTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	_, err := bounded(ctx, func() (int, error) { <-release; return 1, nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("answered after %s, not at the deadline", waited)
	}
	// As a render's failure, that is RENDER_TIMEOUT naming the setting.
	s := New(Deps{RenderTimeout: time.Second})
	var e *errs.Error
	if !errors.As(s.renderFailure(ctx, err), &e) || e.Code != errs.RenderTimeout {
		t.Errorf("renderFailure = %v, want %s", s.renderFailure(ctx, err), errs.RenderTimeout)
	}
}

func TestBoundedReturnsTheResult(t *testing.T) {
	v, err := bounded(context.Background(), func() (string, error) { return "filled", nil })
	if v != "filled" || err != nil {
		t.Errorf("got %q, %v", v, err)
	}
	want := errs.New(errs.Validation, "bad value")
	if _, err := bounded(context.Background(), func() (int, error) { return 0, want }); !errors.Is(err, want) {
		t.Errorf("err = %v, want the phase's own error", err)
	}
}
