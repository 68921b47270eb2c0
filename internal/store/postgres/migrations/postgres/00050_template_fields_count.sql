-- +goose Up
-- Lists show how many fields a template has without loading its field list,
-- which can be megabytes: the count is kept next to it.
ALTER TABLE templates ADD COLUMN fields_count INTEGER NOT NULL DEFAULT 0;
UPDATE templates SET fields_count = jsonb_array_length(fields) WHERE jsonb_typeof(fields) = 'array';

-- +goose Down
ALTER TABLE templates DROP COLUMN fields_count;
