package dev.flashsale.web;

import dev.flashsale.web.testapp.ProblemTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service whose actuator runs on a management port of its own ({@code MANAGEMENT_SERVER_PORT}), which the public
 * network does not reach: there the operator endpoints need no secret, and the public port has none of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = ProblemTestApplication.class,
        properties = {"GATEWAY_SECRET=" + CallerFilterIT.SECRET, "management.server.port=0"})
class ManagementPortIT {

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void operatorEndpointsOnTheManagementPortNeedNoSecret() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(get(managementPort, "/actuator/metrics").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void thePublicPortKeepsItsCallerCheckAndOffersNoOperatorEndpoint() throws Exception {
        assertThat(get(port, "/actuator/metrics").statusCode()).isEqualTo(401);
        assertThat(get(port, "/things/12").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
