package io.rap.fabric.agent.cli;

import static io.rap.fabric.agent.cli.AgentTestSupport.count;
import static io.rap.fabric.agent.cli.AgentTestSupport.marker;
import static io.rap.fabric.agent.cli.AgentTestSupport.processesWith;
import static io.rap.fabric.agent.cli.AgentTestSupport.sleeper;
import static io.rap.fabric.agent.cli.AgentTestSupport.freeUdpPort;

import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.rap.fabric.agent.config.AgentConfig;
import io.rap.fabric.agent.fabric.EchoClient;
import io.rap.fabric.agent.fabric.FabricIdentity;
import io.rap.fabric.agent.fabric.FabricLoop;
import io.rap.fabric.agent.fabric.FabricTls;
import io.rap.fabric.agent.state.DesiredStateFile;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The supervision layer in a running agent against {@link FakeNodeApi}: real processes,
 * a real QUIC echo server, desired states changed on the fake control plane.
 */
@Timeout(120)
class SupervisionTest {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private Path stateDir;
    private RunningAgent agent;

    @BeforeEach
    void enroll() throws Exception {
        api = new FakeNodeApi();
        stateDir = tmp.resolve("state");
        EnrolledAgent.enroll(api, stateDir, "edge-1");
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        api.close();
    }

    @Test
    void roleAddedStartsTheWorkloadSettingsChangeRestartsItRoleRemovedStopsIt() throws Exception {
        agent = start();
        await("an empty desired state applied", () -> api.desiredStateFetches.get() >= 1);
        String marker = marker();
        assertThat(processesWith(marker)).isEmpty();

        long version = api.desire(List.of(new RoleGrant("relay", null)), List.of(sleeper("sleeper", "relay", marker)));

        await("sleeper reported running", () -> reported("sleeper").filter(w -> w.state().equals("running")).isPresent());
        List<ProcessHandle> first = processesWith(marker);
        assertThat(first).hasSize(1).allMatch(ProcessHandle::isAlive);
        assertThat(lastHeartbeat().health()).isEqualTo(Heartbeat.HEALTHY);
        JsonObject status = statusJson();
        assertThat(status.getJsonNumber("desiredStateVersion").longValue()).isEqualTo(version);
        assertThat(status.getJsonArray("workloads").getJsonObject(0).getString("state")).isEqualTo("running");
        assertThat(stateDir.resolve("workloads/sleeper/output.log")).exists();

        String marker2 = marker();
        api.desire(List.of(new RoleGrant("relay", null)), List.of(sleeper("sleeper", "relay", marker2)));

        await("the old process replaced", () -> !first.get(0).isAlive() && processesWith(marker2).size() == 1);

        api.desire(List.of(), List.of());

        await("sleeper reported stopped", () -> reported("sleeper").filter(w -> w.state().equals("stopped")).isPresent());
        assertThat(processesWith(marker2)).isEmpty();
        assertThat(api.failures).isEmpty();
        assertThat(agent.log()).contains("workload sleeper (process) started: pid ").contains("stopping workload sleeper");
    }

    @Test
    void processNotOnTheAllowListIsRefusedReportedAndNeverStarted() throws Exception {
        Path marker = tmp.resolve("touched");
        agent = start();

        api.desire(List.of(new RoleGrant("relay", null)), List.of(new DesiredWorkload("toucher", DesiredWorkload.PROCESS,
                "relay", Map.of("executable", "/usr/bin/touch", "arguments", marker.toString()))));

        await("toucher reported degraded", () -> reported("toucher").filter(w -> w.state().equals("degraded")).isPresent());
        assertThat(reported("toucher").orElseThrow().reason())
                .isEqualTo("executable not on the local allow-list: /usr/bin/touch");
        assertThat(lastHeartbeat().health()).isEqualTo(Heartbeat.DEGRADED);
        Thread.sleep(300);
        assertThat(marker).doesNotExist();
        assertThat(stateDir.resolve("workloads/toucher")).doesNotExist();
    }

