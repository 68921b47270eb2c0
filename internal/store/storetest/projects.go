package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/quirehq/quire/internal/store"
)

func testProjects(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	def, err := s.DefaultProject(ctx(t), acc.ID)
	must(t, err, "DefaultProject of a new account")
	if !def.IsDefault || def.AccountID != acc.ID || def.Name == "" || !strings.HasPrefix(def.ID, "prj_") {
		t.Errorf("default project %+v", def)
	}

	p := &store.Project{AccountID: acc.ID, Name: "Invoices", CreatedAt: base}
	must(t, s.CreateProject(ctx(t), p), "CreateProject")
	got, err := s.Project(ctx(t), acc.ID, p.ID)
	must(t, err, "Project")
	if got.Name != "Invoices" || got.IsDefault {
		t.Errorf("Project = %+v", got)
	}
	sameTime(t, "CreatedAt", got.CreatedAt, base)
	sameTime(t, "UpdatedAt (defaults to CreatedAt)", got.UpdatedAt, base)
	second := &store.Project{AccountID: acc.ID, Name: "Default again", IsDefault: true}
	wantErr(t, s.CreateProject(ctx(t), second), store.ErrConflict, "a second default project")

	later := &store.Project{AccountID: acc.ID, Name: "Contracts", CreatedAt: base.Add(time.Hour)}
	must(t, s.CreateProject(ctx(t), later), "CreateProject(later)")
	assertProjectIDs(t, s, acc.ID, def.ID, p.ID, later.ID)

	got.Name = "Billing"
	must(t, s.UpdateProject(ctx(t), got), "UpdateProject")
	again, err := s.Project(ctx(t), acc.ID, p.ID)
	must(t, err, "Project after rename")
	if again.Name != "Billing" || again.UpdatedAt.Before(again.CreatedAt) {
		t.Errorf("after rename %+v", again)
	}

	// Deleting: never the default project, nor one holding templates or
	// documents; an empty one goes.
	wantErr(t, s.DeleteProject(ctx(t), acc.ID, def.ID), store.ErrConflict, "DeleteProject(default)")
	tpl := &store.Template{AccountID: acc.ID, ProjectID: p.ID, Name: "t", Type: "html", CreatedAt: base}
	must(t, s.CreateTemplate(ctx(t), tpl), "CreateTemplate in a project")
	wantErr(t, s.DeleteProject(ctx(t), acc.ID, p.ID), store.ErrConflict, "DeleteProject(with a template)")
	must(t, s.DeleteTemplate(ctx(t), acc.ID, tpl.ID), "DeleteTemplate")
	d := newDocument(acc.ID, base)
	d.ProjectID = p.ID
	must(t, s.CreateDocument(ctx(t), d), "CreateDocument in a project")
	wantErr(t, s.DeleteProject(ctx(t), acc.ID, p.ID), store.ErrConflict, "DeleteProject(with a document)")
	must(t, s.DeleteDocument(ctx(t), acc.ID, d.ID), "DeleteDocument")
	must(t, s.DeleteProject(ctx(t), acc.ID, p.ID), "DeleteProject(empty)")
	_, err = s.Project(ctx(t), acc.ID, p.ID)
	wantErr(t, err, store.ErrNotFound, "Project after delete")
	wantErr(t, s.DeleteProject(ctx(t), acc.ID, p.ID), store.ErrNotFound, "DeleteProject twice")
}

func testProjectTenancy(t *testing.T, s store.Store) {
	alice, bob := newAccount(t, s), newAccount(t, s)
	p := &store.Project{AccountID: alice.ID, Name: "Alice's"}
	must(t, s.CreateProject(ctx(t), p), "CreateProject")
	_, err := s.Project(ctx(t), bob.ID, p.ID)
	wantErr(t, err, store.ErrNotFound, "Project(other account)")
	stolen := *p
	stolen.AccountID = bob.ID
	wantErr(t, s.UpdateProject(ctx(t), &stolen), store.ErrNotFound, "UpdateProject(other account)")
	wantErr(t, s.DeleteProject(ctx(t), bob.ID, p.ID), store.ErrNotFound, "DeleteProject(other account)")
	bobDefault, err := s.DefaultProject(ctx(t), bob.ID)
	must(t, err, "DefaultProject(bob)")
	assertProjectIDs(t, s, bob.ID, bobDefault.ID)
}

// Templates and documents created without a project land in the default
// one; documents can be listed by project.
func testProjectMembership(t *testing.T, s store.Store) {
	acc := newAccount(t, s)
	def, err := s.DefaultProject(ctx(t), acc.ID)
	must(t, err, "DefaultProject")
	other := &store.Project{AccountID: acc.ID, Name: "Other"}
	must(t, s.CreateProject(ctx(t), other), "CreateProject")

	tpl := newTemplate(t, s, acc.ID, "no project given", base)
	got, err := s.Template(ctx(t), acc.ID, tpl.ID)
	must(t, err, "Template")
	if tpl.ProjectID != def.ID || got.ProjectID != def.ID {
		t.Errorf("template project %q (read back %q), want the default %q", tpl.ProjectID, got.ProjectID, def.ID)
	}

	inDefault := newDocument(acc.ID, base)
	must(t, s.CreateDocument(ctx(t), inDefault), "CreateDocument(default)")
	inOther := newDocument(acc.ID, base.Add(time.Minute))
	inOther.ProjectID = other.ID
	must(t, s.CreateDocument(ctx(t), inOther), "CreateDocument(other)")
	d, err := s.Document(ctx(t), acc.ID, inOther.ID)
	must(t, err, "Document")
	if inDefault.ProjectID != def.ID || d.ProjectID != other.ID {
		t.Errorf("document projects %q and %q, want %q and %q", inDefault.ProjectID, d.ProjectID, def.ID, other.ID)
	}
	for _, c := range []struct {
		projects []string
		want     []string
	}{
		{nil, []string{inOther.ID, inDefault.ID}},
		{[]string{other.ID}, []string{inOther.ID}},
		{[]string{def.ID, other.ID}, []string{inOther.ID, inDefault.ID}},
		{[]string{}, nil},
	} {
		docs, total, err := s.Documents(ctx(t), store.DocumentFilter{AccountID: acc.ID, ProjectIDs: c.projects})
		must(t, err, "Documents")
		var ids []string
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
		if !equalStrings(ids, c.want) || total != len(c.want) {
			t.Errorf("Documents(projects %v) = %v (total %d), want %v", c.projects, ids, total, c.want)
		}
	}
}

func assertProjectIDs(t *testing.T, s store.Store, accountID string, want ...string) {
	t.Helper()
	ps, err := s.Projects(ctx(t), accountID)
	must(t, err, "Projects")
	var got []string
	for _, p := range ps {
		got = append(got, p.ID)
	}
	if !equalStrings(got, want) {
		t.Errorf("Projects(%s) = %v, want %v", accountID, got, want)
	}
}
