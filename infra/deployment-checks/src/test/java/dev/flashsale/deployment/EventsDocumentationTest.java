package dev.flashsale.deployment;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/events.md and the public topics' JSON Schemas describe the same messages: the same fields at the top
 * (the envelope's and the event's own), the same fields of an item, and the same ones nullable ("or null" in
 * the page, {@code "null"} among the schema's types). The schemas live in infra/contracts.
 */
class EventsDocumentationTest {

    private static final String SCHEMAS = "infra/contracts/src/main/resources/schemas/";
    private static final Pattern NAME = Pattern.compile("`(\\w+)(\\[])?`");

    private final String page = Repository.read("docs/events.md");

    @Test
    void theCompletedOrderTableAndItsSchemaNameTheSameFields() {
        assertSameFields("OrderCompleted", "ecommerce.order-completed.v1");
    }

    @Test
    void theCancelledOrderTableAndItsSchemaNameTheSameFields() {
        assertSameFields("OrderCancelled", "ecommerce.order-cancelled.v1");
    }

    @Test
    void everyPublicTopicOfThePageHasASchemaAndTheSchemaNamesItsTopic() {
        for (String topic : List.of("ecommerce.order-completed.v1", "ecommerce.order-cancelled.v1")) {
            assertThat(page).contains("`" + topic + "` (**public**)", "`" + topic + ".schema.json`");
            JsonNode schema = schema(topic);
            assertThat(schema.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("description").asString()).contains(topic);
        }
    }

    private void assertSameFields(String type, String topic) {
        JsonNode schema = schema(topic);
        Documented documented = documented(type, topic);

        assertThat(nullability(schema.path("properties"))).as("%s: fields and whether they may be null", topic)
                .isEqualTo(documented.fields());
        assertThat(nullability(schema.path("properties").path("items").path("items").path("properties")))
                .as("%s: item fields and whether they may be null", topic)
                .isEqualTo(documented.itemFields());
        assertThat(names(schema.path("required"))).as("%s: every documented field is always there", topic)
                .isEqualTo(documented.fields().keySet());
        assertThat(schema.path("properties").path("type").path("const").asString()).isEqualTo(type);
    }

    /** The envelope's table and the event's table of the page, as field name to "may be null". */
    private Documented documented(String type, String topic) {
        Map<String, Boolean> fields = new TreeMap<>(rows(section("## The envelope (every message)")));
        Map<String, Boolean> itemFields = new TreeMap<>();
        String table = section("### `" + type + "` on `" + topic + "`");
        for (String line : table.lines().filter(line -> line.startsWith("| `")).toList()) {
            String[] cells = line.split("\\|");
            Matcher names = NAME.matcher(cells[1]);
            while (names.find()) {
                fields.put(names.group(1), cells[2].contains("or null"));
                if (names.group(2) != null) {
                    itemFields.putAll(describedNames(cells[3]));
                }
            }
        }
        return new Documented(fields, itemFields);
    }

    private Map<String, Boolean> rows(String table) {
        Map<String, Boolean> fields = new LinkedHashMap<>();
        table.lines().filter(line -> line.startsWith("| `")).forEach(line -> {
            String[] cells = line.split("\\|");
            Matcher names = NAME.matcher(cells[1]);
            while (names.find()) {
                fields.put(names.group(1), cells[2].contains("or null"));
            }
        });
        return fields;
    }

    /** "`productId` long, `unitPrice` long or null (…)": each name and whether its description says "or null". */
    private static Map<String, Boolean> describedNames(String cell) {
        Map<String, Boolean> fields = new TreeMap<>();
        Matcher names = NAME.matcher(cell);
        String name = null;
        int described = 0;
        while (names.find()) {
            if (name != null) {
                fields.put(name, cell.substring(described, names.start()).contains("or null"));
            }
            name = names.group(1);
            described = names.end();
        }
        if (name != null) {
            fields.put(name, cell.substring(described).contains("or null"));
        }
        return fields;
    }

    private String section(String heading) {
        int start = page.indexOf(heading);
        assertThat(start).as("docs/events.md has a section %s", heading).isNotNegative();
        int end = page.indexOf("\n#", start + heading.length());
        return page.substring(start, end < 0 ? page.length() : end);
    }

    private static JsonNode schema(String topic) {
        return JsonMapper.builder().build().readTree(Repository.read(SCHEMAS + topic + ".schema.json"));
    }

    private static Map<String, Boolean> nullability(JsonNode properties) {
        Map<String, Boolean> fields = new TreeMap<>();
        properties.properties().forEach(entry -> {
            JsonNode type = entry.getValue().path("type");
            boolean nullable = type.isArray() && names(type).contains("null");
            fields.put(entry.getKey(), nullable);
        });
        return fields;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> names = new TreeSet<>();
        array.forEach(name -> names.add(name.asString()));
        return names;
    }

    private record Documented(Map<String, Boolean> fields, Map<String, Boolean> itemFields) {
    }
}
