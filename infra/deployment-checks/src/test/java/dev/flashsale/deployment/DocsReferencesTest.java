package dev.flashsale.deployment;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository stands on its own: its docs and comments cite only files inside it (a checkout has no
 * material beside it, and no absolute path of someone's machine means anything elsewhere), and every
 * relative link of a Markdown page leads to a file that exists.
 */
class DocsReferencesTest {

    private static final Set<String> TEXT = Set.of("md", "java", "yml", "yaml", "sql", "xml", "properties", "json",
            "sh", "txt", "conf", "Dockerfile");
    /** Material that lived outside the repository, and absolute paths of one machine. */
    private static final Pattern OUTSIDE = Pattern.compile(
            "\\.\\./shared|/work/|\\b(?:API|STYLE|DESIGN|STACK)\\.md\\b|\\b00[01]_\\*?\\.txt|(?i:\\bseeds?\\b\\s+(?:00[01]|flows?|steps?)\\b)");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    /** This check's own pattern names what it looks for. */
    private static final Path ITSELF = Path.of("infra/deployment-checks/src/test/java/dev/flashsale/deployment/DocsReferencesTest.java");

    @Test
    void noFileCitesMaterialOutsideTheRepositoryOrAnAbsolutePathOfAMachine() {
        List<String> found = new ArrayList<>();
        for (Path file : textFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher outside = OUTSIDE.matcher(lines.get(i));
                if (outside.find()) {
                    found.add(Repository.ROOT.relativize(file) + ":" + (i + 1) + ": " + outside.group());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyRelativeLinkOfAMarkdownPageLeadsToAFileOfTheRepository() {
        List<String> broken = new ArrayList<>();
        for (Path page : textFiles().stream().filter(file -> file.toString().endsWith(".md")).toList()) {
            Matcher link = MARKDOWN_LINK.matcher(String.join("\n", lines(page)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue;
                }
                Path resolved = page.getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
                if (!resolved.startsWith(Repository.ROOT) || !Files.exists(resolved)) {
                    broken.add(Repository.ROOT.relativize(page) + ": " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    private static List<Path> textFiles() {
        return Repository.files().stream()
                .filter(file -> TEXT.contains(extension(file)))
                .filter(file -> !Repository.ROOT.relativize(file).equals(ITSELF))
                .toList();
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (MalformedInputException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
