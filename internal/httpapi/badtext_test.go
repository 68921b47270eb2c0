package httpapi

import "testing"

func TestNULInJSONNamesTheField(t *testing.T) {
	for body, want := range map[string]string{
		`{"name":"a\u0000b"}`:                                  "name",
		`{"data":{"items":[{"n":1},{"name":"x\u0000"}]}}`:      "data.items[1].name",
		`{"data":{"a b":["ok","\u0000"]}}`:                     `data["a b"][1]`,
		`{"data":{"k\u0000":1}}`:                               `data["k\x00"]`,
		`{"options":{"margin":{"top":"1cm"}},"html":"\u0000"}`: "html",
		`[["x"],{"y":"\u0000"}]`:                               "[1].y",
		`"\u0000"`:                                             "the request body",
		`{"a":[1,2,{"b":[true,null,"\u0000"]}]}`:               "a[2].b[2]",
		`{"escaped backslash":"\\u0000"}`:                      "",
		`{"fine":"text","n":1.5e3,"t":true,"z":null}`:          "",
		`{"broken":"\u0000"`:                                   "broken", // 400 either way
		`not json \u0000`:                                      "",
	} {
		if got := nulInJSON([]byte(body)); got != want {
			t.Errorf("nulInJSON(%s) = %q, want %q", body, got, want)
		}
	}
}
