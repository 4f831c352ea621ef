package io.rap.fabric.agent.supervision;

import io.netty.channel.EventLoopGroup;
import io.rap.fabric.agent.fabric.EchoClient;
import io.rap.fabric.agent.fabric.FabricException;
import io.rap.fabric.agent.fabric.FabricIdentity;
import io.rap.fabric.agent.fabric.FabricNode;
import io.rap.fabric.agent.fabric.FabricTls;
import io.rap.fabric.agent.fabric.PeerSelector;
import io.rap.fabric.agent.fabric.RelayPorts;
import io.rap.fabric.agent.fabric.Route;
import io.rap.fabric.agent.fabric.RouteHealth;
import io.rap.fabric.agent.fabric.RunningFabric;
import io.rap.fabric.protocol.LinkReport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@code synthetic.echo} workload: the fabric node on the fabric port (or the workload's
 * {@code port} setting), one QUIC listener serving echo to verified origins and, when the
 * workload's role is a mesh role, relaying for other nodes. It counts as running only after
 * an echo round trip through it with this node's own certificate succeeded, i.e. the port,
 * TLS, client authentication and ALPN all work.
 *
 * <p>While it runs it echoes each peer of its active set every {@link RunningFabric#probeInterval()}
 * (20 s by default), so
 * the route health the agent reports (link inventory) describes the paths as they are, not only
 * those some other use happened to try. Only mesh nodes have peers (the snapshot gives them), so
 * other nodes probe nothing.
 *
 * <p>The node starts from what is known about the routes ({@link RouteHealth#seed}): first what
 * the previous node of this run measured, then the route cache saved in the state directory, so
 * its first echoes already go over the paths that worked. The first measurement also echoes
 * directly each peer whose direct path is known to have failed only from that seed, so a failure
 * that no longer holds ends with the first success rather than keeping the peer out of the active
 * set (which is all that is probed) for the whole run.
 */
final class EchoWorkload implements Workload {

    static final String PORT = "port";
    /** A relaying node's forwarding ports, {@code first-last} (default: ephemeral ports). */
    static final String RELAY_PORTS = "relay-ports";
    private static final int PEER_PROBE_BYTES = 32;

    private final EventLoopGroup group;
    private final FabricIdentity identity;
    private final int port;
    private final FabricNode.Options options;
    private final Duration probeTimeout;
    private final RunningFabric running;
    private final Supplier<List<LinkReport.LinkHealth>> savedRoutes;
    private FabricNode node;
    private CompletableFuture<Boolean> probe;
    private volatile ScheduledFuture<?> peerProbes;

    private EchoWorkload(EventLoopGroup group, FabricIdentity identity, int port, FabricNode.Options options,
                         Duration probeTimeout, RunningFabric running,
                         Supplier<List<LinkReport.LinkHealth>> savedRoutes) {
        this.running = running;
        this.savedRoutes = savedRoutes;
        this.group = group;
        this.identity = identity;
        this.port = port;
        this.options = options;
        this.probeTimeout = probeTimeout;
    }

    /**
     * @param savedRoutes the route cache saved in the state directory, read at each start; empty when
     *                    there is none or it cannot be read
     * @throws RefusedWorkloadException when the {@code port} setting is not a port number or the
     *                                  {@code relay-ports} setting not a port range
     */
    static EchoWorkload prepare(Map<String, String> settings, int defaultPort, EventLoopGroup group,
                                FabricIdentity identity, FabricNode.Options options, Duration probeTimeout,
                                RunningFabric running, Supplier<List<LinkReport.LinkHealth>> savedRoutes) {
        int port = defaultPort;
        String setting = settings.get(PORT);
        if (setting != null) {
            try {
                port = Integer.parseInt(setting.strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new RefusedWorkloadException("setting '" + PORT + "' is not a port number: " + setting);
            }
        }
        String relayPorts = settings.get(RELAY_PORTS);
        if (relayPorts != null) {
            try {
                options = options.withRelayPorts(RelayPorts.parse(relayPorts));
            } catch (IllegalArgumentException e) {
                throw new RefusedWorkloadException("setting '" + RELAY_PORTS + "': " + e.getMessage());
            }
        }
        return new EchoWorkload(group, identity, port, options, probeTimeout, running, savedRoutes);
    }

    @Override
    public void start() {
        // A restart replaces the node: the old one must not keep its sockets or its place among
        // the revocation listeners.
        stop();
        FabricNode started;
        try {
            started = FabricNode.start(group, identity, new InetSocketAddress(port), options);
        } catch (FabricException e) {
            throw new WorkloadException(e.getMessage(), e);
        }
        node = started;
        try {
            // Before any echo; the previous node's figures first, since seeding never overwrites a route.
            started.routeHealth().seed(running.lastRoutes());
            started.routeHealth().seed(savedRoutes.get());
            byte[] payload = new byte[32];
            new SecureRandom().nextBytes(payload);
            InetSocketAddress self = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    started.localAddress().getPort());
            probe = EchoClient.echo(group, FabricTls.client(identity), self, payload, probeTimeout)
                    .thenApply(echoed -> Arrays.equals(echoed, payload));
            running.started(started);
            // A random first delay, so that nodes started together do not probe in step.
            long period = running.probeInterval().toMillis();
            peerProbes = group.scheduleWithFixedDelay(this::probePeers, ThreadLocalRandom.current().nextLong(period),
                    period, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            stop();
            throw new WorkloadException("the fabric node could not start: " + e.getMessage(), e);
        }
    }

    /**
     * Runs on the fabric's event loop: only starts the echoes (each records its outcome in the
     * node's route health when it completes) and never waits for one.
     */
    private void probePeers() {
        FabricNode current = node;
        if (current == null || !current.isOpen()) {
            // closed without stop() (a failed health probe): end the schedule with the node
            ScheduledFuture<?> schedule = peerProbes;
            if (schedule != null) {
                schedule.cancel(false);
            }
            return;
        }
        try {
            for (PeerSelector.ScoredPeer peer : current.peerSets().active()) {
                byte[] payload = new byte[PEER_PROBE_BYTES];
                ThreadLocalRandom.current().nextBytes(payload);
                // the outcome is in the route health; a failed echo is what the report is for
                current.echo(peer.peer().nodeId(), payload, probeTimeout).exceptionally(failure -> null);
            }
            // The seed's failed direct paths, each until its first measured outcome takes it off the list.
            for (Route route : current.routeHealth().seededFailures()) {
                if (route.isDirect() && current.peers().address(route.destination()).isPresent()) {
                    byte[] payload = new byte[PEER_PROBE_BYTES];
                    ThreadLocalRandom.current().nextBytes(payload);
                    current.echo(route, payload, probeTimeout).exceptionally(failure -> null);
                }
            }
        } catch (RuntimeException e) {
            // a task that throws is never run again by the executor; the next round may work
        }
    }

    @Override
    public String describe() {
        return node == null ? "QUIC echo (not bound)" : "QUIC echo on UDP port " + node.localAddress().getPort()
                + (options.relaying() ? " (relaying for other nodes)" : "");
    }

    @Override
    public Health health() {
        if (node == null || !node.isOpen()) {
            stop(); // frees what the node still holds (client socket, bindings, revocation listener)
            return Health.exited("the UDP socket of the fabric closed");
        }
        if (!probe.isDone()) {
            return Health.STARTING;
        }
        try {
            if (probe.join()) {
                return Health.RUNNING;
            }
            node.close();
            return Health.exited("health probe failed: the echo differed from what was sent");
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            node.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Health.exited("health probe failed: " + cause.getMessage());
        }
    }

    @Override
    public void stop() {
        if (peerProbes != null) {
            peerProbes.cancel(false);
            peerProbes = null;
        }
        if (node != null) {
            running.stopped(node);
            node.close();
            node = null;
        }
    }

    @Override
    public void kill() {
        stop();
    }
}
