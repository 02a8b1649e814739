package dev.flashsale.coupon.web;

import dev.flashsale.coupon.CouponIntegrationTest;
import dev.flashsale.testkit.MutableClock;
import dev.flashsale.testkit.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static dev.flashsale.coupon.TestCoupons.aCoupon;
import static dev.flashsale.coupon.TestUsers.knownUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The meters the business dashboard reads (infra/grafana) on the real {@code /actuator/prometheus}:
 * a coupon issued, asked for again by its holder, issued to the last taker, then refused as sold out.
 */
@CouponIntegrationTest
class CouponMetricsIT {

    @Autowired
    RestTestClient http;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MutableClock clock;

    @Test
    void issuedSoldOutAndRepeatedRequestsShowInTheIssuanceMetrics() {
        long couponId = aCoupon(clock).quantity(2).create(http);
        long first = knownUser(jdbc);
        IssueApiIT.issue(http, couponId, first).expectStatus().isCreated();
        IssueApiIT.issue(http, couponId, first).expectStatus().isEqualTo(409);
        IssueApiIT.issue(http, couponId, knownUser(jdbc)).expectStatus().isCreated();
        IssueApiIT.issue(http, couponId, knownUser(jdbc)).expectStatus().isEqualTo(409);

        PrometheusScrape scrape = scrape();

        assertThat(scrape.value("coupon_issue_seconds_count", "outcome", "issued")).isPositive();
        assertThat(scrape.value("coupon_issue_seconds_bucket", "outcome", "issued", "le", "+Inf")).isPositive();
        assertThat(scrape.value("coupon_issue_seconds_count", "outcome", "sold_out")).isPositive();
        assertThat(scrape.value("coupon_issue_seconds_count", "outcome", "already_issued")).isPositive();
        assertThat(scrape.value("coupon_issue_batch_size_count")).isPositive();
        assertThat(scrape.value("coupon_issue_batch_duration_seconds_bucket", "le", "+Inf")).isPositive();
        assertThat(scrape.contains("coupon_issue_queued")).as("coupon_issue_queued").isTrue();
        assertThat(scrape.value("http_server_requests_seconds_bucket", "uri", "/api/v1/coupons/{couponId}/issue", "status", "201", "le", "+Inf")).isPositive();
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.parse(http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
    }
}
