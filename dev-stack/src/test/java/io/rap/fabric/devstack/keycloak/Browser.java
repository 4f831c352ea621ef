package io.rap.fabric.devstack.keycloak;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * Just enough of a browser for Keycloak's login pages: one cookie jar per instance (an SSO session), redirects
 * followed while they stay on Keycloak, and stopped at the first redirect to the application.
 */
final class Browser {

    private static final int MAX_REDIRECTS = 10;

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(new LoopbackCookieStore(), CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String keycloakOrigin;

    Browser(String keycloakBaseUrl) {
        this.keycloakOrigin = keycloakBaseUrl;
    }

    /** Either a Keycloak page or the redirect back to the application. */
    record Outcome(int status, URI uri, Document page, URI redirectToApp) {

        boolean isPage() {
            return page != null;
        }

        Optional<FormElement> form(String id) {
            return page == null ? Optional.empty() : Optional.ofNullable((FormElement) page.getElementById(id));
        }

        Map<String, String> redirectParameters() {
            if (redirectToApp == null) {
                throw new AssertionError("no redirect to the application; Keycloak showed " + describe());
            }
            return query(redirectToApp.getRawQuery());
        }

        String describe() {
            if (page == null) {
                return "a redirect to " + redirectToApp;
            }
            Element feedback = page.selectFirst("[id^=input-error], .pf-m-danger, .alert-error, #kc-page-title");
            return "HTTP " + status + " " + uri.getPath() + " titled '" + page.title() + "'"
                    + (feedback == null ? "" : ": " + feedback.text());
        }
    }

    Outcome open(URI uri) throws IOException, InterruptedException {
        return follow(HttpRequest.newBuilder(uri).GET());
    }

    /** Submits a Keycloak form with its own hidden fields plus {@code values}. */
    Outcome submit(FormElement form, Map<String, String> values) throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>();
        form.formData().forEach(field -> fields.put(field.key(), field.value()));
        fields.putAll(values);
        URI action = URI.create(form.absUrl("action"));
        return follow(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
    }

    private Outcome follow(HttpRequest.Builder first) throws IOException, InterruptedException {
        HttpRequest request = first.timeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < MAX_REDIRECTS; i++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307) {
                URI location = request.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (!location.toString().startsWith(keycloakOrigin + "/")) {
                    return new Outcome(status, request.uri(), null, location);
                }
                request = HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(30)).GET().build();
                continue;
            }
            Document page = Jsoup.parse(response.body(), request.uri().toString());
            return new Outcome(status, request.uri(), page, null);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects inside Keycloak");
    }

    static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(java.net.URLDecoder.decode(key, StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }
}
