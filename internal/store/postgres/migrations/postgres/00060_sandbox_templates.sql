-- +goose Up
-- Whether the account's test (sandbox) keys may create, change and delete
-- templates, which live keys share. Off: existing accounts keep test keys
-- away from their live templates.
ALTER TABLE accounts ADD COLUMN sandbox_can_edit_templates BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE accounts DROP COLUMN sandbox_can_edit_templates;
