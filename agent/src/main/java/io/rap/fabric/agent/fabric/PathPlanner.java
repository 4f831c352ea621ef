package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.SnapshotPeer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Orders the routes to a destination for one attempt with fallback: routes that worked last
 * time before routes that just failed; among those the direct path first, then relays from
 * the active and warm sets by measured round trip, then by peer score. Pure: the fabric
 * tries the routes in this order and records each outcome in {@link RouteHealth}.
 */
public final class PathPlanner {

    private PathPlanner() {
    }

    /**
     * @param directReachable whether the destination's own address is known
     * @param relays          relay candidates, best first (active then warm set)
     * @param maxRoutes       how many routes one attempt may try
     */
    public static List<Route> plan(UUID destination, boolean directReachable, List<SnapshotPeer> relays,
                                   RouteHealth health, int maxRoutes) {
        return plan(destination, directReachable, relays, health, maxRoutes, Instant.MIN);
    }

    /**
     * @param forgivenBefore a failure streak whose last failure is older no longer puts a route
     *                       behind the others ({@link RouteHealth.Stats#recentFailures}), so a
     *                       route that recovered is tried again
     */
    public static List<Route> plan(UUID destination, boolean directReachable, List<SnapshotPeer> relays,
                                   RouteHealth health, int maxRoutes, Instant forgivenBefore) {
        List<Route> candidates = new ArrayList<>();
        if (directReachable) {
            candidates.add(Route.direct(destination));
        }
        for (SnapshotPeer relay : relays) {
            if (!relay.nodeId().equals(destination) && PeerSelector.isMeshPeer(relay)) {
                candidates.add(Route.via(relay.nodeId(), destination));
            }
        }
        List<Route> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator
                .comparingInt((Route r) -> failing(health, r, forgivenBefore))
                .thenComparingInt(r -> r.isDirect() ? 0 : 1)
                .thenComparingLong(r -> health.stats(r).map(RouteHealth.Stats::rttMedianMicros)
                        .map(Long::longValue).orElse(Long.MAX_VALUE))
                .thenComparingInt(candidates::indexOf));
        return List.copyOf(ordered.subList(0, Math.min(maxRoutes, ordered.size())));
    }

    /** 0 for a route whose last attempt succeeded, that was never tried or whose streak is forgiven; otherwise its failure streak. */
    private static int failing(RouteHealth health, Route route, Instant forgivenBefore) {
        Optional<RouteHealth.Stats> stats = health.stats(route);
        return stats.map(s -> s.recentFailures(forgivenBefore)).orElse(0);
    }
}
