package io.rap.fabric.agent.cli;

import static io.rap.fabric.agent.cli.AgentTestSupport.count;
import static io.rap.fabric.agent.cli.AgentTestSupport.marker;
import static io.rap.fabric.agent.cli.AgentTestSupport.processesWith;
import static io.rap.fabric.agent.cli.AgentTestSupport.sleeper;
import static io.rap.fabric.agent.cli.AgentTestSupport.freeUdpPort;

import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.control.HealthRules;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.DesiredStateFile;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Problem;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramSocket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A revoked node stops running workloads, against {@link FakeNodeApi} with real processes and a
 * real QUIC listener: a revocation answer stops them at once and voids the saved desired state, so a
 * restart runs nothing; an outage or a failing server (5xx) stops nothing.
 */
@Timeout(120)
class RevocationTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Problem CERTIFICATE_REVOKED = Problem.of("certificate_revoked", 401, "Certificate revoked",
            "the certificate presented was revoked");

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private Path stateDir;
    private AgentState enrolled;
    private RunningAgent agent;

    @BeforeEach
    void enroll() throws Exception {
        api = new FakeNodeApi();
        stateDir = tmp.resolve("state");
        enrolled = EnrolledAgent.enroll(api, stateDir, "edge-1").state();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    @Test
    void aRevocationStopsEveryWorkloadAtOnceAndARestartRunsNothingUntilTheControlPlaneAcceptsTheNodeAgain()
            throws Exception {
        String marker = marker();
        int port = freeUdpPort();
        agent = start();
        long version = api.desire(List.of(new RoleGrant("relay", null)), List.of(sleeper("sleeper", "relay", marker),
                new DesiredWorkload("echo", DesiredWorkload.SYNTHETIC_ECHO, "relay", Map.of("port", Integer.toString(port)))));
        await("sleeper and echo running", () -> running("sleeper") && running("echo"));
        ProcessHandle sleeper = processesWith(marker).get(0);

        api.heartbeatRefusal = CERTIFICATE_REVOKED;

        await("the sleeper process gone", () -> !sleeper.isAlive() && processesWith(marker).isEmpty());
        await("the echo listener's UDP port free", () -> canBind(port));
        JsonObject health = awaitHealth("identity-revoked", h -> h.getJsonArray("reasons").stream()
                .anyMatch(r -> r.asJsonObject().getString("code").equals(HealthRules.IDENTITY_REVOKED)));
        // (the health is written after the workloads stopped and the saved desired state was deleted)
        assertThat(stateDir.resolve(DesiredStateFile.FILE)).as("the saved desired state is void").doesNotExist();
        assertThat(health.getString("state")).isEqualTo("degraded");
        JsonObject reason = health.getJsonArray("reasons").getJsonObject(0);
        assertThat(reason.getString("detail")).contains("HTTP 401 urn:rap:problem:certificate_revoked")
                .contains("stopped 2 workload(s): sleeper, echo").contains("re-enroll to recover");
        assertThat(health.getJsonObject("controlPlane").getString("state")).isEqualTo("refusing");
        String text = CliRun.of("status", "--state-dir", stateDir.toString()).out();
        assertThat(text).contains("Desired state:       none (dropped: the control plane reports this node revoked)")
                .contains("  identity-revoked               revoked since ");
        assertThat(agent.log()).contains("ERROR").contains("the control plane reports node " + enrolled.nodeId()
                        + " in cluster " + enrolled.clusterId() + " revoked (POST " + heartbeats() + " failed: HTTP 401 "
                        + "urn:rap:problem:certificate_revoked: the certificate presented was revoked): stopped 2"
                        + " workload(s): sleeper, echo; dropped desired state " + version + " and deleted "
                        + stateDir.resolve(DesiredStateFile.FILE))
                .contains("stopping workload sleeper").contains("all workloads withdrawn (node " + enrolled.nodeId()
                        + " revoked)");
        int refused = api.refusedHeartbeats.get();
        await("heartbeats go on with backoff", () -> api.refusedHeartbeats.get() >= refused + 2);
        assertThat(agent.log()).contains("the control plane still reports this node revoked");
        assertThat(processesWith(marker)).isEmpty();

        agent.close();
        int beforeRestart = api.refusedHeartbeats.get();
        agent = start();

        await("the restarted agent refused twice", () -> api.refusedHeartbeats.get() >= beforeRestart + 2);
        assertThat(processesWith(marker)).as("nothing restarted from disk").isEmpty();
        assertThat(canBind(port)).isTrue();
        assertThat(agent.log()).doesNotContain("running the saved desired state")
                .contains("revoked (POST " + heartbeats() + " failed: HTTP 401").contains(": no workload was running; no desired"
                        + " state was applied;");
        assertThat(statusJson().getJsonObject("health").getJsonArray("reasons").getJsonObject(0).getString("code"))
                .as("still revoked after the restart").isEqualTo(HealthRules.IDENTITY_REVOKED);
        int fetches = api.desiredStateFetches.get();

        api.heartbeatRefusal = null; // the server decides: here it accepts the node again

        await("the sleeper authorized again by a fresh desired state", () -> processesWith(marker).size() == 1);
        assertThat(api.desiredStateFetches.get()).isGreaterThan(fetches);
        assertThat(agent.log()).contains("the control plane accepts node " + enrolled.nodeId() + " in cluster "
                + enrolled.clusterId() + " again after reporting it revoked");
        // (the fake serves snapshot version 1 again with new bytes, refused as a rollback: not asserted here)
        awaitHealth("no longer revoked", h -> h.getJsonObject("controlPlane").getString("state").equals("reachable")
                && h.getJsonArray("reasons").stream()
                .noneMatch(r -> r.asJsonObject().getString("code").equals(HealthRules.IDENTITY_REVOKED)));
        assertThat(new DesiredStateFile(new StateDir(stateDir)).load().orElseThrow().desiredState().version())
                .isEqualTo(version);
        assertThat(api.failures).isEmpty();
    }

    @Test
    void aNodeRevokedAnswerStopsTheWorkloadsToo() throws Exception {
        String marker = marker();
        agent = start();
        api.desire(List.of(new RoleGrant("relay", null)), List.of(sleeper("sleeper", "relay", marker)));
        await("sleeper running", () -> processesWith(marker).size() == 1);

        api.heartbeatRefusal = Problem.of("node_revoked", 403, "Node revoked", null);

        await("the sleeper process gone", () -> processesWith(marker).isEmpty());
        // the error line comes after the workloads stopped and the saved desired state was deleted
        await("the revocation logged", () -> agent.log().contains("revoked (POST "));
        assertThat(stateDir.resolve(DesiredStateFile.FILE)).doesNotExist();
        assertThat(agent.log()).contains("revoked (POST " + heartbeats() + " failed: HTTP 403 urn:rap:problem:node_revoked")
                .contains("stopped 1 workload(s): sleeper");
    }

    @Test
    void aDisabledMembershipStopsTheWorkloadsUntilItIsEnabledAgain() throws Exception {
        String marker = marker();
        agent = start();
        api.desire(List.of(new RoleGrant("relay", null)), List.of(sleeper("sleeper", "relay", marker)));
        await("sleeper running", () -> processesWith(marker).size() == 1);

        api.heartbeatRefusal = Problem.of("membership_disabled", 403, "Membership disabled",
                "The platform owner disabled this node's membership in this cluster");

        await("the sleeper process gone", () -> processesWith(marker).isEmpty());
        JsonObject health = awaitHealth("membership-withdrawn", h -> h.getJsonArray("reasons").stream()
                .anyMatch(r -> r.asJsonObject().getString("code").equals(HealthRules.MEMBERSHIP_WITHDRAWN)));
        assertThat(stateDir.resolve(DesiredStateFile.FILE)).doesNotExist();
        assertThat(health.getString("state")).isEqualTo("degraded");
        assertThat(health.getJsonArray("reasons").getJsonObject(0).getString("detail"))
                .contains("HTTP 403 urn:rap:problem:membership_disabled").contains("stopped 1 workload(s): sleeper")
                .contains("an administrator enables the membership again");
        assertThat(CliRun.of("status", "--state-dir", stateDir.toString()).out())
                .contains("Desired state:       none (dropped: the control plane reports this node without an active"
                        + " membership)");
        assertThat(agent.log()).contains("the control plane reports node " + enrolled.nodeId() + " in cluster "
                + enrolled.clusterId() + " without an active membership (POST " + heartbeats() + " failed: HTTP 403 "
                + "urn:rap:problem:membership_disabled");
        int refused = api.refusedHeartbeats.get();
        await("heartbeats go on", () -> api.refusedHeartbeats.get() >= refused + 2);
        assertThat(processesWith(marker)).isEmpty();

        api.heartbeatRefusal = null; // the owner enables the membership again

        await("the sleeper authorized again by a fresh desired state", () -> processesWith(marker).size() == 1);
        assertThat(agent.log()).contains("again after reporting it without an active membership");
        awaitHealth("membership active again", h -> h.getJsonArray("reasons").stream()
                .noneMatch(r -> r.asJsonObject().getString("code").equals(HealthRules.MEMBERSHIP_WITHDRAWN)));
    }

    @Test
    void anOutageOrAFailingServerStopsNothing() throws Exception {
        String marker = marker();
        agent = start();
        long version = api.desire(List.of(new RoleGrant("relay", null)), List.of(sleeper("sleeper", "relay", marker)));
        await("sleeper running", () -> running("sleeper"));
        ProcessHandle sleeper = processesWith(marker).get(0);

        api.failingHeartbeats = 3;
        await("three 503 answers", () -> api.failingHeartbeats == 0 && running("sleeper"));
        assertThat(agent.log()).contains("heartbeat refused: POST " + heartbeats() + " failed: HTTP 503");

        api.stop();
        await("heartbeats failing", () -> count(agent.log(), "heartbeat failed: cannot reach the control plane") >= 2);
        awaitHealth("degraded, unreachable", h -> h.getString("state").equals("degraded"));

        assertThat(sleeper.isAlive()).as("the same process kept running").isTrue();
        assertThat(processesWith(marker)).containsExactly(sleeper);
        assertThat(new DesiredStateFile(new StateDir(stateDir)).load().orElseThrow().desiredState().version())
                .isEqualTo(version);
        JsonObject health = statusJson().getJsonObject("health");
        assertThat(health.getJsonArray("reasons").stream().map(r -> r.asJsonObject().getString("code")))
                .doesNotContain(HealthRules.IDENTITY_REVOKED);
        assertThat(agent.log()).doesNotContain("reports node").doesNotContain("withdrawn");

        int before = api.heartbeats.size();
        api.restart();
        await("heartbeats resumed", () -> api.heartbeats.size() > before && running("sleeper"));
        assertThat(processesWith(marker)).containsExactly(sleeper);
    }

    private RunningAgent start() {
        AgentConfig config = AgentConfig.defaults().withStateDir(stateDir).withFabricPort(0)
                .withProcessAllowList(List.of(Path.of("/bin/sleep")));
        return new RunningAgent(stateDir, config, INTERVAL);
    }

    private String heartbeats() {
        return api.url() + "/node-api/v1/nodes/" + enrolled.nodeId() + "/heartbeats";
    }

    /** Whether the workload is running in the latest accepted heartbeat. */
    private boolean running(String name) {
        synchronized (api.heartbeats) {
            if (api.heartbeats.isEmpty()) {
                return false;
            }
            Heartbeat last = api.heartbeats.get(api.heartbeats.size() - 1);
            Optional<WorkloadState> state = last.workloads().stream().filter(w -> w.name().equals(name)).findFirst();
            return state.filter(w -> w.state().equals("running")).isPresent();
        }
    }

    private static boolean canBind(int port) {
        try (DatagramSocket socket = new DatagramSocket(port)) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        AgentTestSupport.await(what, condition,
                () -> "agent log:\n" + (agent == null ? "" : agent.log()) + "\nfailures: " + api.failures);
    }

    private JsonObject awaitHealth(String what, Predicate<JsonObject> condition) throws InterruptedException {
        return AgentTestSupport.awaitHealth(stateDir, what, condition,
                () -> "agent log:\n" + (agent == null ? "" : agent.log()));
    }

    private JsonObject statusJson() {
        return AgentTestSupport.statusJson(stateDir);
    }
}
