-- The catalog: a product is what the shop shows, a variant (size, colour, ...) is what a customer buys.
CREATE TABLE product (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL
);

-- A variant's own price and its stock counters. Every unit that ever entered the variant (its initial
-- stock plus the admins' adjustments) is in exactly one of three places: orderable (what customers can
-- still order, the API's "stock"), reserved (held for an order in flight) or sold. The CHECKs make the
-- database refuse any statement that would break that or take a counter below zero, whatever the code does.
CREATE TABLE variant (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id       bigint      NOT NULL REFERENCES product (id),
    name             text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    price            bigint      NOT NULL CHECK (price >= 0),
    initial_stock    integer     NOT NULL CHECK (initial_stock >= 0),
    stock_adjustment integer     NOT NULL DEFAULT 0,
    orderable        integer     NOT NULL CHECK (orderable >= 0),
    reserved         integer     NOT NULL CHECK (reserved >= 0),
    sold             integer     NOT NULL CHECK (sold >= 0),
    version          bigint      NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    CONSTRAINT variant_name_unique_per_product UNIQUE (product_id, name),
    CONSTRAINT variant_stock_conserved
        CHECK (initial_stock::bigint + stock_adjustment = orderable::bigint + reserved + sold)
);

-- One row per order that ever sent a stock command: the order's reservation and how it ended. The
-- primary key on order_id is what makes every saga command idempotent per order: a repeated command
-- finds this row and answers from it. A row with no lines and status RELEASED records that the saga
-- released (or confirmed) an order that held nothing, so a late ReserveStock cannot hold stock for it.
CREATE TABLE stock_reservation (
    order_id            bigint      PRIMARY KEY,
    status              text        NOT NULL
        CHECK (status IN ('RESERVED', 'CONFIRMED', 'RELEASED', 'EXPIRED', 'REJECTED')),
    reject_reason       text,
    rejected_variant_id bigint,
    reject_detail       text,
    expires_at          timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    version             bigint      NOT NULL DEFAULT 0,
    CONSTRAINT stock_reservation_rejection_has_reason CHECK ((status = 'REJECTED') = (reject_reason IS NOT NULL)),
    CONSTRAINT stock_reservation_held_until CHECK (status <> 'RESERVED' OR expires_at IS NOT NULL)
);
-- The expiry sweeper's query: only reservations still holding stock, oldest deadline first.
CREATE INDEX stock_reservation_due ON stock_reservation (expires_at) WHERE status = 'RESERVED';

-- What a reservation holds, priced and named at reservation time: the StockReserved reply is rebuilt from
-- these rows when a command is repeated, and confirm, release and expiry move exactly these quantities.
CREATE TABLE stock_reservation_line (
    order_id     bigint  NOT NULL REFERENCES stock_reservation (order_id),
    variant_id   bigint  NOT NULL REFERENCES variant (id),
    product_id   bigint  NOT NULL,
    product_name text    NOT NULL,
    variant_name text    NOT NULL,
    quantity     integer NOT NULL CHECK (quantity > 0),
    unit_price   bigint  NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, variant_id)
);
-- The audit sums every variant's lines.
CREATE INDEX stock_reservation_line_variant ON stock_reservation_line (variant_id);
