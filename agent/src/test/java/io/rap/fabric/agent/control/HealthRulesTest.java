package io.rap.fabric.agent.control;

import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.LocalHealth.ControlPlane;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.WorkloadState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.rap.fabric.agent.control.HealthRules.assess;
import static org.assertj.core.api.Assertions.assertThat;

class HealthRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(45);
    private static final ControlPlane REACHABLE = new ControlPlane(ControlPlane.REACHABLE, NOW.minusSeconds(600), 0,
            null, NOW.minusSeconds(10));

    @Test
    void nothingWrongIsHealthy() {
        HealthRules.Assessment a = assess(inputs(REACHABLE, List.of(running("echo")), List.of(fresh())), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.HEALTHY);
        assertThat(a.reasons()).isEmpty();
    }

    @Test
    void beforeTheFirstHeartbeatNothingIsKnownAgainstTheControlPlane() {
        assertThat(assess(inputs(null, List.of(), List.of()), NOW).state()).isEqualTo(LocalHealth.HEALTHY);
    }

    @Test
    void anUnreachableControlPlaneWithinTheGracePeriodIsStillHealthy() {
        ControlPlane cp = unreachable(NOW.minus(GRACE).plusSeconds(1));

        assertThat(assess(inputs(cp, List.of(), List.of()), NOW).state()).isEqualTo(LocalHealth.HEALTHY);
    }

    @Test
    void anUnreachableControlPlaneBeyondTheGracePeriodDegrades() {
        ControlPlane cp = unreachable(NOW.minus(GRACE));

        HealthRules.Assessment a = assess(inputs(cp, List.of(), List.of()), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.DEGRADED);
        assertThat(codes(a)).containsExactly(HealthRules.CONTROL_PLANE_UNREACHABLE);
        assertThat(a.reasons().get(0).detail()).contains("4 failed heartbeat(s) since " + cp.since())
                .contains("connection refused");
    }

    @Test
    void aRefusingControlPlaneBeyondTheGracePeriodDegradesButNeverPartitions() {
        ControlPlane cp = new ControlPlane(ControlPlane.REFUSING, NOW.minusSeconds(300), 9,
                "HTTP 403 https://rap.io/problems/node_revoked", NOW.minusSeconds(400));

        HealthRules.Assessment a = assess(inputs(cp, List.of(), List.of(stale())), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.DEGRADED);
        assertThat(codes(a)).containsExactly(HealthRules.CONTROL_PLANE_REFUSING);
        assertThat(a.reasons().get(0).detail()).contains("node_revoked");
    }

    @Test
    void aRevocationDegradesAtOnceAndReplacesTheRefusingReason() {
        ControlPlane justRefused = new ControlPlane(ControlPlane.REFUSING, NOW, 1,
                "HTTP 401 urn:rap:problem:certificate_revoked", NOW.minusSeconds(15));
        String detail = "revoked since " + NOW + ": stopped 1 workload(s): echo";

        HealthRules.Assessment a = assess(new HealthRules.Inputs(justRefused, revoked(detail), GRACE, List.of(), null, null, null,
                null, List.of()), NOW);

        assertThat(a.state()).as("within the grace period: an answer, not a silence").isEqualTo(LocalHealth.DEGRADED);
        assertThat(a.reasons()).containsExactly(new LocalHealth.Reason(HealthRules.IDENTITY_REVOKED, detail));

        ControlPlane stillRefusing = new ControlPlane(ControlPlane.REFUSING, NOW.minusSeconds(300), 9,
                "HTTP 401 urn:rap:problem:certificate_revoked", NOW.minusSeconds(315));
        assertThat(codes(assess(new HealthRules.Inputs(stillRefusing, revoked(detail), GRACE, List.of(), null, null, null, null,
                List.of()), NOW))).as("not said twice").containsExactly(HealthRules.IDENTITY_REVOKED);
        assertThat(codes(assess(new HealthRules.Inputs(unreachable(NOW.minusSeconds(300)), revoked(detail), GRACE, List.of(),
                null, null, null, null, List.of()), NOW)))
                .containsExactly(HealthRules.IDENTITY_REVOKED, HealthRules.CONTROL_PLANE_UNREACHABLE);
    }

    @Test
    void controlPlaneLostAndNoRouteReachableIsPartitioned() {
        HealthRules.Assessment a = assess(inputs(unreachable(NOW.minusSeconds(120)), List.of(),
                List.of(stale(), failing())), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.PARTITIONED);
        assertThat(codes(a)).containsExactly(HealthRules.CONTROL_PLANE_UNREACHABLE,
                HealthRules.NO_FABRIC_PEER_REACHABLE);
        assertThat(a.reasons().get(1).detail()).isEqualTo("none of 2 known route(s) succeeded in the last 60 s");
    }

    @Test
    void controlPlaneLostButOnePeerReachableIsOnlyDegraded() {
        HealthRules.Assessment a = assess(inputs(unreachable(NOW.minusSeconds(120)), List.of(),
                List.of(stale(), failing(), fresh())), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.DEGRADED);
        assertThat(codes(a)).containsExactly(HealthRules.CONTROL_PLANE_UNREACHABLE);
    }

    @Test
    void withoutAnyMeasuredRouteALostControlPlaneIsNotCalledAPartition() {
        assertThat(assess(inputs(unreachable(NOW.minusSeconds(120)), List.of(), List.of()), NOW).state())
                .isEqualTo(LocalHealth.DEGRADED);
    }

    @Test
    void unreachablePeersAloneDoNotDegrade() {
        assertThat(assess(inputs(REACHABLE, List.of(), List.of(stale(), failing())), NOW).state())
                .isEqualTo(LocalHealth.HEALTHY);
    }

    @Test
    void failedAndDegradedWorkloadsAreNamed() {
        List<WorkloadState> workloads = List.of(running("echo"),
                new WorkloadState("crasher", "process", "failed", "crash loop: 4 exits in 30 s"),
                new WorkloadState("vpn", "vpn.exit", "degraded", "workload type vpn.exit is not supported"),
                new WorkloadState("other", "process", "failed", null));

        HealthRules.Assessment a = assess(inputs(REACHABLE, workloads, List.of()), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.DEGRADED);
        assertThat(a.reasons()).containsExactly(
                new LocalHealth.Reason(HealthRules.WORKLOAD_FAILED, "crasher (crash loop: 4 exits in 30 s), other"),
                new LocalHealth.Reason(HealthRules.WORKLOAD_DEGRADED,
                        "vpn (workload type vpn.exit is not supported)"));
    }

    @Test
    void anExpiredSnapshotDegradesAValidOneDoesNot() {
        assertThat(codes(assess(new HealthRules.Inputs(REACHABLE, null, GRACE, List.of(), NOW, null, null, null, List.of()),
                NOW))).containsExactly(HealthRules.SNAPSHOT_EXPIRED);
        assertThat(assess(new HealthRules.Inputs(REACHABLE, null, GRACE, List.of(), NOW.plusSeconds(1), null, null, null,
                List.of()), NOW).state()).isEqualTo(LocalHealth.HEALTHY);
    }

    @Test
    void aRefusedSnapshotDegrades() {
        HealthRules.Assessment a = assess(new HealthRules.Inputs(REACHABLE, null, GRACE, List.of(), null,
                "bad_signature: the snapshot signature does not verify", null, null, List.of()), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.DEGRADED);
        assertThat(a.reasons()).containsExactly(new LocalHealth.Reason(HealthRules.SNAPSHOT_REFUSED,
                "bad_signature: the snapshot signature does not verify"));
    }

    @Test
    void anExpiredCertificateAndAFailingRotationDegrade() {
        HealthRules.Assessment a = assess(new HealthRules.Inputs(REACHABLE, null, GRACE, List.of(), null, null,
                NOW.minusSeconds(1), "cannot reach the control plane", List.of()), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.DEGRADED);
        assertThat(codes(a)).containsExactly(HealthRules.CERTIFICATE_EXPIRED,
                HealthRules.CERTIFICATE_ROTATION_FAILING);
        assertThat(assess(new HealthRules.Inputs(REACHABLE, null, GRACE, List.of(), null, null, NOW.plusSeconds(1), null,
                List.of()), NOW).state()).isEqualTo(LocalHealth.HEALTHY);
    }

    @Test
    void partitionedKeepsTheOtherReasons() {
        HealthRules.Assessment a = assess(new HealthRules.Inputs(unreachable(NOW.minusSeconds(600)), null, GRACE,
                List.of(new WorkloadState("crasher", "process", "failed", null)), NOW.minusSeconds(1), null, null,
                null, List.of(stale())), NOW);

        assertThat(a.state()).isEqualTo(LocalHealth.PARTITIONED);
        assertThat(codes(a)).containsExactly(HealthRules.CONTROL_PLANE_UNREACHABLE,
                HealthRules.NO_FABRIC_PEER_REACHABLE, HealthRules.WORKLOAD_FAILED, HealthRules.SNAPSHOT_EXPIRED);
    }

    private static HealthRules.Inputs inputs(ControlPlane cp, List<WorkloadState> workloads,
                                             List<LinkReport.LinkHealth> routes) {
        return new HealthRules.Inputs(cp, null, GRACE, workloads, NOW.plusSeconds(3600), null, NOW.plusSeconds(86400), null,
                routes);
    }

    private static LocalHealth.Reason revoked(String detail) {
        return new LocalHealth.Reason(HealthRules.IDENTITY_REVOKED, detail);
    }

    private static ControlPlane unreachable(Instant since) {
        return new ControlPlane(ControlPlane.UNREACHABLE, since, 4, "cannot reach the control plane: connection refused",
                since.minusSeconds(15));
    }

    private static WorkloadState running(String name) {
        return new WorkloadState(name, "synthetic.echo", "running", null);
    }

    /** Succeeded last, 10 s ago. */
    private static LinkReport.LinkHealth fresh() {
        return new LinkReport.LinkHealth(UUID.randomUUID(), null, 32, 0, 300L, 900L, 0, NOW.minusSeconds(10), null);
    }

    /** Succeeded last, but longer ago than the freshness window (e.g. restored from an earlier run). */
    private static LinkReport.LinkHealth stale() {
        return new LinkReport.LinkHealth(UUID.randomUUID(), UUID.randomUUID(), 32, 0, 300L, 900L, 0,
                NOW.minus(HealthRules.ROUTE_FRESHNESS).minusSeconds(1), null);
    }

    /** Succeeded recently, but failed since. */
    private static LinkReport.LinkHealth failing() {
        return new LinkReport.LinkHealth(UUID.randomUUID(), null, 10, 2, 300L, 900L, 2, NOW.minusSeconds(20),
                NOW.minusSeconds(5));
    }

    private static List<String> codes(HealthRules.Assessment a) {
        return a.reasons().stream().map(LocalHealth.Reason::code).toList();
    }
}
