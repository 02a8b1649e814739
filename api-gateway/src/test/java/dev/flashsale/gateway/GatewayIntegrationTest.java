package dev.flashsale.gateway;

import dev.flashsale.gateway.support.StubServices;
import dev.flashsale.gateway.support.TestTokens;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.http.server.LocalTestWebServer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.http.HttpClient;

/**
 * The gateway over real HTTP in front of {@link StubServices}, one stub per service, in the default
 * (non-local) profile. Every integration test class of this module uses this one annotation and nothing
 * else that changes the context, so Spring starts once. The gateway needs no database or broker.
 *
 * <p>Ranking is the service the resilience tests break: it alone gets a short time limit and a breaker
 * that opens after a few calls. The coupon-issue and order-submit limits are low enough to hit.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "GATEWAY_SECRET=" + GatewayIntegrationTest.DOWNSTREAM_SECRET,
        "flashsale.gateway.jwt.secret=" + TestTokens.SECRET,
        "flashsale.gateway.services.ranking.time-limit=" + GatewayIntegrationTest.RANKING_TIME_LIMIT_MS + "ms",
        "resilience4j.circuitbreaker.instances.ranking.sliding-window-size=4",
        "resilience4j.circuitbreaker.instances.ranking.minimum-number-of-calls=4",
        "resilience4j.circuitbreaker.instances.ranking.failure-rate-threshold=50",
        "resilience4j.circuitbreaker.instances.ranking.wait-duration-in-open-state=2s",
        "resilience4j.circuitbreaker.instances.ranking.permitted-number-of-calls-in-half-open-state=1",
        "resilience4j.ratelimiter.configs.default.limit-for-period=100000",
        "resilience4j.ratelimiter.configs.coupon-issue.limit-for-period=3",
        "resilience4j.ratelimiter.configs.coupon-issue.limit-refresh-period=1m",
        "resilience4j.ratelimiter.configs.order-submit.limit-for-period=3",
        "resilience4j.ratelimiter.configs.order-submit.limit-refresh-period=1m"})
@ContextConfiguration(initializers = StubServices.class)
@Import(GatewayIntegrationTest.PlainTestClient.class)
@AutoConfigureRestTestClient
public @interface GatewayIntegrationTest {

    String DOWNSTREAM_SECRET = "test-secret-shared-by-gateway-and-services";
    int RANKING_TIME_LIMIT_MS = 500;

    /**
     * The tests' client must show exactly what the gateway answered. By default it would use Apache
     * HttpClient (on the classpath for the gateway), which follows redirects and retries 429 and 503
     * after their Retry-After; the JDK client with redirects off does neither.
     */
    @TestConfiguration(proxyBeanMethods = false)
    class PlainTestClient {

        @Bean
        RestTestClient restTestClient(WebApplicationContext context) {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            return RestTestClient.bindToServer(new JdkClientHttpRequestFactory(client))
                    .uriBuilderFactory(LocalTestWebServer.obtain(context).uriBuilderFactory())
                    .build();
        }
    }
}
