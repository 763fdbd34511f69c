-- The resolver's own view of the resource definitions, built from ResourceDefinitionCreated events.
CREATE TABLE definitions (
    org_id text  NOT NULL,
    id     text  NOT NULL,
    body   jsonb NOT NULL,
    PRIMARY KEY (org_id, id)
);
