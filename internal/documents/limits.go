package documents

import (
	"context"
	"errors"
	"reflect"
	"time"

	"github.com/quirehq/quire/internal/errs"
)

// DataLimits bound request data before anything renders it; the body
// limit (QUIRE_MAX_BODY_BYTES) bounds its total size. Zero fields are
// not checked.
type DataLimits struct {
	MaxDepth int // nested objects and arrays; the data object itself is level 1
	MaxItems int // elements of one array
}

// check walks data once, without recursion.
func (l DataLimits) check(data map[string]any) error {
	type node struct {
		v     reflect.Value
		depth int
	}
	stack := []node{{reflect.ValueOf(data), 1}}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		v := n.v
		for v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Map, reflect.Slice, reflect.Array:
		default:
			continue
		}
		if l.MaxDepth > 0 && n.depth > l.MaxDepth {
			return errs.New(errs.DataTooComplex, "data is nested more than %d levels deep; the limit is %d (QUIRE_MAX_DATA_DEPTH)", l.MaxDepth, l.MaxDepth)
		}
		if v.Kind() == reflect.Map {
			for it := v.MapRange(); it.Next(); {
				stack = append(stack, node{it.Value(), n.depth + 1})
			}
			continue
		}
		if l.MaxItems > 0 && v.Len() > l.MaxItems {
			return errs.New(errs.DataTooComplex, "data has an array of %d elements; the limit is %d (QUIRE_MAX_DATA_ITEMS)", v.Len(), l.MaxItems)
		}
		for i := range v.Len() {
			stack = append(stack, node{v.Index(i), n.depth + 1})
		}
	}
	return nil
}

// renderMargin is added to RenderTimeout for a whole render: Chromium's own
// timeout covers the print, which starts later, so its answer (a timeout,
// a crashed browser) comes first; this deadline is the backstop for every
// other phase.
const renderMargin = 2 * time.Second

// renderDeadline bounds a render's in-process phases by the render timeout
// and renderMargin (no bound when the timeout is not set).
func (s *Service) renderDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	if s.deps.RenderTimeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, s.deps.RenderTimeout+renderMargin)
}

// renderFailure gives an error of a render's phases its public form. An
// engine's own public answer stands (SERVICE_UNAVAILABLE after a crash); the
// render's deadline is RENDER_TIMEOUT; a caller that went away gets its
// context's error (nobody reads it, and it is never billed).
func (s *Service) renderFailure(ctx context.Context, err error) error {
	var e *errs.Error
	public := errors.As(err, &e)
	switch {
	case public && e.Code != errs.RenderFailed && e.Code != errs.Internal:
		return err
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return errs.Wrap(err, errs.RenderTimeout, "the document did not render within %s (QUIRE_RENDER_TIMEOUT)", s.deps.RenderTimeout)
	case ctx.Err() != nil:
		return ctx.Err()
	case public:
		return err
	}
	return errs.Wrap(err, errs.InvalidInput, "the template could not be rendered with this data: %v", err)
}
