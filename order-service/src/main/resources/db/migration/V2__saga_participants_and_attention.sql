-- The saga keeps one row per participant it has asked (stock, coupon, balance, and whatever the saga's table adds),
-- instead of one column per participant; each row has its own deadline, so steps of one stage can run at once.
-- The stock is no longer confirmed by a command of its own: product-service sells the units it holds for an order
-- when it reads the order's OrderCompleted (see docs/adr/0005-declarative-saga-stock-held-until-sold.md).

CREATE TABLE order_saga_participant (
    order_id        bigint      NOT NULL REFERENCES order_saga (order_id),
    participant     text        NOT NULL,
    effect          text        NOT NULL
        CHECK (effect IN ('NONE', 'REQUESTED', 'DONE', 'REJECTED', 'UNDOING', 'UNDONE')),
    -- Sends of the command the saga waits on (the forward command, or once compensating the compensation).
    attempts        integer     NOT NULL DEFAULT 0,
    step_started_at timestamptz,
    deadline        timestamptz,
    PRIMARY KEY (order_id, participant)
);
-- The sweeper's query: participants waited on, oldest deadline first.
CREATE INDEX order_saga_participant_deadline ON order_saga_participant (deadline) WHERE deadline IS NOT NULL;

-- Carry every saga over: what each participant did, and the step it waited on with its attempts and deadline.
INSERT INTO order_saga_participant (order_id, participant, effect, attempts, step_started_at, deadline)
SELECT s.order_id, p.name,
       CASE WHEN p.effect = 'CONFIRMED' THEN 'DONE' ELSE p.effect END,
       CASE WHEN s.step IN (p.forward, p.undo) THEN s.attempts ELSE 0 END,
       CASE WHEN s.step IN (p.forward, p.undo) THEN s.step_started_at END,
       CASE WHEN s.step IN (p.forward, p.undo) THEN s.deadline END
FROM order_saga s
CROSS JOIN LATERAL (VALUES ('stock', s.stock, 'RESERVE_STOCK', 'RELEASE_STOCK'),
                           ('coupon', s.coupon, 'USE_COUPON', 'RESTORE_COUPON'),
                           ('balance', s.balance, 'DEDUCT_BALANCE', 'REFUND_BALANCE')) AS p (name, effect, forward, undo)
WHERE p.effect <> 'NONE';

-- A saga that waited for its stock to be confirmed has a COMPLETED, paid order: product-service sells the held
-- units when it reads that order's OrderCompleted, so the saga has nothing left to do.
UPDATE order_saga SET state = 'COMPLETED', ended_at = coalesce(ended_at, now()) WHERE state = 'CONFIRMING';
UPDATE order_saga_participant p SET attempts = 0, step_started_at = NULL, deadline = NULL
FROM order_saga s WHERE s.order_id = p.order_id AND s.state = 'COMPLETED';

DROP INDEX order_saga_deadline;
ALTER TABLE order_saga
    DROP COLUMN step,
    DROP COLUMN stock,
    DROP COLUMN coupon,
    DROP COLUMN balance,
    DROP COLUMN attempts,
    DROP COLUMN deadline,
    DROP COLUMN step_started_at,
    DROP COLUMN version,
    ADD CONSTRAINT order_saga_state CHECK (state IN ('RUNNING', 'COMPENSATING', 'COMPLETED', 'CANCELLED', 'FAILED'));

-- An order whose compensation stalled says so: NEEDS_ATTENTION until the compensation is acknowledged.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('PENDING', 'COMPLETED', 'CANCELLED', 'NEEDS_ATTENTION'));
UPDATE orders o SET status = 'NEEDS_ATTENTION', failure_reason = s.failure_reason
FROM order_saga s WHERE s.order_id = o.id AND s.state = 'FAILED' AND o.status = 'PENDING';
ALTER TABLE orders DROP COLUMN version;

-- Ids are taken one at a time in the insert itself now (no client-side pool of 50).
ALTER SEQUENCE orders_seq INCREMENT BY 1;
