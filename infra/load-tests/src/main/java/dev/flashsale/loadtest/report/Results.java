package dev.flashsale.loadtest.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios' results of this JVM, in the order they ran, for the suite's summary; each is also written to
 * {@code <results-dir>/<scenario>.txt} so a scenario run alone through the Gatling plugin leaves its table too.
 */
public final class Results {

    private static final List<ScenarioResult> RESULTS = new ArrayList<>();

    private Results() {
    }

    public static synchronized void add(ScenarioResult result, Path directory) {
        RESULTS.add(result);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(result.scenario().replaceAll("[^A-Za-z0-9-]+", "-") + ".txt"), result.table());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized List<ScenarioResult> all() {
        return List.copyOf(RESULTS);
    }
}
