package io.rap.fabric.agent.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged {@code target/rap-node-agent.jar} as a separate process, the way operators
 * and the control plane's integration tests run it: the fat jar must hold every
 * dependency (JSON-P provider, Bouncy Castle) and stop cleanly on SIGTERM.
 */
@Timeout(120)
class RapNodeAgentJarIT {

    private static final Path JAR = Path.of("target", "rap-node-agent.jar");

    @TempDir
    Path tmp;

    private FakeNodeApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeNodeApi();
        api.pendingPolls = 0;
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void enrollsRunsAndStopsOnSigterm() throws Exception {
        Path state = tmp.resolve("state");
        Result enroll = run("enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                "--state-dir", state.toString(), "--wait", "30s", "--poll-interval", "200ms");
        assertThat(enroll.exitCode()).as(enroll.output()).isZero();

        Path log = tmp.resolve("run.log");
        Process agent = process(log, "run", "--state-dir", state.toString(), "--interval", "200ms");
        Instant deadline = Instant.now().plusSeconds(30);
        while (api.heartbeats.size() < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        agent.destroy(); // SIGTERM
        assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(log);
        assertThat(api.heartbeats.size()).as(output).isGreaterThanOrEqualTo(2);
        assertThat(output).contains("heartbeat accepted").contains("INFO stopping");
        assertThat(api.failures).isEmpty();
        Result status = run("status", "--json", "--state-dir", state.toString());
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("\"enrollment\":\"approved\"").doesNotContain("\"lastHeartbeatAt\":null");
    }

    @Test
    void helpAndUsageExitCodes() throws Exception {
        assertThat(run("--help").exitCode()).isZero();
        assertThat(run("enroll").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("status", "--state-dir", tmp.toString()).exitCode()).isEqualTo(ExitCodes.NOT_ENROLLED);
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
