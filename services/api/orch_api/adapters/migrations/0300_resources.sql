-- Resource definitions grow versions and soft deletion; resource types, classes, drivers and
-- active resources get read models. Written only by the projector (a replay rebuilds them).
ALTER TABLE resource_definitions
    ADD COLUMN is_deleted        boolean NOT NULL DEFAULT false,
    ADD COLUMN active_version_id text,
    ADD COLUMN updated_at        timestamptz,
    ADD COLUMN updated_by        text;

CREATE TABLE resource_definition_versions (
    org_id     text        NOT NULL,
    def_id     text        NOT NULL,
    id         text        NOT NULL,
    action     text        NOT NULL,
    proposed   boolean     NOT NULL,
    body       jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    PRIMARY KEY (org_id, def_id, id)
);
CREATE INDEX resource_definition_versions_newest_first
    ON resource_definition_versions (org_id, def_id, created_at DESC);

CREATE TABLE resource_types (
    org_id     text        NOT NULL,
    type       text        NOT NULL,
    body       jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    PRIMARY KEY (org_id, type)
);

CREATE TABLE resource_classes (
    org_id      text        NOT NULL,
    type        text        NOT NULL,
    id          text        NOT NULL,
    description text        NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    PRIMARY KEY (org_id, type, id)
);

CREATE TABLE resource_drivers (
    org_id     text        NOT NULL,
    id         text        NOT NULL,
    body       jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    PRIMARY KEY (org_id, id)
);

-- One row per resource of an environment's resource graph, by GUResID.
CREATE TABLE active_resources (
    org_id             text        NOT NULL,
    app_id             text        NOT NULL,
    env_id             text        NOT NULL,
    gu_res_id          text        NOT NULL,
    type               text        NOT NULL,
    class              text        NOT NULL,
    res_id             text        NOT NULL,
    def_id             text        NOT NULL,
    def_version_id     text,
    criteria_id        text,
    env_type           text,
    driver_type        text        NOT NULL,
    deploy_id          text        NOT NULL,
    resource           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    secret_keys        jsonb       NOT NULL DEFAULT '[]'::jsonb,
    status             text        NOT NULL,
    scheduled_deletion boolean     NOT NULL DEFAULT false,
    resolved_at        timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (org_id, app_id, env_id, gu_res_id)
);
CREATE INDEX active_resources_by_definition ON active_resources (org_id, def_id);
