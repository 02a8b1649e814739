package dev.flashsale.deployment;

import java.util.Set;
import java.util.TreeSet;

/** infra/prometheus/metric-catalogue.txt: the metric names queries may use, one a line, {@code #} comments. */
final class MetricCatalogue {

    static final String PATH = "infra/prometheus/metric-catalogue.txt";

    private MetricCatalogue() {
    }

    static Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (String line : Repository.read(PATH).split("\n")) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
