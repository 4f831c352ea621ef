package io.rap.fabric.it;

import io.rap.fabric.devstack.ApplicationSettings;
import io.rap.fabric.devstack.BackingServices;
import io.rap.fabric.devstack.SecretFiles;
import io.rap.fabric.devstack.ServerSecrets;
import io.rap.fabric.devstack.StackInfo;
import io.rap.fabric.devstack.StackInfo.ManagedProcess;
import io.rap.fabric.devstack.StackProfile;
import io.rap.fabric.devstack.keycloak.DemoUser;
import io.rap.fabric.devstack.keycloak.RealmSettings;
import io.rap.fabric.devstack.keycloak.RunningKeycloak;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The services the integration tests run against, and what tests may read about them.
 *
 * <p>{@link TestStackSession} starts PostgreSQL (fresh data directory) and Keycloak (fresh realm with new
 * client secrets and demo users) once per test JVM, before Arquillian starts WildFly, and stops them after
 * the last test. WildFly learns the settings from {@code wildfly.properties} (loaded with {@code -P}, see
 * arquillian.xml); tests read them with {@link #info()}.
 */
public final class TestStack {

    /** Set by failsafe: the directory for the stack's files ({@code portal-ear/target/it-stack}). */
    public static final String DIR_PROPERTY = "rap.it.dir";
    /** Set by failsafe: the repository root, to find the unpacked Keycloak. */
    public static final String REPO_ROOT_PROPERTY = "rap.repo.root";
    /** Keycloak's level-2 max age and the server's step-up window in the test stack. */
    public static final int STEP_UP_MAX_AGE_SECONDS = 30;
    /** Prefix of test-JVM properties passed on to the server (see {@link #writeServerProperties}). */
    public static final String SERVER_PROPERTY_PREFIX = "rap.it.server.";

    /** Test-only people of the realm (the dev realm has only owner, cluster-admin and org-admin). */
    public static final String CLUSTER_ADMIN_Y = "cluster-admin-y";
    public static final String ORG_ADMIN_B = "org-admin-b";
    public static final String NO_GRANT = "no-grant";

    private final StackProfile profile;
    private final BackingServices services;

    private TestStack(StackProfile profile, BackingServices services) {
        this.profile = profile;
        this.services = services;
    }

    /** Demo users, URLs, ports and the database of the running test stack. */
    public static StackInfo info() {
        Path file = directory().resolve("stack.json");
        if (!Files.exists(file)) {
            throw new IllegalStateException("no " + file + ": the test stack was not started. Run the integration "
                    + "tests with ./mvnw verify -pl portal-ear (failsafe sets " + DIR_PROPERTY + ")");
        }
        try {
            return StackInfo.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DemoUser user(String username) {
        return info().user(username).orElseThrow(() -> new IllegalArgumentException("no demo user " + username));
    }

    /** {@code http://127.0.0.1:8280}: where the Arquillian-managed WildFly serves the portals. */
    public static String portalUrl() {
        return info().portalUrl();
    }

    static boolean configured() {
        return System.getProperty(DIR_PROPERTY) != null;
    }

    static TestStack start() throws IOException, InterruptedException {
        Path repoRoot = Path.of(System.getProperty(REPO_ROOT_PROPERTY, ".."));
        StackProfile profile = StackProfile.integrationTests(repoRoot, directory());
        Files.createDirectories(profile.workDir());
        ServerSecrets secrets = ServerSecrets.generate();
        // A short step-up window lets the browser test exercise the real step-up round trip in seconds.
        // The isolation matrix needs distinct people for its second cluster admin, second organization
        // admin and a person who may open both tenant portals but holds no grant.
        RealmSettings realm = RealmSettings.generate(profile.portalBaseUrl()).withStepUpMaxAge(STEP_UP_MAX_AGE_SECONDS)
                .withExtraUser(CLUSTER_ADMIN_Y, List.of("cluster-admin"))
                .withExtraUser(ORG_ADMIN_B, List.of("org-admin"))
                .withExtraUser(NO_GRANT, List.of("cluster-admin", "org-admin"));
        BackingServices services = BackingServices.start(profile, secrets, realm, Map.of());
        try {
            RunningKeycloak keycloak = services.keycloak();
            ApplicationSettings application = ApplicationSettings.of(services.database(), keycloak.issuerUrl(),
                    realm, secrets, profile.portalBaseUrl());
            writeServerProperties(profile.workDir().resolve("wildfly.properties"), application);

            List<ManagedProcess> processes = new ArrayList<>();
            services.embeddedDatabase().flatMap(db -> ProcessHandle.of(db.pid()))
                    .ifPresent(p -> processes.add(ManagedProcess.of("postgres", p)));
            ProcessHandle.of(keycloak.pid()).ifPresent(p -> processes.add(ManagedProcess.of("keycloak", p)));
            new StackInfo(StackInfo.READY, profile.name(), profile.portalBaseUrl(), keycloak.issuerUrl(),
                    keycloak.baseUrl(), keycloak.admin(), services.database(),
                    Map.of("wildflyHttp", profile.wildflyHttpPort(),
                            "wildflyManagement", profile.wildflyManagementPort(),
                            "keycloak", profile.keycloakPort(),
                            "postgres", profile.postgresPort()),
                    realm.users(), processes,
                    Map.of("keycloak", keycloak.logFile().toString(),
                            "postgres", profile.workDir().resolve("postgres.log").toString()))
                    .write(profile.stackFile());
            return new TestStack(profile, services);
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
    }

    void stop() {
        try {
            services.close();
        } finally {
            try {
                Files.deleteIfExists(profile.workDir().resolve("wildfly.properties"));
                StackInfo.read(profile.stackFile()).withState(StackInfo.STOPPED).withProcesses(List.of())
                        .write(profile.stackFile());
            } catch (IOException e) {
                // only bookkeeping: the processes are gone
            }
        }
    }

    private static Path directory() {
        String dir = System.getProperty(DIR_PROPERTY);
        return Path.of(dir != null ? dir : "target/it-stack").toAbsolutePath().normalize();
    }

    /**
     * System properties for WildFly ({@code rap.db.url}, ...); the file holds secrets, hence 0600.
     * A test-JVM property {@code rap.it.server.X} becomes the server property {@code X}: the
     * benchmark profile raises the enrollment rate limits this way.
     */
    private static void writeServerProperties(Path file, ApplicationSettings application) throws IOException {
        Properties properties = new Properties();
        properties.putAll(application.systemProperties());
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(SERVER_PROPERTY_PREFIX))
                .forEach(n -> properties.put(n.substring(SERVER_PROPERTY_PREFIX.length()), System.getProperty(n)));
        StringWriter text = new StringWriter();
        properties.store(text, "generated by TestStack for the Arquillian-managed WildFly");
        SecretFiles.write(file, text.toString());
    }
}
