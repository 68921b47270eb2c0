package handlebars

import (
	"github.com/mailgun/raymond/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

func textSpecs() []*helperSpec {
	return []*helperSpec{
		{name: "default", minArgs: 2, maxArgs: 2, impl: defaultHelper},
		{name: "upper", minArgs: 1, maxArgs: 1, hash: []string{"locale"}, impl: func(c *call) any {
			return cases.Upper(c.caseLocale()).String(c.text(0))
		}},
		{name: "lower", minArgs: 1, maxArgs: 1, hash: []string{"locale"}, impl: func(c *call) any {
			return cases.Lower(c.caseLocale()).String(c.text(0))
		}},
	}
}

// caseLocale is the locale= option for case mapping; without it the
// language-neutral Unicode mapping applies ("ß" upper-cases to "SS").
func (c *call) caseLocale() language.Tag {
	if c.hashText("locale") == "" {
		return language.Und
	}
	return c.locale()
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
