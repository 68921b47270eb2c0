-- +goose Up
-- Projects group an account's templates and documents. Every account has
-- exactly one default project; existing accounts get theirs here and their
-- templates and documents move into it.
CREATE TABLE IF NOT EXISTS projects (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS projects_account ON projects (account_id, created_at);
CREATE UNIQUE INDEX IF NOT EXISTS projects_one_default ON projects (account_id) WHERE is_default;

INSERT INTO projects (id, account_id, name, is_default, created_at, updated_at)
SELECT 'prj_' || lower(hex(randomblob(8))), a.id, 'Default', 1, a.created_at, a.created_at
FROM accounts a
WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.account_id = a.id AND p.is_default);

ALTER TABLE templates ADD COLUMN project_id TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN project_id TEXT NOT NULL DEFAULT '';
UPDATE templates SET project_id = (SELECT p.id FROM projects p WHERE p.account_id = templates.account_id AND p.is_default);
UPDATE documents SET project_id = (SELECT p.id FROM projects p WHERE p.account_id = documents.account_id AND p.is_default);
CREATE INDEX IF NOT EXISTS templates_project ON templates (account_id, project_id);
CREATE INDEX IF NOT EXISTS documents_project ON documents (account_id, project_id, created_at);

-- +goose Down
DROP INDEX documents_project;
DROP INDEX templates_project;
ALTER TABLE documents DROP COLUMN project_id;
ALTER TABLE templates DROP COLUMN project_id;
DROP TABLE projects;
