package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// FacturXSchemas finds the official Factur-X EN 16931 XSD and compiled
// Schematron (shared/reference/facturx-en16931, in a folder above the
// working directory, or QUIRE_FACTURX_SCHEMAS), or fails/skips saying so.
func FacturXSchemas(tb testing.TB) string {
	tb.Helper()
	if dir := os.Getenv("QUIRE_FACTURX_SCHEMAS"); dir != "" {
		return File(tb, dir, "QUIRE_FACTURX_SCHEMAS")
	}
	wd, _ := os.Getwd()
	for dir := wd; ; dir = filepath.Dir(dir) {
		candidate := filepath.Join(dir, "shared", "reference", "facturx-en16931")
		if _, err := os.Stat(filepath.Join(candidate, "Factur-X_EN16931.xsd")); err == nil {
			return candidate
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	Missing(tb, "the Factur-X EN 16931 schemas (shared/reference/facturx-en16931) are not in a folder above "+wd+"; set QUIRE_FACTURX_SCHEMAS")
	return ""
}

// saxonJar is where Debian's libsaxonhe-java puts Saxon HE.
const saxonJar = "/usr/share/java/Saxon-HE.jar"

var failedAssert = regexp.MustCompile(`(?s)<svrl:failed-assert\b[^>]*\bid="([^"]*)"[^>]*>.*?<svrl:text>(.*?)</svrl:text>`)

// FacturXProblems validates CII invoices (name → XML) against the official
// Factur-X EN 16931 XSD (xmllint) and its compiled Schematron business
// rules (Saxon HE, one run for all of them), and returns every problem as
// "name: …"; none means valid.
func FacturXProblems(tb testing.TB, invoices map[string][]byte) []string {
	tb.Helper()
	schemas := FacturXSchemas(tb)
	xmllint := Command(tb, "xmllint", "libxml2-utils")
	java := Command(tb, "java", "default-jre-headless")
	File(tb, saxonJar, "Debian package libsaxonhe-java; "+SetupHint)
	in, out := tb.TempDir(), tb.TempDir()
	var problems []string
	for name, xml := range invoices {
		path := filepath.Join(in, name+".xml")
		if err := os.WriteFile(path, xml, 0o600); err != nil {
			tb.Fatal(err)
		}
		cmd := exec.Command(xmllint, "--noout", "--schema", filepath.Join(schemas, "Factur-X_EN16931.xsd"), path)
		if msg, err := cmd.CombinedOutput(); err != nil {
			problems = append(problems, fmt.Sprintf("%s: XSD: %s", name, strings.TrimSpace(string(msg))))
		}
	}
	cmd := exec.Command(java, "-cp", saxonJar, "net.sf.saxon.Transform", "-s:"+in, "-o:"+out,
		"-xsl:"+filepath.Join(schemas, "Factur-X_1.09_EN16931.xsl"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("saxon: %v\n%s", err, msg)
	}
	for name := range invoices {
		report, err := os.ReadFile(filepath.Join(out, name+".xml"))
		if err != nil {
			tb.Fatalf("saxon wrote no report for %s: %v", name, err)
		}
		if !strings.Contains(string(report), "schematron-output") {
			tb.Fatalf("saxon's report for %s is not SVRL:\n%.500s", name, report)
		}
		for _, m := range failedAssert.FindAllStringSubmatch(string(report), -1) {
			problems = append(problems, fmt.Sprintf("%s: %s %s", name, m[1], strings.Join(strings.Fields(m[2]), " ")))
		}
	}
	sort.Strings(problems)
	return problems
}
