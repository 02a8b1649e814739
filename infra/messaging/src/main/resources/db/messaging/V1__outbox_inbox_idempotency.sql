-- The messaging library's own tables, in a schema of their own with their own Flyway history,
-- so they never collide with a service's migrations.

-- Transactional outbox: a row is written in the business transaction and published by the
-- Debezium relay (outbox event router). Rows are kept for a retention period, then purged.
CREATE TABLE outbox (
    id           uuid        PRIMARY KEY,           -- the event id; Kafka header "id"
    topic        text        NOT NULL,              -- where the router sends it
    aggregate_id text        NOT NULL,              -- the Kafka key
    type         text        NOT NULL,              -- Kafka header "type"
    payload      json        NOT NULL,              -- the Kafka value, envelope included; json keeps the text as written
    occurred_at  timestamptz NOT NULL,              -- Kafka header "occurredAt" and record timestamp
    traceparent  text                               -- W3C trace context; Kafka header "traceparent"
);
CREATE INDEX outbox_occurred_at ON outbox (occurred_at);

-- Inbox: one row per (consumer, event id) handled, written in the handler's transaction.
CREATE TABLE inbox (
    consumer    text        NOT NULL,
    event_id    uuid        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_received_at ON inbox (received_at);

-- Idempotency keys of HTTP requests: the first answer is kept and returned to a retry.
CREATE TABLE idempotency_key (
    scope        text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    response     jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);

-- Debezium's offsets (JdbcOffsetBackingStore), in the service's own database: a restarted
-- service resumes where its relay stopped. Layout as Debezium's default DDL.
CREATE TABLE debezium_offset (
    id                VARCHAR(36) NOT NULL PRIMARY KEY,
    offset_key        VARCHAR(1255),
    offset_val        VARCHAR(1255),
    record_insert_ts  TIMESTAMP   NOT NULL,
    record_insert_seq INTEGER     NOT NULL
);
