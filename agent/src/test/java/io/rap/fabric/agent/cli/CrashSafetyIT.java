package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the packaged agent at different points, and two agents side by side: the
 * next start recovers with the same key, state.json is always the old or the new
 * version, never partial, and temporary files of a cut-short write are cleaned up.
 */
@Timeout(300)
class CrashSafetyIT {

    private static final Path JAR = Path.of("target", "rap-node-agent.jar");

    @TempDir
    Path tmp;

    enum KillPoint { KEY_WRITTEN, SUBMITTED, POLLING }

    @Test
    void killDuringEnrollmentRecoversWithTheSameKey() throws Exception {
        for (KillPoint point : KillPoint.values()) {
            try (FakeNodeApi api = new FakeNodeApi()) {
                api.pendingPolls = Integer.MAX_VALUE;
                Path state = tmp.resolve("enroll-" + point);
                StateDir dir = new StateDir(state);
                Process agent = process(tmp.resolve(point + ".log"), "enroll", "--server", api.url(), "--token",
                        FakeNodeApi.TOKEN, "--name", "edge-1", "--state-dir", state.toString(), "--wait", "60s",
                        "--poll-interval", "20ms");
                BooleanSupplier reached = switch (point) {
                    case KEY_WRITTEN -> () -> Files.exists(dir.file(StateDir.KEY_FILE));
                    case SUBMITTED -> () -> api.submissions.get() >= 1;
                    case POLLING -> () -> api.polls.get() >= 3;
                };
                await(reached, point.toString());
                killHard(agent);

                Optional<String> keyBefore = read(dir.file(StateDir.KEY_FILE));
                Optional<AgentState> stateBefore = dir.load(); // never partial: parses or is absent
                assertThat(keyBefore).as(point + ": the key is written before anything is sent").isPresent();
                if (point == KillPoint.POLLING) {
                    assertThat(stateBefore).get().extracting(AgentState::enrollment).isEqualTo(EnrollmentState.PENDING);
                }

                api.pendingPolls = 0; // the operator approves
                Result again = run("enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                        "--state-dir", state.toString(), "--wait", "30s", "--poll-interval", "50ms");

                assertThat(again.exitCode()).as(point + ": " + again.output()).isZero();
                assertThat(read(dir.file(StateDir.KEY_FILE))).as(point + ": same identity").isEqualTo(keyBefore);
                assertThat(Keys.thumbprint(api.issued.getPublicKey()))
                        .isEqualTo(Keys.thumbprint(dir.loadKey().orElseThrow().getPublic()));
                if (stateBefore.isPresent() && stateBefore.get().requestId() != null) {
                    assertThat(api.submissions.get()).as(point + ": a stored request is not submitted again").isEqualTo(1);
                }
                Result heartbeat = run("run", "--state-dir", state.toString(), "--interval", "100ms", "--heartbeats", "1");
                assertThat(heartbeat.exitCode()).as(point + ": " + heartbeat.output()).isZero();
                assertThat(api.failures).isEmpty();
                assertThat(temporaryFiles(state)).isEmpty();
            }
        }
    }

    @Test
    void killDuringStateWritesLeavesTheOldOrTheNewState() throws Exception {
        try (FakeNodeApi api = new FakeNodeApi()) {
            api.pendingPolls = 0;
            Path state = tmp.resolve("writes");
            StateDir dir = new StateDir(state);
            Result enroll = run("enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                    "--state-dir", state.toString(), "--wait", "30s", "--poll-interval", "50ms");
            assertThat(enroll.exitCode()).as(enroll.output()).isZero();
            String key = Files.readString(dir.file(StateDir.KEY_FILE));
            Random random = new Random(4);
            int leftovers = 0;

            for (int round = 0; round < 5; round++) {
                // every heartbeat rewrites state.json; with 1 ms between them the agent is nearly always writing
                Process agent = process(tmp.resolve("writes-" + round + ".log"), "run", "--state-dir", state.toString(),
                        "--interval", "1ms");
                int target = api.heartbeats.size() + 20;
                await(() -> api.heartbeats.size() >= target, "heartbeats");
                Thread.sleep(random.nextInt(50));
                killHard(agent);

                AgentState after = dir.load().orElseThrow();
                assertThat(after.enrollment()).isEqualTo(EnrollmentState.APPROVED);
                assertThat(after.lastHeartbeatAt()).isNotNull();
                assertThat(Files.readString(dir.file(StateDir.KEY_FILE))).isEqualTo(key);
                leftovers += temporaryFiles(state).size();
            }

            Result next = run("run", "--state-dir", state.toString(), "--interval", "100ms", "--heartbeats", "1");
            assertThat(next.exitCode()).as(next.output()).isZero();
            assertThat(temporaryFiles(state)).as("cleaned by the next start (%d seen after kills)", leftovers).isEmpty();
            assertThat(Files.readString(dir.file(StateDir.KEY_FILE))).isEqualTo(key);
            assertThat(api.failures).isEmpty();
        }
    }

    @Test
    void twoAgentsWithSeparateStateDirsStayIsolated() throws Exception {
        try (FakeNodeApi clusterA = new FakeNodeApi(); FakeNodeApi clusterB = new FakeNodeApi()) {
            clusterA.pendingPolls = 0;
            clusterB.pendingPolls = 0;
            Path stateA = tmp.resolve("a");
            Path stateB = tmp.resolve("b");
            assertThat(run("enroll", "--server", clusterA.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-a",
                    "--state-dir", stateA.toString(), "--wait", "30s", "--poll-interval", "50ms").exitCode()).isZero();
            assertThat(run("enroll", "--server", clusterB.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-b",
                    "--state-dir", stateB.toString(), "--wait", "30s", "--poll-interval", "50ms").exitCode()).isZero();

            Process a = process(tmp.resolve("a.log"), "run", "--state-dir", stateA.toString(), "--interval", "100ms");
            Process b = process(tmp.resolve("b.log"), "run", "--state-dir", stateB.toString(), "--interval", "100ms");
            try {
                await(() -> clusterA.heartbeats.size() >= 3 && clusterB.heartbeats.size() >= 3, "both heartbeat");
                Result second = run("run", "--state-dir", stateA.toString(), "--heartbeats", "1");
                assertThat(second.exitCode()).isEqualTo(ExitCodes.FAILURE);
                assertThat(second.output()).contains("another rap-node-agent process is using this state directory");
            } finally {
                a.destroy();
                b.destroy();
                assertThat(a.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(b.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }

            StateDir dirA = new StateDir(stateA);
            StateDir dirB = new StateDir(stateB);
            AgentState nodeA = dirA.load().orElseThrow();
            AgentState nodeB = dirB.load().orElseThrow();
            assertThat(nodeA.server()).isEqualTo(clusterA.url());
            assertThat(nodeB.server()).isEqualTo(clusterB.url());
            assertThat(nodeA.nodeId()).isNotEqualTo(nodeB.nodeId());
            assertThat(Keys.thumbprint(dirA.loadKey().orElseThrow().getPublic()))
                    .isNotEqualTo(Keys.thumbprint(dirB.loadKey().orElseThrow().getPublic()))
                    .isEqualTo(Keys.thumbprint(clusterA.issued.getPublicKey()));
            // each control plane saw only its own node, every heartbeat proven by that node's key
            assertThat(clusterA.failures).isEmpty();
            assertThat(clusterB.failures).isEmpty();
            assertThat(clusterA.enrollments()).singleElement()
                    .satisfies(e -> assertThat(e.request().nodeName()).isEqualTo("edge-a"));
            assertThat(clusterB.enrollments()).singleElement()
                    .satisfies(e -> assertThat(e.request().nodeName()).isEqualTo("edge-b"));
        }
    }

    private static void killHard(Process process) throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 9);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(2);
        }
    }

    private static Optional<String> read(Path file) throws IOException {
        return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "out", ".log");
        Process process = process(log, args);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Process process(Path log, String... args) throws IOException {
        assertThat(JAR).as("run 'mvn package' first").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
