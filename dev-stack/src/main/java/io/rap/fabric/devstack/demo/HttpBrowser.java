package io.rap.fabric.devstack.demo;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.FormElement;

/**
 * Just enough of a browser for server-rendered pages on loopback: one cookie jar (one SSO session), redirects
 * followed across the portal and Keycloak, HTML forms submitted with their own fields.
 */
public final class HttpBrowser {

    private static final int MAX_REDIRECTS = 15;

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(new LoopbackCookieStore(), CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String origin;

    /** A browser that follows every redirect. */
    public HttpBrowser() {
        this(null);
    }

    private HttpBrowser(String origin) {
        this.origin = origin;
    }

    /**
     * A browser that follows redirects only while they stay on {@code origin} (e.g. {@code http://127.0.0.1:8180},
     * no trailing slash) and stops at the first one that leaves it, such as Keycloak's redirect back to an
     * application with the authorization code.
     */
    public static HttpBrowser within(String origin) {
        return new HttpBrowser(Objects.requireNonNull(origin, "origin"));
    }

    /**
     * A rendered page and where it came from; or, for a browser kept {@link #within(String) within} an origin, the
     * redirect out of it: then {@code redirect} is its target and {@code document} is null.
     */
    public record Page(URI uri, int status, Document document, URI redirect) {

        public boolean isRedirect() {
            return redirect != null;
        }

        public FormElement form(String id) {
            return findForm(id).orElseThrow(() -> new IllegalStateException("no form '" + id + "' on " + uri
                    + " (HTTP " + status + (document == null ? ", a redirect to " + redirect
                            : ", title '" + document.title() + "'") + ")"));
        }

        public Optional<FormElement> findForm(String id) {
            return document != null && document.getElementById(id) instanceof FormElement form
                    ? Optional.of(form) : Optional.empty();
        }

        public boolean hasElement(String id) {
            return document != null && document.getElementById(id) != null;
        }
    }

    /**
     * A new browser with its own cookie jar that starts with this one's cookies that {@code keep} accepts,
     * e.g. only Keycloak's: a second portal session of the same single sign-on session (the page benchmark).
     */
    public HttpBrowser sharing(java.util.function.Predicate<HttpCookie> keep) {
        HttpBrowser copy = new HttpBrowser(origin);
        CookieStore from = ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore();
        CookieStore to = ((CookieManager) copy.http.cookieHandler().orElseThrow()).getCookieStore();
        for (URI uri : from.getURIs()) {
            from.get(uri).stream().filter(keep).forEach(cookie -> to.add(uri, (HttpCookie) cookie.clone()));
        }
        return copy;
    }

    /** One request with this browser's cookies, no redirect followed, the body read whole (the page benchmark). */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public Page open(URI uri) throws IOException, InterruptedException {
        return follow(HttpRequest.newBuilder(uri).GET());
    }

    /**
     * Submits {@code form} with its own fields, overridden and extended by {@code values}. A field
     * the form sends several times (checked boxes of one group) keeps all its values unless
     * {@code values} overrides it.
     */
    public Page submit(FormElement form, Map<String, String> values) throws IOException, InterruptedException {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        form.formData().stream().filter(field -> !values.containsKey(field.key()))
                .forEach(field -> fields.add(Map.entry(field.key(), field.value())));
        values.forEach((key, value) -> fields.add(Map.entry(key, value)));
        URI action = URI.create(form.absUrl("action"));
        return follow(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(fields))));
    }

    private Page follow(HttpRequest.Builder first) throws IOException, InterruptedException {
        HttpRequest request = first.timeout(Duration.ofSeconds(60)).build();
        for (int i = 0; i < MAX_REDIRECTS; i++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 301 || status == 302 || status == 303 || status == 307) {
                URI location = request.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (origin != null && !location.toString().startsWith(origin + "/")) {
                    return new Page(request.uri(), status, null, location);
                }
                request = HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(60)).GET().build();
                continue;
            }
            return new Page(request.uri(), status, Jsoup.parse(response.body(), request.uri().toString()), null);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + first.build().uri());
    }

    /** {@code application/x-www-form-urlencoded}, also right for a query string. */
    public static String formEncode(Map<String, String> fields) {
        return formEncode(fields.entrySet());
    }

    /** The same for fields that may repeat. */
    public static String formEncode(java.util.Collection<Map.Entry<String, String>> fields) {
        return fields.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * Keycloak marks its cookies {@code Secure} even on http://127.0.0.1, where browsers still
     * send them (loopback is a secure context) but {@link CookieManager} would not.
     */
    private static final class LoopbackCookieStore implements CookieStore {

        private final CookieStore delegate = new CookieManager().getCookieStore();

        @Override
        public void add(URI uri, HttpCookie cookie) {
            if (uri != null && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()))) {
                cookie.setSecure(false);
            }
            delegate.add(uri, cookie);
        }

        @Override
        public List<HttpCookie> get(URI uri) {
            return delegate.get(uri);
        }

        @Override
        public List<HttpCookie> getCookies() {
            return delegate.getCookies();
        }

        @Override
        public List<URI> getURIs() {
            return delegate.getURIs();
        }

        @Override
        public boolean remove(URI uri, HttpCookie cookie) {
            return delegate.remove(uri, cookie);
        }

        @Override
        public boolean removeAll() {
            return delegate.removeAll();
        }
    }
}
