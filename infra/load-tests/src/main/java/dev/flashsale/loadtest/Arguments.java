package dev.flashsale.loadtest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --name=value} arguments of the suite's commands (the Maven profiles pass them). Arguments named
 * {@code --load.*} become system properties, so {@code -Dload.options="--load.flash.users=500"} on the Maven
 * command line reaches the scenarios.
 */
public record Arguments(Path projectDir, Path stackDir, Path resultsDir) {

    public static Arguments parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : String.join(" ", args).trim().split("\\s+")) {
            if (arg.isEmpty()) {
                continue;
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, got " + arg);
            }
            String name = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            if (name.startsWith("load.")) {
                System.setProperty(name, value);
            } else {
                options.put(name, value);
            }
        }
        Path project = Path.of(options.getOrDefault("project-dir", ".")).toAbsolutePath().normalize();
        Path results = Path.of(options.getOrDefault("results-dir", project.resolve("infra/load-tests/target/load-results").toString()));
        // The simulations find their results directory (and the checker its settings) through system properties.
        System.setProperty("load.results-dir", results.toString());
        return new Arguments(project, Path.of(options.getOrDefault("stack-dir", project.resolve("infra/load-tests/target/load-stack").toString())),
                results);
    }
}
