package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.LinkReport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fabric node this agent runs, if any: the {@code synthetic.echo} workload registers it while
 * it runs, and the control-plane loop reads its route health for the link inventory from here.
 * It also says how often the running node measures its peers, so the reports have fresh figures,
 * and hands what a stopped node measured to the next one (a restarted workload).
 */
public final class RunningFabric {

    /** The longest time between two measurements of a peer, whatever the report interval. */
    public static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(20);

    private final AtomicReference<FabricNode> node = new AtomicReference<>();
    private final AtomicReference<List<LinkReport.LinkHealth>> lastRoutes = new AtomicReference<>(List.of());
    private final Duration probeInterval;

    /** @param probeInterval time between two echoes to each active peer */
    public RunningFabric(Duration probeInterval) {
        this.probeInterval = probeInterval;
    }

    /** Three measurements per report, and at least one every {@link #MAX_PROBE_INTERVAL}. */
    public static RunningFabric reportingEvery(Duration reportInterval) {
        Duration third = reportInterval.dividedBy(3);
        return new RunningFabric(third.compareTo(MAX_PROBE_INTERVAL) < 0 ? third : MAX_PROBE_INTERVAL);
    }

    public Duration probeInterval() {
        return probeInterval;
    }

    /** The node the echo workload runs now, if any. */
    public Optional<FabricNode> node() {
        return Optional.ofNullable(node.get());
    }

    public void started(FabricNode started) {
        node.set(started);
    }

    /** Only the node that is registered is removed: a restarted workload may have replaced it already. */
    public void stopped(FabricNode stopped) {
        if (node.compareAndSet(stopped, null)) {
            lastRoutes.set(stopped.routeHealth().report());
        }
    }

    /**
     * What the last node that stopped in this run measured, empty before: fresher than the saved
     * route cache, which is written at most once a minute, so a restarted workload seeds from it first.
     */
    public List<LinkReport.LinkHealth> lastRoutes() {
        return lastRoutes.get();
    }

    /**
     * Route health of the running fabric node; empty while none runs. Reads memory under a short
     * lock and never waits for the fabric's event loop.
     */
    public Optional<LinkReport> linkReport() {
        FabricNode current = node.get();
        return current == null || !current.isOpen() ? Optional.empty() : Optional.of(current.linkReport());
    }
}
