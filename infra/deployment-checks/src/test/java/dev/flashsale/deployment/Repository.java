package dev.flashsale.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checked-out project these checks read, found from the module's directory upwards. */
final class Repository {

    static final Path ROOT = findRoot();

    private Repository() {
    }

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("infra/prometheus"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no project root (docker-compose.yml, infra/prometheus) above " + Path.of("").toAbsolutePath());
    }
}
