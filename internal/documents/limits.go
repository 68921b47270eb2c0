package documents

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"time"

	"github.com/quirehq/quire/internal/errs"
)

// DataLimits bound request data before anything renders it. Zero fields
// are not checked.
type DataLimits struct {
	MaxDepth int   // nested objects and arrays; the data object itself is level 1
	MaxItems int   // elements of one array
	MaxBytes int64 // size as compact JSON with strings as decoded (see dataSize)
}

// check walks data once, without recursion.
func (l DataLimits) check(data map[string]any) error {
	type node struct {
		v     reflect.Value
		depth int
	}
	size := dataSize{n: -1} // the data object has no comma before it
	stack := []node{{reflect.ValueOf(data), 1}}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		v := n.v
		for v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		if size.add(v); l.MaxBytes > 0 && size.n > l.MaxBytes {
			return errs.New(errs.PayloadTooLarge, "data is larger than %d bytes (as JSON, strings counted as decoded); the limit is %d (QUIRE_MAX_DATA_BYTES)", l.MaxBytes, l.MaxBytes)
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
				size.n += int64(it.Key().Len()) + 3 // "key":
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

// dataSize counts the bytes of data as compact JSON whose strings are not
// escaped: what the caller sent, whatever its encoder did to <, > and &.
type dataSize struct {
	n   int64
	num []byte // scratch for numbers
}

// add counts one value: a container its brackets (its keys and elements
// are counted when they are visited), a scalar its text.
func (s *dataSize) add(v reflect.Value) {
	s.n++ // the comma before it
	switch v.Kind() {
	case reflect.Map, reflect.Slice, reflect.Array:
		s.n += 2
		if v.Len() > 0 {
			s.n-- // its first element has no comma before it
		}
	case reflect.String:
		s.n += int64(v.Len()) + 2
	case reflect.Float32, reflect.Float64:
		s.num = strconv.AppendFloat(s.num[:0], v.Float(), 'g', -1, 64)
		s.n += int64(len(s.num))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s.num = strconv.AppendInt(s.num[:0], v.Int(), 10)
		s.n += int64(len(s.num))
	case reflect.Bool:
		s.n += 4
		if !v.Bool() {
			s.n++
		}
	default: // null
		s.n += 4
	}
}

// checkHTML bounds the raw html of a request, as the caller sent it (JSON
// escaping on the wire does not count).
func (s *Service) checkHTML(html string) error {
	if s.deps.MaxHTMLBytes > 0 && len(html) > s.deps.MaxHTMLBytes {
		return errs.New(errs.PayloadTooLarge, "html is %d bytes; the limit is %d (QUIRE_MAX_HTML_BYTES)", len(html), s.deps.MaxHTMLBytes)
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
