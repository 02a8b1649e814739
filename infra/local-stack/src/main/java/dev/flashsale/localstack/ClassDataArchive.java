package dev.flashsale.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Class-data sharing for one service jar (JDK 17's dynamic archive): the classes a service loads, parsed,
 * verified and laid out once, mapped from a file by every later start instead of being loaded again from 150
 * jars. On two cores shared by six JVMs this saves most of a service's start-up CPU (docs/benchmarks.md).
 *
 * <p>The archive only covers classes read from plain jars on the class path, not from a Spring Boot fat jar's
 * nested jars, so the jar is first extracted ({@code java -Djarmode=tools -jar <jar> extract}), once per
 * content: the directory is named after a digest of the jar's entries (names, sizes, CRCs; not the times a
 * rebuild changes) and of the JVM, so a rebuild that changed nothing keeps its archive and a changed jar or JDK
 * gets a new one. A start without an archive records one ({@code -XX:ArchiveClassesAtExit}), written when the
 * service stops gracefully and kept only if it was; every later start maps it ({@code -XX:SharedArchiveFile}).
 */
public final class ClassDataArchive {

    static final String ARCHIVE = "classes.jsa";
    /** Unified logging of class-data sharing: a dump lists every class it cannot archive (generated, old bytecode). */
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path directory;
    private final Path jar;
    private final Path recording;

    private ClassDataArchive(Path directory, Path jar) {
        this.directory = directory;
        this.jar = jar;
        this.recording = directory.resolve(ARCHIVE + "." + UUID.randomUUID() + ".recording");
    }

    /** The archive of {@code jar} for {@code service} under {@code cache}, extracting the jar first if needed. */
    public static ClassDataArchive prepare(Path cache, String service, Path jar) {
        String key = contentKey(jar);
        Path directory = cache.resolve(service + "-" + key);
        Path extracted = directory.resolve("app").resolve(jar.getFileName());
        if (!Files.exists(extracted)) {
            extract(jar, directory);
            removeOthers(cache, service, directory);
        }
        return new ClassDataArchive(directory, extracted);
    }

    /** The jar to run: the extracted one, whose libraries are plain jars beside it. */
    public Path jar() {
        return jar;
    }

    public boolean exists() {
        return Files.exists(directory.resolve(ARCHIVE));
    }

    /** Map the archive if there is one, else record one at exit. */
    public List<String> jvmArguments() {
        String option = exists() ? "-XX:SharedArchiveFile=" + directory.resolve(ARCHIVE)
                : "-XX:ArchiveClassesAtExit=" + recording;
        return Stream.concat(Stream.of(option), QUIET.stream()).toList();
    }

    /**
     * Keeps an archive recorded by a process that exited on its own ({@code exitCode} of a graceful stop), drops
     * one from a process that was killed (it may be cut short).
     */
    public void processEnded(int exitCode) {
        if (!Files.exists(recording)) {
            return;
        }
        try {
            if (exitCode == 137 || exitCode == 9) {
                Files.deleteIfExists(recording);
                return;
            }
            try {
                Files.move(recording, directory.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(recording, directory.resolve(ARCHIVE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the class-data archive " + recording, e);
        }
    }

    /** A digest of what the jar holds and of the JVM that will map its archive; the same for a byte-different rebuild. */
    static String contentKey(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + "|" + System.getProperty("java.vm.version") + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).forEach(entry -> digest.update(
                    (entry.getName() + "|" + entry.getSize() + "|" + entry.getCrc() + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + jar, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extracts into a fresh directory beside {@code target}, then renames it: a stack starting alongside never sees half of it. */
    private static void extract(Path jar, Path target) {
        Path staging = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".extracting");
        try {
            Files.createDirectories(staging);
            Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", staging.resolve("app").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(staging.resolve("extract.log").toFile())
                    .start();
            if (!extract.waitFor(5, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new IllegalStateException("could not extract " + jar + "; see " + staging.resolve("extract.log"));
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                // another stack extracted the same jar meanwhile: theirs is as good
                deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + jar, e);
        }
    }

    /** Earlier builds' extractions and archives of the same service: about 100 MB each, never used again. */
    private static void removeOthers(Path cache, String service, Path keep) {
        try (Stream<Path> entries = Files.list(cache)) {
            entries.filter(path -> !path.equals(keep) && path.getFileName().toString().startsWith(service + "-")
                    && !path.getFileName().toString().endsWith(".extracting")).forEach(ClassDataArchive::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path path) {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }
}
