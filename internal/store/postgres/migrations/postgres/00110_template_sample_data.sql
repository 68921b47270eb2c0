-- +goose Up
-- Example data kept with a template (a JSON object, '' when none): what a
-- PDF converted into a template held, or what a person saved in the
-- editor; the editor previews with it and the API returns it.
ALTER TABLE templates ADD COLUMN sample_data TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE templates DROP COLUMN sample_data;
