package dev.flashsale.product.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Objects;

/**
 * What the shop shows: a name and a description. What a customer buys is one of its {@link Variant}s, a
 * separate aggregate that refers to its product by id: stock changes lock a variant's row, never the product's,
 * so orders for two sizes of one shirt do not queue behind each other.
 */
@Entity
@Table(name = "product")
public class Product {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private String description;

    @Column(name = "created_at", updatable = false)
    private Instant createdAt;

    protected Product() {
    }

    private Product(String name, String description, Instant createdAt) {
        this.name = name;
        this.description = description;
        this.createdAt = createdAt;
    }

    /** A new product as drafted; its variants are created with {@link Variant#create} once it has an id. */
    public static Product create(ProductDraft draft, Instant now) {
        return new Product(draft.name(), draft.description(), Objects.requireNonNull(now, "now"));
    }

    public long id() {
        return Objects.requireNonNull(id, "a product has an id once it is saved");
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
