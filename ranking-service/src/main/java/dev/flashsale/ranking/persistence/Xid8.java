package dev.flashsale.ranking.persistence;

/**
 * PostgreSQL's 64-bit transaction ids ({@code xid8}) travel as text: JDBC has no type for them, and
 * PostgreSQL casts text to {@code xid8} but not {@code bigint}. They never wrap, so a {@code long} holds one.
 */
final class Xid8 {

    private Xid8() {
    }

    static String of(long transactionId) {
        return Long.toString(transactionId);
    }
}
