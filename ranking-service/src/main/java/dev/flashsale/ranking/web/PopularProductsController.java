package dev.flashsale.ranking.web;

import dev.flashsale.ranking.application.PopularProducts;
import dev.flashsale.ranking.application.PopularSnapshot;
import dev.flashsale.ranking.application.RankingProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;

/**
 * {@code GET /api/v1/products/popular}: the precomputed top products, written once per snapshot as
 * JSON bytes with an ETag, so a read serializes nothing and a client that has them gets a 304.
 */
@RestController
class PopularProductsController {

    private final PopularProducts popularProducts;
    private final JsonMapper json;
    private final ZoneId zone;
    private volatile Rendered rendered;

    PopularProductsController(PopularProducts popularProducts, JsonMapper json, RankingProperties properties) {
        this.popularProducts = popularProducts;
        this.json = json;
        this.zone = properties.zone();
    }

    @GetMapping("/api/v1/products/popular")
    ResponseEntity<byte[]> popular() {
        Rendered page = render(popularProducts.current());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .eTag(page.etag())
                .body(page.body());
    }

    private Rendered render(PopularSnapshot snapshot) {
        Rendered last = rendered;
        if (last != null && last.snapshot() == snapshot) {
            return last;
        }
        byte[] body = json.writeValueAsBytes(PopularProductsResponse.of(snapshot, zone));
        Rendered page = new Rendered(snapshot, body, etagOf(body));
        rendered = page;
        return page;
    }

    private static String etagOf(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private record Rendered(PopularSnapshot snapshot, byte[] body, String etag) {
    }
}
