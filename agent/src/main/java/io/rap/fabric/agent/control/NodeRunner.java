package io.rap.fabric.agent.control;

import io.rap.fabric.agent.config.AgentVersion;
import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.facts.HostFactsCollector;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.DesiredStateFile;
import io.rap.fabric.agent.state.SnapshotFile;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.agent.state.HealthFile;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.agent.supervision.Supervisor;
import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.Snapshot;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.TelemetryFlag;
import io.rap.fabric.protocol.WorkloadState;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The long-running part of the agent: finish a pending enrollment, then heartbeat
 * until stopped, rotating the certificate once two thirds of its lifetime have passed, or at
 * once when a heartbeat answer says the platform owner asked for it ({@link HeartbeatAck#rotateCertificate}).
 * Failures never end the loop: they are logged and retried with exponential backoff
 * and full jitter; a failing rotation never holds up a heartbeat.
 *
 * <p>After accepted heartbeats it also fetches the signed snapshot and sends the fabric's route
 * health ({@link LinkReporter}) when they are due.
 *
 * <p>Workloads run under a {@link Supervisor} fed first from the saved desired state, before
 * the control plane is contacted, and then with each newer desired state the heartbeat
 * answers announce. Losing the control plane changes nothing for the workloads: an outage or a
 * failing server (5xx) keeps the last good desired state running.
 *
 * <p>An answer that withdraws the authorization ({@link ControlPlaneException#withdrawsAuthorization()}:
 * the node is revoked, or its membership disabled or no longer active) is different: the control
 * plane says this node may no longer run anything in this cluster. The agent stops every workload at
 * once (through the supervisor, as an empty desired state would), drops the applied desired state and
 * deletes the saved one, so neither this run nor a restart runs anything until a heartbeat is
 * accepted again and a freshly fetched desired state authorizes it. Heartbeats go on with backoff:
 * the server decides.
 *
 * <p>The desired state's test telemetry flags apply until their expiry by this agent's clock:
 * {@code heartbeat_detail} adds the {@link RuntimeProbe} block to heartbeats, {@code link_trace}
 * makes link reports go every {@link LinkReporter#TRACE_INTERVAL}.
 *
 * <p>After every heartbeat attempt the local health ({@link HealthKeeper}, {@code health.json}) is
 * assessed again; the control plane counts as lost after {@link #GRACE_INTERVALS} intervals.
 */
public final class NodeRunner {

    /** How often the signed snapshot is fetched (revocations change it without a new desired state). */
    static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(60);

    private final StateDir stateDir;
    private final Enroller enroller;
    private final HostFactsCollector facts;
    private final Function<ServerUrl, NodeApiClient> clients;
    private final Backoff backoff;
    private final Rotator rotator;
    private final Backoff rotationBackoff;
    private final Clock clock;
    private final Log log;
    private final Function<AgentState, Supervisor> supervisors;
    private final DesiredStateFile desiredStateFile;
    private final SnapshotKeeper snapshots;
    private final LinkReporter links;
    private final RuntimeProbe runtime = new RuntimeProbe();
    private final Supplier<List<LinkReport.LinkHealth>> routes;
    /** Heartbeats may fail for this many intervals before the local health counts the control plane as lost. */
    static final int GRACE_INTERVALS = 3;

    /**
     * @param supervisors creates the supervisor for the approved node's state
     * @param onSnapshot   receives every snapshot that verified (the fabric's peers and revocations)
     * @param links        sends the fabric's route health when due
     * @param routes       the running fabric's route health, for the local health's route cache
     */
    public NodeRunner(StateDir stateDir, Enroller enroller, HostFactsCollector facts,
                      Function<ServerUrl, NodeApiClient> clients, Backoff backoff, Rotator rotator,
                      Backoff rotationBackoff, Clock clock, Log log, Function<AgentState, Supervisor> supervisors,
                      Consumer<Snapshot> onSnapshot, LinkReporter links,
                      Supplier<List<LinkReport.LinkHealth>> routes) {
        this.links = links;
        this.routes = routes;
        this.supervisors = supervisors;
        this.desiredStateFile = new DesiredStateFile(stateDir);
        this.snapshots = new SnapshotKeeper(new SnapshotFile(stateDir), clock, log, onSnapshot);
        this.stateDir = stateDir;
        this.enroller = enroller;
        this.facts = facts;
        this.clients = clients;
        this.backoff = backoff;
        this.rotator = rotator;
        this.rotationBackoff = rotationBackoff;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Runs until {@code stop} is signalled or, when {@code maxHeartbeats > 0}, that many
     * heartbeats were accepted.
     *
     * @throws NotEnrolledException       when there is no enrollment to run with
     * @throws EnrollmentRefusedException when the enrollment was or gets rejected
     */
    public void run(Duration interval, Duration pollInterval, long maxHeartbeats, StopSignal stop) {
        AgentState state = stateDir.load().orElseThrow(() -> new NotEnrolledException(
                "no enrollment in " + stateDir.path() + "; run 'rap-node-agent enroll' first"));
        switch (state.enrollment()) {
            case NONE -> throw new NotEnrolledException("no enrollment in " + stateDir.path()
                    + "; run 'rap-node-agent enroll' first");
            case REJECTED -> throw refused(state);
            case PENDING -> {
                log.info("enrollment request " + state.requestId() + " is pending approval at " + state.server()
                        + "; polling every " + Enroller.seconds(pollInterval));
                state = enroller.awaitDecision(state, null, pollInterval, stop);
                if (state.enrollment() == EnrollmentState.REJECTED) {
                    throw refused(state);
                }
                if (state.enrollment() != EnrollmentState.APPROVED) {
                    return; // stopped while pending
                }
            }
            default -> {
                // APPROVED
            }
        }
        heartbeats(state, interval, maxHeartbeats, stop);
    }

    private void heartbeats(AgentState initial, Duration interval, long maxHeartbeats, StopSignal stop) {
        KeyPair key = stateDir.loadKey().orElseThrow(() -> new StateException(stateDir.file(StateDir.KEY_FILE),
                "the node key is missing; this node cannot prove its identity"));
        DesiredState saved = savedDesiredState(initial);
        snapshots.loadStored(initial).ifPresent(snapshot -> log.info("using the stored snapshot "
                + snapshot.version() + " until the control plane answers"));
        try (Supervisor supervisor = supervisors.apply(initial)) {
            if (saved != null) {
                log.info("running the saved desired state " + saved.version() + " until the control plane answers");
                supervisor.apply(saved);
            }
            heartbeats(initial, key, saved, supervisor, interval, maxHeartbeats, stop);
        }
    }

    private void heartbeats(AgentState initial, KeyPair key, DesiredState saved, Supervisor supervisor,
                            Duration interval, long maxHeartbeats, StopSignal stop) {
        NodeApiClient client = clients.apply(ServerUrl.parse(initial.server(), true));
        HealthKeeper localHealth = new HealthKeeper(new HealthFile(stateDir), interval.multipliedBy(GRACE_INTERVALS),
                clock, log, routes, initial.lastHeartbeatAt());
        AgentState state = initial;
        DesiredState applied = saved;
        key = rotator.recover(state).orElse(key);
        Instant nextRotationCheck = Instant.MIN;
        Instant nextSnapshot = Instant.MIN;
        log.info("node " + state.nodeId() + " in cluster " + state.clusterId() + ": heartbeats to " + state.server()
                + " every " + Enroller.seconds(interval) + " (±10 %)");
        if (state.certificateNotAfter() != null && state.certificateNotAfter().isBefore(clock.instant())) {
            log.warn("the node certificate expired at " + state.certificateNotAfter()
                    + "; the control plane will refuse this node until it is renewed");
        }
        long accepted = 0;
        boolean failing = true; // log the first success
        Set<String> telemetry = Set.of();
        // The owner's request as the last answer named it (null: none), and the last one this run
        // rotated for: each request is served once, however often the answers repeat it.
        Instant requestedRotation = null;
        Instant servedRequest = null;
        // Since the last answer that withdrew the authorization (a revocation, a disabled membership),
        // until a heartbeat is accepted: no rotation (a revoked key cannot prove a renewal, a disabled
        // membership gets none), and the withdrawal is acted on once.
        String withdrawn = null;
        while (!stop.isStopped()) {
            if (withdrawn == null && !clock.instant().isBefore(nextRotationCheck)) {
                boolean requested = requestedRotation != null && !requestedRotation.equals(servedRequest);
                try {
                    if (requested || rotator.isDue(state)) {
                        if (requested) {
                            log.info("rotating the certificate now: the control plane asked for it (request of "
                                    + requestedRotation + ")");
                        }
                        Rotator.Outcome rotated = rotator.rotate(state);
                        state = rotated.state();
                        key = rotated.key();
                        supervisor.restart(DesiredWorkload.SYNTHETIC_ECHO);
                        if (requested) {
                            servedRequest = requestedRotation;
                        }
                    }
                    rotationBackoff.reset();
                    localHealth.rotation(null);
                } catch (RuntimeException e) {
                    // Anything, even a full disk: the old certificate is valid for a third of its lifetime yet.
                    Duration wait = rotationBackoff.nextDelay();
                    nextRotationCheck = clock.instant().plus(wait);
                    localHealth.rotation(e.getMessage());
                    log.warn("certificate rotation failed: " + e.getMessage() + "; retrying in "
                            + Enroller.seconds(wait));
                }
            }
            Duration delay = backoff.jittered(interval);
            List<WorkloadState> workloads = supervisor.report();
            telemetry = telemetry(applied, telemetry);
            Heartbeat heartbeat = new Heartbeat(state.clusterId(), health(workloads), AgentVersion.get(),
                    clock.instant(), workloads, facts.collect(),
                    telemetry.contains(TelemetryFlag.HEARTBEAT_DETAIL) ? runtime.sample(workloads) : null);
            try {
                HeartbeatAck ack = client.heartbeat(state.nodeId(), heartbeat, key);
                HeartbeatAck previous = state.lastAck();
                state = state.heartbeatAccepted(clock.instant(), ack);
                save(state);
                localHealth.heartbeatAccepted(state.lastHeartbeatAt());
                backoff.reset();
                accepted++;
                if (withdrawn != null) {
                    log.warn("the control plane accepts node " + state.nodeId() + " in cluster " + state.clusterId()
                            + " again after reporting it " + withdrawn + "; fetching the desired state before anything runs");
                    withdrawn = null;
                }
                if (failing || changed(previous, ack)) {
                    log.info("heartbeat accepted: membership " + ack.membershipStatus() + ", desired state version "
                            + ack.desiredStateVersion());
                }
                failing = false;
                requestedRotation = ack.rotationRequestedAt();
                if (requestedRotation != null && !requestedRotation.equals(servedRequest)
                        && !clock.instant().isBefore(nextRotationCheck)) {
                    // Rotate before the next heartbeat, which then proves with the new key; after a
                    // failed attempt the rotation backoff decides instead (no tight loop).
                    delay = Duration.ZERO;
                }
                if (applied == null || applied.version() != ack.desiredStateVersion()) {
                    applied = refreshDesiredState(client, state, key, applied, supervisor);
                    nextSnapshot = Instant.MIN; // roles or workloads changed: so did the snapshot
                }
                if (!clock.instant().isBefore(nextSnapshot)) {
                    snapshots.refresh(client, state, key);
                    nextSnapshot = clock.instant().plus(SNAPSHOT_INTERVAL);
                }
                // Only after an accepted heartbeat: while the control plane is away, heartbeats back off for both.
                telemetry = telemetry(applied, telemetry); // a new desired state may have changed them
                links.sendIfDue(client, state, key, telemetry.contains(TelemetryFlag.LINK_TRACE));
                if (maxHeartbeats > 0 && accepted >= maxHeartbeats) {
                    updateHealth(localHealth, workloads, state);
                    return;
                }
            } catch (ControlPlaneUnreachableException e) {
                failing = true;
                delay = backoff.nextDelay();
                localHealth.heartbeatUnreachable(clock.instant(), e.getMessage());
                log.warn("heartbeat failed: " + e.getMessage() + "; retrying in " + Enroller.seconds(delay));
            } catch (ControlPlaneException e) {
                failing = true;
                delay = backoff.nextDelay();
                localHealth.heartbeatRefused(clock.instant(), e);
                if (e.withdrawsAuthorization() && withdrawn == null) {
                    withdrawn = withdrawal(e);
                    withdraw(state, applied, supervisor, localHealth, e, withdrawn, delay);
                    applied = null;
                } else if (e.withdrawsAuthorization()) {
                    log.error("the control plane still reports this node " + withdrawal(e) + ": " + e.getMessage()
                            + "; nothing runs; retrying in " + Enroller.seconds(delay));
                } else {
                    log.warn("heartbeat refused: " + e.getMessage() + "; retrying in " + Enroller.seconds(delay));
                }
            }
            updateHealth(localHealth, workloads, state);
            if (stop.sleep(delay)) {
                return;
            }
        }
    }

    /** How the log says what an answer that withdraws the authorization reported. */
    private static String withdrawal(ControlPlaneException e) {
        return e.isRevocation() ? "revoked" : "without an active membership";
    }

    /**
     * Acts on an answer that withdrew the authorization (a revocation, a disabled or inactive
     * membership): stops every workload, forgets the applied desired state and deletes the saved one,
     * records it in the local health and says so in one error line.
     */
    private void withdraw(AgentState state, DesiredState applied, Supervisor supervisor, HealthKeeper health,
                          ControlPlaneException e, String what, Duration retry) {
        List<String> stopping = supervisor.report().stream().filter(w -> !w.state().equals("stopped"))
                .map(WorkloadState::name).toList();
        supervisor.withdraw("node " + state.nodeId() + " " + what);
        String stopped = stopping.isEmpty() ? "no workload was running" : "stopped " + stopping.size()
                + " workload(s): " + String.join(", ", stopping);
        String dropped;
        try {
            boolean deleted = desiredStateFile.delete();
            dropped = (applied == null ? "no desired state was applied" : "dropped desired state " + applied.version())
                    + (deleted ? " and deleted " + desiredStateFile.path() : "");
        } catch (StateException failed) {
            // The workloads are stopped all the same; only a restart would find the file again.
            dropped = "dropped the applied desired state but " + failed.getMessage()
                    + " (delete it by hand, or a restart runs it until the next heartbeat is refused)";
        }
        boolean revoked = e.isRevocation();
        health.withdrawn(revoked ? HealthRules.IDENTITY_REVOKED : HealthRules.MEMBERSHIP_WITHDRAWN,
                (revoked ? "revoked" : "membership withdrawn") + " since " + clock.instant() + " (HTTP " + e.status()
                        + " " + e.problem().type() + "): " + stopped + ", nothing runs until the control plane accepts"
                        + " this node again; " + (revoked ? "re-enroll to recover"
                        : "an administrator enables the membership again, or the node leaves the cluster"));
        log.error("the control plane reports node " + state.nodeId() + " in cluster " + state.clusterId()
                + " " + what + " (" + e.getMessage() + "): " + stopped + "; " + dropped
                + "; nothing runs until a heartbeat is accepted and a fresh desired state authorizes it; retrying in "
                + Enroller.seconds(retry));
    }

    private void updateHealth(HealthKeeper health, List<WorkloadState> workloads, AgentState state) {
        health.update(workloads, snapshots.applied().map(Snapshot::expiresAt).orElse(null),
                snapshots.refusal().orElse(null), state.certificateNotAfter());
    }

    /**
     * The desired state saved by an earlier run, if it belongs to this enrollment.
     *
     * @throws StateException when the file is corrupt or belongs to another node or cluster:
     *                        the operator decides, the agent does not guess
     */
    private DesiredState savedDesiredState(AgentState state) {
        DesiredState saved = desiredStateFile.load().map(DesiredStateFile.Saved::desiredState).orElse(null);
        if (saved != null && (!saved.nodeId().equals(state.nodeId()) || !saved.clusterId().equals(state.clusterId()))) {
            throw new StateException(desiredStateFile.path(), "the saved desired state is for node " + saved.nodeId()
                    + " in cluster " + saved.clusterId() + ", not for this node (" + state.nodeId() + " in cluster "
                    + state.clusterId() + "); it was left untouched: move it away");
        }
        return saved;
    }

    /**
     * Fetches, checks, saves and applies the current desired state. Any failure keeps the
     * applied one running and is retried after the next accepted heartbeat.
     *
     * @return the desired state now applied
     */
    private DesiredState refreshDesiredState(NodeApiClient client, AgentState state, KeyPair key, DesiredState applied,
                                             Supervisor supervisor) {
        String keeping = applied == null ? "no workloads run until it can be fetched"
                : "keeping version " + applied.version();
        DesiredState fetched;
        try {
            fetched = client.desiredState(state.nodeId(), state.clusterId(), key);
            if (!fetched.nodeId().equals(state.nodeId()) || !fetched.clusterId().equals(state.clusterId())) {
                throw new UntrustedAnswerException("the control plane sent a desired state for node "
                        + fetched.nodeId() + " in cluster " + fetched.clusterId() + " instead of node "
                        + state.nodeId() + " in cluster " + state.clusterId());
            }
        } catch (ControlPlaneUnreachableException | ControlPlaneException e) {
            log.warn("cannot fetch the desired state: " + e.getMessage() + "; " + keeping);
            return applied;
        } catch (UntrustedAnswerException e) {
            log.error(e.getMessage() + "; refused, " + keeping);
            return applied;
        }
        if (applied != null && fetched.version() < applied.version()) {
            // PostgreSQL is the source of truth, e.g. after a restore; say so rather than silently going back.
            log.warn("the control plane's desired state " + fetched.version() + " is older than the applied "
                    + applied.version() + "; applying it");
        }
        try {
            desiredStateFile.save(fetched, clock.instant());
        } catch (StateException e) {
            log.error(e.getMessage() + "; applying desired state " + fetched.version() + " anyway");
        }
        supervisor.apply(fetched);
        return fetched;
    }

    /** The flags that apply now; a change (enabled, disabled, expired) is logged once. */
    private Set<String> telemetry(DesiredState applied, Set<String> before) {
        Set<String> now = applied == null ? Set.of() : applied.telemetryAt(clock.instant());
        if (!now.equals(before)) {
            log.info(now.isEmpty() ? "test telemetry off" : "test telemetry on: " + String.join(", ", new TreeSet<>(now)));
        }
        return now;
    }

    private static String health(List<WorkloadState> workloads) {
        boolean impaired = workloads.stream().anyMatch(w -> w.state().equals("degraded") || w.state().equals("failed"));
        return impaired ? Heartbeat.DEGRADED : Heartbeat.HEALTHY;
    }

    /** A full disk must not stop the heartbeats: the control plane is what counts. */
    private void save(AgentState state) {
        try {
            stateDir.save(state);
        } catch (StateException e) {
            log.error(e.getMessage());
        }
    }

    private static boolean changed(HeartbeatAck previous, HeartbeatAck current) {
        return previous == null || previous.desiredStateVersion() != current.desiredStateVersion()
                || !previous.membershipStatus().equals(current.membershipStatus());
    }

    private static EnrollmentRefusedException refused(AgentState state) {
        return new EnrollmentRefusedException(Enroller.describeRefusal(state) + "; enroll again with a new join token");
    }
}
