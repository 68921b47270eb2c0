package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Error is an API error: the HTTP status and the code and message of the
// {"error":{"code","message"}} envelope (for a failed task, the task's
// error). Code is one of the documented error codes, e.g.
// TEMPLATE_NOT_FOUND; use errors.As to get it.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string {
	return fmt.Sprintf("quire: %s: %s (HTTP %d)", e.Code, e.Message, e.Status)
}

// apiError reads the envelope of a failed answer; a body that is not one
// (a proxy's page, say) becomes the message, with the status text as code.
func apiError(status int, body []byte) *Error {
	var env ApiError
	if json.Unmarshal(body, &env) == nil && env.Error.Code != "" {
		return &Error{Status: status, Code: env.Error.Code, Message: env.Error.Message}
	}
	code := strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	msg := strings.TrimSpace(string(body))
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	return &Error{Status: status, Code: code, Message: msg}
}
