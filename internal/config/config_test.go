package config

import (
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestEnvironmentAndFlagsAreOneMechanism(t *testing.T) {
	t.Setenv("QUIRE_ADDR", "127.0.0.1:9999")
	t.Setenv("QUIRE_RENDER_TIMEOUT", "5s")
	t.Setenv("QUIRE_CHROMIUM_TABS", "3")
	c := Defaults()
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	check := c.Bind(fs)
	if err := fs.Parse([]string{"--chromium-tabs=6"}); err != nil {
		t.Fatal(err)
	}
	if err := check(); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9999" || c.RenderTimeout != 5*time.Second || c.ChromiumTabs != 6 || c.DataDir != "./data" {
		t.Fatalf("config %+v", c)
	}
	if f := fs.Lookup("max-pages"); f == nil || !strings.Contains(f.Usage, "QUIRE_MAX_PAGES") {
		t.Fatal("flag usage does not name its variable")
	}
}

func TestMalformedEnvironmentIsReported(t *testing.T) {
	t.Setenv("QUIRE_RENDER_TIMEOUT", "soon")
	c := Defaults()
	check := c.Bind(pflag.NewFlagSet("t", pflag.ContinueOnError))
	if err := check(); err == nil || !strings.Contains(err.Error(), "QUIRE_RENDER_TIMEOUT") {
		t.Fatalf("err %v", err)
	}
}

func TestSigningSecretIsKeptInTheDataDir(t *testing.T) {
	c := Defaults()
	c.DataDir = t.TempDir()
	a, err := c.SigningSecret()
	if err != nil || len(a) < 32 {
		t.Fatalf("%q %v", a, err)
	}
	b, _ := c.SigningSecret()
	if string(a) != string(b) {
		t.Fatal("the secret changed between calls")
	}
	c.SigningKey = "configured"
	if k, _ := c.SigningSecret(); string(k) != "configured" {
		t.Fatal("the configured key is ignored")
	}
}

func TestChromiumURLMustBeADevToolsEndpoint(t *testing.T) {
	for u, ok := range map[string]bool{
		"": true,
		"ws://10.0.0.7:9222/devtools/browser/abc":           true,
		"http://10.0.0.7:9222":                              true,
		"wss://browser.internal/devtools/browser/x?token=t": true,
		"10.0.0.7:9222":                                     false,
		"ftp://10.0.0.7:9222":                               false,
		"ws://":                                             false,
	} {
		c := Defaults()
		c.ChromiumURL = u
		err := c.Validate()
		if (err == nil) != ok || (err != nil && !strings.Contains(err.Error(), "QUIRE_CHROMIUM_URL")) {
			t.Errorf("%q: Validate() = %v", u, err)
		}
	}
}
