-- What the test handlers do: one row per handled Ping, so a duplicate effect is visible.
CREATE TABLE effects (
    id         bigserial PRIMARY KEY,
    message_id text      NOT NULL,
    n          int       NOT NULL
);
CREATE TABLE handling_started (
    n          int         NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now()
);
