package io.rap.fabric.devstack.keycloak;

import io.rap.fabric.devstack.Processes;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the real Keycloak distribution in development mode with the {@code rap} realm, for {@code ./rap-dev}
 * and integration tests.
 *
 * <p>The distribution stays read-only apart from Keycloak's own build cache; everything per run lives under
 * {@code workDir}: {@code keycloak-home/} (Keycloak's home as seen by the server: data, H2 database, realm import,
 * a link to the distribution's {@code lib/}), {@code keycloak.log}, {@code keycloak.pid}. Keycloak imports a realm only when it does not exist yet, so the
 * launcher fingerprints the rendered realm and wipes the H2 database when the realm or the admin changed.
 */
public final class KeycloakLauncher {

    static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final int LOG_TAIL_LINES = 60;
    private static final String LOOPBACK = "127.0.0.1";

    private final Path keycloakHome;
    private final Path workDir;
    private final int httpPort;
    private final Duration startupTimeout;

    public KeycloakLauncher(Path keycloakHome, Path workDir, int httpPort) {
        this(keycloakHome, workDir, httpPort,
                io.rap.fabric.devstack.StackProfile.startTimeout(DEFAULT_STARTUP_TIMEOUT));
    }

    private KeycloakLauncher(Path keycloakHome, Path workDir, int httpPort, Duration startupTimeout) {
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort out of range: " + httpPort);
        }
        this.keycloakHome = keycloakHome.toAbsolutePath().normalize();
        this.workDir = workDir.toAbsolutePath().normalize();
        this.httpPort = httpPort;
        this.startupTimeout = startupTimeout;
    }

    /** The first start of a data directory builds Keycloak and imports the realm: about a minute on 2 cores. */
    public KeycloakLauncher withStartupTimeout(Duration timeout) {
        return new KeycloakLauncher(keycloakHome, workDir, httpPort, timeout);
    }

    public Path serverHome() {
        return workDir.resolve("keycloak-home");
    }

    public Path realmFile() {
        return serverHome().resolve("data/import/" + RealmTemplate.REALM + "-realm.json");
    }

    public Path logFile() {
        return workDir.resolve("keycloak.log");
    }

    private Path pidFile() {
        return workDir.resolve("keycloak.pid");
    }

    private Path fingerprintFile() {
        return workDir.resolve("keycloak-realm.sha256");
    }

    public RunningKeycloak start(RealmSettings settings) throws IOException, InterruptedException {
        Path script = keycloakHome.resolve("bin/kc.sh");
        if (!Files.isExecutable(script)) {
            throw new IOException("no executable " + script + ": run ./mvnw -pl keycloak-realm package");
        }
        stopLeftoverFromEarlierRun();
        requirePortFree(httpPort);
        boolean freshImport = prepareServerHome(settings);
        int managementPort = freePort();

        List<String> command = List.of(script.toString(), "start-dev",
                "--http-host=" + LOOPBACK,
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname-strict=false",
                "--import-realm",
                "--health-enabled=true",
                // kc.sh derives kc.home.dir from its own location; a later -D wins, which moves data/ (H2, import)
                // out of the shared distribution into this run's work directory.
                "-Dkc.home.dir=" + serverHome());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile().toFile());
        Map<String, String> environment = builder.environment();
        // Inherited KC_* settings (KC_DB, KC_HOSTNAME, ...) would silently change what the tests prove.
        environment.keySet().removeIf(name -> name.startsWith("KC_") || name.startsWith("JAVA_OPTS"));
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", settings.admin().username());
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.admin().password());

        long started = System.nanoTime();
        Process process = builder.start();
        KeycloakProcess running = new KeycloakProcess(process, LOOPBACK, httpPort, settings.admin(), freshImport,
                logFile(), pidFile());
        try {
            Files.writeString(pidFile(), Long.toString(process.pid()), StandardCharsets.US_ASCII);
            awaitReady(process, managementPort, running.issuerUrl());
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                running.close();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
        running.startupTime(Duration.ofNanos(System.nanoTime() - started));
        if (freshImport) {
            Files.writeString(fingerprintFile(), fingerprint(settings), StandardCharsets.US_ASCII);
        }
        return running;
    }

    /** @return true when the realm will be imported (new or changed settings), false when the data is reused */
    private boolean prepareServerHome(RealmSettings settings) throws IOException {
        Path home = serverHome();
        for (String dir : List.of("conf", "providers", "themes", "data/import")) {
            Files.createDirectories(home.resolve(dir));
        }
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        linkLibraries(home.resolve("lib"));
        String fingerprint = fingerprint(settings);
        Path h2 = home.resolve("data/h2");
        boolean reusable = Files.isDirectory(h2) && Files.exists(fingerprintFile())
                && Files.readString(fingerprintFile(), StandardCharsets.US_ASCII).trim().equals(fingerprint);
        if (!reusable) {
            // Written back only after a successful start: a failed import must not be mistaken for a good one.
            Files.deleteIfExists(fingerprintFile());
            Processes.deleteTree(h2);
            Processes.deleteTree(home.resolve("data/transaction-logs"));
        }
        Path realm = realmFile();
        Files.deleteIfExists(realm);
        Files.createFile(realm, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(realm, RealmTemplate.renderText(settings), StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING);
        return !reusable;
    }

    /**
     * Keycloak reads its persisted build options from {@code <kc.home.dir>/lib/quarkus}; without them every start
     * re-runs the Quarkus build (about 25 s more). The link shares the distribution's build instead.
     */
    private void linkLibraries(Path link) throws IOException {
        Path target = keycloakHome.resolve("lib");
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
            return;
        }
        if (Files.isSymbolicLink(link) || Files.exists(link)) {
            Files.delete(link);
        }
        Files.createSymbolicLink(link, target);
    }

    private void awaitReady(Process process, int managementPort, String issuer)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://" + LOOPBACK + ":" + managementPort + "/health/ready");
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        boolean healthy = false;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Keycloak exited with code " + process.exitValue() + " during startup"
                        + logTail());
            }
            if (!healthy) {
                healthy = status(http, health) == 200;
            }
            if (healthy) {
                Optional<String> body = body(http, discovery);
                if (body.isPresent()) {
                    String announced = issuerOf(body.get());
                    if (!issuer.equals(announced)) {
                        throw new IOException("realm " + RealmTemplate.REALM + " announces issuer " + announced
                                + ", expected " + issuer);
                    }
                    return;
                }
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IOException("Keycloak not ready after " + startupTimeout.toSeconds() + " s ("
                + (healthy ? "healthy, but realm " + RealmTemplate.REALM + " missing" : "health check never passed")
                + ")" + logTail());
    }

    private static int status(HttpClient http, URI uri) throws InterruptedException {
        try {
            return http.send(request(uri), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListeningYet) {
            return -1;
        }
    }

    private static Optional<String> body(HttpClient http, URI uri) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(request(uri), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String issuerOf(String discoveryDocument) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(discoveryDocument))) {
            return reader.readObject().getString("issuer");
        } catch (RuntimeException e) {
            throw new IOException("unreadable discovery document: " + e.getMessage(), e);
        }
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "\n--- last " + tail.size() + " lines of " + logFile() + " ---\n" + String.join("\n", tail);
        } catch (IOException | UncheckedIOException e) {
            return "\n(no log at " + logFile() + ": " + e.getMessage() + ")";
        }
    }

    /**
     * A JVM killed with SIGKILL cannot stop its Keycloak; the next start would find the port taken.
     * Only a process whose command line names this work directory's home is touched.
     */
    private void stopLeftoverFromEarlierRun() throws IOException {
        if (!Files.exists(pidFile())) {
            return;
        }
        String text = Files.readString(pidFile(), StandardCharsets.US_ASCII).trim();
        Files.delete(pidFile());
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return;
        }
        String marker = "-Dkc.home.dir=" + serverHome();
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false));
        if (leftover.isPresent() && !Processes.stopWholeTree(leftover.get(), STOP_GRACE)) {
            throw new IOException("a Keycloak from an earlier run (pid " + pid + ") does not stop");
        }
    }

    private static void requirePortFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
        } catch (IOException e) {
            throw new IOException("port " + port + " on " + LOOPBACK + " is in use; stop what listens there or pick another port", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static String fingerprint(RealmSettings settings) {
        String material = KeycloakDistribution.version() + "\n" + RealmTemplate.renderText(settings) + "\n"
                + settings.admin().username() + "\n" + settings.admin().password();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
