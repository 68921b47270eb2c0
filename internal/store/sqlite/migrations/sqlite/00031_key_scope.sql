-- +goose Up
-- API keys limited to some projects and permissions: a JSON array of ids
-- or permission names, NULL for no limit (what existing keys keep).
ALTER TABLE api_keys ADD COLUMN projects TEXT;
ALTER TABLE api_keys ADD COLUMN permissions TEXT;

-- +goose Down
ALTER TABLE api_keys DROP COLUMN permissions;
ALTER TABLE api_keys DROP COLUMN projects;
