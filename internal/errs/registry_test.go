package errs_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/quirehq/quire/internal/errs"
)

// TestEveryCodeIsRegistered reads the module's source: every string constant
// of package errs is a registered code with a 4xx or 5xx status, and every
// code handed to errs.New, errs.Wrap or an errs.Error literal is one of them
// (not a literal or a constant of another package, which the registry would
// not know).
func TestEveryCodeIsRegistered(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	errsDir := filepath.Join(root, "internal", "errs")
	declared := map[string]string{}          // errs constant name -> code
	consts := map[string]map[string]string{} // directory -> its string constants
	files := map[*ast.File]string{}          // file -> its directory
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		if consts[dir] == nil {
			consts[dir] = map[string]string{}
		}
		for name, code := range stringConsts(f) {
			consts[dir][name] = code
			if dir == errsDir {
				declared[name] = code
			}
		}
		files[f] = dir
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(declared) < 40 {
		t.Fatalf("found only %d codes in package errs: the walk is broken", len(declared))
	}
	for name, code := range declared {
		status, ok := errs.Status(code)
		if !ok || status < 400 || status > 599 {
			t.Errorf("errs.%s (%s) has no error status in the registry (got %d)", name, code, status)
		}
	}
	if got := len(errs.Codes()); got != len(declared) {
		t.Errorf("registry holds %d codes, package errs declares %d", got, len(declared))
	}
	uses := 0
	for f, dir := range files {
		local := consts[dir]
		if dir == errsDir {
			local = nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			for _, arg := range codeArgs(f, n) {
				uses++
				if msg := checkCode(arg, declared, local); msg != "" {
					t.Errorf("%s: %s", fset.Position(arg.Pos()), msg)
				}
			}
			return true
		})
	}
	if uses < 50 {
		t.Fatalf("found only %d code arguments: the walk is broken", uses)
	}
}

// stringConsts returns the string constants a file declares.
func stringConsts(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if i < len(vs.Values) {
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						out[name.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
	return out
}

// codeArgs returns the code expressions of errs.New(code, …),
// errs.Wrap(err, code, …) and errs.Error{Code: code} (errs.Error{…} inside
// package errs itself).
func codeArgs(f *ast.File, n ast.Node) []ast.Expr {
	inErrs := f.Name.Name == "errs"
	switch x := n.(type) {
	case *ast.CallExpr:
		switch {
		case isErrsName(x.Fun, "New", inErrs) && len(x.Args) > 0:
			return []ast.Expr{x.Args[0]}
		case isErrsName(x.Fun, "Wrap", inErrs) && len(x.Args) > 1:
			return []ast.Expr{x.Args[1]}
		}
	case *ast.CompositeLit:
		if isErrsName(x.Type, "Error", inErrs) {
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Code" {
						return []ast.Expr{kv.Value}
					}
				}
			}
		}
	}
	return nil
}

func isErrsName(e ast.Expr, name string, inErrs bool) bool {
	if id, ok := e.(*ast.Ident); ok {
		return inErrs && id.Name == name
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "errs"
}

// checkCode accepts errs.X constants and computed values (a variable, a
// field, a method result: those are set from errs constants); it refuses
// literals and constants declared elsewhere (local: those of the package
// the expression is in).
func checkCode(e ast.Expr, declared, local map[string]string) string {
	switch x := e.(type) {
	case *ast.BasicLit:
		return "code literal " + x.Value + ": declare it in package errs with its status"
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok && pkg.Name == "errs" {
			if _, ok := declared[x.Sel.Name]; !ok {
				return "errs." + x.Sel.Name + " is not a code constant of package errs"
			}
		}
	case *ast.Ident:
		if _, ok := local[x.Name]; ok {
			return "code constant " + x.Name + " is declared outside package errs: move it there with its status"
		}
	}
	return ""
}
