package dashboard

import (
	"encoding/json"
	"testing"

	"github.com/quirehq/quire/internal/render"
)

func TestSampleDataHasTheFieldsShape(t *testing.T) {
	got := sampleData([]render.Field{
		{Name: "invoice.number", Type: "string"}, {Name: "invoice.paid", Type: "boolean"},
		{Name: "items", Type: "array"}, {Name: "items[].qty", Type: "number"}, {Name: "items[].name", Type: "string"},
		{Name: "locale", Type: "string"}, {Name: "choice", Type: "radio", Options: []string{"a", "b"}},
	})
	b, _ := json.Marshal(got)
	want := `{"choice":"a","invoice":{"number":"Sample number","paid":false},"items":[{"name":"Sample name","qty":1}],"locale":"en-US"}`
	if string(b) != want {
		t.Fatalf("sample data %s\nwant %s", b, want)
	}
}

func TestSafeNextStaysOnTheDashboard(t *testing.T) {
	for in, want := range map[string]string{
		"/dashboard/keys":           "/dashboard/keys",
		"https://evil.example/":     "/dashboard/",
		"//evil.example/dashboard/": "/dashboard/",
		"/dashboard/\r\nSet-Cookie": "/dashboard/",
		"":                          "/dashboard/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
