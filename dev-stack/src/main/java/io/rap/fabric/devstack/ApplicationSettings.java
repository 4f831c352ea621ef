package io.rap.fabric.devstack;

import io.rap.fabric.devstack.keycloak.RealmSettings;
import io.rap.fabric.devstack.postgres.DatabaseSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration the control plane reads, by its environment variable names (docs/configuration.md).
 * WildFly's standalone.xml (portal-ear/src/main/wildfly/configure-server.cli) and the domain's RapConfig
 * accept each {@code RAP_X_Y} also as system property {@code rap.x.y}: {@code ./rap-dev} passes the
 * environment, the Arquillian-managed server gets the system properties.
 */
public record ApplicationSettings(Map<String, String> environment) {

    public static final String DB_URL = "RAP_DB_URL";
    public static final String DB_USER = "RAP_DB_USER";
    public static final String DB_PASSWORD = "RAP_DB_PASSWORD";
    public static final String OIDC_PROVIDER_URL = "RAP_OIDC_PROVIDER_URL";
    public static final String OIDC_OWNER_SECRET = "RAP_OIDC_OWNER_SECRET";
    public static final String OIDC_CLUSTER_SECRET = "RAP_OIDC_CLUSTER_SECRET";
    public static final String OIDC_ORG_SECRET = "RAP_OIDC_ORG_SECRET";
    public static final String CA_KEK = "RAP_CA_KEK";
    public static final String PUBLIC_URL = "RAP_PUBLIC_URL";
    public static final String STEP_UP_MAX_AGE = "RAP_STEP_UP_MAX_AGE_SECONDS";

    public ApplicationSettings {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    public static ApplicationSettings of(DatabaseSettings database, String issuerUrl, RealmSettings realm,
                                         ServerSecrets secrets, String publicUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(DB_URL, database.jdbcUrl());
        env.put(DB_USER, database.user());
        env.put(DB_PASSWORD, database.password());
        env.put(OIDC_PROVIDER_URL, issuerUrl);
        env.put(OIDC_OWNER_SECRET, realm.clientSecret("rap-owner"));
        env.put(OIDC_CLUSTER_SECRET, realm.clientSecret("rap-cluster"));
        env.put(OIDC_ORG_SECRET, realm.clientSecret("rap-org"));
        env.put(CA_KEK, secrets.caKek());
        env.put(PUBLIC_URL, publicUrl);
        env.put(STEP_UP_MAX_AGE, String.valueOf(realm.stepUpMaxAgeSeconds()));
        return new ApplicationSettings(env);
    }

    /** {@code RAP_DB_URL} becomes {@code rap.db.url}. */
    public static String propertyName(String environmentName) {
        return environmentName.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public Map<String, String> systemProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        environment.forEach((name, value) -> properties.put(propertyName(name), value));
        return properties;
    }

    @Override
    public String toString() {
        return "ApplicationSettings" + environment.keySet();
    }
}
