package io.rap.fabric.devstack.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Finds the Keycloak server that module keycloak-realm unpacks from Maven Central. */
public final class KeycloakDistribution {

    private static final String VERSION_RESOURCE = "/rap-keycloak-distribution.properties";

    private KeycloakDistribution() {
    }

    /** The Keycloak version the build unpacks (from keycloak-realm's filtered properties). */
    public static String version() {
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(VERSION_RESOURCE + " not on the class path: is rap-keycloak-realm a dependency?");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("keycloak.version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <repoRoot>/keycloak-realm/target/keycloak-<version>}, checked to hold a runnable {@code bin/kc.sh}. */
    public static Path locate(Path repoRoot) {
        Path home = repoRoot.toAbsolutePath().normalize().resolve("keycloak-realm/target/keycloak-" + version());
        Path script = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("Keycloak distribution not found at " + home
                    + ": run ./mvnw -pl keycloak-realm package (it unpacks org.keycloak:keycloak-quarkus-dist:"
                    + version() + ":zip)");
        }
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script + " is not executable: delete " + home
                    + " and run ./mvnw -pl keycloak-realm package again");
        }
        return home;
    }
}
