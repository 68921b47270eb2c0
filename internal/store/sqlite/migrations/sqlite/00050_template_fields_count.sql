-- +goose Up
-- Lists show how many fields a template has without loading its field list,
-- which can be megabytes: the count is kept next to it.
ALTER TABLE templates ADD COLUMN fields_count INTEGER NOT NULL DEFAULT 0;
UPDATE templates SET fields_count = json_array_length(fields) WHERE json_valid(fields) AND json_type(fields) = 'array';
-- A list reads every column but fields. In the table row those columns sit
-- behind the field list, whose overflow pages SQLite would walk to reach
-- them; this covering index answers lists without touching the rows.
CREATE INDEX templates_list ON templates (account_id, created_at, id, name, type, fields_count, blob_key, size_bytes, updated_at, project_id);

-- +goose Down
DROP INDEX templates_list;
ALTER TABLE templates DROP COLUMN fields_count;
