package dev.flashsale.product.domain;

import dev.flashsale.contracts.DomainException;
import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.contracts.Money;
import dev.flashsale.contracts.Quantity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Objects;

/**
 * One option of a product (a size, a colour) with its own price and stock: the hot row of a flash sale.
 *
 * <p>Its units are counted in three places: {@code orderable} (what customers can still order, the API's
 * {@code stock}), {@code reserved} (held for an order whose saga is in flight) and {@code sold}. Every change
 * moves units between them or, for an admin adjustment, in or out of {@code orderable}, so
 * {@code initialStock + adjustments = orderable + reserved + sold} always holds; the database checks it too.
 *
 * <p>Callers change a variant only while holding its row lock ({@code for no key update}); the version column
 * turns a forgotten lock into a failed transaction instead of a lost update. Units move between the counters
 * only for a {@link StockReservation}, by the saga's stock store in the reservation's transaction.
 */
@Entity
@Table(name = "variant")
public class Variant {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "product_id", updatable = false)
    private long productId;

    private String name;

    private long price;

    @Column(name = "initial_stock", updatable = false)
    private int initialStock;

    @Column(name = "stock_adjustment")
    private int stockAdjustment;

    private int orderable;

    private int reserved;

    private int sold;

    @Version
    private long version;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected Variant() {
    }

    private Variant(long productId, String name, Money price, Quantity stock, Instant createdAt) {
        this.productId = productId;
        this.name = name;
        this.price = price.won();
        this.initialStock = stock.units();
        this.orderable = stock.units();
        this.createdAt = createdAt;
    }

    public static Variant create(long productId, ProductDraft.VariantDraft draft, Instant now) {
        return new Variant(productId, draft.name(), draft.price(), draft.stock(), Objects.requireNonNull(now, "now"));
    }

    /**
     * An admin adds units ({@code delta > 0}) or takes orderable units away ({@code delta < 0}). Reserved and
     * sold units are out of reach: taking away more than is orderable is {@link ErrorCode#OUT_OF_STOCK}.
     */
    public void adjustStock(int delta) {
        if (delta < 0 && orderable < -(long) delta) {
            throw new DomainException(ErrorCode.OUT_OF_STOCK,
                    "variant " + id() + " has " + orderable + " orderable, cannot take away " + -(long) delta);
        }
        try {
            int newAdjustment = Math.addExact(stockAdjustment, delta);
            Math.addExact(initialStock, newAdjustment);
            orderable = Math.addExact(orderable, delta);
            stockAdjustment = newAdjustment;
        } catch (ArithmeticException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "variant " + id() + " cannot hold that many units");
        }
    }

    public long id() {
        return Objects.requireNonNull(id, "a variant has an id once it is saved");
    }

    public long productId() {
        return productId;
    }

    public String name() {
        return name;
    }

    public Money price() {
        return Money.won(price);
    }

    /** What customers can still order: the API's {@code stock}. */
    public int orderable() {
        return orderable;
    }

    public int reserved() {
        return reserved;
    }

    public int sold() {
        return sold;
    }

    public int initialStock() {
        return initialStock;
    }

    public int stockAdjustment() {
        return stockAdjustment;
    }
}
