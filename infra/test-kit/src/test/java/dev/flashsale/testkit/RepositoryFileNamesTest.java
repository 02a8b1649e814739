package dev.flashsale.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkout on a case-insensitive file system (the default on macOS and Windows) keeps only one of two paths
 * that differ only by case, and the build breaks there; no two paths of the repository may.
 */
class RepositoryFileNamesTest {

    /** Build output, local data and VCS internals: not part of a checkout. */
    private static final Set<String> SKIPPED = Set.of(".git", "target", ".local-stack", "node_modules", ".idea");

    @Test
    void noTwoPathsOfTheRepositoryDifferOnlyByCase() throws IOException {
        Path root = repositoryRoot();
        Map<String, Path> byFoldedName = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                if (!dir.equals(root) && SKIPPED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                note(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                note(file);
                return FileVisitResult.CONTINUE;
            }

            private void note(Path path) {
                String relative = root.relativize(path).toString();
                Path earlier = byFoldedName.putIfAbsent(relative.toLowerCase(Locale.ROOT), path);
                if (earlier != null && !earlier.equals(path)) {
                    clashes.add(root.relativize(earlier) + " and " + relative);
                }
            }
        });

        assertThat(byFoldedName).as("the walk found the repository's files").hasSizeGreaterThan(100);
        assertThat(clashes).as("paths that differ only by case").isEmpty();
    }

    /** The directory with the parent {@code pom.xml} and the {@code infra} modules, above this module. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("infra")) && Files.exists(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
