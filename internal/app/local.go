package app

import (
	"context"

	"github.com/quirehq/quire/internal/config"
	"github.com/quirehq/quire/internal/documents"
	"github.com/quirehq/quire/internal/render/chromium"
)

// Local renders templates on this machine without a server, store or
// account: the `quire render` command.
type Local struct {
	Config config.Config
	engine *chromium.Engine
}

// Render compiles src, fills it with data and prints it.
func (l *Local) Render(ctx context.Context, src string, data map[string]any, j documents.PrintJob) (pdf []byte, pages int, err error) {
	t, err := newHTMLCompiler(l.Config).forDocuments(src)
	if err != nil {
		return nil, 0, err
	}
	if j.HTML, err = t.Render(ctx, data); err != nil {
		return nil, 0, err
	}
	if l.engine == nil {
		l.engine, err = chromium.New(ctx, chromium.Options{ExecPath: l.Config.ChromiumPath, Tabs: 1, RenderTimeout: l.Config.RenderTimeout})
		if err != nil {
			return nil, 0, err
		}
	}
	printed, err := (printer{engine: l.engine}).Print(ctx, j)
	if err != nil {
		return nil, 0, err
	}
	defer printed.Close()
	pdf, err = printed.Bytes()
	return pdf, printed.Pages(), err
}

// Close stops the browser.
func (l *Local) Close() error {
	if l.engine == nil {
		return nil
	}
	return l.engine.Close()
}
