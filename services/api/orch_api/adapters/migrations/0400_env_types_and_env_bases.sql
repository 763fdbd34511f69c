-- Environment types, the deployment an environment builds on, the value set a deployment used.
CREATE TABLE env_types (
    org_id      text        NOT NULL,
    id          text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    created_by  text        NOT NULL,
    PRIMARY KEY (org_id, id)
);

ALTER TABLE envs ADD COLUMN from_deploy_id text;
ALTER TABLE deployments ADD COLUMN value_set_version_id text;
