package dev.flashsale.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The checked-out project these checks read, found from the module's directory upwards. */
final class Repository {

    static final Path ROOT = findRoot();
    /** Build output and installed packages: not the repository's own files. */
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules");

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

    /**
     * Every file of the repository: hidden directories (.git, .mvn, .idea, .local-stack) and build output are not
     * entered at all.
     */
    static List<Path> files() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skipped = !dir.equals(ROOT) && (name.startsWith(".") || SKIPPED_DIRECTORIES.contains(name));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** A file's path from the repository's root, with forward slashes on every system. */
    static String relative(Path file) {
        return ROOT.relativize(file).toString().replace('\\', '/');
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
