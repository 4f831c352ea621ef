package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls a test-only servlet of the helper WAR ({@link Deployments#earWithHelperWar}) from a client-side test. */
final class HelperServlets {

    private HelperServlets() {
    }

    /** POSTs a form to {@code servletPath} (e.g. {@code "/cluster-seed"}) and returns its JSON answer; anything but 200 fails. */
    static JsonObject post(String servletPath, String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestStack.portalUrl()
                        + Deployments.HELPER_CONTEXT_ROOT + servletPath))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(120)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.createReader(new StringReader(response.body())).readObject();
    }
}
