// Package docsui serves Swagger UI at /swagger/ and ReDoc at /redoc/ from
// assets embedded in the binary (npm builds of swagger-ui-dist 5.35.0 and
// redoc 2.5.4, with their licenses), so the API docs work offline.
package docsui

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
)

//go:embed third_party
var assets embed.FS

var pages = template.Must(template.New("").Parse(`
{{define "swagger"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} — Swagger UI</title>
<link rel="stylesheet" href="/swagger/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/swagger/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({url: {{.SpecURL}}, dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true});</script>
</body></html>{{end}}
{{define "redoc"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} — ReDoc</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>body{margin:0}</style></head>
<body><redoc spec-url={{.SpecURL}}></redoc>
<script src="/redoc/assets/redoc.standalone.js"></script>
</body></html>{{end}}`))

// Mux is where Mount adds its routes (an *http.ServeMux).
type Mux interface {
	Handle(pattern string, h http.Handler)
	HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request))
}

// Mount adds /swagger/ and /redoc/ to mux, reading the spec from specURL.
func Mount(mux Mux, title, specURL string) {
	data := struct{ Title, SpecURL string }{title, specURL}
	page := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_ = pages.ExecuteTemplate(w, name, data)
		}
	}
	mux.HandleFunc("GET /swagger/{$}", page("swagger"))
	mux.HandleFunc("GET /redoc/{$}", page("redoc"))
	mux.Handle("GET /swagger/assets/", http.StripPrefix("/swagger/assets/", static("third_party/swagger-ui")))
	mux.Handle("GET /redoc/assets/", http.StripPrefix("/redoc/assets/", static("third_party/redoc")))
	mux.Handle("GET /swagger", http.RedirectHandler("/swagger/", http.StatusMovedPermanently))
	mux.Handle("GET /redoc", http.RedirectHandler("/redoc/", http.StatusMovedPermanently))
}

func static(dir string) http.Handler {
	sub, err := fs.Sub(assets, dir)
	if err != nil {
		panic(err)
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}
