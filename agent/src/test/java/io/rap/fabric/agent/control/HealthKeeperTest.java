package io.rap.fabric.agent.control;

import io.rap.fabric.agent.state.HealthFile;
import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.LocalHealth.ControlPlane;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HealthKeeperTest {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(45);

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(START);
    private final StringWriter logged = new StringWriter();
    private final Log log = new Log(new PrintWriter(logged, true), clock);
    private List<LinkReport.LinkHealth> current = List.of();

    @Test
    void theControlPlaneGoesUnreachableThenDegradesAfterTheGracePeriodAndRecovers() {
        HealthKeeper keeper = keeper();
        keeper.heartbeatAccepted(clock.instant());
        keeper.update(List.of(), null, null, null);
        assertThat(saved().state()).isEqualTo(LocalHealth.HEALTHY);
        assertThat(saved().controlPlane().state()).isEqualTo(ControlPlane.REACHABLE);

        clock.advance(Duration.ofSeconds(15));
        Instant lost = clock.instant();
        keeper.heartbeatUnreachable(lost, "cannot reach the control plane: Connection refused");
        keeper.update(List.of(), null, null, null);
        LocalHealth first = saved();
        assertThat(first.state()).as("within the grace period").isEqualTo(LocalHealth.HEALTHY);
        assertThat(first.controlPlane()).isEqualTo(new ControlPlane(ControlPlane.UNREACHABLE, lost, 1,
                "cannot reach the control plane: Connection refused", START));

        clock.advance(GRACE);
        keeper.heartbeatUnreachable(clock.instant(), "cannot reach the control plane: Connection refused");
        keeper.update(List.of(), null, null, null);
        assertThat(saved().state()).isEqualTo(LocalHealth.DEGRADED);
        assertThat(saved().controlPlane().since()).as("since the first failure").isEqualTo(lost);
        assertThat(saved().controlPlane().consecutiveFailures()).isEqualTo(2);
        assertThat(saved().hasReason(HealthRules.CONTROL_PLANE_UNREACHABLE)).isTrue();
        assertThat(logged.toString()).contains("local health degraded: control-plane-unreachable");

        clock.advance(Duration.ofSeconds(5));
        Instant back = clock.instant();
        keeper.heartbeatAccepted(back);
        keeper.update(List.of(), null, null, null);
        assertThat(saved().state()).isEqualTo(LocalHealth.HEALTHY);
        assertThat(saved().controlPlane()).isEqualTo(new ControlPlane(ControlPlane.REACHABLE, back, 0, null, back));
        assertThat(logged.toString()).contains("local health healthy");
    }

    @Test
    void aRefusalIsRecordedWithItsProblemType() {
        HealthKeeper keeper = keeper();
        keeper.heartbeatRefused(clock.instant(), new ControlPlaneException("heartbeat", 403,
                new Problem("https://rap.example/problems/node_revoked", "Revoked", 403, null)));
        keeper.update(List.of(), null, null, null);

        assertThat(saved().controlPlane().state()).isEqualTo(ControlPlane.REFUSING);
        assertThat(saved().controlPlane().lastError()).isEqualTo("HTTP 403 https://rap.example/problems/node_revoked");
    }

    @Test
    void aRevocationLastsUntilAHeartbeatIsAcceptedAlsoAcrossARestart() {
        HealthKeeper keeper = keeper();
        keeper.heartbeatRefused(clock.instant(), new ControlPlaneException("heartbeat", 401,
                Problem.of("certificate_revoked", 401, "Revoked", null)));
        keeper.withdrawn(HealthRules.IDENTITY_REVOKED, "revoked since " + START + ": stopped 1 workload(s): echo");
        keeper.update(List.of(), null, null, null);
        assertThat(saved().state()).isEqualTo(LocalHealth.DEGRADED);
        assertThat(saved().reasons()).containsExactly(new LocalHealth.Reason(HealthRules.IDENTITY_REVOKED,
                "revoked since " + START + ": stopped 1 workload(s): echo"));

        clock.advance(Duration.ofSeconds(15));
        keeper.withdrawn(HealthRules.IDENTITY_REVOKED, "revoked since " + clock.instant() + ": no workload was running");
        keeper.update(List.of(), null, null, null);
        assertThat(saved().reasons().get(0).detail()).as("the first report stays").contains("echo");

        HealthKeeper restarted = keeper();
        clock.advance(Duration.ofSeconds(15));
        restarted.heartbeatUnreachable(clock.instant(), "cannot reach the control plane: Connection refused");
        restarted.update(List.of(), null, null, null);
        assertThat(saved().hasReason(HealthRules.IDENTITY_REVOKED)).as("carried over from the file").isTrue();

        restarted.heartbeatAccepted(clock.instant());
        restarted.update(List.of(), null, null, null);
        assertThat(saved().state()).isEqualTo(LocalHealth.HEALTHY);
        assertThat(saved().reasons()).isEmpty();
    }

    @Test
    void anUnchangedHealthIsWrittenAtMostEveryWriteInterval() throws Exception {
        HealthKeeper keeper = keeper();
        keeper.heartbeatAccepted(clock.instant());
        keeper.update(List.of(), null, null, null);
        Instant firstWrite = saved().updatedAt();

        clock.advance(Duration.ofSeconds(15));
        keeper.heartbeatAccepted(clock.instant());
        current = List.of(route(UUID.randomUUID(), clock.instant()));
        keeper.update(List.of(), null, null, null);
        assertThat(saved().updatedAt()).as("only route figures changed").isEqualTo(firstWrite);

        clock.advance(HealthKeeper.WRITE_INTERVAL);
        keeper.update(List.of(), null, null, null);
        assertThat(saved().updatedAt()).isEqualTo(clock.instant());
        assertThat(saved().routes()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        keeper.rotation("cannot reach the control plane");
        keeper.update(List.of(), null, null, null);
        assertThat(saved().updatedAt()).as("a new reason is written at once").isEqualTo(clock.instant());
        assertThat(saved().hasReason(HealthRules.CERTIFICATE_ROTATION_FAILING)).isTrue();
    }

    @Test
    void theRouteCacheStartsFromTheSavedFileAndTheFabricsFiguresReplaceItsEntries() {
        UUID known = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        new HealthFile(new StateDir(tmp)).save(new LocalHealth(START.minusSeconds(3600), LocalHealth.HEALTHY,
                List.of(), null, List.of(route(known, START.minusSeconds(3600)), route(gone, START.minusSeconds(3700)))));
        HealthKeeper keeper = keeper();
        current = List.of(route(known, START));

        keeper.update(List.of(), null, null, null);

        assertThat(saved().routes()).containsExactly(route(known, START), route(gone, START.minusSeconds(3700)));
    }

    @Test
    void theRouteCacheKeepsTheMostRecentlyUsedPathsWithinItsBound() {
        HealthKeeper keeper = keeper();
        List<LinkReport.LinkHealth> many = new ArrayList<>();
        for (int i = 0; i < LocalHealth.MAX_ROUTES + 10; i++) {
            many.add(route(UUID.randomUUID(), START.minusSeconds(i)));
        }
        current = many;

        keeper.update(List.of(), null, null, null);

        assertThat(saved().routes()).hasSize(LocalHealth.MAX_ROUTES)
                .containsExactlyElementsOf(many.subList(0, LocalHealth.MAX_ROUTES));
    }

    @Test
    void aCorruptFileIsLoggedByNameAndThenRebuilt() throws Exception {
        Path path = tmp.resolve(HealthFile.FILE);
        Files.writeString(path, "{\"formatVersion\":1,\"state\":");

        HealthKeeper keeper = keeper();
        assertThat(logged.toString()).contains("WARN").contains(path + ": the local health file is corrupt (")
                .contains("rebuilding " + path + " from what this run measures");
        assertThat(Files.readString(path)).as("not replaced before the first assessment")
                .isEqualTo("{\"formatVersion\":1,\"state\":");

        keeper.update(List.of(), null, null, null);

        assertThat(saved().state()).isEqualTo(LocalHealth.HEALTHY);
    }

    private HealthKeeper keeper() {
        return new HealthKeeper(new HealthFile(new StateDir(tmp)), GRACE, clock, log, () -> current, null);
    }

    private LocalHealth saved() {
        return new HealthFile(new StateDir(tmp)).load().orElseThrow();
    }

    private static LinkReport.LinkHealth route(UUID peer, Instant lastSuccess) {
        return new LinkReport.LinkHealth(peer, null, 32, 0, 250L, 800L, 0, lastSuccess, null);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
