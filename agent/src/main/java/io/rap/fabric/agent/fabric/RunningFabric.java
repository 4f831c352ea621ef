package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.LinkReport;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fabric node this agent runs, if any: the {@code synthetic.echo} workload registers it while
 * it runs, and the control-plane loop reads its route health for the link inventory from here.
 */
public final class RunningFabric {

    private final AtomicReference<FabricNode> node = new AtomicReference<>();

    public void started(FabricNode started) {
        node.set(started);
    }

    /** Only the node that is registered is removed: a restarted workload may have replaced it already. */
    public void stopped(FabricNode stopped) {
        node.compareAndSet(stopped, null);
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