    @Test
    void crashingWorkloadBacksOffAndIsReportedInACrashLoop() throws Exception {
        agent = start();

        api.desire(List.of(new RoleGrant("relay", null)), List.of(new DesiredWorkload("crasher", DesiredWorkload.PROCESS,
                "relay", Map.of("executable", "/bin/false"))));

        await("crasher reported failed", () -> reported("crasher").filter(w -> w.state().equals("failed")).isPresent());
        assertThat(reported("crasher").orElseThrow().reason()).startsWith("crash loop: 4 exits in ")
                .contains("(last: exited with code 1)");
        String log = agent.log();
        assertThat(log).contains("workload crasher exited with code 1; restarting in ")
                .contains("workload crasher is in a crash loop");
        // it keeps trying, at the slowest pace (0.8 s here)
        int starts = count(log, "workload crasher (process) started");
        await("another attempt", () -> count(agent.log(), "workload crasher (process) started") > starts);
        assertThat(agent.log()).contains("next attempt in 0.8 s");
    }

    @Test
    void unsupportedTypesAndUnauthorizedWorkloadsAreReportedDegraded() throws Exception {
        agent = start();

        api.desire(List.of(new RoleGrant("vpn-exit", null)), List.of(
                new DesiredWorkload("exit-1", "vpn-exit", "vpn-exit", Map.of()),
                sleeper("no-role", "relay", marker())));

        await("both reported", () -> reported("exit-1").isPresent() && reported("no-role").isPresent());
        assertThat(reported("exit-1").orElseThrow()).isEqualTo(new WorkloadState("exit-1", "vpn-exit", "degraded",
                "workload type vpn-exit is not supported by this agent"));
        assertThat(reported("no-role").orElseThrow()).isEqualTo(new WorkloadState("no-role", "process", "degraded",
                "not authorized: role relay is not assigned to this node in this cluster"));
    }

