package io.rap.fabric.devstack.wildfly;

import io.rap.fabric.devstack.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

/**
 * Starts the WildFly that portal-ear provisions ({@code portal-ear/target/server}) as one JVM, with the
 * application's configuration in its environment. The provisioned standalone.xml resolves every setting from
 * {@code RAP_*} variables, so nothing is written into the server's configuration.
 */
public final class WildFlyLauncher {

    public static final int HTTP_PORT = 8080;
    public static final int MANAGEMENT_PORT = 9990;
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final Path jbossHome;
    private final Path workDir;

    /** @param workDir where {@code wildfly.log} and {@code wildfly.pid} of this launcher live */
    public WildFlyLauncher(Path jbossHome, Path workDir) {
        this.jbossHome = jbossHome.toAbsolutePath().normalize();
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    public Path logFile() {
        return workDir.resolve("wildfly.log");
    }

    private Path pidFile() {
        return workDir.resolve("wildfly.pid");
    }

    public Path deploymentsDir() {
        return jbossHome.resolve("standalone/deployments");
    }

    /**
     * Starts the server; returns once the JVM runs (not when the deployment is up: see
     * {@link RunningWildFly#awaitDeployment}).
     */
    public RunningWildFly start(Map<String, String> environment, int portOffset) throws IOException {
        if (!Files.isRegularFile(jbossHome.resolve("jboss-modules.jar"))) {
            throw new IOException("no provisioned WildFly at " + jbossHome + ": run ./mvnw -pl portal-ear -am install -DskipTests");
        }
        Files.createDirectories(workDir);
        stopLeftover();
        Processes.requirePortFree(LOOPBACK, HTTP_PORT + portOffset);
        Processes.requirePortFree(LOOPBACK, MANAGEMENT_PORT + portOffset);
        clearDeploymentMarkers();

        StandaloneCommandBuilder command = StandaloneCommandBuilder.of(jbossHome)
                .addJavaOptions("-Xms128m", "-Xmx1g", "-Djava.net.preferIPv4Stack=true",
                        "-Djboss.socket.binding.port-offset=" + portOffset,
                        // lets stopLeftover() recognise this server after a crash of whoever started it
                        "-Drap.dev.wildfly.home=" + jbossHome);
        Process process = Launcher.of(command)
                .setRedirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile().toFile()))
                .addEnvironmentVariables(environment)
                .launch();
        Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.US_ASCII);
        return new RunningWildFly(process, LOOPBACK, HTTP_PORT + portOffset, MANAGEMENT_PORT + portOffset,
                deploymentsDir(), logFile(), pidFile(), STOP_GRACE);
    }

    /**
     * The deployment scanner keeps marker files next to each archive. Old ones (from an earlier run or a
     * failed deployment) would make {@link RunningWildFly#awaitDeployment} answer before the new deployment
     * finished; without them the scanner deploys every archive again at boot.
     */
    private void clearDeploymentMarkers() throws IOException {
        if (!Files.isDirectory(deploymentsDir())) {
            return;
        }
        try (var files = Files.list(deploymentsDir())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (RunningWildFly.MARKERS.stream().anyMatch(name::endsWith)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private void stopLeftover() throws IOException {
        if (!Files.exists(pidFile())) {
            return;
        }
        String text = Files.readString(pidFile(), StandardCharsets.US_ASCII).trim();
        Files.delete(pidFile());
        Optional<ProcessHandle> leftover;
        try {
            String marker = "-Drap.dev.wildfly.home=" + jbossHome;
            leftover = ProcessHandle.of(Long.parseLong(text))
                    .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false));
        } catch (NumberFormatException e) {
            return;
        }
        if (leftover.isPresent() && !Processes.stopTree(leftover.get(), STOP_GRACE)) {
            throw new IOException("WildFly from an earlier run (pid " + leftover.get().pid() + ") does not stop");
        }
    }
}
