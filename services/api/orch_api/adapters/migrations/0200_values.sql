-- Shared values and secrets, and value set versions. Written only by the projector (a replay
-- rebuilds them). Secrets are sealed text here, never plain. env_id is '' at app level.
CREATE TABLE shared_values (
    org_id      text        NOT NULL,
    app_id      text        NOT NULL,
    env_id      text        NOT NULL,
    key         text        NOT NULL,
    body        jsonb       NOT NULL,
    PRIMARY KEY (org_id, app_id, env_id, key)
);

CREATE TABLE value_set_versions (
    org_id                      text        NOT NULL,
    app_id                      text        NOT NULL,
    env_id                      text        NOT NULL,
    id                          text        NOT NULL,
    seq                         int         NOT NULL,
    value_set                   jsonb       NOT NULL,
    change                      jsonb       NOT NULL,
    keys_changed                text[]      NOT NULL,
    comment                     text        NOT NULL,
    result_of                   text        NOT NULL,
    source_value_set_version_id text,
    created_at                  timestamptz NOT NULL,
    created_by                  text        NOT NULL,
    updated_at                  timestamptz NOT NULL,
    PRIMARY KEY (org_id, app_id, env_id, id)
);
CREATE INDEX value_set_versions_newest_first ON value_set_versions (org_id, app_id, env_id, seq DESC);

-- Values wiped from history: a version projected after its purge (events of the app and of its
-- environments sit on different partitions) is wiped as it is written.
CREATE TABLE purged_values (
    org_id    text        NOT NULL,
    app_id    text        NOT NULL,
    key       text        NOT NULL,
    revision  text        NOT NULL,
    purged_at timestamptz NOT NULL,
    PRIMARY KEY (org_id, app_id, key, revision)
);
