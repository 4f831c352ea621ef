package io.rap.fabric.devstack;

import io.rap.fabric.devstack.keycloak.KeycloakDistribution;
import io.rap.fabric.devstack.keycloak.KeycloakLauncher;
import io.rap.fabric.devstack.keycloak.RealmSettings;
import io.rap.fabric.devstack.keycloak.RunningKeycloak;
import io.rap.fabric.devstack.postgres.DatabaseSettings;
import io.rap.fabric.devstack.postgres.EmbeddedDatabase;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What WildFly needs running before it boots: PostgreSQL (embedded, or external when {@code RAP_DB_URL} is set
 * and the profile allows it) and Keycloak with the {@code rap} realm. Used by {@code ./rap-dev} and by the
 * integration tests of portal-ear. {@link #close()} stops what was started, Keycloak first.
 */
public final class BackingServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackingServices.class);

    private final DatabaseSettings database;
    private final EmbeddedDatabase embeddedDatabase;
    private final RunningKeycloak keycloak;

    private BackingServices(DatabaseSettings database, EmbeddedDatabase embeddedDatabase, RunningKeycloak keycloak) {
        this.database = database;
        this.embeddedDatabase = embeddedDatabase;
        this.keycloak = keycloak;
    }

    /**
     * @param environment where {@code RAP_DB_*} of an external database come from (normally {@code System.getenv()})
     */
    public static BackingServices start(StackProfile profile, ServerSecrets secrets, RealmSettings realm,
                                        Map<String, String> environment) throws IOException, InterruptedException {
        EmbeddedDatabase embedded = null;
        DatabaseSettings database;
        Optional<DatabaseSettings> external = externalDatabase(profile, environment);
        if (external.isPresent()) {
            database = external.get();
            LOG.info("PostgreSQL: using {} from {} (nothing started)", database.jdbcUrl(), ApplicationSettings.DB_URL);
        } else {
            long started = System.nanoTime();
            embedded = EmbeddedDatabase.start(profile.postgresDataDir(), profile.postgresPort(),
                    StackProfile.DATABASE, StackProfile.DATABASE_USER, secrets.databasePassword(),
                    profile.freshDatabase(), profile.workDir().resolve("postgres.log"));
            database = embedded.settings();
            LOG.info(elapsed("PostgreSQL", started) + " on port " + profile.postgresPort() + ", pid " + embedded.pid());
        }
        try {
            long started = System.nanoTime();
            RunningKeycloak keycloak = new KeycloakLauncher(KeycloakDistribution.locate(profile.repoRoot()),
                    profile.keycloakWorkDir(), profile.keycloakPort()).start(realm);
            LOG.info(elapsed("Keycloak", started) + " at " + keycloak.issuerUrl() + ", pid " + keycloak.pid()
                    + (keycloak.realmImported() ? " (realm imported)" : " (realm reused)"));
            return new BackingServices(database, embedded, keycloak);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    /**
     * The database named by {@code RAP_DB_URL} (user and password default like in standalone.xml), if the
     * profile allows an external database and the variable is set.
     */
    public static Optional<DatabaseSettings> externalDatabase(StackProfile profile, Map<String, String> environment) {
        String url = environment.get(ApplicationSettings.DB_URL);
        if (!profile.externalDatabases() || url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseSettings(url,
                environment.getOrDefault(ApplicationSettings.DB_USER, StackProfile.DATABASE_USER),
                environment.getOrDefault(ApplicationSettings.DB_PASSWORD, StackProfile.DATABASE_USER)));
    }

    public DatabaseSettings database() {
        return database;
    }

    /** Empty when an external database is used. */
    public Optional<EmbeddedDatabase> embeddedDatabase() {
        return Optional.ofNullable(embeddedDatabase);
    }

    public RunningKeycloak keycloak() {
        return keycloak;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            keycloak.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (embeddedDatabase != null) {
            try {
                embeddedDatabase.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String elapsed(String what, long startedNanos) {
        return String.format("%s up in %.1f s", what, (System.nanoTime() - startedNanos) / 1e9);
    }
}
