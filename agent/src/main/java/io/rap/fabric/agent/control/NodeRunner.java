package io.rap.fabric.agent.control;

import io.rap.fabric.agent.config.AgentVersion;
import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.agent.facts.HostFactsCollector;
import io.rap.fabric.agent.state.AgentState;
import io.rap.fabric.agent.state.EnrollmentState;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.HeartbeatAck;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The long-running part of the agent: finish a pending enrollment, then heartbeat
 * until stopped. Failures never end the loop: they are logged and retried with
 * exponential backoff and full jitter.
 */
public final class NodeRunner {

    private final StateDir stateDir;
    private final Enroller enroller;
    private final HostFactsCollector facts;
    private final Function<ServerUrl, NodeApiClient> clients;
    private final Backoff backoff;
    private final Clock clock;
    private final Log log;

    public NodeRunner(StateDir stateDir, Enroller enroller, HostFactsCollector facts,
                      Function<ServerUrl, NodeApiClient> clients, Backoff backoff, Clock clock, Log log) {
        this.stateDir = stateDir;
        this.enroller = enroller;
        this.facts = facts;
        this.clients = clients;
        this.backoff = backoff;
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
        NodeApiClient client = clients.apply(ServerUrl.parse(initial.server(), true));
        AgentState state = initial;
        log.info("node " + state.nodeId() + " in cluster " + state.clusterId() + ": heartbeats to " + state.server()
                + " every " + Enroller.seconds(interval) + " (±10 %)");
        if (state.certificateNotAfter() != null && state.certificateNotAfter().isBefore(clock.instant())) {
            log.warn("the node certificate expired at " + state.certificateNotAfter()
                    + "; the control plane will refuse this node until it is renewed");
        }
        long accepted = 0;
        boolean failing = true; // log the first success
        while (!stop.isStopped()) {
            Duration delay = backoff.jittered(interval);
            Heartbeat heartbeat = new Heartbeat(state.clusterId(), Heartbeat.HEALTHY, AgentVersion.get(), clock.instant(),
                    List.of(), facts.collect());
            try {
                HeartbeatAck ack = client.heartbeat(state.nodeId(), heartbeat, key);
                HeartbeatAck previous = state.lastAck();
                state = state.heartbeatAccepted(clock.instant(), ack);
                save(state);
                backoff.reset();
                accepted++;
                if (failing || changed(previous, ack)) {
                    log.info("heartbeat accepted: membership " + ack.membershipStatus() + ", desired state version "
                            + ack.desiredStateVersion());
                }
                failing = false;
                if (maxHeartbeats > 0 && accepted >= maxHeartbeats) {
                    return;
                }
            } catch (ControlPlaneUnreachableException e) {
                failing = true;
                delay = backoff.nextDelay();
                log.warn("heartbeat failed: " + e.getMessage() + "; retrying in " + Enroller.seconds(delay));
            } catch (ControlPlaneException e) {
                failing = true;
                delay = backoff.nextDelay();
                if (e.isRevocation()) {
                    log.error("the control plane reports this node revoked: " + e.getMessage()
                            + "; retrying in " + Enroller.seconds(delay));
                } else {
                    log.warn("heartbeat refused: " + e.getMessage() + "; retrying in " + Enroller.seconds(delay));
                }
            }
            if (stop.sleep(delay)) {
                return;
            }
        }
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
