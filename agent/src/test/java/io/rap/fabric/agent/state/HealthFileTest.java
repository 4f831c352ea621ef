package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.LinkReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthFileTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void healthSurvivesARoundTrip() {
        StateDir dir = new StateDir(tmp.resolve("state"));
        HealthFile file = new HealthFile(dir);
        LocalHealth health = sample();

        file.save(health);

        assertThat(file.load()).contains(health);
        assertThat(new HealthFile(new StateDir(tmp.resolve("elsewhere"))).load()).isEmpty();
    }

    @Test
    void aHealthyFileWithoutControlPlaneContactOrRoutesRoundTrips() {
        HealthFile file = new HealthFile(new StateDir(tmp));
        LocalHealth health = new LocalHealth(NOW, LocalHealth.HEALTHY, List.of(), null, List.of());

        file.save(health);

        assertThat(file.load()).contains(health);
    }

    @Test
    void theFileIsReplacedAtomicallyOwnerOnlyAndVersioned() throws Exception {
        StateDir dir = new StateDir(tmp);
        HealthFile file = new HealthFile(dir);
        file.save(new LocalHealth(NOW.minusSeconds(60), LocalHealth.HEALTHY, List.of(), null, List.of()));

        file.save(sample());

        Path path = tmp.resolve(HealthFile.FILE);
        assertThat(file.path()).isEqualTo(path);
        assertThat(Files.readString(path)).startsWith("{\"formatVersion\":1,").contains("\"state\":\"partitioned\"")
                .endsWith("}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        try (var files = Files.list(tmp)) {
            assertThat(files).containsExactly(path);
        }
    }

    @Test
    void aTemporaryFileLeftByACrashIsRemovedByTheNextLockHolder() throws Exception {
        StateDir dir = new StateDir(tmp);
        Path temp = tmp.resolve("." + HealthFile.FILE + ".123.tmp");
        Files.writeString(temp, "{\"formatVer");

        assertThat(dir.removeStaleTempFiles()).isEqualTo(1);
        assertThat(temp).doesNotExist();
    }

    @Test
    void aCorruptFileIsDetectedAndLeftAlone() throws Exception {
        Path path = tmp.resolve(HealthFile.FILE);
        Files.writeString(path, "{\"formatVersion\":1,\"updatedAt\":\"2026-03-01T12:00:00Z\",\"state\":\"heal");

        assertThatThrownBy(() -> new HealthFile(new StateDir(tmp)).load())
                .isInstanceOf(StateException.class)
                .hasMessageStartingWith(path + ": the local health file is corrupt (")
                .hasMessageContaining("a running agent rebuilds it after logging a warning");
        assertThat(Files.readString(path)).endsWith("\"heal");
    }

    @Test
    void anUnknownStateIsCorrupt() throws Exception {
        Files.writeString(tmp.resolve(HealthFile.FILE),
                "{\"formatVersion\":1,\"updatedAt\":\"2026-03-01T12:00:00Z\",\"state\":\"fine\",\"routes\":[]}");

        assertThatThrownBy(() -> new HealthFile(new StateDir(tmp)).load()).isInstanceOf(StateException.class)
                .hasMessageContaining("unknown health state fine");
    }

    @Test
    void anUnknownFormatVersionIsRefused() throws Exception {
        Files.writeString(tmp.resolve(HealthFile.FILE),
                "{\"formatVersion\":2,\"updatedAt\":\"2026-03-01T12:00:00Z\",\"state\":\"healthy\"}");

        assertThatThrownBy(() -> new HealthFile(new StateDir(tmp)).load()).isInstanceOf(StateException.class)
                .hasMessageContaining("formatVersion 2 is not supported by this agent");
    }

    @Test
    void moreRoutesThanTheBoundAreRefused() {
        List<LinkReport.LinkHealth> routes = new ArrayList<>();
        for (int i = 0; i <= LocalHealth.MAX_ROUTES; i++) {
            routes.add(new LinkReport.LinkHealth(UUID.randomUUID(), null, 1, 0, 1L, 1L, 0, NOW, null));
        }

        assertThatThrownBy(() -> new LocalHealth(NOW, LocalHealth.HEALTHY, List.of(), null, routes))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longDetailsAreCutToFitTheFile() {
        HealthFile file = new HealthFile(new StateDir(tmp));
        LocalHealth health = new LocalHealth(NOW, LocalHealth.DEGRADED,
                List.of(new LocalHealth.Reason("workload-failed", "x".repeat(5000))), null, List.of());

        file.save(health);

        assertThat(file.load().orElseThrow().reasons().get(0).detail()).hasSize(LocalHealth.MAX_TEXT);
    }

    private static LocalHealth sample() {
        UUID peer = UUID.randomUUID();
        return new LocalHealth(NOW, LocalHealth.PARTITIONED,
                List.of(new LocalHealth.Reason("control-plane-unreachable", "no answer: 5 failed heartbeat(s)"),
                        new LocalHealth.Reason("no-fabric-peer-reachable", null)),
                new LocalHealth.ControlPlane(LocalHealth.ControlPlane.UNREACHABLE, NOW.minusSeconds(300), 5,
                        "cannot reach the control plane: Connection refused", NOW.minusSeconds(315)),
                List.of(new LinkReport.LinkHealth(peer, null, 32, 3, 450L, 1200L, 3, NOW.minusSeconds(200),
                                NOW.minusSeconds(10)),
                        new LinkReport.LinkHealth(peer, UUID.randomUUID(), 4, 4, null, null, 4, null,
                                NOW.minusSeconds(20))));
    }
}
