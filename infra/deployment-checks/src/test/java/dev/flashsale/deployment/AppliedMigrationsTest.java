package dev.flashsale.deployment;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration a database has applied is never edited: Flyway keeps its checksum, comments included, and a service
 * whose migration no longer matches refuses to start on every database made before the edit (balance-service's V1
 * had its comment reworded on 2026-12-07; {@code EditedMigrations} lets those databases start). Every migration is
 * listed with its SHA-256 in {@code applied-migrations.sha256}: a new one is added there, an old one stays as it is,
 * and a change goes into a new migration.
 */
class AppliedMigrationsTest {

    private static final String LIST = "/applied-migrations.sha256";

    @Test
    void everyMigrationIsListedAndNoListedOneChanged() throws IOException {
        assertThat(onDisk()).as("migrations (path = SHA-256) against " + LIST
                        + ": a changed hash is an edited migration; put the change in a new one instead")
                .isEqualTo(listed());
    }

    private static Map<String, String> listed() throws IOException {
        try (InputStream in = AppliedMigrationsTest.class.getResourceAsStream(LIST)) {
            assertThat(in).as(LIST).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split("\\s+", 2))
                    .collect(Collectors.toMap(fields -> fields[1].trim(), fields -> fields[0], (a, b) -> a, TreeMap::new));
        }
    }

    private static Map<String, String> onDisk() {
        return Repository.files().stream()
                .filter(file -> Repository.relative(file).matches(".+/src/main/resources/db/[^/]+/[^/]+\\.sql"))
                .collect(Collectors.toMap(Repository::relative, AppliedMigrationsTest::sha256, (a, b) -> a, TreeMap::new));
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + file, e);
        }
    }
}
