package httpapi

import (
	"net/http"
	"net/url"
	"strings"
)

// fallbackPattern is the mux pattern of requests no route takes (404/405).
const fallbackPattern = "/"

// routeMethods are the methods a path may be allowed, in Allow's order.
var routeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// updateTwin is the other method of an update: a client written from the
// reference, which names no method for its updates, may send either.
var updateTwin = map[string]string{http.MethodPut: http.MethodPatch, http.MethodPatch: http.MethodPut}

// aliasRoutes sends a request no route takes to the route it means: the
// same path with or without a final slash (/v1/templates/ as
// /v1/templates), and PATCH for PUT or PUT for PATCH on update routes.
// Everything else reaches next unchanged.
func aliasRoutes(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !routed(mux, r.Method, r.URL.Path) {
			if method, path, ok := aliasOf(mux, r.Method, r.URL.Path); ok {
				alias := r.Clone(r.Context())
				alias.Method, alias.URL.Path, alias.URL.RawPath = method, path, ""
				next.ServeHTTP(w, alias)
				r.Pattern = alias.Pattern // the route it took, for the metrics
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// aliasOf finds the route a request of method on path means, if any.
func aliasOf(mux *http.ServeMux, method, path string) (string, string, bool) {
	paths := []string{path}
	if other := toggleSlash(path); other != "" {
		paths = append(paths, other)
	}
	methods := []string{method}
	if twin := updateTwin[method]; twin != "" {
		methods = append(methods, twin)
	}
	for _, m := range methods {
		for _, p := range paths {
			if (m != method || p != path) && routed(mux, m, p) {
				return m, p, true
			}
		}
	}
	return "", "", false
}

// allowedMethods lists the methods some route (or alias) takes on r's
// path; empty when the path is unknown.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var out []string
	for _, m := range routeMethods {
		if routed(mux, m, r.URL.Path) {
			out = append(out, m)
			continue
		}
		if _, _, ok := aliasOf(mux, m, r.URL.Path); ok {
			out = append(out, m)
		}
	}
	return out
}

// routed says whether a route other than the fallback takes method on path.
func routed(mux *http.ServeMux, method, path string) bool {
	_, pattern := mux.Handler(&http.Request{Method: method, URL: &url.URL{Path: path}})
	return pattern != "" && pattern != fallbackPattern
}

// toggleSlash is path with its final slash removed or added; "" for "/".
func toggleSlash(path string) string {
	if path == "" || path == "/" {
		return ""
	}
	if trimmed, ok := strings.CutSuffix(path, "/"); ok {
		return trimmed
	}
	return path + "/"
}
