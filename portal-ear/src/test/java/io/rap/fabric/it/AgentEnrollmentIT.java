package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.devstack.demo.OwnerConsole;
import io.rap.fabric.devstack.keycloak.DemoUser;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real rap-node-agent process against the deployed application; the owner's side goes through
 * the owner console over HTTP (the same driver ./rap-dev uses for its demo node).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AgentEnrollmentIT {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void enrolledAgentHeartbeatsAndItsTokenCannotBeReused() throws Exception {
        DemoUser owner = TestStack.user("owner");
        OwnerConsole console = new OwnerConsole(TestStack.portalUrl(), owner.username(), owner.password(),
                owner.totpSecretBase32());
        console.login();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        UUID cluster = console.ensureCluster("Agent " + suffix, "agent-" + suffix, "it");
        String token = console.createJoinToken(cluster, 10, 1);

        Path stateDir = Files.createTempDirectory("agent-it");
        String nodeName = "agent-node-" + suffix;
        Agents.Result enroll = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token", token,
                "--state-dir", stateDir.toString(), "--name", nodeName);
        assertThat(enroll.exitCode()).as(enroll.output()).isZero();
        assertThat(status(stateDir).getString("enrollment")).isEqualTo("pending");

        // the token had one use: a second host cannot enroll with it
        Agents.Result second = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token", token,
                "--state-dir", Files.createTempDirectory("agent-it-2").toString(), "--name", nodeName + "-b");
        assertThat(second.exitCode()).as(second.output()).isEqualTo(1);
        assertThat(second.stderr()).contains("token_exhausted");

        console.approve(nodeName);

        Agents.Result run = Agents.run("run", "--state-dir", stateDir.toString(), "--interval", "1",
                "--heartbeats", "2");
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonObject status = status(stateDir);
        assertThat(status.getString("enrollment")).isEqualTo("approved");
        assertThat(status.getString("clusterId")).isEqualTo(cluster.toString());
        assertThat(Instant.parse(status.getString("lastHeartbeatAt"))).isAfter(Instant.now().minusSeconds(60));
        assertThat(Files.getPosixFilePermissions(stateDir.resolve("node.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");

        // a fresh certificate is not due for rotation; --force rotates against the real server
        String enrolledSerial = status.getString("certificateSerial");
        String enrolledKey = Files.readString(stateDir.resolve("node.key"));
        Agents.Result notDue = Agents.run("rotate", "--state-dir", stateDir.toString());
        assertThat(notDue.exitCode()).as(notDue.output()).isZero();
        assertThat(notDue.stderr()).contains("not rotating");
        Agents.Result rotate = Agents.run("rotate", "--force", "--state-dir", stateDir.toString());
        assertThat(rotate.exitCode()).as(rotate.output()).isZero();
        String rotatedSerial = rotate.stdout().trim();
        assertThat(rotatedSerial).matches("[0-9a-f]+").isNotEqualTo(enrolledSerial);
        assertThat(status(stateDir).getString("certificateSerial")).isEqualTo(rotatedSerial);
        assertThat(Files.readString(stateDir.resolve("node.key"))).isNotEqualTo(enrolledKey);
        assertThat(stateDir.resolve("node.key.next")).doesNotExist();

        Agents.Result afterRotation = Agents.run("run", "--state-dir", stateDir.toString(), "--interval", "1",
                "--heartbeats", "1");
        assertThat(afterRotation.exitCode()).as(afterRotation.output()).isZero();
        assertThat(Instant.parse(status(stateDir).getString("lastHeartbeatAt"))).isAfter(Instant.now().minusSeconds(30));
    }

    @Test
    void twoAgentsOnOneHostInTwoClustersStayApartAndOneLeaves() throws Exception {
        DemoUser owner = TestStack.user("owner");
        OwnerConsole console = new OwnerConsole(TestStack.portalUrl(), owner.username(), owner.password(),
                owner.totpSecretBase32());
        console.login();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        UUID clusterA = console.ensureCluster("Agent two-a " + suffix, "two-a-" + suffix, "it");
        UUID clusterB = console.ensureCluster("Agent two-b " + suffix, "two-b-" + suffix, "it");
        Path dirA = Files.createTempDirectory("agent-two-a");
        Path dirB = Files.createTempDirectory("agent-two-b");
        for (Object[] agent : new Object[][] {{clusterA, dirA, "two-a-" + suffix}, {clusterB, dirB, "two-b-" + suffix}}) {
            String token = console.createJoinToken((UUID) agent[0], 10, 1);
            Agents.Result enroll = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token", token,
                    "--state-dir", agent[1].toString(), "--name", (String) agent[2]);
            assertThat(enroll.exitCode()).as(enroll.output()).isZero();
            console.approve((String) agent[2]);
            Agents.Result run = Agents.run("run", "--state-dir", agent[1].toString(), "--interval", "1",
                    "--heartbeats", "1");
            assertThat(run.exitCode()).as(run.output()).isZero();
        }
        JsonObject a = status(dirA);
        JsonObject b = status(dirB);
        assertThat(a.getString("clusterId")).isEqualTo(clusterA.toString());
        assertThat(b.getString("clusterId")).isEqualTo(clusterB.toString());
        assertThat(a.getString("nodeId")).isNotEqualTo(b.getString("nodeId"));
        assertThat(Files.readString(dirA.resolve("node.key"))).isNotEqualTo(Files.readString(dirB.resolve("node.key")));

        // B's key does not make A's membership: a copy of A's state with B's key is refused
        Path forged = Files.createTempDirectory("agent-two-forged");
        Files.copy(dirA.resolve("state.json"), forged.resolve("state.json"));
        Files.copy(dirB.resolve("node.key"), forged.resolve("node.key"));
        Process impostor = Agents.start("run", "--state-dir", forged.toString(), "--interval", "1", "--heartbeats", "1");
        try {
            assertThat(impostor.waitFor(8, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the impostor never gets a heartbeat accepted").isFalse();
        } finally {
            impostor.destroyForcibly().waitFor();
        }
        assertThat(status(forged).getString("lastHeartbeatAt")).isEqualTo(a.getString("lastHeartbeatAt"));

        Agents.Result leave = Agents.run("leave", "--state-dir", dirA.toString());
        assertThat(leave.exitCode()).as(leave.output()).isZero();
        assertThat(leave.stdout()).contains("left cluster " + clusterA);
        assertThat(dirA.resolve("node.key")).doesNotExist();
        assertThat(dirA.resolve("state.json")).doesNotExist();
        Agents.Result afterLeave = Agents.run("run", "--state-dir", dirA.toString(), "--heartbeats", "1");
        assertThat(afterLeave.exitCode()).as(afterLeave.output()).isEqualTo(3);

        Agents.Result stillB = Agents.run("run", "--state-dir", dirB.toString(), "--interval", "1", "--heartbeats", "1");
        assertThat(stillB.exitCode()).as(stillB.output()).isZero();
        assertThat(status(dirB).getString("enrollment")).isEqualTo("approved");
    }

    @Test
    void sameNodeAsPutsTheHostIntoASecondClusterAsTheSameNode() throws Exception {
        DemoUser owner = TestStack.user("owner");
        OwnerConsole console = new OwnerConsole(TestStack.portalUrl(), owner.username(), owner.password(),
                owner.totpSecretBase32());
        console.login();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        UUID clusterX = console.ensureCluster("Agent same-x " + suffix, "same-x-" + suffix, "it");
        UUID clusterY = console.ensureCluster("Agent same-y " + suffix, "same-y-" + suffix, "it");
        Path dirX = Files.createTempDirectory("agent-same-x");
        Path dirY = Files.createTempDirectory("agent-same-y");
        Agents.Result enrollX = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token",
                console.createJoinToken(clusterX, 10, 1), "--state-dir", dirX.toString(), "--name", "same-x-" + suffix);
        assertThat(enrollX.exitCode()).as(enrollX.output()).isZero();
        console.approve("same-x-" + suffix);
        assertThat(Agents.run("run", "--state-dir", dirX.toString(), "--interval", "1", "--heartbeats", "1").exitCode())
                .isZero();
        String tokenY = console.createJoinToken(clusterY, 10, 2);

        // X's state with a key the control plane never certified: the server refuses the claim (401).
        Path forged = Files.createTempDirectory("agent-same-forged");
        Files.copy(dirX.resolve("state.json"), forged.resolve("state.json"));
        Files.writeString(forged.resolve("node.key"), io.rap.fabric.protocol.Pem.encodePrivateKey(
                io.rap.fabric.protocol.Keys.generateP256().getPrivate()));
        Files.setPosixFilePermissions(forged.resolve("node.key"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rw-------"));
        Agents.Result refused = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token", tokenY,
                "--state-dir", Files.createTempDirectory("agent-same-refused").toString(), "--name", "forged-" + suffix,
                "--same-node-as", forged.toString());
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
        assertThat(refused.stderr()).contains("invalid_node_claim");

        Agents.Result enrollY = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token", tokenY,
                "--state-dir", dirY.toString(), "--name", "same-y-" + suffix, "--same-node-as", dirX.toString());
        assertThat(enrollY.exitCode()).as(enrollY.output()).isZero();
        console.approve("same-y-" + suffix);
        Agents.Result runY = Agents.run("run", "--state-dir", dirY.toString(), "--interval", "1", "--heartbeats", "1");
        assertThat(runY.exitCode()).as(runY.output()).isZero();
        JsonObject x = status(dirX);
        JsonObject y = status(dirY);
        assertThat(y.getString("nodeId")).isEqualTo(x.getString("nodeId"));
        assertThat(y.getString("clusterId")).isEqualTo(clusterY.toString());
        assertThat(y.getString("certificateSerial")).isNotEqualTo(x.getString("certificateSerial"));
        assertThat(Files.readString(dirY.resolve("node.key"))).isNotEqualTo(Files.readString(dirX.resolve("node.key")));

        // The node is a member of X already: a further claim for X is refused by the server.
        Agents.Result again = Agents.run("enroll", "--server", TestStack.portalUrl(), "--token",
                console.createJoinToken(clusterX, 10, 1), "--state-dir",
                Files.createTempDirectory("agent-same-again").toString(), "--name", "again-" + suffix,
                "--same-node-as", dirY.toString());
        assertThat(again.exitCode()).as(again.output()).isEqualTo(1);
        assertThat(again.stderr()).contains("already_member");

        // Leaving X leaves Y's membership of the same node working.
        Agents.Result leave = Agents.run("leave", "--state-dir", dirX.toString());
        assertThat(leave.exitCode()).as(leave.output()).isZero();
        Agents.Result stillY = Agents.run("run", "--state-dir", dirY.toString(), "--interval", "1", "--heartbeats", "1");
        assertThat(stillY.exitCode()).as(stillY.output()).isZero();
    }

    private static JsonObject status(Path stateDir) throws Exception {
        Agents.Result status = Agents.run("status", "--json", "--state-dir", stateDir.toString());
        return Json.createReader(new StringReader(status.stdout())).readObject();
    }
}
