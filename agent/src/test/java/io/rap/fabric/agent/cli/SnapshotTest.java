package io.rap.fabric.agent.cli;

import io.rap.fabric.agent.state.SnapshotFile;
import io.rap.fabric.protocol.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The signed snapshot in {@code run}: verified, kept, and refused when it must be, against {@link FakeNodeApi}. */
@Timeout(60)
class SnapshotTest {

    @TempDir
    Path tmp;

    private FakeNodeApi api;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        api = new FakeNodeApi();
        api.pendingPolls = 0;
        stateDir = tmp.resolve("state");
        CliRun enroll = CliRun.of("enroll", "--server", api.url(), "--token", FakeNodeApi.TOKEN, "--name", "edge-1",
                "--state-dir", stateDir.toString(), "--wait", "10s", "--poll-interval", "100ms");
        assertThat(enroll.exitCode()).as(enroll.err()).isZero();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private CliRun run() {
        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "2");
        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        return run;
    }

    private JsonObject status() {
        CliRun status = CliRun.of("status", "--json", "--state-dir", stateDir.toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        return Json.parse(status.out().getBytes(StandardCharsets.UTF_8));
    }

    private void plan(long version, UUID cluster, boolean tampered, boolean expired) {
        api.snapshotPlan = new FakeNodeApi.SnapshotPlan(version, cluster, List.of("abc123"), tampered, expired);
    }

    @Test
    void aVerifiedSnapshotIsKeptAndShown() {
        plan(4, FakeNodeApi.CLUSTER_ID, false, false);

        CliRun run = run();

        assertThat(run.out()).contains("snapshot 4 applied: 0 role(s), no peer list, 1 revoked serial(s)");
        assertThat(stateDir.resolve(SnapshotFile.FILE)).exists();
        assertThat(status().getJsonNumber("snapshotVersion").longValue()).isEqualTo(4);
        assertThat(status().getJsonNumber("snapshotRevokedSerials").longValue()).isEqualTo(1);
        assertThat(status().isNull("snapshotPeers")).isTrue();
        assertThat(api.failures).isEmpty();
    }

    @Test
    void tamperedForeignAndExpiredSnapshotsAreRefusedAndTheLastGoodOneStays() {
        plan(4, FakeNodeApi.CLUSTER_ID, false, false);
        run();

        plan(5, FakeNodeApi.CLUSTER_ID, true, false);
        assertThat(run().out()).contains("snapshot refused (snapshot_bad_signature)", "keeping snapshot 4");
        plan(6, UUID.randomUUID(), false, false);
        assertThat(run().out()).contains("snapshot refused (snapshot_foreign_cluster)");
        plan(7, FakeNodeApi.CLUSTER_ID, false, true);
        assertThat(run().out()).contains("snapshot refused (snapshot_expired)");
        plan(3, FakeNodeApi.CLUSTER_ID, false, false);
        assertThat(run().out()).contains("snapshot refused (snapshot_rollback)");

        assertThat(status().getJsonNumber("snapshotVersion").longValue()).isEqualTo(4);
    }

    @Test
    void aStoredSnapshotThatNoLongerVerifiesStopsTheAgentWithAClearMessage() throws Exception {
        plan(4, FakeNodeApi.CLUSTER_ID, false, false);
        run();
        Path file = stateDir.resolve(SnapshotFile.FILE);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("\"signature\":\"", "\"signature\":\"AA"));

        CliRun run = CliRun.of("run", "--state-dir", stateDir.toString(), "--interval", "100ms", "--heartbeats", "1");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err() + run.out()).contains(file.toString(), "does not verify");
        assertThat(Files.readString(file)).as("left untouched for the operator").contains("\"signature\":\"AA");
    }
}
