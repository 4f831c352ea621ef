package io.rap.fabric.devstack.wildfly;

import io.rap.fabric.devstack.Processes;
import io.rap.fabric.devstack.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A WildFly JVM started by {@link WildFlyLauncher}; a shutdown hook stops it if nobody calls close(). */
public final class RunningWildFly implements AutoCloseable {

    static final List<String> MARKERS =
            List.of(".deployed", ".failed", ".isdeploying", ".pending", ".undeployed", ".isundeploying");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 60;

    private final Process process;
    private final String host;
    private final int httpPort;
    private final int managementPort;
    private final Path deploymentsDir;
    private final Path logFile;
    private final ServerProcess server;

    RunningWildFly(Process process, String host, int httpPort, int managementPort, Path deploymentsDir,
                   Path logFile, Path pidFile, Duration stopGrace) {
        this.process = process;
        this.host = host;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.deploymentsDir = deploymentsDir;
        this.logFile = logFile;
        this.server = new ServerProcess("WildFly", process, logFile, pidFile,
                root -> Processes.stopTree(root, stopGrace));
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    /** {@code http://127.0.0.1:<port>}, where the portals and the node API are served. */
    public String baseUrl() {
        return "http://" + host + ":" + httpPort;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the deployment scanner reports {@code archiveName} (e.g. {@code rap.ear}) deployed.
     *
     * @throws IOException when the deployment failed, the server died, or {@code timeout} passed
     */
    public void awaitDeployment(String archiveName, Duration timeout) throws IOException, InterruptedException {
        if (!Files.exists(deploymentsDir.resolve(archiveName))) {
            throw new IOException("nothing to deploy: " + deploymentsDir.resolve(archiveName) + " is missing");
        }
        Path deployed = deploymentsDir.resolve(archiveName + ".deployed");
        Path failed = deploymentsDir.resolve(archiveName + ".failed");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(deployed)) {
                return;
            }
            if (Files.exists(failed)) {
                throw new IOException("deployment of " + archiveName + " failed: "
                        + Files.readString(failed, StandardCharsets.UTF_8) + Processes.tail(logFile, LOG_TAIL_LINES));
            }
            if (!process.isAlive()) {
                throw new IOException("WildFly exited with code " + process.exitValue() + " while deploying "
                        + archiveName + Processes.tail(logFile, LOG_TAIL_LINES));
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IOException(archiveName + " not deployed after " + timeout.toSeconds() + " s"
                + Processes.tail(logFile, LOG_TAIL_LINES));
    }

    /** Graceful shutdown (SIGTERM runs WildFly's own shutdown), SIGKILL after the grace period. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "WildFly[" + baseUrl() + ", pid " + pid() + "]";
    }
}
