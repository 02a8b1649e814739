package dev.flashsale.coupon.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A coupon definition: its discount policy, how many exist, when they can be issued and how long an
 * issued one stays valid. Everything but the issued count is fixed at creation. The issued count is
 * the hot row of a flash sale and is only ever changed by the issuance batch, with one SQL update per
 * batch under the row's lock (see {@code CouponIssuance}); this entity never writes it.
 */
@Entity
@Table(name = "coupon")
public class Coupon {

    public static final int MAX_NAME_LENGTH = 100;
    /** Ten years: long enough for any promotion, short enough that an expiry is always a valid timestamp. */
    public static final int MAX_VALID_DAYS = 3650;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Embedded
    private DiscountPolicy discountPolicy;

    private long totalQuantity;

    @Column(updatable = false)
    private long issuedQuantity;

    @Embedded
    private IssueWindow issueWindow;

    private int validDays;

    private Instant createdAt;

    protected Coupon() {
    }

    private Coupon(String name, DiscountPolicy discountPolicy, long totalQuantity, IssueWindow issueWindow,
                   int validDays, Instant createdAt) {
        this.name = name;
        this.discountPolicy = discountPolicy;
        this.totalQuantity = totalQuantity;
        this.issueWindow = issueWindow;
        this.validDays = validDays;
        this.createdAt = createdAt;
    }

    /**
     * A new coupon of which none is issued yet.
     *
     * @throws DomainException {@link ErrorCode#VALIDATION_FAILED} when a value is out of range
     */
    public static Coupon define(String name, DiscountPolicy discountPolicy, long totalQuantity, IssueWindow issueWindow,
                                int validDays, Instant now) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw invalid("name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (discountPolicy == null || issueWindow == null) {
            throw invalid("a coupon needs a discount policy and an issue window");
        }
        if (totalQuantity <= 0) {
            throw invalid("totalQuantity must be positive, was " + totalQuantity);
        }
        if (validDays <= 0 || validDays > MAX_VALID_DAYS) {
            throw invalid("validDays must be 1 to " + MAX_VALID_DAYS + ", was " + validDays);
        }
        return new Coupon(name.strip(), discountPolicy, totalQuantity, issueWindow, validDays, now);
    }

    /** The fixed part of this coupon: safe to keep in memory for as long as the coupon exists. */
    public CouponTerms terms() {
        return new CouponTerms(id, name, discountPolicy, totalQuantity, issueWindow, validDays);
    }

    public long remainingQuantity() {
        return totalQuantity - issuedQuantity;
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public DiscountPolicy discountPolicy() {
        return discountPolicy;
    }

    public long totalQuantity() {
        return totalQuantity;
    }

    public long issuedQuantity() {
        return issuedQuantity;
    }

    public IssueWindow issueWindow() {
        return issueWindow;
    }

    public int validDays() {
        return validDays;
    }

    public Instant createdAt() {
        return createdAt;
    }

    private static DomainException invalid(String detail) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
