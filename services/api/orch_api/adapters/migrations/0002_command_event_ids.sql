-- A command's events can land on different partitions (an app and its first environment), so the
-- API waits until every one of them is projected, not only the last.
ALTER TABLE command_results ADD COLUMN event_ids text[] NOT NULL DEFAULT '{}';
ALTER TABLE command_results DROP COLUMN last_event_id;
