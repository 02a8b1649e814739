package dev.flashsale.deployment;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A command-line checker from a Debian package (promtool, docker-compose). Missing on a developer's machine,
 * the check is skipped with the reason; missing in CI ({@code CI=true}, set by .ci/run), it fails, so CI can
 * never pass without running it.
 */
record Tool(String name, String debianPackage) {

    static final Tool PROMTOOL = new Tool("promtool", "prometheus");
    static final Tool DOCKER_COMPOSE = new Tool("docker-compose", "docker-compose");

    /** Runs the tool in the project root and returns its output; fails the test when it exits non-zero. */
    String run(String... arguments) {
        Outcome outcome = attempt(Set.of(), arguments);
        if (outcome.exitCode() != 0) {
            return fail(outcome.command() + " exited with " + outcome.exitCode() + ":\n" + outcome.output());
        }
        return outcome.output();
    }

    /** What a run of the tool answered: its exit code and its output (standard error included). */
    record Outcome(String command, int exitCode, String output) {
    }

    /**
     * Runs the tool in the project root without the environment variables {@code unset} (so a developer's own
     * settings cannot change the answer) and returns how it ended, whatever the exit code.
     */
    Outcome attempt(Set<String> unset, String... arguments) {
        Path executable = locate();
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(Repository.ROOT.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeAll(unset);
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish in 60 s:\n" + output);
            }
            return new Outcome(String.join(" ", command), process.exitValue(), output);
        } catch (IOException e) {
            return fail("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted", e);
        }
    }

    private Path locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String missing = name + " is not on the PATH (Debian package " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return fail(missing + ": CI must run this check; .ci/run installs it");
        }
        Assumptions.abort(missing + "; install it to run this check");
        throw new AssertionError("unreachable");
    }
}
