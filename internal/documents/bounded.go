package documents

import "context"

// bounded runs one in-process phase of a render (form fill, DOCX fill, page
// count, watermark) so that the request answers when its deadline passes,
// whatever the input: the phase goes on in its goroutine until it ends by
// itself, which its inputs' size limits keep short and small, but the
// request does not wait for it. fn's own error is returned as it is.
func bounded[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := fn()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
