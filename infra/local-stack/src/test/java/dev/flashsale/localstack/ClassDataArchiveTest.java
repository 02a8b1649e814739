package dev.flashsale.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

class ClassDataArchiveTest {

    @TempDir
    Path dir;

    @Test
    void aRebuiltJarWithTheSameContentKeepsItsKeyAndAChangedOneGetsAnother() throws IOException {
        Path first = jar("first.jar", "class bytes", FileTime.fromMillis(0));
        Path rebuilt = jar("rebuilt.jar", "class bytes", FileTime.fromMillis(1_800_000_000_000L));
        Path changed = jar("changed.jar", "other bytes", FileTime.fromMillis(0));

        assertThat(ClassDataArchive.contentKey(rebuilt)).isEqualTo(ClassDataArchive.contentKey(first));
        assertThat(ClassDataArchive.contentKey(changed)).isNotEqualTo(ClassDataArchive.contentKey(first));
    }

    @Test
    void recordsAnArchiveWhenThereIsNoneAndMapsItOnceAGracefulStopKeptIt() throws IOException {
        ClassDataArchive archive = preparedWithoutExtracting();
        assertThat(archive.exists()).isFalse();
        String recordOption = archive.jvmArguments().get(0);
        assertThat(recordOption).startsWith("-XX:ArchiveClassesAtExit=");

        Files.writeString(Path.of(recordOption.substring(recordOption.indexOf('=') + 1)), "archive");
        archive.processEnded(143);

        assertThat(archive.exists()).isTrue();
        assertThat(archive.jvmArguments().get(0)).isEqualTo("-XX:SharedArchiveFile="
                + archiveDirectory(dir.resolve("service.jar")).resolve(ClassDataArchive.ARCHIVE));
    }

    @Test
    void dropsTheArchiveOfAProcessThatWasKilledWhileItMayHaveBeenWritingIt() throws IOException {
        ClassDataArchive archive = preparedWithoutExtracting();
        String recordOption = archive.jvmArguments().get(0);
        Path recording = Path.of(recordOption.substring(recordOption.indexOf('=') + 1));
        Files.writeString(recording, "half an archive");

        archive.processEnded(137);

        assertThat(archive.exists()).isFalse();
        assertThat(recording).doesNotExist();
    }

    /** An archive whose extracted jar is already in the cache, so no JVM is started to extract it. */
    private ClassDataArchive preparedWithoutExtracting() throws IOException {
        Path jar = jar("service.jar", "class bytes", FileTime.fromMillis(0));
        Path extracted = archiveDirectory(jar).resolve("app").resolve("service.jar");
        Files.createDirectories(extracted.getParent());
        Files.copy(jar, extracted);
        ClassDataArchive archive = ClassDataArchive.prepare(dir.resolve("cache"), "service", jar);
        assertThat(archive.jar()).isEqualTo(extracted);
        return archive;
    }

    private Path archiveDirectory(Path jar) {
        return dir.resolve("cache").resolve("service-" + ClassDataArchive.contentKey(jar));
    }

    private Path jar(String name, String content, FileTime time) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            ZipEntry entry = new ZipEntry("BOOT-INF/classes/A.class");
            entry.setLastModifiedTime(time);
            out.putNextEntry(entry);
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
