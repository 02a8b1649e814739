-- Stock held for an order no longer expires: the saga that holds it either completes the order (product-service
-- sells the units when it reads OrderCompleted) or releases it. A deadline could only take units away from a saga
-- still alive and leave a paid order without goods (see docs/adr/0005-declarative-saga-stock-held-until-sold.md).
ALTER TABLE stock_reservation DROP CONSTRAINT stock_reservation_held_until;
DROP INDEX stock_reservation_due;
ALTER TABLE stock_reservation DROP COLUMN expires_at;
ALTER TABLE stock_reservation DROP COLUMN version;
