-- What each coupon-service instance keeps in memory about issuance (docs/services/coupon-service.md, "What an
-- instance remembers") stays true whatever other instances do, because the facts behind it only ever grow:
-- a holder stays the holder of that coupon, and a coupon's issued count never goes down, so a sold-out coupon stays
-- sold out. The database refuses anything else, so no code path, script or operator can make those hints lie.

CREATE FUNCTION coupon_quantities_only_grow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.total_quantity <> OLD.total_quantity OR NEW.issued_quantity < OLD.issued_quantity THEN
        RAISE EXCEPTION 'coupon %: its total never changes and its issued count never goes down', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER coupon_quantities_only_grow
    BEFORE UPDATE OF total_quantity, issued_quantity ON coupon
    FOR EACH ROW EXECUTE FUNCTION coupon_quantities_only_grow();

CREATE FUNCTION user_coupon_holder_is_permanent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.coupon_id <> OLD.coupon_id OR NEW.user_id <> OLD.user_id THEN
        RAISE EXCEPTION 'user coupon %: an issued coupon is never taken back or moved to another user or coupon', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER user_coupon_holder_is_permanent
    BEFORE UPDATE OF coupon_id, user_id OR DELETE ON user_coupon
    FOR EACH ROW EXECUTE FUNCTION user_coupon_holder_is_permanent();
