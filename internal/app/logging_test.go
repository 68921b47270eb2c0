package app

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// globalLogging are the slog functions that log through (or hand out) the
// process-wide default logger.
var globalLogging = map[string]bool{
	"Default": true, "Debug": true, "Info": true, "Warn": true, "Error": true, "Log": true, "LogAttrs": true,
	"DebugContext": true, "InfoContext": true, "WarnContext": true, "ErrorContext": true,
}

// allowedGlobal are the places that may touch the global logger or stderr,
// with why.
var allowedGlobal = map[string]string{
	"cmd/quire/root.go: slog.SetDefault":       "makes the one logger the default for third-party code",
	"cmd/quire/main.go: fmt.Fprint(os.Stderr)": "the CLI's last word to its user, not a log line",
}

// TestNothingLogsThroughAGlobal keeps Quire's code on the logger it is
// given (cmd/quire/root.go makes it; app.Open hands it to every service):
// no slog.Default or slog.Info…, no standard "log" package, no fmt.Fprint
// to os.Stderr, outside the places listed in allowedGlobal.
func TestNothingLogsThroughAGlobal(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
	for _, dir := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			for _, use := range globalUses(t, path) {
				key := filepath.ToSlash(rel) + ": " + use.what
				if allowedGlobal[key] != "" {
					seen[key] = true
					continue
				}
				t.Errorf("%s:%d: %s: log through the injected *slog.Logger instead", filepath.ToSlash(rel), use.line, use.what)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for key := range allowedGlobal {
		if !seen[key] {
			t.Errorf("allowedGlobal lists %q, which is no longer there: remove it", key)
		}
	}
}

type globalUse struct {
	what string
	line int
}

// globalUses lists a file's uses of the global logger, the "log" package
// and fmt.Fprint* to os.Stderr.
func globalUses(t *testing.T, path string) []globalUse {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{} // local name → import path
	var out []globalUse
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		names[name] = p
		if p == "log" {
			out = append(out, globalUse{`import "log"`, fset.Position(imp.Pos()).Line})
		}
	}
	pkgOf := func(e ast.Expr) (string, string) {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return "", ""
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok {
			return "", ""
		}
		return names[x.Name], sel.Sel.Name
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if pkg, name := pkgOf(n); pkg == "log/slog" && (globalLogging[name] || name == "SetDefault") {
				out = append(out, globalUse{"slog." + name, fset.Position(n.Pos()).Line})
			}
		case *ast.CallExpr:
			if pkg, name := pkgOf(n.Fun); pkg == "fmt" && strings.HasPrefix(name, "Fprint") && len(n.Args) > 0 {
				if p, v := pkgOf(n.Args[0]); p == "os" && v == "Stderr" {
					out = append(out, globalUse{"fmt.Fprint(os.Stderr)", fset.Position(n.Pos()).Line})
				}
			}
		}
		return true
	})
	return out
}
