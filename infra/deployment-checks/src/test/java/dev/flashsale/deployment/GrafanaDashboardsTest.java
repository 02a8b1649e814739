package dev.flashsale.deployment;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** infra/grafana/dashboards: JSON Grafana loads, on the provisioned datasource, querying only catalogued metrics. */
class GrafanaDashboardsTest {

    static final String DATASOURCE = "prometheus";

    /** What the issue asks each dashboard to show, by the metrics that show it. */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "business.json", List.of("order_saga_started_total", "order_saga_ended_total", "coupon_issue_seconds_count",
                    "balance_deducted_won_sum", "balance_refunded_won_sum"),
            "saga.json", List.of("order_saga_duration_seconds_bucket", "order_saga_step_latency_seconds_bucket",
                    "order_saga_open", "order_saga_failed"),
            "messaging.json", List.of("messaging_outbox_lag_seconds_bucket", "kafka_consumer_fetch_manager_records_lag_max",
                    "messaging_dead_lettered_total", "messaging_relay_slot_retained_wal_bytes"),
            "services.json", List.of("http_server_requests_seconds_bucket", "http_server_requests_seconds_count",
                    "jvm_memory_used_bytes", "process_cpu_usage"));

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyDashboardIsValidJsonWithItsOwnUidAndUniquePanelIds() throws IOException {
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = json.readTree(Files.readString(file));
            assertThat(uids.add(dashboard.path("uid").asString())).as(file + " uid is unique").isTrue();
            assertThat(dashboard.path("title").asString()).as(file + " title").isNotBlank();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels(dashboard)) {
                assertThat(ids.add(panel.path("id").asInt())).as(file + " panel id " + panel.path("id")).isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as(file + " " + panel.path("title")).isBetween(1, 24);
            }
        }
        assertThat(uids).hasSize(REQUIRED.size());
    }

    @Test
    void everyPanelQueriesTheProvisionedPrometheusForCataloguedMetrics() throws IOException {
        Set<String> catalogue = MetricCatalogue.names();
        List<String> problems = new ArrayList<>();
        for (Path file : dashboards()) {
            for (JsonNode panel : panels(json.readTree(Files.readString(file)))) {
                if (panel.path("type").asString().equals("row")) {
                    continue;
                }
                String where = file.getFileName() + " '" + panel.path("title").asString() + "'";
                if (!panel.path("datasource").path("uid").asString().equals(DATASOURCE)) {
                    problems.add(where + " is not on datasource " + DATASOURCE);
                }
                if (panel.path("targets").isEmpty()) {
                    problems.add(where + " has no query");
                }
                for (JsonNode target : panel.path("targets")) {
                    Set<String> metrics = PromQl.metricNames(target.path("expr").asString());
                    if (metrics.isEmpty()) {
                        problems.add(where + " query " + target.path("refId").asString() + " reads no metric");
                    }
                    metrics.stream().filter(metric -> !catalogue.contains(metric))
                            .forEach(metric -> problems.add(where + " reads " + metric + ", which is not in " + MetricCatalogue.PATH));
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void eachDashboardShowsWhatTheIssueAsksOfIt() throws IOException {
        for (Map.Entry<String, List<String>> required : REQUIRED.entrySet()) {
            JsonNode dashboard = json.readTree(Files.readString(Repository.file("infra/grafana/dashboards/" + required.getKey())));
            Set<String> shown = new TreeSet<>();
            for (JsonNode panel : panels(dashboard)) {
                panel.path("targets").forEach(target -> shown.addAll(PromQl.metricNames(target.path("expr").asString())));
            }
            assertThat(shown).as(required.getKey()).containsAll(required.getValue());
        }
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(Repository.file("infra/grafana/dashboards"))) {
            List<Path> found = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            assertThat(found).isNotEmpty();
            return found;
        }
    }
}
