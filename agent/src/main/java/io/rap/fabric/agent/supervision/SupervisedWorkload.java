package io.rap.fabric.agent.supervision;

import io.rap.fabric.agent.control.Backoff;
import io.rap.fabric.agent.control.Log;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.WorkloadState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The life of one desired workload on this node: start, probe, restart after exits with
 * exponential backoff and full jitter, crash-loop detection, stop. Used by the supervisor's
 * thread only.
 */
final class SupervisedWorkload {

    static final String STARTING = "starting";
    static final String RUNNING = "running";
    static final String STOPPING = "stopping";
    static final String STOPPED = "stopped";
    static final String DEGRADED = "degraded";
    static final String FAILED = "failed";

    private final DesiredWorkload spec;
    private final Workload workload;
    private final SupervisionPolicy policy;
    private final Backoff backoff;
    private final Log log;
    private final Deque<Instant> exits = new ArrayDeque<>();
    private boolean started;
    private boolean crashLoop;
    private String crashLoopSummary;
    private Instant restartAt = Instant.MIN;
    private Instant runningSince;
    private Instant stopDeadline;
    private boolean killed;
    private String state;
    private String reason;

    private SupervisedWorkload(DesiredWorkload spec, Workload workload, SupervisionPolicy policy, Backoff backoff,
                               Log log, String state, String reason) {
        this.spec = spec;
        this.workload = workload;
        this.policy = policy;
        this.backoff = backoff;
        this.log = log;
        this.state = state;
        this.reason = reason;
    }

    static SupervisedWorkload runnable(DesiredWorkload spec, Workload workload, SupervisionPolicy policy,
                                       Backoff backoff, Log log) {
        return new SupervisedWorkload(spec, workload, policy, backoff, log, STARTING, null);
    }

    /** A workload this agent will not run: reported {@code degraded} with the reason, never started. */
    static SupervisedWorkload refused(DesiredWorkload spec, String reason, Log log) {
        log.warn("workload " + spec.name() + " (" + spec.type() + ") not started: " + reason);
        return new SupervisedWorkload(spec, null, null, null, log, DEGRADED, reason);
    }

    DesiredWorkload spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    boolean isStopped() {
        return STOPPED.equals(state);
    }

    /** Runs up to one step of its life. {@code mayStart} is false while an older instance of the same name still stops. */
    void tick(Instant now, boolean mayStart) {
        if (workload == null || isStopped()) {
            return;
        }
        if (stopDeadline != null) {
            continueStopping(now);
            return;
        }
        if (!started) {
            if (!mayStart || now.isBefore(restartAt)) {
                return;
            }
            try {
                workload.start();
                started = true;
                log.info("workload " + name() + " (" + spec.type() + ") started: " + workload.describe());
            } catch (WorkloadException e) {
                exited(now, e.getMessage());
                return;
            }
        }
        Workload.Health health = workload.health();
        switch (health.phase()) {
            case STARTING -> setState(STARTING, reason);
            case RUNNING -> running(now);
            case EXITED -> {
                started = false;
                exited(now, health.detail());
            }
        }
    }

    /** Stops it, politely first; {@link #tick} finishes the job. */
    void beginStop(Instant now) {
        if (workload == null || !started) {
            setState(STOPPED, null);
            return;
        }
        if (stopDeadline == null) {
            log.info("stopping workload " + name() + " (" + workload.describe() + ")");
            workload.stop();
            stopDeadline = now.plus(policy.stopGrace());
            setState(STOPPING, null);
        }
        continueStopping(now);
    }

    WorkloadState report() {
        return new WorkloadState(spec.name(), spec.type(), state, reason);
    }

    private void continueStopping(Instant now) {
        if (workload.health().phase() == Workload.Health.Phase.EXITED) {
            started = false;
            log.info("workload " + name() + " stopped");
            setState(STOPPED, null);
        } else if (!killed && !now.isBefore(stopDeadline)) {
            log.warn("workload " + name() + " did not stop within " + seconds(policy.stopGrace()) + "; killing it");
            workload.kill();
            killed = true;
        }
    }

    private void running(Instant now) {
        if (runningSince == null) {
            runningSince = now;
            log.info("workload " + name() + " is running");
        }
        if (!Duration.between(runningSince, now).minus(policy.stableAfter()).isNegative()) {
            // Stable long enough: the next exit starts the backoff from the beginning again.
            backoff.reset();
            crashLoop = false;
            exits.clear();
        }
        if (crashLoop) {
            // Still failed until it proves stable: a crash loop must not look healthy between two crashes.
            setState(FAILED, crashLoopSummary + "; running again since " + runningSince + ", not yet stable");
        } else {
            setState(RUNNING, null);
        }
    }

    private void exited(Instant now, String detail) {
        runningSince = null;
        exits.addLast(now);
        while (exits.size() > 1 && exits.peekFirst().isBefore(now.minus(policy.crashLoopWindow()))) {
            exits.removeFirst();
        }
        if (exits.size() >= policy.crashLoopExits()) {
            crashLoop = true;
        }
        // In a crash loop, retry at the slowest pace: the workload keeps getting chances
        // without flooding the host or the log.
        Duration delay = crashLoop ? policy.restartCap() : backoff.nextDelay();
        restartAt = now.plus(delay);
        if (crashLoop) {
            long span = Math.max(1, Duration.between(exits.peekFirst(), now).toSeconds());
            crashLoopSummary = "crash loop: " + exits.size() + " exits in " + span + " s (last: " + detail + ")";
            setState(FAILED, crashLoopSummary + "; next attempt in " + seconds(delay));
            log.error("workload " + name() + " is in a crash loop: " + reason);
        } else {
            setState(STARTING, "restarting in " + seconds(delay) + " after: " + detail);
            log.warn("workload " + name() + " " + detail + "; restarting in " + seconds(delay));
        }
    }

    private void setState(String newState, String newReason) {
        state = newState;
        reason = newReason;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
