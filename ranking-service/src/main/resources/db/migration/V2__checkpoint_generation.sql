-- Bumped by every aggregation run and every rebuild, whichever instance ran it: an instance compares it
-- with the one its precomputed top 5 was read at, and computes the top 5 again when another instance
-- changed the daily sales.
ALTER TABLE aggregation_checkpoint ADD COLUMN generation bigint NOT NULL DEFAULT 0;
