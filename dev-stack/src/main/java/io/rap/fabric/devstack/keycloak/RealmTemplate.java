package io.rap.fabric.devstack.keycloak;

import jakarta.json.Json;
import jakarta.json.JsonArray;
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
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The realm template of module keycloak-realm ({@code /rap-realm.json} on the class path), filled for one run.
 *
 * <p>The template uses Keycloak's own import placeholders ({@code ${RAP_PORTAL_BASE_URL}},
 * {@code ${RAP_OWNER_CLIENT_SECRET}}, ...) so production can import it unchanged with environment variables.
 * The dev stack resolves them itself and adds the demo users, which must never reach production.
 */
public final class RealmTemplate {

    public static final String REALM = "rap";
    public static final String RESOURCE = "/rap-realm.json";
    public static final String PORTAL_BASE_URL_VARIABLE = "RAP_PORTAL_BASE_URL";
    public static final String STEP_UP_MAX_AGE_VARIABLE = "RAP_STEP_UP_MAX_AGE_SECONDS";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");

    private RealmTemplate() {
    }

    /** {@code rap-owner} → {@code RAP_OWNER_CLIENT_SECRET}: the environment variable an operator sets. */
    public static String secretVariable(String clientId) {
        return clientId.toUpperCase(Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET";
    }

    public static JsonObject load() {
        try (InputStream in = RealmTemplate.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " not on the class path: is rap-keycloak-realm a dependency?");
            }
            try (JsonReader reader = Json.createReader(in)) {
                return reader.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The importable realm: placeholders resolved, demo users with password and TOTP credential added. */
    public static JsonObject render(RealmSettings settings) {
        JsonObject template = load();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(PORTAL_BASE_URL_VARIABLE, settings.portalBaseUrl());
        variables.put(STEP_UP_MAX_AGE_VARIABLE, String.valueOf(settings.stepUpMaxAgeSeconds()));
        settings.clientSecrets().forEach((clientId, secret) -> variables.put(secretVariable(clientId), secret));

        Set<String> templateClients = new TreeSet<>();
        for (JsonValue client : template.getJsonArray("clients")) {
            templateClients.add(client.asJsonObject().getString("clientId"));
        }
        if (!templateClients.equals(new TreeSet<>(settings.clientSecrets().keySet()))) {
            throw new IllegalArgumentException("settings have secrets for " + settings.clientSecrets().keySet()
                    + " but the realm template defines clients " + templateClients);
        }

        Set<String> unresolved = new TreeSet<>();
        JsonObject resolved = (JsonObject) resolve(template, variables, unresolved);
        if (!unresolved.isEmpty()) {
            throw new IllegalStateException("realm template uses unknown placeholders " + unresolved);
        }
        JsonArrayBuilder users = Json.createArrayBuilder();
        settings.users().forEach(user -> users.add(user(user)));
        return Json.createObjectBuilder(resolved).add("users", users).build();
    }

    public static String renderText(RealmSettings settings) {
        StringWriter out = new StringWriter();
        JsonWriterFactory factory = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
        try (JsonWriter writer = factory.createWriter(out)) {
            writer.writeObject(render(settings));
        }
        return out.toString();
    }

    private static JsonValue resolve(JsonValue value, Map<String, String> variables, Set<String> unresolved) {
        switch (value.getValueType()) {
            case OBJECT: {
                JsonObjectBuilder copy = Json.createObjectBuilder();
                value.asJsonObject().forEach((key, child) -> copy.add(key, resolve(child, variables, unresolved)));
                return copy.build();
            }
            case ARRAY: {
                JsonArrayBuilder copy = Json.createArrayBuilder();
                for (JsonValue child : (JsonArray) value) {
                    copy.add(resolve(child, variables, unresolved));
                }
                return copy.build();
            }
            case STRING: {
                Matcher matcher = PLACEHOLDER.matcher(((JsonString) value).getString());
                StringBuilder out = new StringBuilder();
                while (matcher.find()) {
                    String replacement = variables.get(matcher.group(1));
                    if (replacement == null) {
                        unresolved.add(matcher.group(1));
                        replacement = matcher.group();
                    }
                    matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
                }
                matcher.appendTail(out);
                return Json.createValue(out.toString());
            }
            default:
                return value;
        }
    }

    private static JsonObject user(DemoUser user) {
        // Keycloak stores both fields as JSON text inside JSON; without secretEncoding it would take the
        // base32 string's bytes as the key and every code would be wrong.
        String secretData = Json.createObjectBuilder().add("value", user.totpSecretBase32()).build().toString();
        String credentialData = Json.createObjectBuilder()
                .add("subType", "totp")
                .add("digits", Totp.DIGITS)
                .add("counter", 0)
                .add("period", Totp.PERIOD_SECONDS)
                .add("algorithm", "HmacSHA1")
                .add("secretEncoding", "BASE32")
                .build().toString();
        return Json.createObjectBuilder()
                .add("username", user.username())
                .add("enabled", true)
                // a complete profile, or Keycloak's declarative user profile adds a "verify profile" step
                .add("email", user.username() + "@rap.example")
                .add("emailVerified", true)
                .add("firstName", "Demo")
                .add("lastName", user.username())
                .add("credentials", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder()
                                .add("type", "password")
                                .add("value", user.password())
                                .add("temporary", false))
                        .add(Json.createObjectBuilder()
                                .add("type", "otp")
                                .add("userLabel", "RAP demo authenticator")
                                .add("secretData", secretData)
                                .add("credentialData", credentialData)))
                .add("realmRoles", Json.createArrayBuilder(user.realmRoles()))
                .add("requiredActions", JsonValue.EMPTY_JSON_ARRAY)
                .build();
    }
}
