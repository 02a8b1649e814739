-- The ranking's source of truth: one row per product of every completed order, written when its
-- OrderCompleted event is consumed. The unique key makes an order count once even when its event
-- arrives again under a new event id (the inbox only knows event ids).
CREATE TABLE sales_log (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     bigint      NOT NULL,
    product_id   bigint      NOT NULL,
    product_name text,
    quantity     integer     NOT NULL CHECK (quantity > 0),
    sale_date    date        NOT NULL,                           -- completed_at's day in Asia/Seoul
    completed_at timestamptz NOT NULL,
    event_id     uuid        NOT NULL,
    -- The writing transaction's id. The aggregation counts a row once every transaction below its
    -- checkpoint has ended, so a transaction that commits late is never skipped (see docs/services/ranking-service.md).
    tx_id        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT sales_log_order_product UNIQUE (order_id, product_id)
);
CREATE INDEX sales_log_tx_id ON sales_log (tx_id);
CREATE INDEX sales_log_sale_date ON sales_log (sale_date, product_id);
CREATE INDEX sales_log_latest_name ON sales_log (product_id, completed_at DESC) WHERE product_name IS NOT NULL;

-- Units sold per product per day, as far as the checkpoint below says. Only the aggregation batch
-- and the rebuild write here.
CREATE TABLE daily_sales (
    sale_date  date   NOT NULL,
    product_id bigint NOT NULL,
    quantity   bigint NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (sale_date, product_id)
);

-- One row: every sales-log row with tx_id < aggregated_below is in daily_sales, no other is.
-- Its row lock serializes the batch runs and rebuilds, across instances too.
CREATE TABLE aggregation_checkpoint (
    name             text        PRIMARY KEY,
    aggregated_below xid8        NOT NULL,
    moved_at         timestamptz
);
INSERT INTO aggregation_checkpoint (name, aggregated_below) VALUES ('daily_sales', '0');
