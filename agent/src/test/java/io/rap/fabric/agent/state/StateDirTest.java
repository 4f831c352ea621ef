package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.RoleGrant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDirTest {

    @TempDir
    Path tmp;

    @Test
    void atomicWriteReplacesContentAndLeavesNoTemporaryFiles() throws Exception {
        Path target = tmp.resolve("file.json");
        Files.writeString(target, "old");

        AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY);

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void stateSurvivesARoundTrip() {
        StateDir dir = new StateDir(tmp.resolve("state"));
        AgentState state = AgentState.empty()
                .pending("https://cp.example", "edge-1", UUID.randomUUID())
                .approved(UUID.randomUUID(), UUID.randomUUID(), "cert", "ca", "0a1b", Instant.parse("2025-09-01T00:00:00Z"))
                .heartbeatAccepted(Instant.parse("2025-06-01T00:00:00Z"),
                        new HeartbeatAck(Instant.parse("2025-06-01T00:00:01Z"), 3, "active"));

        dir.save(state);

        assertThat(dir.load()).contains(state);
        assertThat(new StateDir(tmp.resolve("elsewhere")).load()).isEmpty();
    }

    @Test
    void stateJsonCarriesAFormatVersion() throws Exception {
        StateDir dir = new StateDir(tmp);
        dir.save(AgentState.empty());

        assertThat(Files.readString(tmp.resolve(StateDir.STATE_FILE))).contains("\"formatVersion\":1");
    }

    @Test
    void corruptStateIsReportedAndLeftUntouched() throws Exception {
        Path file = tmp.resolve(StateDir.STATE_FILE);
        Files.writeString(file, "{\"formatVersion\":1,\"enrollment\":");

        assertThatThrownBy(() -> new StateDir(tmp).load())
                .isInstanceOf(StateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
        assertThat(Files.readString(file)).isEqualTo("{\"formatVersion\":1,\"enrollment\":");
    }

    @Test
    void stateOfANewerFormatIsRefused() throws Exception {
        Files.writeString(tmp.resolve(StateDir.STATE_FILE), "{\"formatVersion\":2,\"enrollment\":\"none\"}");

        assertThatThrownBy(() -> new StateDir(tmp).load())
                .isInstanceOf(StateException.class)
                .hasMessageContaining("formatVersion 2 is not supported");
    }

    @Test
    void inconsistentStateIsRefused() throws Exception {
        Files.writeString(tmp.resolve(StateDir.STATE_FILE), "{\"formatVersion\":1,\"enrollment\":\"approved\","
                + "\"server\":\"https://x\",\"requestId\":\"" + UUID.randomUUID() + "\"}");

        assertThatThrownBy(() -> new StateDir(tmp).load())
                .isInstanceOf(StateException.class)
                .hasMessageContaining("node identity is incomplete");
    }

    @Test
    void keyIsWrittenOwnerOnlyAndReused() throws Exception {
        StateDir dir = new StateDir(tmp.resolve("state"));

        KeyPair created = dir.loadOrCreateKey();
        KeyPair again = dir.loadOrCreateKey();

        Path keyFile = dir.file(StateDir.KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path()))).isEqualTo("rwx------");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Keys.thumbprint(again.getPublic())).isEqualTo(Keys.thumbprint(created.getPublic()));
        assertThat(again.getPrivate()).isEqualTo(created.getPrivate());
    }

    @Test
    void keyReadableByOthersIsRefused() throws Exception {
        StateDir dir = new StateDir(tmp);
        dir.loadOrCreateKey();
        Files.setPosixFilePermissions(dir.file(StateDir.KEY_FILE), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(dir::loadKey)
                .isInstanceOf(StateException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void garbageKeyIsReported() throws Exception {
        Path keyFile = tmp.resolve(StateDir.KEY_FILE);
        Files.writeString(keyFile, "not a key");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> new StateDir(tmp).loadOrCreateKey())
                .isInstanceOf(StateException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageContaining("unusable");
        assertThat(Files.readString(keyFile)).isEqualTo("not a key");
    }

    @Test
    void onlyOneProcessHoldsTheLock() throws Exception {
        StateDir dir = new StateDir(tmp);

        try (AutoCloseable first = dir.lock()) {
            assertThatThrownBy(dir::lock)
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("another rap-node-agent process");
        }
        dir.lock().close();
    }

    @Test
    void hostIdIsGeneratedOnceAndKept() {
        StateDir dir = new StateDir(tmp);

        assertThat(dir.hostId()).isEqualTo(dir.hostId()).hasSize(36);
    }

    @Test
    void takingTheLockRemovesTemporaryFilesOfAnInterruptedWriteOnly() throws Exception {
        StateDir dir = new StateDir(tmp);
        dir.save(AgentState.empty());
        String saved = Files.readString(dir.file(StateDir.STATE_FILE));
        Path half = Files.writeString(tmp.resolve(".state.json.123456.tmp"), "{\"formatVer");
        Path halfKey = Files.writeString(tmp.resolve(".node.key.987.tmp"), "-----BEGIN");
        Path halfDesired = Files.writeString(tmp.resolve(".desired-state.json.55.tmp"), "{\"formatV");
        Path halfWorkloads = Files.writeString(tmp.resolve(".workloads.json.66.tmp"), "{");
        Path foreign = Files.writeString(tmp.resolve(".operator-notes.tmp"), "mine");

        dir.lock().close();

        assertThat(half).doesNotExist();
        assertThat(halfKey).doesNotExist();
        assertThat(halfDesired).doesNotExist();
        assertThat(halfWorkloads).doesNotExist();
        assertThat(foreign).exists();
        assertThat(Files.readString(dir.file(StateDir.STATE_FILE))).isEqualTo(saved);
        assertThat(dir.load()).contains(AgentState.empty());
    }

    @Test
    void desiredStateRoundTripsAndACorruptFileIsReportedNotReplaced() throws Exception {
        StateDir dir = new StateDir(tmp);
        DesiredStateFile file = new DesiredStateFile(dir);
        assertThat(file.load()).isEmpty();
        var desired = new DesiredState(UUID.randomUUID(), UUID.randomUUID(),
                7, List.of(new RoleGrant("relay", null)), List.of(
                new DesiredWorkload("echo", "synthetic.echo", "relay", Map.of())));
        Instant at = Instant.parse("2026-01-02T03:04:05Z");

        file.save(desired, at);

        assertThat(file.load()).contains(new DesiredStateFile.Saved(desired, at));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
                .isEqualTo("rw-------");
        Files.writeString(file.path(), "{\"formatVersion\":2,\"acceptedAt\":\"2026-01-02T03:04:05Z\"}");
        assertThatThrownBy(file::load).isInstanceOf(StateException.class)
                .hasMessageStartingWith(file.path() + ": the saved desired state is corrupt (formatVersion 2 is not"
                        + " supported by this agent");
        assertThat(Files.readString(file.path())).contains("\"formatVersion\":2");
    }
}
