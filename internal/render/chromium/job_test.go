package chromium

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseLength(t *testing.T) {
	good := map[string]float64{
		"20mm": 20 / 25.4, "1in": 1, "0.5cm": 0.5 / 2.54, "96px": 1, "72pt": 1, "0": 0, " 10 MM ": 10 / 25.4,
	}
	for in, want := range good {
		got, err := parseLength(in)
		if err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("parseLength(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"5em", "10", "-1mm", "mm", "1e3mm", "nanmm", "infmm", "10 px px", "1%"} {
		if _, err := parseLength(in); err == nil {
			t.Errorf("parseLength(%q) accepted", in)
		}
	}
}

func TestInvalidJobOptions(t *testing.T) {
	cases := []struct {
		job  Job
		hint string
	}{
		{Job{Format: "B5"}, "A4, A3, Letter or Legal"},
		{Job{Margin: Margin{Top: "5em"}}, "mm, cm, in, px, pt"},
		{Job{Margin: Margin{Left: "-3mm"}}, "margin left"},
	}
	for _, c := range cases {
		_, err := c.job.printParams()
		if !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%+v: err = %v, want ErrInvalidOptions", c.job, err)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || !strings.Contains(err.Error(), c.hint) {
			t.Errorf("%+v: message %q does not say %q", c.job, err, c.hint)
		}
	}
}

func TestFormatIsCaseInsensitive(t *testing.T) {
	for _, f := range []string{"letter", "LETTER", "Letter"} {
		p, err := Job{Format: f}.printParams()
		if err != nil || p.PaperWidth != 8.5 || p.PaperHeight != 11 {
			t.Errorf("format %q: %v %v×%v", f, err, p.PaperWidth, p.PaperHeight)
		}
	}
}

func TestHeaderOnlyGetsEmptyFooter(t *testing.T) {
	p, err := Job{HeaderHTML: "H"}.printParams()
	if err != nil {
		t.Fatal(err)
	}
	if p.DisplayHeaderFooter == nil || !*p.DisplayHeaderFooter || p.FooterTemplate != "<span></span>" {
		t.Errorf("header only: display=%v footer=%q", p.DisplayHeaderFooter, p.FooterTemplate)
	}
	if !strings.Contains(p.HeaderTemplate, "font-size:10px") || !strings.Contains(p.HeaderTemplate, "H") {
		t.Errorf("header template not wrapped: %q", p.HeaderTemplate)
	}
}

func TestOptionsDefaults(t *testing.T) {
	needBrowser(t)
	o, err := Options{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.Tabs != 2 || o.RecycleAfter != 500 || o.RenderTimeout != DefaultRenderTimeout || o.QueueTimeout != o.RenderTimeout {
		t.Errorf("defaults: %+v", o)
	}
	if _, err := (Options{ExecPath: "/nonexistent/chrome"}).withDefaults(); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("bad exec path: %v", err)
	}
}
