package dev.flashsale.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One scrape of a service's {@code /actuator/prometheus}, read as samples, for tests that the metrics the
 * dashboards and alerts (infra/prometheus, infra/grafana) query exist with their tags:
 * <pre>{@code
 * PrometheusScrape scrape = PrometheusScrape.parse(http.get().uri("/actuator/prometheus")...getResponseBody());
 * assertThat(scrape.value("order_saga_ended_total", "outcome", "completed")).isPositive();
 * assertThat(scrape.contains("order_saga_open")).isTrue();
 * }</pre>
 */
public final class PrometheusScrape {

    /** One line of the exposition: {@code name{labels} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {

        boolean matches(String metric, Map<String, String> wanted) {
            return name.equals(metric) && labels.entrySet().containsAll(wanted.entrySet());
        }
    }

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** The Prometheus text format (version 0.0.4, as Micrometer writes it). */
    public static PrometheusScrape parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                samples.add(sample(line.strip()));
            }
        }
        return new PrometheusScrape(samples);
    }

    /**
     * The sum of the samples of {@code name} that carry all of {@code labels} (name, value, name, value...);
     * fails, naming the samples there are, when none does, so a missing meter reads differently from a zero one.
     */
    public double value(String name, String... labels) {
        Map<String, String> wanted = pairs(labels);
        List<Sample> matching = samples.stream().filter(sample -> sample.matches(name, wanted)).toList();
        if (matching.isEmpty()) {
            throw new AssertionError("no sample " + name + wanted + " in the scrape; samples of " + name + ": "
                    + samples.stream().filter(sample -> sample.name().equals(name)).map(Sample::labels).toList());
        }
        return matching.stream().mapToDouble(Sample::value).filter(value -> !Double.isNaN(value)).sum();
    }

    /** Whether a sample of {@code name} with all of {@code labels} exists, whatever its value (NaN included). */
    public boolean contains(String name, String... labels) {
        Map<String, String> wanted = pairs(labels);
        return samples.stream().anyMatch(sample -> sample.matches(name, wanted));
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Every metric name in the scrape, sorted. */
    public TreeSet<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> pairs(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            pairs.put(labels[i], labels[i + 1]);
        }
        return pairs;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), Map.of(), number(line.substring(space + 1)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int at = brace + 1;
        while (line.charAt(at) != '}') {
            int equals = line.indexOf('=', at);
            String label = line.substring(at, equals);
            StringBuilder value = new StringBuilder();
            at = equals + 2; // past ="
            for (char c = line.charAt(at); c != '"'; c = line.charAt(at)) {
                if (c == '\\') {
                    char escaped = line.charAt(++at);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                at++;
            }
            labels.put(label, value.toString());
            at++; // past the closing quote
            if (line.charAt(at) == ',') {
                at++;
            }
        }
        return new Sample(line.substring(0, brace), labels, number(line.substring(at + 1).strip()));
    }

    private static double number(String valueAndTimestamp) {
        String value = valueAndTimestamp.split(" ")[0];
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }
}
