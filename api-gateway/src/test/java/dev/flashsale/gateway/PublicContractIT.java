package dev.flashsale.gateway;

import dev.flashsale.contracts.ErrorCode;
import dev.flashsale.gateway.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document the gateway serves is held to the public contract, docs/api.md (every path, every error code), and the
 * gateway is held to the document: every documented operation reaches the service that owns it, and
 * needs a token exactly when the document says so.
 */
@GatewayIntegrationTest
class PublicContractIT {

    /** Every operation of the first public contract and the service that owns it. */
    private static final Map<String, String> API_MD = new LinkedHashMap<>();

    static {
        API_MD.put("POST /api/v1/admin/users", "balance");
        API_MD.put("GET /api/v1/users/{userId}/balance", "balance");
        API_MD.put("POST /api/v1/users/{userId}/balance/charge", "balance");
        API_MD.put("GET /api/v1/users/{userId}/balance/history", "balance");
        API_MD.put("POST /api/v1/admin/products", "product");
        API_MD.put("GET /api/v1/products", "product");
        API_MD.put("GET /api/v1/products/{productId}", "product");
        API_MD.put("PATCH /api/v1/admin/variants/{variantId}/stock", "product");
        API_MD.put("POST /api/v1/admin/coupons", "coupon");
        API_MD.put("GET /api/v1/coupons/{couponId}", "coupon");
        API_MD.put("POST /api/v1/coupons/{couponId}/issue", "coupon");
        API_MD.put("GET /api/v1/users/{userId}/coupons", "coupon");
        API_MD.put("POST /api/v1/orders", "order");
        API_MD.put("GET /api/v1/orders/{orderId}", "order");
        API_MD.put("GET /api/v1/users/{userId}/orders", "order");
        API_MD.put("GET /api/v1/products/popular", "ranking");
        API_MD.put("POST /api/v1/dev/tokens", "gateway");
    }

    /** Operations the services added to the first contract, which the contract allows. */
    private static final Map<String, String> ADDED = Map.of(
            "GET /api/v1/users/{userId}", "balance");

    /** The error table of the public contract (docs/api.md). */
    private static final Set<String> API_MD_CODES = Set.of("VALIDATION_FAILED", "UNAUTHORIZED", "FORBIDDEN",
            "USER_NOT_FOUND", "PRODUCT_NOT_FOUND", "COUPON_NOT_FOUND", "ORDER_NOT_FOUND", "BALANCE_LIMIT_EXCEEDED",
            "COUPON_SOLD_OUT", "COUPON_ALREADY_ISSUED", "COUPON_NOT_ISSUABLE", "IDEMPOTENCY_KEY_REUSED",
            "RATE_LIMITED", "SERVICE_UNAVAILABLE");

    @Autowired
    RestTestClient http;

    private JsonNode document;

    @BeforeEach
    void readTheDocument() {
        String json = http.get().uri("/v3/api-docs").exchange()
                .expectStatus().is2xxSuccessful()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .returnResult(String.class).getResponseBody();
        document = JsonMapper.shared().readTree(json);
    }

    @Test
    void theDocumentHasEveryOperationOfApiMdAndTheAddedOnes() {
        assertThat(operations()).containsExactlyInAnyOrderElementsOf(allOperations().keySet());
    }

