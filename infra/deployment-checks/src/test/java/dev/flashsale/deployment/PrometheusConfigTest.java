package dev.flashsale.deployment;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** infra/prometheus: the scrape configurations, the alert rules and their unit tests. */
class PrometheusConfigTest {

    private static final String ALERTS = "infra/prometheus/alerts.yml";

    @Test
    void promtoolAcceptsBothScrapeConfigurationsWithTheirRules() {
        assertThat(Tool.PROMTOOL.run("check", "config", "infra/prometheus/prometheus.yml")).contains("SUCCESS");
        assertThat(Tool.PROMTOOL.run("check", "config", "infra/prometheus/prometheus-local.yml")).contains("SUCCESS");
    }

    @Test
    void promtoolAcceptsTheAlertRules() {
        assertThat(Tool.PROMTOOL.run("check", "rules", ALERTS)).contains("SUCCESS");
    }

    @Test
    void theAlertUnitTestsPass() {
        assertThat(Tool.PROMTOOL.run("test", "rules", "infra/prometheus/alerts_test.yml")).contains("SUCCESS");
    }

    @Test
    void everyConcernOfTheIssueHasAnAlert() {
        assertThat(alerts().keySet()).contains("OrderSagaFailed", "OrderSagasStuck", "OutboxRelayLagHigh",
                "OutboxRelayNotStreaming", "OutboxRelayNoLeader", "ReplicationSlotWalRetained", "KafkaConsumerLagHigh", "MessagesDeadLettered",
                "HttpErrorRateHigh", "HttpLatencyP99High", "ServiceDown");
    }

    @Test
    void everyAlertReadsCataloguedMetricsAndSaysHowBadItIsAndWhatToDo() {
        Set<String> catalogue = MetricCatalogue.names();
        String guide = Repository.read("docs/observability.md").toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        alerts().forEach((name, rule) -> {
            String expression = String.valueOf(rule.get("expr"));
            assertThat(PromQl.metricNames(expression)).as(name + " reads a metric").isNotEmpty();
            PromQl.metricNames(expression).stream().filter(metric -> !catalogue.contains(metric))
                    .forEach(metric -> problems.add(name + " reads " + metric + ", which is not in " + MetricCatalogue.PATH));
            if (!Set.of("critical", "warning").contains(Yaml.map(rule.get("labels")).get("severity"))) {
                problems.add(name + " has no severity critical or warning");
            }
            String runbook = String.valueOf(Yaml.map(rule.get("annotations")).get("runbook"));
            String anchor = name.toLowerCase(Locale.ROOT);
            if (!runbook.equals("docs/observability.md#" + anchor)) {
                problems.add(name + " has runbook " + runbook + ", not docs/observability.md#" + anchor);
            } else if (!guide.contains("\n### " + anchor + "\n")) {
                problems.add(name + ": docs/observability.md has no section '### " + name + "'");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theComposeAndTheLocalConfigurationScrapeEveryServiceOfTheDescriptionOnItsPortAndMetricsPath() {
        for (String configuration : List.of("infra/prometheus/prometheus.yml", "infra/prometheus/prometheus-local.yml")) {
            Map<String, Map<String, Object>> jobs = jobs(configuration);
            assertThat(jobs.keySet()).as(configuration).containsExactlyInAnyOrderElementsOf(Services.names());
            boolean localStack = configuration.endsWith("-local.yml");
            for (Services service : Services.all()) {
                Map<String, Object> job = jobs.get(service.name());
                assertThat(job.get("metrics_path")).as(configuration + " " + service.name()).isEqualTo(service.metrics());
                List<Object> targets = Yaml.list(Yaml.map(Yaml.list(job.get("static_configs")).get(0)).get("targets"));
                assertThat(targets).as(configuration + " " + service.name())
                        .containsExactly((localStack ? "localhost" : service.name()) + ":" + service.port());
            }
        }
    }

    private static Map<String, Map<String, Object>> jobs(String configuration) {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : Yaml.list(Yaml.read(configuration).get("scrape_configs"))) {
            Map<String, Object> scrape = Yaml.map(job);
            jobs.put(String.valueOf(scrape.get("job_name")), scrape);
        }
        return jobs;
    }

    private static Map<String, Map<String, Object>> alerts() {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Object group : Yaml.list(Yaml.read(ALERTS).get("groups"))) {
            for (Object rule : Yaml.list(Yaml.map(group).get("rules"))) {
                Map<String, Object> alert = Yaml.map(rule);
                assertThat(alerts.put(String.valueOf(alert.get("alert")), alert)).as("alert names are unique").isNull();
            }
        }
        return alerts;
    }
}
