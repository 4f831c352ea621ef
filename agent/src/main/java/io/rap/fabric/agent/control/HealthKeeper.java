package io.rap.fabric.agent.control;

import io.rap.fabric.agent.state.HealthFile;
import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.LocalHealth.ControlPlane;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.WorkloadState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Keeps {@code health.json} for the heartbeat loop: tracks how the control plane answers and the
 * route cache, asks {@link HealthRules} for the overall state, and writes the file when the state,
 * its reasons or the control-plane contact changed, otherwise at most every {@link #WRITE_INTERVAL}
 * (route figures change on every probe; they are not worth a disk write each).
 *
 * <p>The route cache starts from the saved file, so {@code status} shows the last known routes
 * from the first write of a new run; the fabric's current figures replace a path's entry as soon
 * as it is measured again. The fabric reads the saved file too, when its node starts, and seeds its
 * route health from it (see {@code WorkloadFactory} and {@code RouteHealth.seed}).
 */
final class HealthKeeper {

    static final Duration WRITE_INTERVAL = Duration.ofSeconds(60);

    private final HealthFile file;
    private final Duration grace;
    private final Clock clock;
    private final Log log;
    private final Supplier<List<LinkReport.LinkHealth>> currentRoutes;
    private final Map<String, LinkReport.LinkHealth> routes = new LinkedHashMap<>();
    private ControlPlane controlPlane;
    private Instant lastAcceptedAt;
    private String rotationFailure;
    /** Why this node may run nothing (a {@link HealthRules#WITHDRAWALS} reason), until a heartbeat is accepted. */
    private LocalHealth.Reason withdrawal;
    private LocalHealth written;
    private Instant nextWrite = Instant.MIN;
    private boolean writeFailing;

    /**
     * @param grace         how long heartbeats may fail before the control plane counts as lost
     * @param currentRoutes the running fabric's route health; empty while no fabric runs
     */
    HealthKeeper(HealthFile file, Duration grace, Clock clock, Log log,
                 Supplier<List<LinkReport.LinkHealth>> currentRoutes, Instant lastAcceptedAt) {
        this.file = file;
        this.grace = grace;
        this.clock = clock;
        this.log = log;
        this.currentRoutes = currentRoutes;
        this.lastAcceptedAt = lastAcceptedAt;
        try {
            file.load().ifPresent(saved -> {
                saved.routes().forEach(route -> routes.put(key(route), route));
                // Still withdrawn until the control plane says otherwise, also while it cannot be reached.
                saved.reasons().stream().filter(r -> HealthRules.WITHDRAWALS.contains(r.code())).findFirst()
                        .ifPresent(r -> withdrawal = r);
            });
        } catch (StateException e) {
            // Derived data: everything in it is measured again, so rebuilding it loses nothing but history.
            log.warn(e.getMessage() + "; rebuilding " + file.path() + " from what this run measures");
        }
    }

    void heartbeatAccepted(Instant at) {
        lastAcceptedAt = at;
        withdrawal = null;
        if (controlPlane == null || !controlPlane.state().equals(ControlPlane.REACHABLE)) {
            controlPlane = new ControlPlane(ControlPlane.REACHABLE, at, 0, null, at);
        } else {
            controlPlane = new ControlPlane(ControlPlane.REACHABLE, controlPlane.since(), 0, null, at);
        }
    }

    void heartbeatUnreachable(Instant at, String reason) {
        failed(ControlPlane.UNREACHABLE, at, reason);
    }

    void heartbeatRefused(Instant at, ControlPlaneException e) {
        failed(ControlPlane.REFUSING, at, "HTTP " + e.status() + " " + e.problem().type());
    }

    private void failed(String state, Instant at, String error) {
        boolean same = controlPlane != null && controlPlane.state().equals(state);
        controlPlane = new ControlPlane(state, same ? controlPlane.since() : at,
                controlPlane == null ? 1 : controlPlane.consecutiveFailures() + 1, error, lastAcceptedAt);
    }

    /**
     * The control plane took the authorization away and the agent stopped its workloads; kept until a
     * heartbeat is accepted (the first report's detail stays: it says when and what was stopped).
     *
     * @param code one of {@link HealthRules#WITHDRAWALS}
     */
    void withdrawn(String code, String detail) {
        if (withdrawal == null) {
            withdrawal = new LocalHealth.Reason(code, detail);
        }
    }

    /** @param failure why the last rotation failed, {@code null} after one that worked (or was not due) */
    void rotation(String failure) {
        rotationFailure = failure;
    }

    /** Assesses the health now and writes it if it changed or the last write is old. */
    void update(List<WorkloadState> workloads, Instant snapshotExpiresAt, String snapshotRefusal,
                Instant certificateNotAfter) {
        Instant now = clock.instant();
        mergeRoutes();
        List<LinkReport.LinkHealth> cached = List.copyOf(routes.values());
        HealthRules.Assessment assessment = HealthRules.assess(new HealthRules.Inputs(controlPlane, withdrawal, grace, workloads,
                snapshotExpiresAt, snapshotRefusal, certificateNotAfter, rotationFailure, cached), now);
        LocalHealth health = new LocalHealth(now, assessment.state(), assessment.reasons(), controlPlane, cached);
        boolean changed = !sameContact(health, written) || !health.state().equals(written.state())
                || !health.reasons().equals(written.reasons());
        if (!changed && now.isBefore(nextWrite)) {
            return;
        }
        if (written == null || !health.state().equals(written.state())) {
            String why = health.reasons().isEmpty() ? "" : ": " + String.join(", ",
                    health.reasons().stream().map(LocalHealth.Reason::code).toList());
            if (health.state().equals(LocalHealth.HEALTHY)) {
                log.info("local health " + health.state() + why);
            } else {
                log.warn("local health " + health.state() + why);
            }
        }
        try {
            file.save(health);
            writeFailing = false;
        } catch (StateException e) {
            if (!writeFailing) {
                log.error(e.getMessage());
            }
            writeFailing = true;
        }
        written = health;
        nextWrite = now.plus(WRITE_INTERVAL);
    }

    /** The control-plane contact apart from the last accepted heartbeat's time, which moves on every heartbeat. */
    private static boolean sameContact(LocalHealth a, LocalHealth b) {
        if (b == null) {
            return false;
        }
        ControlPlane x = a.controlPlane();
        ControlPlane y = b.controlPlane();
        if (x == null || y == null) {
            return x == y;
        }
        return x.state().equals(y.state()) && x.since().equals(y.since())
                && x.consecutiveFailures() == y.consecutiveFailures() && Objects.equals(x.lastError(), y.lastError());
    }

    /** The fabric's current figures over the cached ones, most recently used first, bounded. */
    private void mergeRoutes() {
        currentRoutes.get().forEach(route -> routes.put(key(route), route));
        if (routes.isEmpty()) {
            return;
        }
        List<LinkReport.LinkHealth> sorted = new ArrayList<>(routes.values());
        sorted.sort(Comparator.comparing(HealthKeeper::lastUsed, Comparator.nullsLast(Comparator.reverseOrder())));
        routes.clear();
        sorted.stream().limit(LocalHealth.MAX_ROUTES).forEach(route -> routes.put(key(route), route));
    }

    private static String key(LinkReport.LinkHealth route) {
        return route.peer() + "/" + route.via();
    }

    private static Instant lastUsed(LinkReport.LinkHealth route) {
        if (route.lastSuccessAt() == null) {
            return route.lastFailureAt();
        }
        return route.lastFailureAt() == null || route.lastSuccessAt().isAfter(route.lastFailureAt())
                ? route.lastSuccessAt() : route.lastFailureAt();
    }
}
