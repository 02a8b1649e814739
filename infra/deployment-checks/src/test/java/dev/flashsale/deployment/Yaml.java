package dev.flashsale.deployment;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.List;
import java.util.Map;

/** A YAML file of the project as plain maps and lists (merge keys resolved, as docker-compose does). */
final class Yaml {

    private Yaml() {
    }

    static Map<String, Object> read(String relative) {
        return parse(Repository.read(relative));
    }

    static Map<String, Object> parse(String text) {
        return new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }
}
