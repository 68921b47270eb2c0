package handlebars

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// dateNames are the month and weekday names of one language.
type dateNames struct {
	months, monthsShort [12]string
	days, daysShort     [7]string // Sunday first, like time.Weekday
}

var namesByLanguage = map[string]*dateNames{
	"en": {
		months:      [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		monthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		days:        [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		daysShort:   [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	},
	"de": {
		months:      [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		monthsShort: [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
		days:        [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		daysShort:   [7]string{"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
	},
	"fr": {
		months:      [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		monthsShort: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
		days:        [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		daysShort:   [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
	},
}

// dateStyles are the named layouts (in formatDate tokens) of one locale.
type dateStyles struct{ short, medium, long, full string }

var (
	stylesUS = dateStyles{"MM/DD/YYYY", "MMM D, YYYY", "MMMM D, YYYY", "dddd, MMMM D, YYYY"}
	stylesGB = dateStyles{"DD/MM/YYYY", "D MMM YYYY", "D MMMM YYYY", "dddd D MMMM YYYY"}
	stylesDE = dateStyles{"DD.MM.YYYY", "DD.MM.YYYY", "D. MMMM YYYY", "dddd, D. MMMM YYYY"}
	stylesFR = dateStyles{"DD/MM/YYYY", "D MMM YYYY", "D MMMM YYYY", "dddd D MMMM YYYY"}
)

// localeDates picks names and styles for a locale. Languages without names
// here fall back to English names with British (day-month-year) order.
func localeDates(tag language.Tag) (*dateNames, dateStyles) {
	base, _ := tag.Base()
	region, conf := tag.Region()
	switch base.String() {
	case "de":
		return namesByLanguage["de"], stylesDE
	case "fr":
		return namesByLanguage["fr"], stylesFR
	case "en":
		if region.String() == "US" || conf < language.High {
			return namesByLanguage["en"], stylesUS
		}
	}
	return namesByLanguage["en"], stylesGB
}

// formatDateHelper: {{formatDate value ["long" | "DD.MM.YYYY" | "2006-01-02"] locale="fr-FR"}}.
func formatDateHelper(c *call) any {
	t := c.date(0)
	layout := "medium"
	if len(c.args) > 1 {
		layout = c.text(1)
	}
	names, styles := localeDates(c.locale())
	switch layout {
	case "short":
		layout = styles.short
	case "medium", "":
		layout = styles.medium
	case "long":
		layout = styles.long
	case "full":
		layout = styles.full
	case "iso":
		layout = "YYYY-MM-DD"
	}
	if isGoLayout(layout) {
		return localizeGoDate(t.Format(layout), names)
	}
	return formatTokens(t, layout, names)
}

// dateLayouts are the ISO 8601 forms formatDate reads.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// date reads argument i as a time: an ISO 8601 date or date-time string, or
// unix seconds (number or numeric string). Times without an offset are UTC.
func (c *call) date(i int) time.Time {
	switch v := c.args[i].(type) {
	case time.Time:
		return v
	case string:
		s := strings.TrimSpace(v)
		for _, layout := range dateLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				return t
			}
		}
	case json.Number, float64, float32, int, int64, int32, uint, uint64, uint32:
	default:
		fail(c.name, "argument %d is %s, not a date", i+1, describeValue(v))
	}
	secs, ok := toNumber(c.args[i])
	if !ok || math.Abs(secs) > 1e11 {
		fail(c.name, "argument %d is %s, not an ISO 8601 date or unix seconds", i+1, describeValue(c.args[i]))
	}
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC()
}

// isGoLayout tells Go reference layouts ("2006-01-02", "Jan 2, 2006") from
// formatDate tokens ("YYYY-MM-DD").
func isGoLayout(layout string) bool {
	for _, marker := range []string{"2006", "15:04", "Jan", "Mon", "_2", "01/02", "02/01", "02.01"} {
		if strings.Contains(layout, marker) {
			return true
		}
	}
	return false
}

// englishToLocal translates the names time.Format wrote; full names come
// before abbreviations so "March" is not read as "Mar"+"ch".
func localizeGoDate(s string, names *dateNames) string {
	en := namesByLanguage["en"]
	if names == en {
		return s
	}
	var pairs []string
	for i := range 12 {
		pairs = append(pairs, en.months[i], names.months[i])
	}
	for i := range 7 {
		pairs = append(pairs, en.days[i], names.days[i])
	}
	for i := range 12 {
		pairs = append(pairs, en.monthsShort[i], names.monthsShort[i])
	}
	for i := range 7 {
		pairs = append(pairs, en.daysShort[i], names.daysShort[i])
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// dateTokens in matching order: longer tokens first.
var dateTokens = []string{"YYYY", "YY", "MMMM", "MMM", "MM", "M", "DD", "D", "dddd", "ddd", "HH", "H", "hh", "h", "mm", "ss", "A", "a"}

// formatTokens renders a layout of tokens (YYYY, MM, DD, MMMM, dddd, HH, mm,
// ...); text in [brackets] is copied as is, any other character too.
func formatTokens(t time.Time, layout string, names *dateNames) string {
	var b strings.Builder
	for i := 0; i < len(layout); {
		if layout[i] == '[' {
			if end := strings.IndexByte(layout[i:], ']'); end > 0 {
				b.WriteString(layout[i+1 : i+end])
				i += end + 1
				continue
			}
		}
		matched := false
		for _, tok := range dateTokens {
			if strings.HasPrefix(layout[i:], tok) {
				b.WriteString(dateToken(t, tok, names))
				i += len(tok)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(layout[i])
			i++
		}
	}
	return b.String()
}

func dateToken(t time.Time, tok string, names *dateNames) string {
	two := func(n int) string {
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	}
	hour12 := t.Hour() % 12
	if hour12 == 0 {
		hour12 = 12
	}
	switch tok {
	case "YYYY":
		return strconv.Itoa(t.Year())
	case "YY":
		return two(t.Year() % 100)
	case "MMMM":
		return names.months[t.Month()-1]
	case "MMM":
		return names.monthsShort[t.Month()-1]
	case "MM":
		return two(int(t.Month()))
	case "M":
		return strconv.Itoa(int(t.Month()))
	case "DD":
		return two(t.Day())
	case "D":
		return strconv.Itoa(t.Day())
	case "dddd":
		return names.days[t.Weekday()]
	case "ddd":
		return names.daysShort[t.Weekday()]
	case "HH":
		return two(t.Hour())
	case "H":
		return strconv.Itoa(t.Hour())
	case "hh":
		return two(hour12)
	case "h":
		return strconv.Itoa(hour12)
	case "mm":
		return two(t.Minute())
	case "ss":
		return two(t.Second())
	case "A":
		if t.Hour() < 12 {
			return "AM"
		}
		return "PM"
	default: // "a"
		if t.Hour() < 12 {
			return "am"
		}
		return "pm"
	}
}
