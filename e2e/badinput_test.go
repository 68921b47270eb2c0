package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// Every documented route, fed junk, answers a 4xx envelope: never a 5xx,
// never a bare text error.
func TestNoRouteAnswersBadInputWith5xx(t *testing.T) {
	key := shared.newKey(t, "junk@example.com", "live")
	spec := shared.call(t, "GET", "/openapi.json", "", nil).json(t)
	bodies := [][]byte{
		[]byte(`{`), []byte(`[]`), []byte(`null`), []byte(`"text"`), []byte(`{"data":"x","options":7}`),
		[]byte(`{"template_id":{"a":1},"html":["x"]}`), []byte(`{"name":1e309}`), []byte("\x00\xff\xfe"),
		[]byte(`{"fields":[{"name":null}]}`), []byte(strings.Repeat(`[`, 10000)),
	}
	ids := []string{"tpl_x", "doc_%00", "..%2F..%2Fetc", strings.Repeat("a", 3000), "ak_' OR '1'='1"}
	checked := 0
	for path, item := range spec["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			m := strings.ToUpper(method)
			if m != http.MethodGet && m != http.MethodPost && m != http.MethodPut && m != http.MethodPatch && m != http.MethodDelete {
				continue
			}
			for _, id := range ids {
				p := path
				for _, param := range []string{"{id}", "{account}", "{file}", "{task_id}", "{delivery_id}"} {
					p = strings.ReplaceAll(p, param, id)
				}
				for _, b := range bodies {
					var body any
					if m != http.MethodGet && m != http.MethodDelete {
						body = b
					}
					r := shared.call(t, m, p+"?limit=-5&offset=x&status=%ff", key, body)
					checked++
					if r.Status >= 500 {
						t.Fatalf("%s %s with %q: %d %s", m, p, b, r.Status, r.Body)
					}
					if r.Status >= 400 {
						r.errorCode(t)
					}
					if body == nil {
						break
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d requests checked", checked)
	}
}
