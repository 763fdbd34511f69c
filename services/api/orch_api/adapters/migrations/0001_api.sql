-- The command processor's own state: one row per aggregate, and the outcome of every command.
CREATE TABLE aggregates (
    id      text  PRIMARY KEY,
    version int   NOT NULL,
    state   jsonb NOT NULL
);

CREATE TABLE command_results (
    command_id    text        PRIMARY KEY,
    accepted      boolean     NOT NULL,
    http_status   int         NOT NULL,
    error         jsonb,
    last_event_id text,
    result        jsonb,
    decided_at    timestamptz NOT NULL DEFAULT now()
);

-- Read models, written only by the projector from events (a replay rebuilds them).
CREATE TABLE orgs (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL
);

CREATE TABLE apps (
    org_id     text        NOT NULL,
    id         text        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE envs (
    org_id         text        NOT NULL,
    app_id         text        NOT NULL,
    id             text        NOT NULL,
    name           text        NOT NULL,
    type           text        NOT NULL,
    created_at     timestamptz NOT NULL,
    created_by     text        NOT NULL,
    last_deploy_id text,
    PRIMARY KEY (org_id, app_id, id)
);

CREATE TABLE resource_definitions (
    org_id     text        NOT NULL,
    id         text        NOT NULL,
    type       text        NOT NULL,
    body       jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    PRIMARY KEY (org_id, id)
);

CREATE TABLE deltas (
    org_id     text        NOT NULL,
    app_id     text        NOT NULL,
    id         text        NOT NULL,
    env_id     text,
    name       text,
    body       jsonb       NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text        NOT NULL,
    PRIMARY KEY (org_id, app_id, id)
);

CREATE TABLE deployment_sets (
    org_id  text  NOT NULL,
    app_id  text  NOT NULL,
    id      text  NOT NULL,
    content jsonb NOT NULL,
    PRIMARY KEY (org_id, app_id, id)
);

CREATE TABLE deployments (
    org_id            text        NOT NULL,
    app_id            text        NOT NULL,
    env_id            text        NOT NULL,
    id                text        NOT NULL,
    set_id            text        NOT NULL,
    delta_id          text,
    from_id           text,
    comment           text        NOT NULL DEFAULT '',
    status            text        NOT NULL,
    status_changed_at timestamptz NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by        text        NOT NULL,
    graph             jsonb,
    errors            jsonb       NOT NULL DEFAULT '[]'::jsonb,
    PRIMARY KEY (org_id, app_id, env_id, id)
);
CREATE INDEX deployments_newest_first ON deployments (org_id, app_id, env_id, created_at DESC);
