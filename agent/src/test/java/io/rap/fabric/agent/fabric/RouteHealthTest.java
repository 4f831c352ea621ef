package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.SnapshotPeer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Route health seeded from the saved route cache, and how live outcomes take over from the seed. */
class RouteHealthTest {

    private static final Instant BEFORE = Instant.parse("2026-03-01T11:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static UUID id(int n) {
        return new UUID(0, n);
    }

    private static SnapshotPeer relay(int n) {
        return new SnapshotPeer(id(n), "p" + n, List.of("192.0.2." + n), 7443, List.of("relay"));
    }

    @Test
    void aSeededRouteHasTheCachedFigures() {
        RouteHealth health = new RouteHealth();
        LinkReport.LinkHealth cached = new LinkReport.LinkHealth(id(1), id(2), 10, 3, 400L, 2_000L, 3,
                BEFORE.minusSeconds(30), BEFORE);

        assertThat(health.seed(List.of(cached))).isEqualTo(1);

        assertThat(health.stats(Route.via(id(2), id(1)))).hasValue(new RouteHealth.Stats(10, 3, 400L, 2_000L, 3,
                BEFORE.minusSeconds(30), BEFORE));
    }

    @Test
    void aSingleSampleKeepsTheMedianAndALargerWindowIsScaledToOursAtTheSameLoss() {
        RouteHealth health = new RouteHealth();
        health.seed(List.of(
                new LinkReport.LinkHealth(id(1), null, 1, 0, 500L, 900L, 0, BEFORE, null),
                new LinkReport.LinkHealth(id(2), null, 100, 25, 700L, 800L, 0, BEFORE, BEFORE.minusSeconds(5)),
                new LinkReport.LinkHealth(id(3), null, 4, 4, null, null, 9, null, BEFORE)));

        assertThat(health.stats(Route.direct(id(1))).orElseThrow()).satisfies(s -> {
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.rttMedianMicros()).isEqualTo(500L);
            assertThat(s.rttP99Micros()).as("one sample has no tail of its own").isEqualTo(500L);
        });
        assertThat(health.stats(Route.direct(id(2))).orElseThrow()).satisfies(s -> {
            assertThat(s.attempts()).isEqualTo(RouteHealth.WINDOW);
            assertThat(s.failures()).isEqualTo(8);
            assertThat(s.loss()).isEqualTo(0.25);
            assertThat(s.rttMedianMicros()).isEqualTo(700L);
            assertThat(s.rttP99Micros()).isEqualTo(800L);
        });
        assertThat(health.stats(Route.direct(id(3))).orElseThrow()).satisfies(s -> {
            assertThat(s.rttMedianMicros()).isNull();
            assertThat(s.consecutiveFailures()).as("the streak as cached, beyond the window").isEqualTo(9);
            assertThat(s.loss()).isEqualTo(1.0);
        });
    }

    @Test
    void aRouteMeasuredAlreadyKeepsItsFiguresAndTheFirstOfTwoCachedEntriesCounts() {
        RouteHealth health = new RouteHealth();
        health.success(Route.direct(id(1)), 100, NOW);

        int seeded = health.seed(List.of(
                new LinkReport.LinkHealth(id(1), null, 8, 8, null, null, 8, null, BEFORE),
                new LinkReport.LinkHealth(id(2), null, 2, 0, 300L, 300L, 0, BEFORE, null),
                new LinkReport.LinkHealth(id(2), null, 5, 5, null, null, 5, null, BEFORE),
                new LinkReport.LinkHealth(id(3), id(3), 1, 0, 50L, 50L, 0, BEFORE, null)));

        assertThat(seeded).as("not the measured route, not the second entry, not a relay to itself").isEqualTo(1);
        assertThat(health.stats(Route.direct(id(1)))).hasValue(new RouteHealth.Stats(1, 0, 100L, 100L, 0, NOW, null));
        assertThat(health.stats(Route.direct(id(2))).orElseThrow().failures()).isZero();
    }

    @Test
    void aLiveSuccessAfterASeededFailureStreakEndsTheStreak() {
        RouteHealth health = new RouteHealth();
        Route route = Route.direct(id(1));
        health.seed(List.of(new LinkReport.LinkHealth(id(1), null, 5, 5, null, null, 5, null, BEFORE)));
        assertThat(health.seededFailures()).containsExactly(route);

        health.success(route, 250, NOW);

        assertThat(health.stats(route)).hasValue(new RouteHealth.Stats(6, 5, 250L, 250L, 0, NOW, BEFORE));
        assertThat(health.seededFailures()).as("measured now").isEmpty();
    }

    @Test
    void liveOutcomesPushTheSeededOnesOutOfTheWindow() {
        RouteHealth health = new RouteHealth();
        Route route = Route.via(id(2), id(1));
        health.seed(List.of(new LinkReport.LinkHealth(id(1), id(2), 32, 16, 9_000L, 20_000L, 16, BEFORE.minusSeconds(60),
                BEFORE)));

        for (int i = 0; i < RouteHealth.WINDOW; i++) {
            health.success(route, 100, NOW);
        }

        assertThat(health.stats(route)).hasValue(new RouteHealth.Stats(RouteHealth.WINDOW, 0, 100L, 100L, 0, NOW, BEFORE));
    }

    @Test
    void aSeededRouteIsReportedOnlyOnceThisNodeMeasuredIt() {
        RouteHealth health = new RouteHealth();
        health.seed(List.of(
                new LinkReport.LinkHealth(id(1), null, 3, 3, null, null, 3, null, BEFORE),
                new LinkReport.LinkHealth(id(2), null, 4, 0, 300L, 600L, 0, BEFORE, null)));
        assertThat(health.report()).as("nothing measured yet").isEmpty();
        assertThat(health.seededFailures()).as("only the failed one is a guess to check")
                .containsExactly(Route.direct(id(1)));

        health.failure(Route.direct(id(1)), NOW);

        assertThat(health.report()).singleElement().isEqualTo(
                new LinkReport.LinkHealth(id(1), null, 4, 4, null, null, 4, null, NOW));
        assertThat(health.seededFailures()).as("a live failure confirms it").isEmpty();
    }

    @Test
    void seededFailuresPutARouteBehindTheOnesThatWorkedFromTheFirstPlan() {
        UUID destination = id(9);
        RouteHealth health = new RouteHealth();
        // R1 was the faster relay until it failed three times; R2 is slower and worked.
        health.seed(List.of(
                new LinkReport.LinkHealth(destination, id(1), 10, 3, 200L, 400L, 3, BEFORE.minusSeconds(60), BEFORE),
                new LinkReport.LinkHealth(destination, id(2), 10, 0, 900L, 1_500L, 0, BEFORE, null),
                new LinkReport.LinkHealth(destination, null, 3, 3, null, null, 3, null, BEFORE)));

        assertThat(PathPlanner.plan(destination, true, List.of(relay(1), relay(2)), health, 3))
                .as("what worked first; among equal failure streaks the direct path")
                .containsExactly(Route.via(id(2), destination), Route.direct(destination), Route.via(id(1), destination));

        health.success(Route.direct(destination), 150, NOW);
        assertThat(PathPlanner.plan(destination, true, List.of(relay(1), relay(2)), health, 3))
                .as("the direct path is first again once it worked")
                .containsExactly(Route.direct(destination), Route.via(id(2), destination), Route.via(id(1), destination));
    }

    @Test
    void anOldFailureStreakNoLongerPutsTheDirectRouteBehindTheRelays() {
        RouteHealth health = new RouteHealth();
        UUID destination = UUID.randomUUID();
        Instant failedAt = Instant.parse("2026-11-26T12:00:00Z");
        for (int i = 0; i < 3; i++) {
            health.failure(Route.direct(destination), failedAt);
        }
        List<io.rap.fabric.protocol.SnapshotPeer> relays = List.of(relay(1), relay(2), relay(3));

        assertThat(PathPlanner.plan(destination, true, relays, health, 3, failedAt.minusSeconds(1)))
                .as("a recent streak: the relays first, the direct route not even among three")
                .doesNotContain(Route.direct(destination));
        assertThat(PathPlanner.plan(destination, true, relays, health, 3, failedAt.plusSeconds(1)).get(0))
                .as("an old streak: the direct route first again, so the next echo measures it")
                .isEqualTo(Route.direct(destination));
    }
}
