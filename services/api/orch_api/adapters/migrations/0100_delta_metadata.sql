-- Deltas can be archived, moved, renamed and edited by several people (Humanitec's metadata).
ALTER TABLE deltas
    ADD COLUMN archived         boolean     NOT NULL DEFAULT false,
    ADD COLUMN last_modified_at timestamptz,
    ADD COLUMN contributers     text[]      NOT NULL DEFAULT '{}';
UPDATE deltas SET last_modified_at = created_at WHERE last_modified_at IS NULL;
ALTER TABLE deltas ALTER COLUMN last_modified_at SET NOT NULL;
CREATE INDEX deltas_newest_first ON deltas (org_id, app_id, created_at DESC, id);