    @Test
    void echoWorkloadServesPeersOfTheClusterOnlyAndStopsWithItsRole() throws Exception {
        int port = freeUdpPort();
        agent = start();

        api.desire(List.of(new RoleGrant("relay", null)), List.of(new DesiredWorkload("echo", DesiredWorkload.SYNTHETIC_ECHO,
                "relay", Map.of("port", Integer.toString(port)))));

        await("echo reported running", () -> reported("echo").filter(w -> w.state().equals("running")).isPresent());
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        byte[] payload = "synthetic traffic".getBytes(StandardCharsets.UTF_8);
        try (FabricLoop loop = new FabricLoop(); FakeNodeApi otherCluster = new FakeNodeApi()) {
            assertThat(EchoClient.echo(loop.group(), FabricTls.client(peer(api)), address, payload, Duration.ofSeconds(5))
                    .get(10, TimeUnit.SECONDS)).isEqualTo(payload);

            var anonymous = QuicSslContextBuilder.forClient().endpointIdentificationAlgorithm(null)
                    .trustManager(api.caCertificate()).applicationProtocols(FabricTls.ALPN).build();
            assertThatThrownBy(() -> EchoClient.echo(loop.group(), anonymous, address, payload, Duration.ofSeconds(3))
                    .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            FabricIdentity stranger = peer(otherCluster);
            var strangerTls = QuicSslContextBuilder.forClient().endpointIdentificationAlgorithm(null)
                    .keyManager(stranger.key(), null, stranger.certificate())
                    .trustManager(api.caCertificate()).applicationProtocols(FabricTls.ALPN).build();
            assertThatThrownBy(() -> EchoClient.echo(loop.group(), strangerTls, address, payload, Duration.ofSeconds(3))
                    .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

            api.desire(List.of(), List.of());

            await("echo reported stopped", () -> reported("echo").filter(w -> w.state().equals("stopped")).isPresent());
            assertThatThrownBy(() -> EchoClient.echo(loop.group(), FabricTls.client(peer(api)), address, payload,
                    Duration.ofSeconds(2)).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        assertThat(agent.log()).contains("workload echo (synthetic.echo) started: QUIC echo on UDP port " + port);
    }

    @Test
    void restartWhileTheControlPlaneIsDownRunsTheSavedDesiredState() throws Exception {
        String marker = marker();
        agent = start();
        long version = api.desire(List.of(new RoleGrant("relay", null)), List.of(sleeper("sleeper", "relay", marker)));
        await("sleeper running", () -> processesWith(marker).size() == 1);
        agent.close();
        assertThat(processesWith(marker)).as("stopping the agent stops its workloads").isEmpty();
        assertThat(new DesiredStateFile(new StateDir(stateDir)).load().orElseThrow().desiredState().version())
                .isEqualTo(version);

        api.stop();
        agent = start();

        await("sleeper running again without the control plane", () -> processesWith(marker).size() == 1);
        await("heartbeats failing", () -> agent.log().contains("heartbeat failed: cannot reach the control plane"));
        assertThat(agent.log()).contains("running the saved desired state " + version + " until the control plane answers");
        int before = api.heartbeats.size();

        api.restart();

        await("heartbeats resumed", () -> api.heartbeats.size() > before
                && reported("sleeper").filter(w -> w.state().equals("running")).isPresent());
        assertThat(processesWith(marker)).hasSize(1);
        assertThat(agent.failure()).isNull();
    }

    @Test
    void corruptSavedDesiredStateIsAClearErrorAndLeftUntouched() throws Exception {
        Path file = stateDir.resolve(DesiredStateFile.FILE);
        Files.writeString(file, "{\"formatVersion\":1,\"desiredState\":{\"nodeId\":\"x\"");

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains(file + ": the saved desired state is corrupt (")
                .contains("it was left untouched: repair it or move it away");
        assertThat(Files.readString(file)).isEqualTo("{\"formatVersion\":1,\"desiredState\":{\"nodeId\":\"x\"");
        assertThat(api.heartbeats).isEmpty();
        CliRun status = CliRun.of("status", "--state-dir", stateDir.toString());
        assertThat(status.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(status.err()).contains("the saved desired state is corrupt");
    }

    @Test
    void desiredStateForAnotherNodeIsRefused() throws Exception {
        api.desiredStateForNode = UUID.randomUUID();
        String marker = marker();
        agent = start();

        api.desire(List.of(new RoleGrant("relay", null)), List.of(sleeper("sleeper", "relay", marker)));

        await("the answer refused", () -> agent.log().contains("the control plane sent a desired state for node "
                + api.desiredStateForNode));
        assertThat(agent.log()).contains("; refused, no workloads run until it can be fetched");
        assertThat(processesWith(marker)).isEmpty();
        assertThat(stateDir.resolve(DesiredStateFile.FILE)).doesNotExist();
    }

    private RunningAgent start() {
        AgentConfig config = AgentConfig.defaults().withStateDir(stateDir).withFabricPort(0)
                .withProcessAllowList(List.of(Path.of("/bin/sleep"), Path.of("/bin/false")));
        return new RunningAgent(stateDir, config, INTERVAL);
    }

    private Heartbeat lastHeartbeat() {
        synchronized (api.heartbeats) {
            return api.heartbeats.get(api.heartbeats.size() - 1);
        }
    }

    /** The workload's state in the latest heartbeat. */
    private Optional<WorkloadState> reported(String name) {
        synchronized (api.heartbeats) {
            if (api.heartbeats.isEmpty()) {
                return Optional.empty();
            }
            return lastHeartbeat().workloads().stream().filter(w -> w.name().equals(name)).findFirst();
        }
    }

    private static FabricIdentity peer(FakeNodeApi cluster) throws Exception {
        var key = Keys.generateP256();
        return new FabricIdentity(key.getPrivate(), cluster.issueNodeCertificate(key.getPublic(), UUID.randomUUID()),
                List.of(cluster.caCertificate()));
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        AgentTestSupport.await(what, condition,
                () -> "agent log:\n" + (agent == null ? "" : agent.log()) + "\nfailures: " + api.failures);
    }

    private JsonObject statusJson() {
        return AgentTestSupport.statusJson(stateDir);
    }
}
