-- One row per deployment saga: its state as the pure saga module describes it.
CREATE TABLE deployment_runs (
    deploy_key text        PRIMARY KEY,
    status     text        NOT NULL,
    state      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
