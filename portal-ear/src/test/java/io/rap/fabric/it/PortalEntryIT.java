package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.StackInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployed EAR from the outside: each portal hands an anonymous browser to Keycloak with its own client,
 * and the node API answers agents with problem details. Proves the provisioned server's OIDC and JAX-RS wiring
 * against the real Keycloak of the test stack.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PortalEntryIT {

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Deployment(testable = false)
    static EnterpriseArchive application() {
        return Deployments.ear();
    }

    @Test
    void ownerPortalSendsAnonymousBrowsersToKeycloak() throws Exception {
        assertRedirectsToKeycloak("owner", "rap-owner");
    }

    @Test
    void clusterPortalSendsAnonymousBrowsersToKeycloak() throws Exception {
        assertRedirectsToKeycloak("cluster", "rap-cluster");
    }

    @Test
    void orgPortalSendsAnonymousBrowsersToKeycloak() throws Exception {
        assertRedirectsToKeycloak("org", "rap-org");
    }

    @Test
    void nodeApiAnswersUnknownResourcesWithProblemDetails() throws Exception {
        StackInfo stack = TestStack.info();

        HttpResponse<String> response = http.send(get(stack.portalUrl("node-api") + "v1/no-such-resource"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private void assertRedirectsToKeycloak(String contextRoot, String clientId) throws Exception {
        StackInfo stack = TestStack.info();
        String authorizationEndpoint = discovery(stack.issuerUrl()).getString("authorization_endpoint");

        HttpResponse<Void> response = http.send(get(stack.portalUrl(contextRoot)), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).as("GET /%s/", contextRoot).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(authorizationEndpoint + "?");
        assertThat(authorizationEndpoint).startsWith(stack.issuerUrl() + "/");
        Map<String, String> query = query(location);
        assertThat(query).containsEntry("client_id", clientId).containsEntry("response_type", "code");
        assertThat(query.get("redirect_uri")).startsWith(stack.portalUrl(contextRoot));
    }

    private JsonObject discovery(String issuer) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(get(issuer + "/.well-known/openid-configuration"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
