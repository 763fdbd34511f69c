-- Tables the shared consumer runtime keeps in every service's schema.

-- Where each consumer group is in each partition. Written in the same transaction as the
-- handler's own writes, so a message's effect and its offset are committed together.
CREATE TABLE consumer_offsets (
    group_id    text        NOT NULL,
    topic       text        NOT NULL,
    partition   int         NOT NULL,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);

-- Message ids a group has handled: a message published twice (an outbox relayed again after a
-- crash) has the same id and is skipped the second time.
CREATE TABLE processed_messages (
    group_id     text        NOT NULL,
    message_id   text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, message_id)
);

-- Messages written in a handler's transaction, published to Kafka after it commits.
CREATE TABLE outbox (
    seq        bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    key        text        NOT NULL,
    message_id text        NOT NULL,
    value      bytea       NOT NULL,
    headers    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Messages a group gave up on, with the reason (the copy on the dead-letter topic is the record).
CREATE TABLE dead_letters (
    group_id   text        NOT NULL,
    topic      text        NOT NULL,
    partition  int         NOT NULL,
    "offset"   bigint      NOT NULL,
    message_id text,
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition, "offset")
);
