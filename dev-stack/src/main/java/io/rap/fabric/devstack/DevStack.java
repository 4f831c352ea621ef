package io.rap.fabric.devstack;

import io.rap.fabric.devstack.StackInfo.ManagedProcess;
import io.rap.fabric.devstack.keycloak.RealmSettings;
import io.rap.fabric.devstack.keycloak.RunningKeycloak;
import io.rap.fabric.devstack.postgres.DatabaseSettings;
import io.rap.fabric.devstack.wildfly.RunningWildFly;
import io.rap.fabric.devstack.wildfly.WildFlyLauncher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole development stack in one JVM (the supervisor): PostgreSQL, Keycloak, WildFly with the EAR from
 * {@code portal-ear/target/server}. Keeps {@code stack.json} current so that {@code ./rap-dev down} can stop
 * it from another shell, and stops everything it started when closed, also while it is still starting
 * (Ctrl-C during startup).
 */
final class DevStack implements AutoCloseable {

    static final String EAR = "rap.ear";
    private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);
    private static final Duration DEPLOYMENT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STARTER_GRACE = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackProfile profile;
    private final Path serverHome;
    private final List<ManagedProcess> processes = new ArrayList<>();
    private final CountDownLatch startFinished = new CountDownLatch(1);
    private volatile Thread starter;
    private BackingServices backing;
    private RunningWildFly wildfly;
    private StackInfo info;
    private boolean closed;

    DevStack(StackProfile profile) {
        this.profile = profile;
        this.serverHome = profile.repoRoot().resolve("portal-ear/target/server");
    }

    /**
     * Starts everything and returns when the EAR is deployed (the returned info says {@code ready}; call
     * {@link #markReady()} once it really is); on failure stops what was started.
     */
    StackInfo start() throws IOException, InterruptedException {
        starter = Thread.currentThread();
        try {
            return startParts();
        } catch (IOException | InterruptedException | RuntimeException e) {
            startFinished.countDown();
            close();
            throw e;
        } finally {
            startFinished.countDown();
        }
    }

    private StackInfo startParts() throws IOException, InterruptedException {
        Files.createDirectories(profile.workDir());
        ServerSecrets secrets = ServerSecrets.loadOrGenerate(profile.serverSecretsFile());
        RealmSettings realm = RealmSettings.loadOrGenerate(profile.realmSettingsFile(), profile.portalBaseUrl());
        synchronized (this) {
            processes.add(ManagedProcess.of("supervisor", ProcessHandle.current()));
            info = new StackInfo(StackInfo.STARTING, profile.name(), profile.portalBaseUrl(),
                    "http://" + StackProfile.LOOPBACK + ":" + profile.keycloakPort() + "/realms/rap",
                    "http://" + StackProfile.LOOPBACK + ":" + profile.keycloakPort(), realm.admin(),
                    expectedDatabase(secrets), ports(), realm.users(), processes, logs());
            info.write(profile.stackFile());
        }

        BackingServices services = BackingServices.start(profile, secrets, realm, System.getenv());
        synchronized (this) {
            backing = services;
            abortIfClosed();
            if (services.embeddedDatabase().isPresent()) {
                record("postgres", ProcessHandle.of(services.embeddedDatabase().get().pid()));
            }
            record("keycloak", ProcessHandle.of(services.keycloak().pid()));
        }

        RunningKeycloak keycloak = services.keycloak();
        ApplicationSettings application = ApplicationSettings.of(services.database(), keycloak.issuerUrl(), realm,
                secrets, profile.portalBaseUrl());
        long started = System.nanoTime();
        RunningWildFly server = new WildFlyLauncher(serverHome, profile.workDir())
                .start(application.environment(), profile.wildflyPortOffset());
        synchronized (this) {
            wildfly = server;
            abortIfClosed();
            record("wildfly", ProcessHandle.of(server.pid()));
        }
        LOG.info("WildFly starting (pid {}), waiting for {} ...", server.pid(), EAR);
        server.awaitDeployment(EAR, StackProfile.startTimeout(DEPLOYMENT_TIMEOUT));
        LOG.info(String.format("WildFly up with %s in %.1f s", EAR, (System.nanoTime() - started) / 1e9));

        synchronized (this) {
            abortIfClosed();
            info = new StackInfo(StackInfo.READY, profile.name(), profile.portalBaseUrl(), keycloak.issuerUrl(),
                    keycloak.baseUrl(), keycloak.admin(), services.database(), ports(), realm.users(), processes,
                    logs());
            return info; // stack.json still says "starting" until markReady()
        }
    }

    /** Makes a process started beside the stack (the demo agent) part of it: recorded for down, stopped on close. */
    synchronized void adopt(String name, Process process) throws IOException {
        abortIfClosed();
        record(name, Optional.of(process.toHandle()));
    }

    /** Tells {@code ./rap-dev up --detach} (which polls stack.json) that the stack is ready for use. */
    synchronized void markReady() throws IOException {
        abortIfClosed();
        info.write(profile.stackFile());
    }

    /** The first process of the stack that died, if any: a dead WildFly or Keycloak ends the whole stack. */
    synchronized Optional<String> deadProcess() {
        if (closed) {
            return Optional.empty(); // stopping on purpose
        }
        if (wildfly != null && !wildfly.isAlive()) {
            return Optional.of("WildFly (see " + wildfly.logFile() + ")");
        }
        if (backing != null && ProcessHandle.of(backing.keycloak().pid()).map(p -> !p.isAlive()).orElse(true)) {
            return Optional.of("Keycloak (see " + backing.keycloak().logFile() + ")");
        }
        if (backing != null && backing.embeddedDatabase()
                .map(db -> ProcessHandle.of(db.pid()).map(p -> !p.isAlive()).orElse(true)).orElse(false)) {
            return Optional.of("PostgreSQL (see " + profile.workDir().resolve("postgres.log") + ")");
        }
        return Optional.empty();
    }

    /**
     * Stops WildFly first (it holds database connections and OIDC sessions), then Keycloak, then PostgreSQL.
     * Called while {@link #start()} still runs, it interrupts the start and waits for it to give up, so that
     * nothing gets started after the stop.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Thread startingThread = starter;
        if (startingThread != null && startingThread != Thread.currentThread() && startFinished.getCount() > 0) {
            startingThread.interrupt();
            try {
                startFinished.await(STARTER_GRACE.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            stopParts();
        }
    }

    private void stopParts() {
        RuntimeException failure = null;
        if (wildfly != null) {
            LOG.info("stopping WildFly (pid {})", wildfly.pid());
            try {
                wildfly.close();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (backing != null) {
            LOG.info("stopping Keycloak and PostgreSQL");
            try {
                backing.close();
            } catch (RuntimeException e) {
                failure = addTo(failure, e);
            }
        }
        // Whatever a launcher had started when the start was interrupted (before it returned a handle).
        for (ProcessHandle orphan : ProcessHandle.current().children().toList()) {
            LOG.info("stopping pid {} ({})", orphan.pid(), orphan.info().command().orElse("?"));
            if (!Processes.stopTree(orphan, STOP_GRACE)) {
                failure = addTo(failure, new IllegalStateException("pid " + orphan.pid() + " does not stop"));
            }
        }
        if (info != null) {
            try {
                info.withState(StackInfo.STOPPED).withProcesses(List.of()).write(profile.stackFile());
            } catch (IOException e) {
                LOG.warn("cannot update {}: {}", profile.stackFile(), e.toString());
            }
        }
        if (failure != null) {
            throw failure;
        }
        LOG.info("stack stopped");
    }

    private void abortIfClosed() throws InterruptedIOException {
        if (closed) {
            throw new InterruptedIOException("stopping: start abandoned");
        }
    }

    private void record(String name, Optional<ProcessHandle> process) throws IOException {
        process.ifPresent(p -> processes.add(ManagedProcess.of(name, p)));
        info = info.withProcesses(processes);
        info.write(profile.stackFile());
    }

    private DatabaseSettings expectedDatabase(ServerSecrets secrets) {
        String embeddedUrl = "jdbc:postgresql://" + StackProfile.LOOPBACK + ":" + profile.postgresPort() + "/"
                + StackProfile.DATABASE;
        return BackingServices.externalDatabase(profile, System.getenv()).orElseGet(
                () -> new DatabaseSettings(embeddedUrl, StackProfile.DATABASE_USER, secrets.databasePassword()));
    }

    private Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("wildflyHttp", profile.wildflyHttpPort());
        ports.put("wildflyManagement", profile.wildflyManagementPort());
        ports.put("keycloak", profile.keycloakPort());
        ports.put("postgres", profile.postgresPort());
        return ports;
    }

    private Map<String, String> logs() {
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("stack", profile.workDir().resolve("stack.log").toString());
        logs.put("wildfly", profile.workDir().resolve("wildfly.log").toString());
        logs.put("keycloak", profile.keycloakWorkDir().resolve("keycloak.log").toString());
        logs.put("postgres", profile.workDir().resolve("postgres.log").toString());
        return logs;
    }

    private static RuntimeException addTo(RuntimeException failure, RuntimeException next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }
}
