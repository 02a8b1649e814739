package dev.flashsale.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM with its output in a log file: the broker and each service of the local stack run as
 * one, so that each can be stopped, killed and restarted on its own.
 */
public final class JavaProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;

    private JavaProcess(String name, List<String> command, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Starts the JVM; its output is appended to the log file, so a restart keeps the earlier run's lines. */
    public synchronized JavaProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    /** How the last run ended: its exit code, or empty while it runs or before it was started. */
    public synchronized OptionalInt exitCode() {
        return process == null || process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Asks the JVM to shut down (SIGTERM, so its shutdown hooks run) and waits; kills it after the grace time. */
    public synchronized void stop(long graceSeconds) {
        if (!isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: the process gets no chance to clean up, as in a crash. */
    public synchronized void kill() {
        if (!isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(30);
    }

    public static final class Builder {
        private final String name;
        private final List<String> jvmArguments = new ArrayList<>();
        private final List<String> programArguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String mainClass;
        private String classpath;
        private Path jar;
        private Path logFile;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder mainClass(String mainClass, String classpath) {
            this.mainClass = mainClass;
            this.classpath = classpath;
            return this;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        public Builder jvmArguments(String... arguments) {
            jvmArguments.addAll(List.of(arguments));
            return this;
        }

        public Builder arguments(String... arguments) {
            programArguments.addAll(List.of(arguments));
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public Builder environment(Map<String, String> values) {
            environment.putAll(values);
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public JavaProcess build() {
            if ((mainClass == null) == (jar == null)) {
                throw new IllegalStateException(name + ": give either a main class or a jar");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArguments);
            if (jar != null) {
                command.add("-jar");
                command.add(jar.toString());
            } else {
                command.add("-cp");
                command.add(classpath);
                command.add(mainClass);
            }
            command.addAll(programArguments);
            return new JavaProcess(name, command, environment,
                    Objects.requireNonNull(logFile, "logFile"));
        }
    }
}
