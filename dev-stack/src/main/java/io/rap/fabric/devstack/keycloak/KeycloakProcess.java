package io.rap.fabric.devstack.keycloak;

import java.io.IOException;
import java.nio.file.Files;
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
    private final Path pidFile;
    private final Thread shutdownHook;
    private volatile Duration startupTime = Duration.ZERO;
    private boolean closed;

    KeycloakProcess(Process process, String host, int port, AdminCredentials admin, boolean realmImported,
                    Path logFile, Path pidFile) {
        this.process = process;
        this.baseUrl = "http://" + host + ":" + port;
        this.admin = admin;
        this.realmImported = realmImported;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.shutdownHook = new Thread(this::stop, "keycloak-stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs (or ran) stop() itself
        }
        stop();
    }

    private void stop() {
        boolean stopped = ProcessTree.stop(process.toHandle(), STOP_GRACE);
        if (stopped) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // a stale pid file is checked against the command line before anything is killed
            }
        } else {
            throw new IllegalStateException("Keycloak (pid " + process.pid() + ") did not stop; see " + logFile);
        }
    }

    @Override
    public String toString() {
        return "Keycloak[" + issuerUrl() + ", pid " + pid() + "]";
    }
}
