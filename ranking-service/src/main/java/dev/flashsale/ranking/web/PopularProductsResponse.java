package dev.flashsale.ranking.web;

import dev.flashsale.ranking.application.PopularSnapshot;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code {"from": "2026-11-20", "to": "2026-11-22", "items": [{"rank": 1, "productId": 3, "name": "tee", "soldQuantity": 42}],
 * "asOf": "2026-11-22T10:00:00+09:00"}}
 *
 * @param asOf when the aggregation ran that these figures reflect; null before the first
 */
public record PopularProductsResponse(LocalDate from, LocalDate to, List<Item> items, OffsetDateTime asOf) {

    static PopularProductsResponse of(PopularSnapshot snapshot, ZoneId zone) {
        return new PopularProductsResponse(snapshot.window().from(), snapshot.window().to(),
                snapshot.ranking().stream()
                        .map(ranked -> new Item(ranked.rank(), ranked.productId(), snapshot.nameOf(ranked.productId()), ranked.soldQuantity()))
                        .toList(),
                snapshot.asOf() == null ? null : snapshot.asOf().atZone(zone).toOffsetDateTime());
    }

    /** @param name as the product's latest sale named it; null if no sale did */
    public record Item(int rank, long productId, String name, long soldQuantity) {
    }
}
