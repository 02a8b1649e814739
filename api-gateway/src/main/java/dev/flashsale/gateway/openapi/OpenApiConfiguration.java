package dev.flashsale.gateway.openapi;

import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.models.OpenAPI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI document of the whole public API, served by springdoc at {@code /v3/api-docs}
 * ({@code .yaml} too) with Swagger UI at {@code /swagger-ui.html}. It is written by hand, contract first,
 * in {@code openapi/flashsale-api.yaml}: the public contract (docs/api.md) fixes what clients rely on, the
 * gateway adds to every operation the answers only it gives (401, 403, 429, 503), and a test holds the
 * document to the contract. springdoc
 * generates nothing of its own here (see {@code springdoc.packages-to-scan}).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String DOCUMENT = "openapi/flashsale-api.yaml";

    @Bean
    OpenAPI publicApi() {
        try (InputStream yaml = new ClassPathResource(DOCUMENT).getInputStream()) {
            return Yaml31.mapper().readValue(yaml, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }
}
