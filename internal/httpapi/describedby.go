package httpapi

import (
	"strings"

	"github.com/danielgtaylor/huma/v2"
)

// describedBy names the JSON schema of an answer in a Link header
// (rel="describedBy") rather than in a "$schema" member of the body, which
// the reference's bodies do not have.
func describedBy(ctx huma.Context, status string, v any) (any, error) {
	op := ctx.Operation()
	if op == nil || op.Responses == nil {
		return v, nil
	}
	r := op.Responses[status]
	if r == nil {
		r = op.Responses["default"]
	}
	if r == nil || r.Content == nil || r.Content["application/json"] == nil || r.Content["application/json"].Schema == nil {
		return v, nil
	}
	ref := r.Content["application/json"].Schema.Ref
	if name, ok := strings.CutPrefix(ref, "#/components/schemas/"); ok {
		ctx.AppendHeader("Link", `</schemas/`+name+`.json>; rel="describedBy"`)
	}
	return v, nil
}
