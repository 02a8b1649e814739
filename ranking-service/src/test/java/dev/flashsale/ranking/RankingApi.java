package dev.flashsale.ranking;

import dev.flashsale.ranking.web.PopularProductsResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/** The service's endpoints as the tests call them, over real HTTP. */
class RankingApi {

    private final ObjectProvider<RestTestClient> http;

    RankingApi(ObjectProvider<RestTestClient> http) {
        this.http = http;
    }

    PopularProductsResponse popular() {
        return http.getObject().get().uri("/api/v1/products/popular").exchange()
                .expectStatus().isOk()
                .expectBody(PopularProductsResponse.class).returnResult().getResponseBody();
    }

    /** Runs the aggregation batch, as an admin would; returns its report. */
    JsonNode aggregate() {
        return http.getObject().post().uri("/api/v1/admin/ranking/aggregate").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode rebuild(Object from, Object to) {
        return http.getObject().post().uri("/api/v1/admin/ranking/rebuild?from={from}&to={to}", from, to).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode audit() {
        return http.getObject().get().uri("/api/v1/admin/ranking/audit").exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
