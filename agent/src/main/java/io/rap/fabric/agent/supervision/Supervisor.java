package io.rap.fabric.agent.supervision;

import io.rap.fabric.agent.control.Backoff;
import io.rap.fabric.agent.control.Log;
import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.WorkloadState;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Runs exactly the workloads of the last applied desired state that a role of that state
 * authorizes, and reports them. Everything happens on one thread of its own, so the
 * control plane's answers (or their absence) never block supervision: what was applied
 * keeps running until another desired state says otherwise.
 */
public final class Supervisor implements AutoCloseable {

    private final WorkloadFactory factory;
    private final SupervisionPolicy policy;
    private final Clock clock;
    private final Log log;
    private final RandomGenerator random;
    private final Consumer<List<WorkloadState>> onChange;
    private final ScheduledExecutorService executor;
    /** The workload of each name that should run now (or was refused). */
    private final Map<String, SupervisedWorkload> current = new LinkedHashMap<>();
    /** Removed or replaced workloads, until stopped and reported once after the next desired state. */
    private final List<SupervisedWorkload> retiring = new ArrayList<>();
    private volatile List<WorkloadState> report = List.of();
    /** The roles of the last applied desired state. */
    private Set<String> roles = Set.of();

    /**
     * @param onChange called on the supervisor's thread with the new report whenever it changed
     *                 (e.g. to keep the local health file current); must not block for long
     */
    public Supervisor(WorkloadFactory factory, SupervisionPolicy policy, Clock clock, Log log, RandomGenerator random,
                      Consumer<List<WorkloadState>> onChange) {
        this.factory = factory;
        this.onChange = onChange;
        this.policy = policy;
        this.clock = clock;
        this.log = log;
        this.random = random;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rap-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        long tick = policy.tick().toMillis();
        executor.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Reconciles with {@code desired} on the supervisor's thread; returns at once. */
    public void apply(DesiredState desired) {
        executor.execute(() -> {
            try {
                reconcile(desired);
            } catch (RuntimeException e) {
                log.error("applying desired state " + desired.version() + " failed: " + e);
            }
            tick();
        });
    }

    /**
     * Stops every workload and forgets the roles, exactly as applying a desired state without
     * roles or workloads would (same stop path: SIGTERM, SIGKILL after the grace), on the
     * supervisor's thread; returns at once. For when this node is no longer authorized to run
     * anything, e.g. its identity was revoked: nothing runs again until the next {@link #apply}.
     *
     * @param why for the log line
     */
    public void withdraw(String why) {
        executor.execute(() -> {
            try {
                reconcile(Set.of(), List.of());
                log.info("all workloads withdrawn (" + why + ")");
            } catch (RuntimeException e) {
                log.error("withdrawing the workloads failed: " + e);
            }
            tick();
        });
    }

    /**
     * Restarts the workloads of {@code type} that run now, on the supervisor's thread; e.g. the
     * fabric listener after the node certificate was rotated, so it presents the new one.
     */
    public void restart(String type) {
        executor.execute(() -> {
            Instant now = clock.instant();
            for (SupervisedWorkload existing : List.copyOf(current.values())) {
                if (existing.spec().type().equals(type)) {
                    existing.beginStop(now);
                    retiring.add(existing);
                    current.put(existing.name(), supervise(existing.spec(), roles));
                    log.info("restarting workload " + existing.name() + " with the node's new certificate");
                }
            }
            tick();
        });
    }

    /** The states of the workloads as of the last tick, for the next heartbeat. */
    public List<WorkloadState> report() {
        return report;
    }

    private void reconcile(DesiredState desired) {
        reconcile(desired.roles().stream().map(RoleGrant::role).collect(Collectors.toSet()), desired.workloads());
        log.info("desired state " + desired.version() + " applied: " + current.size() + " workload(s), roles "
                + roles.stream().sorted().toList());
    }

    /** Runs exactly {@code workloads} that {@code grantedRoles} authorize; stops and retires the rest. */
    private void reconcile(Set<String> grantedRoles, List<DesiredWorkload> workloads) {
        Instant now = clock.instant();
        roles = Set.copyOf(grantedRoles);
        Map<String, DesiredWorkload> wanted = new LinkedHashMap<>();
        workloads.forEach(w -> wanted.put(w.name(), w));
        retiring.removeIf(SupervisedWorkload::isStopped);
        for (SupervisedWorkload existing : List.copyOf(current.values())) {
            DesiredWorkload next = wanted.get(existing.name());
            if (next == null || !next.equals(existing.spec()) || !roles.contains(next.role())) {
                current.remove(existing.name());
                existing.beginStop(now);
                retiring.add(existing);
            }
        }
        for (DesiredWorkload w : wanted.values()) {
            if (!current.containsKey(w.name())) {
                current.put(w.name(), supervise(w, roles));
            }
        }
    }

    private SupervisedWorkload supervise(DesiredWorkload w, Set<String> roles) {
        // Defence in depth: the control plane should never list such a workload, but if it
        // does, no role of this node authorizes it and it does not run.
        if (!roles.contains(w.role())) {
            return SupervisedWorkload.refused(w, "not authorized: role " + w.role()
                    + " is not assigned to this node in this cluster", log);
        }
        try {
            return SupervisedWorkload.runnable(w, factory.create(w), policy,
                    new Backoff(policy.restartBase(), policy.restartCap(), random), log);
        } catch (RefusedWorkloadException e) {
            return SupervisedWorkload.refused(w, e.getMessage(), log);
        }
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            Set<String> stillStopping = retiring.stream().filter(r -> !r.isStopped()).map(SupervisedWorkload::name)
                    .collect(Collectors.toSet());
            retiring.forEach(r -> r.tick(now, false));
            current.values().forEach(c -> c.tick(now, !stillStopping.contains(c.name())));
            publish();
        } catch (RuntimeException e) {
            log.error("supervision step failed: " + e);
        }
    }

    private void publish() {
        List<WorkloadState> states = new ArrayList<>();
        current.values().forEach(c -> states.add(c.report()));
        retiring.stream().filter(r -> !current.containsKey(r.name())).forEach(r -> states.add(r.report()));
        if (!states.equals(report)) {
            report = List.copyOf(states);
            try {
                onChange.accept(report);
            } catch (RuntimeException e) {
                log.error(e.getMessage());
            }
        }
    }

    /** Stops every workload (forcibly after the policy's grace) and the supervisor's thread. */
    @Override
    public void close() {
        try {
            executor.submit(() -> {
                Instant now = clock.instant();
                current.values().forEach(c -> {
                    c.beginStop(now);
                    retiring.add(c);
                });
                current.clear();
                publish();
            }).get(policy.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + policy.stopGrace().plusSeconds(2).toNanos();
            while (System.nanoTime() < deadline) {
                boolean done = executor.submit(() -> {
                    tick();
                    return retiring.stream().allMatch(SupervisedWorkload::isStopped);
                }).get();
                if (done) {
                    break;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.error("stopping the workloads failed: " + e);
        } finally {
            executor.shutdownNow();
            factory.close();
        }
    }
}
