-- Every search is logged, a search that found no one included: its entry names no customer, and
-- every search entry names the kinds of blind-index token it compared (email, phone, national-id,
-- name-word), never the text searched for.
ALTER TABLE access_log ALTER COLUMN subject_id DROP NOT NULL;
ALTER TABLE access_log ADD COLUMN searched_by VARCHAR(16)[];
