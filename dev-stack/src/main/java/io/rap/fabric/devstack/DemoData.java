package io.rap.fabric.devstack;

import io.rap.fabric.devstack.demo.OrgConsole;
import io.rap.fabric.devstack.demo.OwnerConsole;
import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a freshly started dev stack with demonstration data through the real interfaces: the demo
 * owner logs into the owner console (password + TOTP), creates the demo cluster and a join token,
 * a real {@code rap-node-agent} enrolls with it, the owner approves it in the console, and the
 * agent keeps heartbeating. Then the owner creates the demo organization with two egress pools
 * (the demo node backs one), an entry point and a grant for the demo {@code org-admin}, who adds
 * users, resources and a policy in the organization portal; the demo {@code cluster-admin}
 * gets a grant for the demo cluster. Runs on every {@code ./rap-dev up},
 * so it is idempotent: an approved agent is only started again, an existing organization is kept.
 */
public final class DemoData {

    public static final String CLUSTER_NAME = "Demo cluster";
    static final String CLUSTER_SLUG = "demo";
    static final String NODE_NAME = "demo-node-1";
    public static final String ORGANIZATION_NAME = "Demo organization";
    static final String ORGANIZATION_SLUG = "demo-org";

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private DemoData() {
    }

    /** Returns the running demo agent, whose lifetime the stack then owns. */
    public static Process seed(StackInfo stack, StackProfile profile) throws IOException, InterruptedException {
        Path jar = profile.repoRoot().resolve("agent/target/rap-node-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no agent jar at " + jar + " (./rap-dev --rebuild builds it)");
        }
        Path stateDir = profile.workDir().resolve("demo-agent");
        String enrollment = enrollmentState(jar, stateDir);
        DemoUser owner = stack.user("owner").orElseThrow(() -> new IOException("no demo user 'owner'"));
        OwnerConsole console = new OwnerConsole(stack.portalUrl(), owner.username(), owner.password(),
                owner.totpSecretBase32());
        console.login();
        if (!"approved".equals(enrollment)) {
            UUID cluster = console.ensureCluster(CLUSTER_NAME, CLUSTER_SLUG, "local");
            if ("none".equals(enrollment)) {
                String token = console.createJoinToken(cluster, 60, 1);
                Path tokenFile = Files.createTempFile(profile.workDir(), "join-token", ".txt");
                try {
                    Files.writeString(tokenFile, token, StandardCharsets.US_ASCII);
                    agent(jar, profile.workDir().resolve("demo-agent-enroll.log"), "enroll", "--server",
                            stack.portalUrl(), "--token-file", tokenFile.toString(), "--state-dir",
                            stateDir.toString(), "--name", NODE_NAME);
                } finally {
                    Files.deleteIfExists(tokenFile);
                }
            }
            console.approve(NODE_NAME);
            LOG.info("demo agent {} enrolled in '{}' and approved by {}", NODE_NAME, CLUSTER_NAME, owner.username());
        }
        try {
            DemoUser clusterAdmin = stack.user("cluster-admin")
                    .orElseThrow(() -> new IOException("no demo user 'cluster-admin'"));
            seedClusterAdmin(console, clusterAdmin.username());
        } catch (IOException | RuntimeException e) {
            LOG.warn("demo cluster grant not made: {}", e.getMessage());
        }
        try {
            DemoUser orgAdmin = stack.user("org-admin").orElseThrow(() -> new IOException("no demo user 'org-admin'"));
            seedOrganization(console, stack.portalUrl(), orgAdmin);
        } catch (IOException | RuntimeException e) {
            // the node part is what the stack needs; a half-seeded organization is reported, not fatal
            LOG.warn("demo organization not (fully) seeded: {}", e.getMessage());
        }
        Path log = profile.workDir().resolve("demo-agent.log");
        Process run = command(jar, "run", "--state-dir", stateDir.toString(), "--interval", "15")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LOG.info("demo agent running (pid {}), log {}", run.pid(), log);
        return run;
    }

    /**
     * Grants {@code username} the demo cluster on the owner console's Access page (logged in), so
     * the cluster portal has something to show; an existing grant is kept.
     */
    public static void seedClusterAdmin(OwnerConsole console, String username) throws IOException, InterruptedException {
        console.grantCluster(username, console.ensureCluster(CLUSTER_NAME, CLUSTER_SLUG, "local"), CLUSTER_NAME);
        LOG.info("{} administers '{}'", username, CLUSTER_NAME);
    }

    /**
     * The demo organization, created once through the owner console (logged in) and the organization
     * portal: later runs find it by name and leave it as it is. Returns whether it was created now.
     */
    public static boolean seedOrganization(OwnerConsole console, String portalUrl, DemoUser orgAdmin)
            throws IOException, InterruptedException {
        UUID cluster = console.ensureCluster(CLUSTER_NAME, CLUSTER_SLUG, "local");
        if (!console.ensureOrganization(ORGANIZATION_NAME, ORGANIZATION_SLUG, cluster)) {
            return false;
        }
        UUID organization = console.findOrganization(ORGANIZATION_NAME).orElseThrow();
        console.createEgressPool(organization, "Office Moscow", "ru-central");
        console.createEgressPool(organization, "Cloud Frankfurt", "eu-central");
        console.addFirstNodeToPool(organization, "Office Moscow");
        console.createEntryPoint(organization, "Main entry", "access.demo.example", 443);
        console.grantOrganization(orgAdmin.username(), organization, ORGANIZATION_NAME);

        OrgConsole portal = new OrgConsole(portalUrl, orgAdmin.username(), orgAdmin.password(),
                orgAdmin.totpSecretBase32());
        portal.login();
        portal.createUser("alice", "Alice Accountant", "alice@demo.example");
        portal.createUser("bob", "Bob Builder", "bob@demo.example");
        portal.createResource("Accounting desktop", "rdp", "10.20.0.15", "Office Moscow");
        portal.createResource("Build server", "ssh", "build.corp.example", "Cloud Frankfurt");
        portal.createPolicy("Office hours", "alice", "Accounting desktop", "Main entry", "08:00", "20:00",
                "Europe/Moscow");
        LOG.info("demo organization '{}' seeded; {} administers it", ORGANIZATION_NAME, orgAdmin.username());
        return true;
    }

    /** {@code none}, {@code pending}, {@code approved} or {@code rejected}, as the agent itself reports it. */
    private static String enrollmentState(Path jar, Path stateDir) throws IOException, InterruptedException {
        if (!Files.isDirectory(stateDir)) {
            return "none";
        }
        Process status = command(jar, "status", "--json", "--state-dir", stateDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!status.waitFor(60, TimeUnit.SECONDS)) {
            status.destroyForcibly();
            throw new IOException("rap-node-agent status did not answer");
        }
        if (out.isBlank()) {
            return "none";
        }
        JsonObject json = Json.createReader(new StringReader(out)).readObject();
        String state = json.isNull("enrollment") ? "none" : json.getString("enrollment", "none");
        if ("rejected".equals(state)) {
            throw new IOException("the demo agent's enrollment was rejected; delete " + stateDir + " to start over");
        }
        return state;
    }

    private static void agent(Path jar, Path log, String... args) throws IOException, InterruptedException {
        Process process = command(jar, args).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("rap-node-agent " + args[0] + " did not finish; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException("rap-node-agent " + args[0] + " failed (exit " + process.exitValue() + "); see " + log);
        }
    }

    private static ProcessBuilder command(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
