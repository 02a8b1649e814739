package dev.flashsale.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTest {

    @Test
    void findsTheMetricsOfAQuantileOverARatioAndLeavesFunctionsLabelsAndRangesOut() {
        assertThat(PromQl.metricNames("""
                histogram_quantile(0.99, sum by (job, le) (rate(http_server_requests_seconds_bucket{uri!~"/actuator.*", job=~"$job"}[5m])))
                  / ignoring(le) group_left sum without (status) (rate(other_total[$__rate_interval] offset 1h)) > 1e6"""))
                .containsExactly("http_server_requests_seconds_bucket", "other_total");
    }

    @Test
    void findsAMetricAfterAnOperatorAndAcrossLines() {
        assertThat(PromQl.metricNames("max(order_saga_open) > 0\n  and on() sum(increase(order_saga_ended_total[10m])) == 0\nor up == 0"))
                .containsExactly("order_saga_ended_total", "order_saga_open", "up");
    }

    @Test
    void aBareMetricWithAStringLabelIsFoundAndTheStringIgnored() {
        assertThat(PromQl.metricNames("messaging_relay_streaming{slot=\"outbox_orders\"} == 0"))
                .containsExactly("messaging_relay_streaming");
    }
}
