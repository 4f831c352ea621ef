package io.rap.fabric.agent.supervision;

import io.rap.fabric.agent.fabric.FabricIdentity;
import io.rap.fabric.agent.fabric.FabricLoop;
import io.rap.fabric.agent.fabric.FabricNode;
import io.rap.fabric.agent.fabric.PeerSelector;
import io.rap.fabric.agent.fabric.PeerTable;
import io.rap.fabric.agent.fabric.RevocationSet;
import io.rap.fabric.agent.fabric.RunningFabric;
import io.rap.fabric.agent.state.HealthFile;
import io.rap.fabric.agent.state.LocalHealth;
import io.rap.fabric.agent.state.StateDir;
import io.rap.fabric.agent.state.StateException;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.LinkReport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a desired workload into something this agent can run, or refuses it. The types it
 * knows are the only ones that ever run; anything else is refused with a reason, never
 * pretended.
 */
public final class WorkloadFactory implements AutoCloseable {

    /** Where process workloads get their directories, under the state directory. */
    public static final String WORKLOADS_DIR = "workloads";

    private final List<Path> processAllowList;
    private final Path workloadsDir;
    private final int fabricPort;
    private final FabricLoop fabric;
    private final Supplier<FabricIdentity> identity;
    private final Duration probeTimeout;
    /** Shared by every fabric workload; the agent's verified snapshot updates them. */
    private final RevocationSet revocations;
    private final PeerTable peers;
    /** Where the running fabric node is found by the link reporter. */
    private final RunningFabric running;
    /** Holds the route cache the fabric starts from. */
    private final HealthFile healthFile;

    /**
     * @param identity loaded when a fabric workload is started, so that a node without a usable
     *                 certificate still runs its process workloads
     */
    public WorkloadFactory(List<Path> processAllowList, Path stateDir, int fabricPort, FabricLoop fabric,
                           Supplier<FabricIdentity> identity, Duration probeTimeout) {
        this(processAllowList, stateDir, fabricPort, fabric, identity, probeTimeout, new RevocationSet(),
                new PeerTable());
    }

    /** @param revocations and {@code peers}: the fabric's view of the cluster, kept current from the snapshot */
    public WorkloadFactory(List<Path> processAllowList, Path stateDir, int fabricPort, FabricLoop fabric,
                           Supplier<FabricIdentity> identity, Duration probeTimeout, RevocationSet revocations,
                           PeerTable peers) {
        this(processAllowList, stateDir, fabricPort, fabric, identity, probeTimeout, revocations, peers,
                new RunningFabric(RunningFabric.MAX_PROBE_INTERVAL));
    }

    /** @param running where a started fabric node registers itself, for the link reports, and how often it measures */
    public WorkloadFactory(List<Path> processAllowList, Path stateDir, int fabricPort, FabricLoop fabric,
                           Supplier<FabricIdentity> identity, Duration probeTimeout, RevocationSet revocations,
                           PeerTable peers, RunningFabric running) {
        this.running = running;
        this.revocations = revocations;
        this.peers = peers;
        this.processAllowList = List.copyOf(processAllowList);
        this.workloadsDir = stateDir.resolve(WORKLOADS_DIR);
        this.healthFile = new HealthFile(new StateDir(stateDir));
        this.fabricPort = fabricPort;
        this.fabric = fabric;
        this.identity = identity;
        this.probeTimeout = probeTimeout;
    }

    /** @throws RefusedWorkloadException when this agent will not run it */
    Workload create(DesiredWorkload workload) {
        return switch (workload.type()) {
            case DesiredWorkload.PROCESS -> ProcessWorkload.prepare(workload.name(), workload.settings(),
                    processAllowList, workloadsDir);
            case DesiredWorkload.SYNTHETIC_ECHO -> EchoWorkload.prepare(workload.settings(), fabricPort,
                    fabric.group(), fabricIdentity(), FabricNode.Options.defaults()
                            .withDirectory(revocations, peers)
                            // Relaying is a role's job, never a capability's or a setting's.
                            .withRelaying(PeerSelector.MESH_ROLES.contains(workload.role())),
                    probeTimeout, running, this::savedRoutes);
            default -> throw new RefusedWorkloadException("workload type " + workload.type()
                    + " is not supported by this agent");
        };
    }

    /** The fabric's revocation set, for the snapshot consumer to update. */
    public RevocationSet fabricRevocations() {
        return revocations;
    }

    /** The running fabric node, if any, for the link reports. */
    public RunningFabric runningFabric() {
        return running;
    }

    /** The fabric's peer table, for the snapshot consumer to update. */
    public PeerTable fabricPeers() {
        return peers;
    }

    /** Ends the fabric's event loop, once the workloads using it stopped. */
    @Override
    public void close() {
        fabric.close();
    }

    /**
     * The route cache saved in {@code health.json}, read when a fabric node starts. Missing or
     * unreadable means nothing to start from, never a failed workload: the heartbeat loop warns
     * about a corrupt file and rebuilds it.
     */
    List<LinkReport.LinkHealth> savedRoutes() {
        try {
            return healthFile.load().map(LocalHealth::routes).orElse(List.of());
        } catch (StateException e) {
            return List.of();
        }
    }

    private FabricIdentity fabricIdentity() {
        try {
            return identity.get();
        } catch (RuntimeException e) {
            throw new RefusedWorkloadException("no usable node certificate for the fabric: " + e.getMessage());
        }
    }
}
