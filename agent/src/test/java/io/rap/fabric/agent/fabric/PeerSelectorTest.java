package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.PeerPolicy;
import io.rap.fabric.protocol.SnapshotPeer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Peer sets and path order from fixed inputs. */
class PeerSelectorTest {

    private static final UUID SELF = id(0);

    private static UUID id(int n) {
        return new UUID(0, n);
    }

    private static SnapshotPeer peer(int n, String role) {
        return new SnapshotPeer(id(n), "p" + n, List.of("192.0.2." + n), 7443, List.of(role));
    }

    private static List<SnapshotPeer> peers(int count) {
        List<SnapshotPeer> peers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            peers.add(peer(i, "relay"));
        }
        return peers;
    }

    private static List<UUID> ids(List<PeerSelector.ScoredPeer> peers) {
        return peers.stream().map(PeerSelector.ScoredPeer::nodeId).toList();
    }

    @Test
    void aFastButLossyPeerRanksBelowASlowerSteadyOne() {
        Map<UUID, PeerSelector.PeerStats> stats = Map.of(
                id(1), new PeerSelector.PeerStats(300L, 0.35, 0, null, false),
                id(2), new PeerSelector.PeerStats(4_000L, 0.0, 0, null, false));

        var sets = PeerSelector.select(List.of(peer(1, "relay"), peer(2, "relay")), new PeerPolicy(1, 1, 1), stats, SELF);

        assertThat(ids(sets.active())).containsExactly(id(2));
        assertThat(ids(sets.warm())).containsExactly(id(1));
    }

    @Test
    void recentFailuresDemoteAPeerBelowItsLatency() {
        Map<UUID, PeerSelector.PeerStats> stats = Map.of(
                id(1), new PeerSelector.PeerStats(200L, 0.0, 2, null, false),
                id(2), new PeerSelector.PeerStats(2_000L, 0.0, 0, null, false));

        var sets = PeerSelector.select(List.of(peer(1, "relay"), peer(2, "relay")), new PeerPolicy(1, 1, 1), stats, SELF);

        assertThat(ids(sets.active())).containsExactly(id(2));
    }

    @Test
    void aFailingPeerIsActiveOnlyToReachTheMinimum() {
        Map<UUID, PeerSelector.PeerStats> stats = Map.of(id(1), new PeerSelector.PeerStats(100L, 0, 5, null, false));

        var enough = PeerSelector.select(List.of(peer(1, "relay"), peer(2, "relay")), new PeerPolicy(1, 2, 2), stats, SELF);
        var tooFew = PeerSelector.select(List.of(peer(1, "relay"), peer(2, "relay")), new PeerPolicy(2, 2, 2), stats, SELF);

        assertThat(ids(enough.active())).containsExactly(id(2));
        assertThat(ids(enough.warm())).containsExactly(id(1));
        assertThat(ids(tooFew.active())).containsExactly(id(2), id(1));
    }

    @Test
    void aRevokedPeerAndThisNodeAreExcludedWhateverTheirScore() {
        Map<UUID, PeerSelector.PeerStats> stats = Map.of(id(1), new PeerSelector.PeerStats(10L, 0, 0, 0.0, true));
        List<SnapshotPeer> peers = List.of(peer(1, "relay"), peer(2, "relay"),
                new SnapshotPeer(SELF, "self", List.of("192.0.2.99"), 7443, List.of("relay")));

        var sets = PeerSelector.select(peers, PeerPolicy.NORMAL, stats, SELF);

        assertThat(ids(sets.active())).containsExactly(id(2));
        assertThat(sets.excluded()).extracting(SnapshotPeer::nodeId).containsExactly(SELF, id(1));
    }

    @Test
    void meshRolesAndLowLoadWinWhenTheRestIsEqual() {
        Map<UUID, PeerSelector.PeerStats> stats = Map.of(
                id(1), new PeerSelector.PeerStats(1_000L, 0, 0, 0.5, false),
                id(2), new PeerSelector.PeerStats(1_000L, 0, 0, 0.5, false),
                id(3), new PeerSelector.PeerStats(1_000L, 0, 0, 0.1, false));
        List<SnapshotPeer> peers = List.of(peer(1, "core-mesh"), peer(2, "service-host"), peer(3, "relay"));

        var sets = PeerSelector.select(peers, new PeerPolicy(3, 3, 0), stats, SELF);

        assertThat(ids(sets.active())).containsExactly(id(3), id(1), id(2));
    }

    @Test
    void setSizesFollowThePolicyDefaults() {
        List<SnapshotPeer> twelve = peers(12);

        var normal = PeerSelector.select(twelve, PeerPolicy.NORMAL, Map.of(), SELF);
        var core = PeerSelector.select(twelve, PeerPolicy.CORE, Map.of(), SELF);
        var thin = PeerSelector.select(twelve, PeerPolicy.THIN, Map.of(), SELF);

        assertThat(List.of(normal.active().size(), normal.warm().size(), normal.cold().size())).containsExactly(5, 5, 2);
        assertThat(List.of(core.active().size(), core.warm().size(), core.cold().size())).containsExactly(12, 0, 0);
        assertThat(List.of(thin.active().size(), thin.warm().size(), thin.cold().size())).containsExactly(3, 2, 7);
    }

    @Test
    void theSameInputsInAnyOrderGiveTheSameSets() {
        List<SnapshotPeer> peers = peers(20);
        Map<UUID, PeerSelector.PeerStats> stats = new HashMap<>();
        Random random = new Random(42);
        for (SnapshotPeer p : peers) {
            stats.put(p.nodeId(), new PeerSelector.PeerStats((long) random.nextInt(20_000), random.nextDouble() / 4,
                    random.nextInt(4), random.nextBoolean() ? null : random.nextDouble(), false));
        }
        List<SnapshotPeer> shuffled = new ArrayList<>(peers);
        Collections.shuffle(shuffled, new Random(7));

        assertThat(PeerSelector.select(shuffled, PeerPolicy.NORMAL, stats, SELF))
                .isEqualTo(PeerSelector.select(peers, PeerPolicy.NORMAL, stats, SELF));
    }

    @Test
    void pathsPutTheDirectRouteFirstAndFailedRoutesLast() {
        UUID destination = id(9);
        RouteHealth health = new RouteHealth();
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        List<SnapshotPeer> relays = List.of(peer(1, "relay"), peer(2, "core-mesh"), peer(3, "service-host"));
        health.success(Route.via(id(2), destination), 300, now);
        health.success(Route.via(id(1), destination), 900, now);

        assertThat(PathPlanner.plan(destination, true, relays, health, 3)).containsExactly(Route.direct(destination),
                Route.via(id(2), destination), Route.via(id(1), destination));

        health.failure(Route.direct(destination), now);
        assertThat(PathPlanner.plan(destination, true, relays, health, 2)).as("service-host is no relay")
                .containsExactly(Route.via(id(2), destination), Route.via(id(1), destination));
        assertThat(PathPlanner.plan(destination, false, List.of(), health, 3)).isEmpty();
    }

    @Test
    void routeHealthKeepsLossAndPercentilesOfTheRecentWindow() {
        RouteHealth health = new RouteHealth();
        Route route = Route.direct(id(1));
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        for (int i = 1; i <= 100; i++) {
            health.success(route, i, now);
        }
        health.failure(route, now);

        RouteHealth.Stats stats = health.stats(route).orElseThrow();
        assertThat(stats.attempts()).isEqualTo(RouteHealth.WINDOW);
        assertThat(stats.failures()).isEqualTo(1);
        assertThat(stats.rttMedianMicros()).isEqualTo(84L); // samples 69..100
        assertThat(stats.rttP99Micros()).isEqualTo(100L);
        assertThat(stats.consecutiveFailures()).isEqualTo(1);
        assertThat(health.report()).singleElement().satisfies(l -> assertThat(l.lastFailureAt()).isEqualTo(now));
    }
}
