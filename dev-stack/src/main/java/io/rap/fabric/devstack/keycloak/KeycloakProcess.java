package io.rap.fabric.devstack.keycloak;

import io.rap.fabric.devstack.Processes;
import io.rap.fabric.devstack.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;

/** The process tree behind a {@link RunningKeycloak}; a shutdown hook stops it if nobody calls close(). */
final class KeycloakProcess implements RunningKeycloak {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Process process;
    private final String baseUrl;
    private final AdminCredentials admin;
    private final boolean realmImported;
    private final Path logFile;
    private final ServerProcess server;
    private volatile Duration startupTime = Duration.ZERO;

    KeycloakProcess(Process process, String host, int port, AdminCredentials admin, boolean realmImported,
                    Path logFile, Path pidFile) {
        this.process = process;
        this.baseUrl = "http://" + host + ":" + port;
        this.admin = admin;
        this.realmImported = realmImported;
        this.logFile = logFile;
        // kc.sh runs Keycloak's JVM as a child: the whole tree is signalled at once
        this.server = new ServerProcess("Keycloak", process, logFile, pidFile,
                root -> Processes.stopWholeTree(root, STOP_GRACE));
    }

    void startupTime(Duration duration) {
        this.startupTime = duration;
    }

    @Override
    public String issuerUrl() {
        return baseUrl + "/realms/" + RealmTemplate.REALM;
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public AdminCredentials admin() {
        return admin;
    }

    @Override
    public boolean realmImported() {
        return realmImported;
    }

    @Override
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "Keycloak[" + issuerUrl() + ", pid " + pid() + "]";
    }
}
