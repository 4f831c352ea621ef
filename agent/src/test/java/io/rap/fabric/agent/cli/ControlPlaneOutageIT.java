package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.fabric.EchoClient;
import io.rap.fabric.agent.fabric.FabricIdentity;
import io.rap.fabric.agent.fabric.FabricLoop;
import io.rap.fabric.agent.fabric.FabricTls;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.WorkloadState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged agent loses its control plane for two minutes: the authorized workloads
 * keep running and serving, heartbeats fail with backoff, and when the control plane is
 * back on the same address heartbeats, reports and desired-state changes resume with no
 * operator action.
 */
@Timeout(420)
class ControlPlaneOutageIT {

    private static final Path JAR = Path.of("target", "rap-node-agent.jar");
    private static final Duration OUTAGE = Duration.ofMinutes(2);

    @TempDir
    Path tmp;

    @Test
    void workloadsSurviveATwoMinuteOutageAndReportingResumes() throws Exception {
        try (FakeNodeApi api = new FakeNodeApi(); FabricLoop loop = new FabricLoop()) {
            api.pendingPolls = 0;
            Path state = tmp.resolve("state");
            CliRun enroll = CliRun.of("enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                    "--state-dir", state.toString(), "--wait", "10s", "--poll-interval", "50ms");
            assertThat(enroll.exitCode()).as(enroll.err()).isZero();
            int port = freeUdpPort();
            Path config = tmp.resolve("agent.conf");
            Files.writeString(config, "state-dir = " + state + "\nheartbeat-interval = 1s\nfabric-port = " + port
                    + "\nprocess-allow-list = /bin/sleep\n");
            String marker = "8" + ProcessHandle.current().pid() + "001";
            api.desire(List.of(new RoleGrant("relay", null)), List.of(
                    new DesiredWorkload("sleeper", DesiredWorkload.PROCESS, "relay",
                            Map.of("executable", "/bin/sleep", "arguments", marker)),
                    new DesiredWorkload("echo", DesiredWorkload.SYNTHETIC_ECHO, "relay", Map.of())));
            Path log = tmp.resolve("agent.log");
            Process agent = process(log, "run", "--config", config.toString());
            try {
                await(log, "both workloads reported running", Duration.ofSeconds(60),
                        () -> running(api, "sleeper") && running(api, "echo"));
                ProcessHandle sleeper = sleeperOf(agent, marker);
                InetSocketAddress echo = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                FabricIdentity peer = peer(api);
                assertEchoes(loop, peer, echo);

                api.stop();
                int heartbeatsBefore = api.heartbeats.size();
                Instant outageEnd = Instant.now().plus(OUTAGE);
                while (Instant.now().isBefore(outageEnd)) {
                    Thread.sleep(10_000);
                    assertThat(sleeper.isAlive()).as("the process workload keeps running").isTrue();
                    assertEchoes(loop, peer, echo);
                }
                String outageLog = Files.readString(log);
                assertThat(count(outageLog, "heartbeat failed: cannot reach the control plane")).as(outageLog)
                        .isGreaterThanOrEqualTo(3);
                assertThat(api.heartbeats).hasSize(heartbeatsBefore);

                api.restart();

                await(log, "heartbeats with workload reports again", Duration.ofSeconds(90),
                        () -> api.heartbeats.size() > heartbeatsBefore && running(api, "sleeper") && running(api, "echo"));
                assertThat(sleeper.isAlive()).isTrue();
                assertThat(sleeperOf(agent, marker).pid()).as("never restarted").isEqualTo(sleeper.pid());

                api.desire(List.of(), List.of());

                await(log, "the desired state polled again: role removed, workloads stopped", Duration.ofSeconds(30),
                        () -> !sleeper.isAlive() && stopped(api, "sleeper") && stopped(api, "echo"));
                assertThat(api.failures).isEmpty();
            } finally {
                agent.destroy();
                assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static void assertEchoes(FabricLoop loop, FabricIdentity peer, InetSocketAddress echo) throws Exception {
        byte[] payload = ("ping " + Instant.now()).getBytes(StandardCharsets.UTF_8);
        assertThat(EchoClient.echo(loop.group(), FabricTls.client(peer), echo, payload, Duration.ofSeconds(5))
                .get(10, TimeUnit.SECONDS)).isEqualTo(payload);
    }

    private static ProcessHandle sleeperOf(Process agent, String marker) {
        return agent.descendants()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(marker)).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no sleep " + marker + " under the agent"));
    }

    private static boolean running(FakeNodeApi api, String name) {
        return latest(api, name).filter(w -> w.state().equals("running")).isPresent();
    }

    private static boolean stopped(FakeNodeApi api, String name) {
        return latest(api, name).filter(w -> w.state().equals("stopped")).isPresent();
    }

    private static java.util.Optional<WorkloadState> latest(FakeNodeApi api, String name) {
        synchronized (api.heartbeats) {
            if (api.heartbeats.isEmpty()) {
                return java.util.Optional.empty();
            }
            Heartbeat last = api.heartbeats.get(api.heartbeats.size() - 1);
            return last.workloads().stream().filter(w -> w.name().equals(name)).findFirst();
        }
    }

    private static FabricIdentity peer(FakeNodeApi cluster) throws Exception {
        var key = Keys.generateP256();
        return new FabricIdentity(key.getPrivate(), cluster.issueNodeCertificate(key.getPublic(), UUID.randomUUID()),
                List.of(cluster.caCertificate()));
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static void await(Path log, String what, Duration timeout, BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; agent log:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private static Process process(Path log, String... args) throws IOException {
        assertThat(JAR).as("run 'mvn package' first").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
