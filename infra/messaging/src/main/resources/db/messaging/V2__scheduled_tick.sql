-- One row per (job, tick) a replica claimed (OncePerTick): the primary key lets one replica run a scheduled job
-- per tick, however many replicas fire. Rows older than a day are purged.
CREATE TABLE scheduled_tick (
    job        text        NOT NULL,
    tick       bigint      NOT NULL,              -- the database's epoch milliseconds divided by the tick's length
    claimed_by text        NOT NULL,              -- pid@host of the replica that ran it
    claimed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job, tick)
);
CREATE INDEX scheduled_tick_claimed_at ON scheduled_tick (claimed_at);
