package dashboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/quirehq/quire/internal/wire"
)

// views holds each page parsed with the layout.
type views struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"prefix": func() string { return Prefix },
	"when": func(t any) string {
		switch v := t.(type) {
		case wire.Time:
			t = v.Time
		case *wire.Time:
			if v != nil {
				t = v.Time
			}
		case *time.Time:
			if v != nil {
				t = *v
			}
		}
		if v, ok := t.(time.Time); ok && !v.IsZero() {
			return v.UTC().Format("2006-01-02 15:04")
		}
		return "—"
	},
	"bytes": func(n int64) string {
		switch {
		case n >= 1<<20:
			return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
		case n >= 1<<10:
			return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
		}
		return fmt.Sprintf("%d B", n)
	},
	"deref": func(p *int) string {
		if p == nil {
			return "—"
		}
		return fmt.Sprint(*p)
	},
	"json": func(v any) (string, error) {
		b, err := json.MarshalIndent(v, "", "  ")
		return string(b), err
	},
	"join":      strings.Join,
	"hasPrefix": strings.HasPrefix,
	"pct": func(n, of int) int {
		if of <= 0 {
			return 0
		}
		return n * 100 / of
	},
	"active":   func(cur, p string) bool { return cur == p || strings.HasPrefix(cur, p+"/") },
	"contains": func(list []string, s string) bool { return containsString(list, s) },
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func parseViews() *views {
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(viewFS, "views/layout.html"))
	names, _ := fs.Glob(viewFS, "views/*.html")
	v := &views{pages: map[string]*template.Template{}}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" {
			continue
		}
		v.pages[name] = template.Must(template.Must(layout.Clone()).ParseFS(viewFS, n))
	}
	return v
}

// page is what every view gets: the visit (person, CSRF token, flash) and
// the page's own data.
type page struct {
	*visit
	Data any
}

// render writes a page with status; a template error (a bug) answers a
// short 500.
func (v *views) render(w http.ResponseWriter, status int, name string, vis *visit, data any) {
	t, ok := v.pages[name]
	if !ok {
		http.Error(w, "no such view "+name, http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", page{visit: vis, Data: data}); err != nil {
		http.Error(w, "the page could not be drawn", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
