package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.PeerPolicy;
import io.rap.fabric.protocol.SnapshotPeer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Chooses the active, warm and cold peer sets from the snapshot's peers and
 * {@link PeerPolicy}. Pure and deterministic: the same inputs give the same sets.
 *
 * <p>The score mixes latency, loss, reliability (recent failures), load and role suitability,
 * so a fast peer that drops a third of its traffic or failed its last attempts ranks below a
 * slower steady one. Trust is not weighed but required: a revoked peer is excluded outright.
 */
public final class PeerSelector {

    /** Roles that make a peer able to relay and to carry mesh traffic. */
    public static final List<String> MESH_ROLES = List.of("relay", "core-mesh");
    /** A peer with this many failures since its last success is not chosen as active unless needed to reach the minimum. */
    static final int FAILING = 3;

    static final double LATENCY_WEIGHT = 0.30;
    static final double LOSS_WEIGHT = 0.25;
    static final double RELIABILITY_WEIGHT = 0.20;
    static final double LOAD_WEIGHT = 0.10;
    static final double ROLE_WEIGHT = 0.15;
    /** Round trip at which the latency part falls to one half. */
    static final double HALF_LATENCY_MICROS = 5_000;

    private PeerSelector() {
    }

    /**
     * What is known about one peer; {@code null} round trip or load when not measured yet.
     *
     * @param loss           share of recent attempts lost, 0 to 1
     * @param recentFailures failures since the last success
     * @param load           the peer's reported load, 0 (idle) to 1 (saturated)
     * @param revoked        the peer presented a revoked certificate
     */
    public record PeerStats(Long rttMicros, double loss, int recentFailures, Double load, boolean revoked) {
        public static final PeerStats UNKNOWN = new PeerStats(null, 0, 0, null, false);
    }

    public record ScoredPeer(SnapshotPeer peer, double score) {
        public UUID nodeId() {
            return peer.nodeId();
        }
    }

    /** {@code excluded}: peers that must not be used at all (revoked, or this node itself). */
    public record PeerSets(List<ScoredPeer> active, List<ScoredPeer> warm, List<ScoredPeer> cold,
                           List<SnapshotPeer> excluded) {
    }

    public static PeerSets select(List<SnapshotPeer> peers, PeerPolicy policy, Map<UUID, PeerStats> stats, UUID self) {
        List<ScoredPeer> healthy = new ArrayList<>();
        List<ScoredPeer> failing = new ArrayList<>();
        List<SnapshotPeer> excluded = new ArrayList<>();
        for (SnapshotPeer peer : peers) {
            PeerStats s = stats.getOrDefault(peer.nodeId(), PeerStats.UNKNOWN);
            if (peer.nodeId().equals(self) || s.revoked()) {
                excluded.add(peer);
            } else if (s.recentFailures() >= FAILING) {
                failing.add(new ScoredPeer(peer, score(peer, s)));
            } else {
                healthy.add(new ScoredPeer(peer, score(peer, s)));
            }
        }
        Comparator<ScoredPeer> best = Comparator.comparingDouble(ScoredPeer::score).reversed()
                .thenComparing(ScoredPeer::nodeId);
        healthy.sort(best);
        failing.sort(best);

        int activeCount = Math.min(policy.activeMax(), healthy.size());
        List<ScoredPeer> active = new ArrayList<>(healthy.subList(0, activeCount));
        List<ScoredPeer> rest = new ArrayList<>(healthy.subList(activeCount, healthy.size()));
        // Failing peers are better than none: they fill the active set up to its minimum.
        int fill = 0;
        while (active.size() < policy.activeMin() && fill < failing.size()) {
            active.add(failing.get(fill++));
        }
        rest.addAll(failing.subList(fill, failing.size()));
        int warmCount = Math.min(policy.warmMax(), rest.size());
        excluded.sort(Comparator.comparing(SnapshotPeer::nodeId));
        return new PeerSets(List.copyOf(active), List.copyOf(rest.subList(0, warmCount)),
                List.copyOf(rest.subList(warmCount, rest.size())), List.copyOf(excluded));
    }

    /** 0 (useless) to 1 (ideal). */
    static double score(SnapshotPeer peer, PeerStats s) {
        double latency = s.rttMicros() == null ? 0.5 : 1 / (1 + s.rttMicros() / HALF_LATENCY_MICROS);
        double delivered = 1 - Math.max(0, Math.min(1, s.loss()));
        double reliability = 1.0 / (1 + s.recentFailures());
        double load = s.load() == null ? 0.5 : 1 - Math.max(0, Math.min(1, s.load()));
        double role = isMeshPeer(peer) ? 1 : 0.5;
        return LATENCY_WEIGHT * latency + LOSS_WEIGHT * delivered * delivered + RELIABILITY_WEIGHT * reliability
                + LOAD_WEIGHT * load + ROLE_WEIGHT * role;
    }

    public static boolean isMeshPeer(SnapshotPeer peer) {
        return peer.roles().stream().anyMatch(MESH_ROLES::contains);
    }
}