    @Test
    void theDocumentKnowsEveryErrorCodeAClientCanSee() {
        Set<String> documented = new java.util.HashSet<>();
        document.at("/components/schemas/ErrorCode/enum").forEach(code -> documented.add(code.asString()));

        assertThat(documented).containsAll(API_MD_CODES);
        // TIMEOUT is only ever an order's failure reason, never an HTTP answer.
        assertThat(documented).containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values())
                .filter(code -> code != ErrorCode.TIMEOUT).map(Enum::name).toList());
    }

    @Test
    void eachOperationDocumentsTheErrorsApiMdGivesIt() {
        assertThat(answersOf("POST /api/v1/users/{userId}/balance/charge"))
                .contains("BALANCE_LIMIT_EXCEEDED", "IDEMPOTENCY_KEY_REUSED", "USER_NOT_FOUND", "FORBIDDEN", "RATE_LIMITED");
        assertThat(answersOf("POST /api/v1/coupons/{couponId}/issue"))
                .contains("COUPON_SOLD_OUT", "COUPON_ALREADY_ISSUED", "COUPON_NOT_ISSUABLE", "COUPON_NOT_FOUND", "RATE_LIMITED");
        assertThat(answersOf("POST /api/v1/orders")).contains("IDEMPOTENCY_KEY_REUSED", "VALIDATION_FAILED", "RATE_LIMITED");
        assertThat(answersOf("GET /api/v1/orders/{orderId}")).contains("ORDER_NOT_FOUND", "FORBIDDEN");
        assertThat(answersOf("GET /api/v1/products/{productId}")).contains("PRODUCT_NOT_FOUND");
        assertThat(answersOf("GET /api/v1/coupons/{couponId}")).contains("COUPON_NOT_FOUND");
        for (String operation : allOperations().keySet()) {
            if (!allOperations().get(operation).equals("gateway")) {
                assertThat(answersOf(operation)).as(operation).contains("SERVICE_UNAVAILABLE", "RATE_LIMITED");
            }
            if (requiresToken(operation)) {
                assertThat(answersOf(operation)).as(operation).contains("UNAUTHORIZED");
            }
        }
    }

    @Test
    void everyDocumentedOperationReachesTheServiceThatOwnsIt() {
        String admin = TestTokens.admin(TestTokens.newUserId());
        for (Map.Entry<String, String> operation : allOperations().entrySet()) {
            if (operation.getValue().equals("gateway")) {
                continue;
            }
            assertReaches(operation.getKey(), operation.getValue(), admin);
        }
    }

    @Test
    void theServicesOperationalPathsReachThemToo() {
        String admin = TestTokens.admin(TestTokens.newUserId());
        Map<String, String> operational = new LinkedHashMap<>();
        operational.put("GET /api/v1/admin/balance/audit", "balance");
        operational.put("GET /api/v1/admin/products/audit", "product");
        operational.put("GET /api/v1/coupons/{couponId}/audit", "coupon");
        operational.put("GET /api/v1/users/{userId}/coupons/{userCouponId}", "coupon");
        operational.put("GET /api/v1/admin/orders/audit", "order");
        operational.put("GET /api/v1/admin/sagas", "order");
        operational.put("POST /api/v1/admin/sagas/{orderId}/redrive", "order");
        operational.put("POST /api/v1/admin/ranking/aggregate", "ranking");
        for (Map.Entry<String, String> operation : operational.entrySet()) {
            assertReaches(operation.getKey(), operation.getValue(), admin);
        }
    }

    @Test
    void everyOperationNeedsATokenExactlyWhenTheDocumentSaysSo() {
        for (String operation : allOperations().keySet()) {
            if (allOperations().get(operation).equals("gateway")) {
                continue;
            }
            int status = call(operation, null).returnResult(String.class).getStatus().value();
            if (requiresToken(operation)) {
                assertThat(status).as(operation).isEqualTo(401);
            } else {
                assertThat(status).as(operation).isEqualTo(200);
            }
        }
    }

    @Test
    void swaggerUiIsServedWithoutAToken() {
        http.get().uri("/swagger-ui/index.html").exchange().expectStatus().is2xxSuccessful();
        http.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody().jsonPath("$.url").isEqualTo("/v3/api-docs");
        http.get().uri("/v3/api-docs.yaml").exchange().expectStatus().is2xxSuccessful();
    }

    private static Map<String, String> allOperations() {
        Map<String, String> all = new LinkedHashMap<>(API_MD);
        all.putAll(ADDED);
        return all;
    }

    private List<String> operations() {
        List<String> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method ->
                operations.add(method.getKey().toUpperCase() + " " + path.getKey())));
        return operations;
    }

    private JsonNode operation(String operation) {
        String[] methodAndPath = operation.split(" ");
        return document.get("paths").get(methodAndPath[1]).get(methodAndPath[0].toLowerCase());
    }

    private boolean requiresToken(String operation) {
        JsonNode security = operation(operation).get("security");
        return security == null || !security.isEmpty();
    }

    /** The operation's responses with every referenced response spelled out. */
    private String answersOf(String operation) {
        StringBuilder text = new StringBuilder();
        operation(operation).get("responses").forEach(response -> {
            JsonNode ref = response.get("$ref");
            text.append(ref == null ? response : document.at(ref.asString().substring(1)));
        });
        return text.toString();
    }

    private void assertReaches(String operation, String service, String token) {
        String answer = call(operation, token).expectStatus().is2xxSuccessful().returnResult(String.class).getResponseBody();
        assertThat(JsonMapper.shared().readTree(answer).path("service").asString()).as(operation).isEqualTo(service);
    }

    private RestTestClient.ResponseSpec call(String operation, String token) {
        String[] methodAndPath = operation.split(" ");
        long id = TestTokens.newUserId();
        String path = methodAndPath[1].replaceAll("\\{[^}]+}", Long.toString(id));
        RestTestClient.RequestBodySpec request = http.method(HttpMethod.valueOf(methodAndPath[0])).uri(path);
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, token);
        }
        if (!methodAndPath[0].equals("GET")) {
            request.contentType(MediaType.APPLICATION_JSON).body("{}");
        }
        return request.exchange();
    }
}
