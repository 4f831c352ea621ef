package io.rap.fabric.devstack.keycloak;

import io.rap.fabric.devstack.SecretFiles;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything secret the dev realm needs: client secrets, demo users (password + TOTP) and the bootstrap admin.
 * Generated once, persisted to a 0600 file and reused, so restarts keep the same logins and the same
 * Keycloak data. {@link #toString()} redacts secrets.
 */
public record RealmSettings(String portalBaseUrl, Map<String, String> clientSecrets, List<DemoUser> users,
                            AdminCredentials admin, int stepUpMaxAgeSeconds) {

    /**
     * How long a level-2 (TOTP) authentication counts as fresh: Keycloak's LoA level-2 max age, and the
     * control plane's {@code RAP_STEP_UP_MAX_AGE_SECONDS}. The two must agree, or step-up loops or nags.
     */
    public static final int DEFAULT_STEP_UP_MAX_AGE_SECONDS = 300;

    /** The confidential clients of the realm template, one per portal. */
    public static final List<String> CLIENT_IDS = List.of("rap-owner", "rap-cluster", "rap-org");

    private static final int FORMAT = 1;

    public RealmSettings {
        portalBaseUrl = normalizeBaseUrl(portalBaseUrl);
        clientSecrets = Collections.unmodifiableMap(new TreeMap<>(clientSecrets));
        users = List.copyOf(users);
        Objects.requireNonNull(admin, "admin");
        if (stepUpMaxAgeSeconds < 10 || stepUpMaxAgeSeconds > 900) {
            throw new IllegalArgumentException("step-up max age must be between 10 and 900 seconds");
        }
        for (String clientId : CLIENT_IDS) {
            String secret = clientSecrets.get(clientId);
            if (secret == null || secret.length() < 32) {
                throw new IllegalArgumentException("client " + clientId + " needs a secret of at least 32 characters");
            }
        }
        long distinct = users.stream().map(DemoUser::username).distinct().count();
        if (distinct != users.size()) {
            throw new IllegalArgumentException("demo usernames must be unique");
        }
    }

    public RealmSettings(String portalBaseUrl, Map<String, String> clientSecrets, List<DemoUser> users,
                         AdminCredentials admin) {
        this(portalBaseUrl, clientSecrets, users, admin, DEFAULT_STEP_UP_MAX_AGE_SECONDS);
    }

    /** Keeps the three-argument shape: the bootstrap admin gets a fresh random password. */
    public RealmSettings(String portalBaseUrl, Map<String, String> clientSecrets, List<DemoUser> users) {
        this(portalBaseUrl, clientSecrets, users, new AdminCredentials("admin", Secrets.password()));
    }

    public RealmSettings withStepUpMaxAge(int seconds) {
        return new RealmSettings(portalBaseUrl, clientSecrets, users, admin, seconds);
    }

    /**
     * The same realm plus one more person with a fresh password and TOTP secret. Only the test stack
     * uses it (the isolation matrix needs a second cluster admin, a second organization admin and a
     * person without grants); the dev realm keeps its three demo users.
     */
    public RealmSettings withExtraUser(String username, List<String> realmRoles) {
        List<DemoUser> more = new ArrayList<>(users);
        more.add(new DemoUser(username, Secrets.password(), Secrets.totpSecret(), realmRoles));
        return new RealmSettings(portalBaseUrl, clientSecrets, more, admin, stepUpMaxAgeSeconds);
    }

    /** Fresh secrets: 256-bit client secrets, 24-character passwords, 160-bit TOTP keys. */
    public static RealmSettings generate(String portalBaseUrl) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String clientId : CLIENT_IDS) {
            secrets.put(clientId, Secrets.clientSecret());
        }
        List<DemoUser> users = List.of(
                new DemoUser("owner", Secrets.password(), Secrets.totpSecret(), List.of("platform-owner")),
                new DemoUser("cluster-admin", Secrets.password(), Secrets.totpSecret(), List.of("cluster-admin")),
                new DemoUser("org-admin", Secrets.password(), Secrets.totpSecret(), List.of("org-admin")));
        return new RealmSettings(portalBaseUrl, secrets, users, new AdminCredentials("admin", Secrets.password()));
    }

    /**
     * Reads {@code file} if it exists (re-targeting it to {@code portalBaseUrl} when that changed, secrets kept),
     * otherwise generates new settings; writes the result back with mode 0600 whenever it is new or changed.
     */
    public static RealmSettings loadOrGenerate(Path file, String portalBaseUrl) throws IOException {
        String wanted = normalizeBaseUrl(portalBaseUrl);
        if (Files.exists(file)) {
            RealmSettings stored = read(file);
            if (stored.portalBaseUrl().equals(wanted)) {
                return stored;
            }
            RealmSettings moved = stored.withPortalBaseUrl(wanted);
            moved.write(file);
            return moved;
        }
        RealmSettings fresh = generate(wanted);
        fresh.write(file);
        return fresh;
    }

    public RealmSettings withPortalBaseUrl(String newPortalBaseUrl) {
        return new RealmSettings(newPortalBaseUrl, clientSecrets, users, admin, stepUpMaxAgeSeconds);
    }

    public String clientSecret(String clientId) {
        String secret = clientSecrets.get(clientId);
        if (secret == null) {
            throw new IllegalArgumentException("no secret for client " + clientId);
        }
        return secret;
    }

    public DemoUser user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no demo user " + username));
    }

    public JsonObject toJson() {
        JsonObjectBuilder secrets = Json.createObjectBuilder();
        clientSecrets.forEach(secrets::add);
        JsonArrayBuilder userArray = Json.createArrayBuilder();
        for (DemoUser user : users) {
            userArray.add(Json.createObjectBuilder()
                    .add("username", user.username())
                    .add("password", user.password())
                    .add("totpSecretBase32", user.totpSecretBase32())
                    .add("realmRoles", Json.createArrayBuilder(user.realmRoles())));
        }
        return Json.createObjectBuilder()
                .add("format", FORMAT)
                .add("portalBaseUrl", portalBaseUrl)
                .add("clientSecrets", secrets)
                .add("users", userArray)
                .add("admin", Json.createObjectBuilder()
                        .add("username", admin.username())
                        .add("password", admin.password()))
                .add("stepUpMaxAgeSeconds", stepUpMaxAgeSeconds)
                .build();
    }

    public static RealmSettings fromJson(JsonObject json) {
        if (json.getInt("format", -1) != FORMAT) {
            throw new IllegalArgumentException("unsupported realm settings format " + json.get("format"));
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        json.getJsonObject("clientSecrets").forEach((id, value) -> secrets.put(id, ((JsonString) value).getString()));
        List<DemoUser> users = new ArrayList<>();
        for (JsonValue value : json.getJsonArray("users")) {
            JsonObject user = value.asJsonObject();
            users.add(new DemoUser(user.getString("username"), user.getString("password"),
                    user.getString("totpSecretBase32"),
                    user.getJsonArray("realmRoles").getValuesAs(JsonString::getString)));
        }
        JsonObject admin = json.getJsonObject("admin");
        return new RealmSettings(json.getString("portalBaseUrl"), secrets, users,
                new AdminCredentials(admin.getString("username"), admin.getString("password")),
                json.getInt("stepUpMaxAgeSeconds", DEFAULT_STEP_UP_MAX_AGE_SECONDS));
    }

    public String toJsonText() {
        StringWriter out = new StringWriter();
        JsonWriterFactory factory = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        try (JsonWriter writer = factory.createWriter(out)) {
            writer.writeObject(toJson());
        }
        return out.toString();
    }

    public static RealmSettings fromJsonText(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return fromJson(reader.readObject());
        }
    }

    /** Writes atomically; the file is created 0600 before any secret is in it. */
    public void write(Path file) throws IOException {
        SecretFiles.write(file, toJsonText());
    }

    public static RealmSettings read(Path file) throws IOException {
        SecretFiles.requireOwnerOnly(file);
        try {
            return fromJsonText(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException("cannot read realm settings from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "RealmSettings[portalBaseUrl=" + portalBaseUrl + ", clients=" + clientSecrets.keySet()
                + ", users=" + users + ", admin=" + admin + ", stepUpMaxAgeSeconds=" + stepUpMaxAgeSeconds + "]";
    }

    private static String normalizeBaseUrl(String url) {
        Objects.requireNonNull(url, "portalBaseUrl");
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        URI uri = URI.create(trimmed);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("portalBaseUrl must be an http(s) origin with an optional path: " + url);
        }
        return trimmed;
    }
}
