package io.rap.fabric.agent.control;

import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.LocalHealth.ControlPlane;
import io.rap.fabric.agent.state.LocalHealth.Reason;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.WorkloadState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Decides the agent's overall local state from what it knows, without side effects:
 * <ul>
 *   <li>{@code partitioned}: the control plane has not answered for longer than the grace period
 *       AND the route cache knows at least one fabric path AND none of them is reachable (no route
 *       whose last attempt succeeded within {@link #ROUTE_FRESHNESS}). A node that never measured a
 *       route cannot tell a partition from having no peers, and is only {@code degraded};</li>
 *   <li>{@code degraded}: any reason below applies, among them {@code identity-revoked} and
 *       {@code membership-withdrawn}: the control plane answered a heartbeat that this node is
 *       revoked, or that its membership is disabled or no longer active, so it stopped every
 *       workload. Those apply at once, without the grace period: they are answers, not silence;</li>
 *   <li>{@code healthy}: none does.</li>
 * </ul>
 * The grace period keeps one lost heartbeat from flipping the state.
 */
public final class HealthRules {

    public static final String IDENTITY_REVOKED = "identity-revoked";
    public static final String MEMBERSHIP_WITHDRAWN = "membership-withdrawn";
    /** Reasons that mean the control plane took away the authorization to run workloads. */
    public static final java.util.Set<String> WITHDRAWALS = java.util.Set.of(IDENTITY_REVOKED, MEMBERSHIP_WITHDRAWN);
    public static final String CONTROL_PLANE_UNREACHABLE = "control-plane-unreachable";
    public static final String CONTROL_PLANE_REFUSING = "control-plane-refusing";
    public static final String NO_FABRIC_PEER_REACHABLE = "no-fabric-peer-reachable";
    public static final String WORKLOAD_FAILED = "workload-failed";
    public static final String WORKLOAD_DEGRADED = "workload-degraded";
    public static final String SNAPSHOT_EXPIRED = "snapshot-expired";
    public static final String SNAPSHOT_REFUSED = "snapshot-refused";
    public static final String CERTIFICATE_EXPIRED = "certificate-expired";
    public static final String CERTIFICATE_ROTATION_FAILING = "certificate-rotation-failing";

    /**
     * How recent a route's last success must be for its peer to count as reachable: three times
     * the fabric's longest probe interval ({@code RunningFabric.MAX_PROBE_INTERVAL}, 20 s), so that a
     * path that is probed and answers is never taken for lost.
     */
    public static final Duration ROUTE_FRESHNESS = Duration.ofSeconds(60);

    /**
     * What the rules look at.
     *
     * @param controlPlane        how heartbeats fare; {@code null} before the first attempt
     * @param withdrawal          {@code identity-revoked} or {@code membership-withdrawn} with what the
     *                            answer did, for people; {@code null} unless the control plane took the
     *                            authorization away since the last accepted heartbeat
     * @param grace               how long the control plane may fail before it counts
     * @param snapshotExpiresAt   expiry of the applied snapshot; {@code null} without one
     * @param snapshotRefusal     why the last fetched snapshot was refused; {@code null} if it was not
     * @param certificateNotAfter the node certificate's expiry; {@code null} if unknown
     * @param rotationFailure     why the last certificate rotation failed; {@code null} if it did not
     * @param routes              the route cache
     */
    public record Inputs(ControlPlane controlPlane, Reason withdrawal, Duration grace, List<WorkloadState> workloads,
                         Instant snapshotExpiresAt, String snapshotRefusal, Instant certificateNotAfter,
                         String rotationFailure, List<LinkReport.LinkHealth> routes) {
    }

    /** The overall state and its reasons. */
    public record Assessment(String state, List<Reason> reasons) {
    }

    private HealthRules() {
    }

    public static Assessment assess(Inputs in, Instant now) {
        List<Reason> reasons = new ArrayList<>();
        boolean unreachable = false;
        ControlPlane cp = in.controlPlane();
        if (in.withdrawal() != null) {
            reasons.add(in.withdrawal());
        }
        if (cp != null && !cp.state().equals(ControlPlane.REACHABLE)
                && Duration.between(cp.since(), now).compareTo(in.grace()) >= 0) {
            String detail = cp.consecutiveFailures() + " failed heartbeat(s) since " + cp.since()
                    + (cp.lastError() == null ? "" : "; last: " + cp.lastError());
            if (cp.state().equals(ControlPlane.UNREACHABLE)) {
                unreachable = true;
                reasons.add(new Reason(CONTROL_PLANE_UNREACHABLE, "no answer: " + detail));
            } else if (in.withdrawal() == null) {
                // A revoked node is refused on every heartbeat: the withdrawal already says so.
                reasons.add(new Reason(CONTROL_PLANE_REFUSING, "heartbeats refused: " + detail));
            }
        }
        boolean partitioned = unreachable && !in.routes().isEmpty()
                && in.routes().stream().noneMatch(route -> reachable(route, now));
        if (partitioned) {
            reasons.add(new Reason(NO_FABRIC_PEER_REACHABLE, "none of " + in.routes().size()
                    + " known route(s) succeeded in the last " + ROUTE_FRESHNESS.toSeconds() + " s"));
        }
        workloads(in.workloads(), "failed", WORKLOAD_FAILED, reasons);
        workloads(in.workloads(), "degraded", WORKLOAD_DEGRADED, reasons);
        if (in.snapshotExpiresAt() != null && !now.isBefore(in.snapshotExpiresAt())) {
            reasons.add(new Reason(SNAPSHOT_EXPIRED, "the applied snapshot expired at " + in.snapshotExpiresAt()));
        }
        if (in.snapshotRefusal() != null) {
            reasons.add(new Reason(SNAPSHOT_REFUSED, in.snapshotRefusal()));
        }
        if (in.certificateNotAfter() != null && !now.isBefore(in.certificateNotAfter())) {
            reasons.add(new Reason(CERTIFICATE_EXPIRED, "the node certificate expired at " + in.certificateNotAfter()));
        }
        if (in.rotationFailure() != null) {
            reasons.add(new Reason(CERTIFICATE_ROTATION_FAILING, in.rotationFailure()));
        }
        String state = partitioned ? LocalHealth.PARTITIONED
                : reasons.isEmpty() ? LocalHealth.HEALTHY : LocalHealth.DEGRADED;
        return new Assessment(state, reasons);
    }

    /** The path's last attempt succeeded, recently. */
    static boolean reachable(LinkReport.LinkHealth route, Instant now) {
        return route.consecutiveFailures() == 0 && route.lastSuccessAt() != null
                && !route.lastSuccessAt().isBefore(now.minus(ROUTE_FRESHNESS));
    }

    private static void workloads(List<WorkloadState> workloads, String state, String code, List<Reason> reasons) {
        String names = workloads.stream().filter(w -> w.state().equals(state))
                .map(w -> w.name() + (w.reason() == null ? "" : " (" + w.reason() + ")"))
                .collect(Collectors.joining(", "));
        if (!names.isEmpty()) {
            reasons.add(new Reason(code, names));
        }
    }
}
