package dev.flashsale.testkit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusScrapeTest {

    private static final String SCRAPE = """
            # HELP http_server_requests_seconds
            # TYPE http_server_requests_seconds histogram
            http_server_requests_seconds_bucket{application="product-service",status="200",uri="/api/v1/products/{productId}",le="0.1"} 0
            http_server_requests_seconds_bucket{application="product-service",status="200",uri="/api/v1/products/{productId}",le="+Inf"} 3
            http_server_requests_seconds_bucket{application="product-service",status="404",uri="/api/v1/products/{productId}",le="+Inf"} 2
            odd{text="a \\"quoted\\", {braced} value"} 1.5E3
            ranking_aggregation_checkpoint_age_seconds{application="ranking-service"} NaN
            process_uptime_seconds 12.5
            """;

    private final PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE);

    @Test
    void sumsTheSamplesThatCarryEveryLabelAskedForEvenWithBracesAndQuotesInValues() {
        assertThat(scrape.value("http_server_requests_seconds_bucket", "uri", "/api/v1/products/{productId}", "le", "+Inf")).isEqualTo(5);
        assertThat(scrape.value("http_server_requests_seconds_bucket", "status", "200", "le", "+Inf")).isEqualTo(3);
        assertThat(scrape.value("http_server_requests_seconds_bucket", "le", "0.1")).isZero();
        assertThat(scrape.value("odd", "text", "a \"quoted\", {braced} value")).isEqualTo(1500);
        assertThat(scrape.value("process_uptime_seconds")).isEqualTo(12.5);
    }

    @Test
    void aMissingSampleFailsNamingTheOnesThereAreWhileAnNaNGaugeIsPresent() {
        assertThatThrownBy(() -> scrape.value("http_server_requests_seconds_bucket", "status", "500"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("status=404");
        assertThat(scrape.contains("ranking_aggregation_checkpoint_age_seconds")).isTrue();
        assertThat(scrape.contains("ranking_aggregation_checkpoint_age_seconds", "application", "order-service")).isFalse();
        assertThat(scrape.names()).contains("odd", "process_uptime_seconds");
    }
}
