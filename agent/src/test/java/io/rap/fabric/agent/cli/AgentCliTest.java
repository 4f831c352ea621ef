package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.state.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AgentCliTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"", "enroll", "run", "status", "rotate"})
    void everyCommandHasHelp(String command) {
        CliRun run = command.isEmpty() ? CliRun.of("--help") : CliRun.of(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: rap-node-agent");
    }

    @Test
    void versionIsTheProjectVersion() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("rap-node-agent ").doesNotContain("${");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(CliRun.of().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("status", "--bogus").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("enroll", "--token", "t").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("enroll", "--server", "https://x", "--token", "a", "--token-file", "f").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of("run", "--interval", "soon").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void plainHttpIsRefusedForRemoteServers() {
        CliRun run = CliRun.of("enroll", "--server", "http://cp.example", "--token", "t", "--state-dir", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--server: server URL must use https://");
        assertThat(tmp.resolve(StateDir.KEY_FILE)).doesNotExist();
    }

    @Test
    void invalidNodeNameIsAUsageErrorNamingTheOption() {
        CliRun run = CliRun.of("enroll", "--server", "https://cp.example", "--token", "t", "--name", "bad name",
                "--state-dir", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--name: nodeName may contain only");
    }

    @Test
    void statusWithoutStateSaysNotEnrolled() {
        CliRun text = CliRun.of("status", "--state-dir", tmp.resolve("none").toString());
        CliRun json = CliRun.of("status", "--json", "--state-dir", tmp.resolve("none").toString());

        assertThat(text.exitCode()).isEqualTo(ExitCodes.NOT_ENROLLED);
        assertThat(text.out()).contains("Enrollment:").contains("none").containsPattern("Last heartbeat: +never");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.NOT_ENROLLED);
        assertThat(json.out()).contains("\"enrollment\":\"none\"").contains("\"lastHeartbeatAt\":null");
    }

    @Test
    void runWithoutEnrollmentExitsWith3() {
        CliRun run = CliRun.of("run", "--state-dir", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_ENROLLED);
        assertThat(run.err()).contains("run 'rap-node-agent enroll' first");
    }

    @Test
    void corruptStateExitsWith1NamingTheFile() throws Exception {
        Path file = tmp.resolve(StateDir.STATE_FILE);
        Files.writeString(file, "garbage");

        CliRun run = CliRun.of("status", "--state-dir", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.err()).contains(file.toString()).contains("corrupt");
        assertThat(Files.readString(file)).isEqualTo("garbage");
    }

    @Test
    void durationsAcceptSecondsUnitsAndIso() {
        DurationConverter converter = new DurationConverter();

        assertThat(converter.convert("15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT30S")).isEqualTo(Duration.ofSeconds(30));
    }
}
