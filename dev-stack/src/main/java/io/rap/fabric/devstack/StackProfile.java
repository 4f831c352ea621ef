package io.rap.fabric.devstack;

import java.nio.file.Path;

/**
 * Ports and directories of one stack. {@code ./rap-dev} and the integration tests use different ones, so a
 * developer can run the tests while the dev stack is up.
 *
 * @param workDir           logs, pid files, secrets, Keycloak data, PostgreSQL data ({@code pgdata/})
 * @param freshDatabase     start from an empty PostgreSQL data directory (tests) instead of keeping it (dev)
 * @param externalDatabases honour {@code RAP_DB_URL} from the environment instead of starting PostgreSQL
 */
public record StackProfile(String name, Path repoRoot, Path workDir, int postgresPort, int keycloakPort,
                           int wildflyPortOffset, boolean freshDatabase, boolean externalDatabases) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final String DATABASE = "rap";
    public static final String DATABASE_USER = "rap";

    public StackProfile {
        repoRoot = repoRoot.toAbsolutePath().normalize();
        workDir = workDir.toAbsolutePath().normalize();
    }

    /** {@code ./rap-dev}: WildFly 8080/9990, Keycloak 8180, PostgreSQL 15432, state in target/rap-dev. */
    public static StackProfile dev(Path repoRoot) {
        return new StackProfile("dev", repoRoot, repoRoot.resolve("target/rap-dev"), 15432, 8180, 0, false, true);
    }

    /** {@code ./mvnw verify} in portal-ear: WildFly 8280/10190, Keycloak 8380, PostgreSQL 15433. */
    public static StackProfile integrationTests(Path repoRoot, Path workDir) {
        return new StackProfile("integration-tests", repoRoot, workDir, 15433, 8380, 200, true, false);
    }

    public int wildflyHttpPort() {
        return 8080 + wildflyPortOffset;
    }

    public int wildflyManagementPort() {
        return 9990 + wildflyPortOffset;
    }

    /** Where browsers reach the portals; also the base of the OIDC redirect URIs in the realm. */
    public String portalBaseUrl() {
        return "http://" + LOOPBACK + ":" + wildflyHttpPort();
    }

    public Path postgresDataDir() {
        return workDir.resolve("pgdata");
    }

    public Path keycloakWorkDir() {
        return workDir.resolve("keycloak");
    }

    /** Client secrets, demo users and the Keycloak admin (mode 0600). */
    public Path realmSettingsFile() {
        return workDir.resolve("realm-settings.json");
    }

    /** Database password and CA key-encryption key (mode 0600). */
    public Path serverSecretsFile() {
        return workDir.resolve("server-secrets.json");
    }

    public Path stackFile() {
        return workDir.resolve("stack.json");
    }

    /**
     * How long one part (Keycloak, the EAR's deployment) may take to start: {@code RAP_DEV_START_TIMEOUT_MINUTES},
     * or {@code usual}. On a machine shared with parallel builds Keycloak's first start can exceed the usual four
     * minutes; the variable lets such a start finish instead of failing.
     */
    public static java.time.Duration startTimeout(java.time.Duration usual) {
        String minutes = System.getenv("RAP_DEV_START_TIMEOUT_MINUTES");
        if (minutes == null || minutes.isBlank()) {
            return usual;
        }
        try {
            return java.time.Duration.ofMinutes(Math.max(1, Long.parseLong(minutes.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RAP_DEV_START_TIMEOUT_MINUTES must be a whole number of minutes");
        }
    }
}
