package handlebars

import (
	"strings"

	"github.com/mailgun/raymond/v2"
)

func textSpecs() []*helperSpec {
	return []*helperSpec{
		{name: "default", minArgs: 2, maxArgs: 2, impl: defaultHelper},
		{name: "upper", minArgs: 1, maxArgs: 1, impl: func(c *call) any { return strings.ToUpper(c.text(0)) }},
		{name: "lower", minArgs: 1, maxArgs: 1, impl: func(c *call) any { return strings.ToLower(c.text(0)) }},
	}
}

// defaultHelper returns the value unless it is missing, null or empty text;
// 0 and false are kept, they are real values.
func defaultHelper(c *call) any {
	v := c.args[0]
	if v == nil {
		return c.args[1]
	}
	if s, ok := v.(string); ok && s == "" {
		return c.args[1]
	}
	if s, ok := v.(raymond.SafeString); ok && s == "" {
		return c.args[1]
	}
	return v
}
