package io.rap.fabric.devstack.keycloak;

import java.nio.file.Path;
import java.time.Duration;

/** A Keycloak started by {@link KeycloakLauncher}; {@link #close()} stops its whole process tree. */
public interface RunningKeycloak extends AutoCloseable {

    /** {@code http://127.0.0.1:<port>/realms/rap}, exactly as Keycloak puts it into tokens. */
    String issuerUrl();

    /** {@code http://127.0.0.1:<port>}. */
    String baseUrl();

    /** The launcher script's process; Keycloak's JVM is this process or its child. */
    long pid();

    /** The bootstrap admin of the master realm (admin console at {@code baseUrl() + "/admin/"}). */
    AdminCredentials admin();

    /** True when this start imported the realm into a fresh data directory, false when it reused one. */
    boolean realmImported();

    Duration startupTime();

    Path logFile();

    /** Stops Keycloak (SIGTERM, then SIGKILL after a grace period) and waits until every process is gone. */
    @Override
    void close();
}
