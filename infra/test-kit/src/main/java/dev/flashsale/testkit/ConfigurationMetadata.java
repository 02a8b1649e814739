package dev.flashsale.testkit;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.regex.Pattern;

/**
 * Spring Boot's configuration metadata ({@code META-INF/spring-configuration-metadata.json}) on the class
 * path: the groups spring-boot-configuration-processor wrote for the {@code @ConfigurationProperties} it compiled.
 */
final class ConfigurationMetadata {

    private static final String LOCATION = "META-INF/spring-configuration-metadata.json";

    private ConfigurationMetadata() {
    }

    /** A class passes when a metadata file names it as the type of a group of properties. */
    static ArchCondition<JavaClass> describeThem() {
        return new ArchCondition<>("be described in " + LOCATION) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean described = Pattern.compile("\"type\"\\s*:\\s*\"" + Pattern.quote(type.getName()) + "\"")
                        .matcher(everyMetadataFile()).find();
                events.add(new SimpleConditionEvent(type, described, type.getName()
                        + (described ? " is" : " is not") + " described in " + LOCATION));
            }
        };
    }

    private static String everyMetadataFile() {
        StringBuilder all = new StringBuilder();
        try {
            Enumeration<URL> files = ConfigurationMetadata.class.getClassLoader().getResources(LOCATION);
            while (files.hasMoreElements()) {
                try (InputStream in = files.nextElement().openStream()) {
                    all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }
}
