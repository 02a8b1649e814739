package dev.flashsale.testkit;

import dev.flashsale.contracts.ErrorCode;
import org.springframework.context.ApplicationContext;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz-style bad input for every endpoint of a service: malformed JSON, wrong types, negative, fractional,
 * huge and overflowing numbers, missing and null fields, ids that are not ids or do not exist, bodies over the
 * size limit (with and without a {@code Content-Length}), a wrong content type. Every answer must be a 4xx
 * {@code application/problem+json} whose {@code code} is one of {@link ErrorCode} with that code's status and problem type.
 * Whether nothing changed is the test's to check, against the service's own audit or read endpoints.
 *
 * <pre>
 * BadInput fuzz = BadInput.at("http://localhost:" + port);
 * BadInput.Report report = fuzz.run(
 *         fuzz.endpoint("POST", "/api/v1/users/{userId}/balance/charge", userId).body("{\"amount\": 1000}"),
 *         fuzz.endpoint("GET", "/api/v1/users/{userId}/balance", userId).unknownPath(987654321L));
 * report.assertEveryAnswerIsAProblem();
 * </pre>
 *
 * Requests go through the JDK's HTTP client, so they are exactly what a client sends: no retry, no redirect.
 */
public final class BadInput {

    /** Larger than any service's request limit (web-support's default is 64 KiB). */
    static final int OVERSIZED_BYTES = 80 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}]+}");

    private final String baseUrl;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private BadInput(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public static BadInput at(String baseUrl) {
        return new BadInput(baseUrl);
    }

    /** A header sent with every request, e.g. a bearer token when fuzzing through the gateway. */
    public BadInput header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** {@code pathTemplate} with its {@code {variables}} filled by {@code validPathValues}, in order. */
    public Endpoint endpoint(String method, String pathTemplate, Object... validPathValues) {
        return new Endpoint(method, pathTemplate, validPathValues);
    }

    /** One bad request and what it must be answered with: any 4xx problem, or exactly {@code expectedCode}. */
    public record Case(String endpoint, String what, String method, String path, String contentType, String body,
                       boolean chunked, ErrorCode expectedCode) {
    }

    /** An answer that broke the rules, with the request that got it. */
    public record Violation(Case request, int status, String contentType, String body, String why) {
        @Override
        public String toString() {
            return request.endpoint() + " [" + request.what() + "] -> " + status + " " + contentType + " " + abbreviate(body)
                    + ": " + why;
        }
    }

    /** What a run sent and what broke the rules. */
    public record Report(int requests, List<Violation> violations, Map<String, Integer> codes) {

        /** Fails with every violation listed, not only the first. */
        public void assertEveryAnswerIsAProblem() {
            assertThat(violations)
                    .as("%d bad requests sent, answers by code %s; these broke the rules:%n%s", requests, codes,
                            violations.stream().map(Violation::toString).collect(Collectors.joining("\n")))
                    .isEmpty();
        }
    }

    public final class Endpoint {
        private final String method;
        private final String template;
        private final Object[] pathValues;
        private String body;
        private final Set<String> optional = new TreeSet<>();
        private final Set<String> opaqueIds = new TreeSet<>();
        private final Set<String> unbounded = new TreeSet<>();
        private final List<String> badQueries = new ArrayList<>();
        private final List<String> unknownBodies = new ArrayList<>();
        private final List<Object[]> unknownPaths = new ArrayList<>();

        private Endpoint(String method, String template, Object[] pathValues) {
            this.method = method;
            this.template = template;
            this.pathValues = pathValues;
            int variables = (int) PATH_VARIABLE.matcher(template).results().count();
            if (variables != pathValues.length) {
                throw new IllegalArgumentException(template + " has " + variables + " variables, " + pathValues.length + " values given");
            }
        }

        /** A valid body, which is mutated one field at a time. */
        public Endpoint body(String validJson) {
            this.body = JSON.readTree(validJson).toString();
            return this;
        }

        /**
         * Fields (dotted paths, {@code items[].quantity} for a field of an array's elements) that may be null or
         * left out: those two mutations are not sent for them.
         */
        public Endpoint optional(String... fields) {
            optional.addAll(Arrays.asList(fields));
            return this;
        }

        /**
         * Id fields the service takes without looking them up (an order's variant ids are checked later, in the
         * saga): a well-formed id that names nothing is not a bad request for them, so it is not sent.
         */
        public Endpoint opaqueIds(String... fields) {
            opaqueIds.addAll(Arrays.asList(fields));
            return this;
        }

        /**
         * Numeric fields with no upper limit, where {@link Long#MAX_VALUE} is a value the service may take (a
         * coupon's total quantity or minimum order amount): it is not sent for them. Every other mutation is.
         */
        public Endpoint unbounded(String... fields) {
            unbounded.addAll(Arrays.asList(fields));
            return this;
        }

        /** Query strings that must be refused, e.g. {@code page=-1}. */
        public Endpoint badQueries(String... queries) {
            badQueries.addAll(Arrays.asList(queries));
            return this;
        }

        /** Well-formed bodies naming things that do not exist. */
        public Endpoint unknownBodies(String... bodies) {
            unknownBodies.addAll(Arrays.asList(bodies));
            return this;
        }

        /** Path values, well formed, that name nothing. */
        public Endpoint unknownPath(Object... values) {
            unknownPaths.add(values);
            return this;
        }

        String name() {
            return method + " " + template;
        }

        String normalizedTemplate() {
            return method + " " + PATH_VARIABLE.matcher(template).replaceAll("{}");
        }

        List<Case> cases() {
            List<Case> cases = new ArrayList<>();
            String path = expand(pathValues);
            for (int i = 0; i < pathValues.length; i++) {
                for (String bad : List.of("abc", "-1", "0", "1.5", "99999999999999999999", "%20")) {
                    Object[] values = pathValues.clone();
                    values[i] = bad;
                    cases.add(request("path variable " + (i + 1) + " = " + bad, expand(values), body, null));
                }
            }
            for (Object[] values : unknownPaths) {
                cases.add(request("unknown " + Arrays.toString(values), expand(values), body, null));
            }
            for (String query : badQueries) {
                cases.add(request("query " + query, path + "?" + query, body, ErrorCode.VALIDATION_FAILED));
            }
            for (String unknown : unknownBodies) {
                cases.add(request("unknown body " + unknown, path, unknown, null));
            }
            if (body != null) {
                addBodyCases(cases, path);
            }
            return cases;
        }

        private void addBodyCases(List<Case> cases, String path) {
            for (String malformed : List.of("", "{", "}", "not json", "{\"a\": }", "{\"a\": 1,}", "[]", "null", "\"text\"", "42",
                    "{'single': 1}", body + " trailing", body.substring(0, body.length() / 2), "[".repeat(2000) + "]".repeat(2000))) {
                cases.add(request("malformed " + abbreviate(malformed), path, malformed, ErrorCode.VALIDATION_FAILED));
            }
            String padded = padded();
            cases.add(request("oversized body with Content-Length", path, padded, ErrorCode.PAYLOAD_TOO_LARGE));
            cases.add(new Case(name(), "oversized body, chunked", method, path, "application/json", padded, true,
                    ErrorCode.PAYLOAD_TOO_LARGE));
            cases.add(new Case(name(), "text/plain", method, path, "text/plain", body, false, ErrorCode.UNSUPPORTED_MEDIA_TYPE));
            JsonNode valid = JSON.readTree(body);
            for (Map.Entry<String, List<JsonNode>> mutation : mutations(valid).entrySet()) {
                for (JsonNode mutated : mutation.getValue()) {
                    cases.add(request(mutation.getKey() + " in " + abbreviate(mutated.toString()), path, mutated.toString(), null));
                }
            }
        }

        /** The valid body with a string field large enough to pass the request size limit. */
        private String padded() {
            ObjectNode node = (ObjectNode) JSON.readTree(body).deepCopy();
            node.put("padding", "x".repeat(OVERSIZED_BYTES));
            return node.toString();
        }

        /** For each field: the body with that field (only) made wrong in every way that fits its kind. */
        private Map<String, List<JsonNode>> mutations(JsonNode valid) {
            Map<String, List<JsonNode>> all = new LinkedHashMap<>();
            for (String field : fields(valid, "")) {
                JsonNode value = at(valid, field);
                List<JsonNode> wrong = new ArrayList<>();
                if (!optional.contains(field)) {
                    wrong.add(NODES.nullNode());
                    wrong.add(null);
                }
                wrong.add(NODES.objectNode());
                if (value.isNumber()) {
                    wrong.addAll(List.of(NODES.stringNode("lots"), NODES.booleanNode(true), NODES.arrayNode(),
                            NODES.numberNode(-1), NODES.numberNode(1.5),
                            NODES.numberNode(new java.math.BigInteger("99999999999999999999")),
                            NODES.numberNode(new java.math.BigInteger("-99999999999999999999")),
                            NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(new java.math.BigDecimal("1e400"))));
                    if (!opaqueIds.contains(field) && !unbounded.contains(field)) {
                        wrong.add(NODES.numberNode(Long.MAX_VALUE));
                    }
                } else if (value.isArray()) {
                    wrong.addAll(List.of(NODES.stringNode("x"), NODES.numberNode(1), NODES.arrayNode(),
                            NODES.arrayNode().add(NODES.nullNode())));
                } else if (value.isString()) {
                    wrong.addAll(List.of(NODES.arrayNode(), NODES.stringNode("x".repeat(20_000))));
                }
                for (JsonNode replacement : wrong) {
                    all.computeIfAbsent(field + " = " + (replacement == null ? "(missing)" : abbreviate(replacement.toString())),
                            k -> new ArrayList<>()).add(replaced(valid, field, replacement));
                }
            }
            return all;
        }

        private Case request(String what, String path, String body, ErrorCode expected) {
            return new Case(name(), what, method, path, body == null ? null : "application/json", body, false, expected);
        }

        private String expand(Object[] values) {
            Matcher matcher = PATH_VARIABLE.matcher(template);
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(values[i++])));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }

    /**
     * A service's whole bad-input check: sends every case of every endpoint, asserts each answer is a problem
     * with its code's status, that {@code state} (what the service stores) reads the same afterwards, and that
     * {@code endpoints} cover every endpoint the application maps.
     */
    public Report runWithoutChange(ApplicationContext context, java.util.function.Supplier<?> state, Endpoint... endpoints) {
        Object before = state.get();
        Report report = run(endpoints);
        report.assertEveryAnswerIsAProblem();
        assertThat(state.get()).as("what the service stores, after the bad input").isEqualTo(before);
        assertCoversEveryEndpoint(context, endpoints);
        return report;
    }

    /** Sends every case of every endpoint, one at a time, and checks each answer. */
    public Report run(Endpoint... endpoints) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> codes = new java.util.TreeMap<>();
        int sent = 0;
        for (Endpoint endpoint : endpoints) {
            for (Case c : endpoint.cases()) {
                sent++;
                HttpResponse<String> answer = send(c);
                String contentType = answer.headers().firstValue("Content-Type").orElse("");
                String code = code(answer.body());
                codes.merge(code == null ? Integer.toString(answer.statusCode()) : code, 1, Integer::sum);
                String why = judge(c, answer.statusCode(), contentType, code, type(answer.body()));
                if (why != null) {
                    violations.add(new Violation(c, answer.statusCode(), contentType, answer.body(), why));
                }
            }
        }
        return new Report(sent, violations, codes);
    }

    private static String judge(Case c, int status, String contentType, String code, String type) {
        if (status < 400 || status > 499) {
            return "not a 4xx";
        }
        if (!contentType.startsWith("application/problem+json")) {
            return "not problem+json";
        }
        if (code == null) {
            return "no code";
        }
        ErrorCode known;
        try {
            known = ErrorCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return "unknown code " + code;
        }
        if (known.status() != status) {
            return code + " is answered with " + known.status() + ", not " + status;
        }
        if (!known.type().toString().equals(type)) {
            return code + " has the problem type " + known.type() + ", not " + type;
        }
        if (c.expectedCode() != null && c.expectedCode() != known) {
            return "expected " + c.expectedCode();
        }
        return null;
    }

    private HttpResponse<String> send(Case c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + c.path())).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (c.body() == null) {
            request.method(c.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            byte[] bytes = c.body().getBytes(StandardCharsets.UTF_8);
            request.header("Content-Type", c.contentType())
                    .method(c.method(), c.chunked()
                            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                            : HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(c.endpoint() + " [" + c.what() + "] got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Fails unless {@code endpoints} cover every request mapping of the application (bar {@code /error}): an
     * endpoint added later without bad-input cases fails the fuzz test instead of going unnoticed.
     */
    public static void assertCoversEveryEndpoint(ApplicationContext context, Endpoint... endpoints) {
        Set<String> mapped = new TreeSet<>();
        Map<RequestMappingInfo, HandlerMethod> handlers =
                context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods();
        handlers.keySet().forEach(info -> info.getPatternValues().stream()
                .filter(pattern -> !pattern.startsWith("/error"))
                .forEach(pattern -> info.getMethodsCondition().getMethods().forEach(method ->
                        mapped.add(method.name() + " " + PATH_VARIABLE.matcher(pattern).replaceAll("{}")))));
        Set<String> fuzzed = Arrays.stream(endpoints).map(Endpoint::normalizedTemplate).collect(Collectors.toCollection(TreeSet::new));
        assertThat(fuzzed).as("endpoints fuzzed versus endpoints the service maps").containsAll(mapped);
    }

    private static String type(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("type").isString() ? node.path("type").asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String code(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("code").isString() ? node.path("code").asString() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Every field's path: {@code a}, {@code a.b}, and {@code items[].x} for the fields of an array's first element. */
    private static List<String> fields(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String path = prefix + entry.getKey();
                paths.add(path);
                JsonNode child = entry.getValue();
                if (child.isObject()) {
                    paths.addAll(fields(child, path + "."));
                } else if (child.isArray() && !child.isEmpty() && child.get(0).isObject()) {
                    paths.addAll(fields(child.get(0), path + "[]."));
                }
            }
        }
        return paths;
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = part.endsWith("[]") ? node.path(part.substring(0, part.length() - 2)).get(0) : node.path(part);
        }
        return node;
    }

    /** A copy of {@code root} with the field at {@code path} set to {@code value}, or removed when it is null. */
    private static JsonNode replaced(JsonNode root, String path, JsonNode value) {
        JsonNode copy = root.deepCopy();
        String[] parts = path.split("\\.");
        JsonNode parent = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            parent = part.endsWith("[]") ? ((ArrayNode) parent.path(part.substring(0, part.length() - 2))).get(0) : parent.path(part);
        }
        ObjectNode object = (ObjectNode) parent;
        String last = parts[parts.length - 1];
        if (value == null) {
            object.remove(last);
        } else {
            object.set(last, value);
        }
        return copy;
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
