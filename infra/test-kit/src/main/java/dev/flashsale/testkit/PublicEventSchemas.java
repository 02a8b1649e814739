package dev.flashsale.testkit;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import dev.flashsale.contracts.Topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The JSON Schemas of the topics the external data platform reads ({@code schemas/<topic>.schema.json} in
 * {@code infra/contracts}), for tests that hold what the services publish to them. Formats (uuid, date-time)
 * are asserted, not only annotated.
 */
public final class PublicEventSchemas {

    /** The public topics, each with a schema. */
    public static final List<String> TOPICS = List.of(Topics.ORDER_COMPLETED, Topics.ORDER_CANCELLED);

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> SCHEMAS = TOPICS.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), PublicEventSchemas::load));

    private PublicEventSchemas() {
    }

    /** Where the schema of {@code topic} is on the class path (and under {@code src/main/resources} of contracts). */
    public static String location(String topic) {
        return "schemas/" + topic + ".schema.json";
    }

    /** What is wrong with {@code value} as a message of {@code topic}; empty when it is valid. */
    public static List<String> violations(String topic, String value) {
        Schema schema = SCHEMAS.get(topic);
        if (schema == null) {
            throw new IllegalArgumentException(topic + " is not a public topic; those are " + TOPICS);
        }
        return schema.validate(value, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /** Fails with every violation when {@code value} is not a valid message of {@code topic}. */
    public static void assertValid(String topic, String value) {
        List<String> violations = violations(topic, value);
        if (!violations.isEmpty()) {
            throw new AssertionError("not a valid message of " + topic + " " + violations + ": " + value);
        }
    }

    private static Schema load(String topic) {
        try (InputStream in = PublicEventSchemas.class.getClassLoader().getResourceAsStream(location(topic))) {
            if (in == null) {
                throw new IllegalStateException("no " + location(topic) + " on the class path (infra/contracts has them)");
            }
            return REGISTRY.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
