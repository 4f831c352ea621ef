package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.LinkReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What this node measured on each route it used: round trips of recent successes, recent
 * outcomes (for loss), failures since the last success, and when it last worked. Kept in memory;
 * a new node starts from the agent's saved route cache ({@link #seed}), so that its first
 * attempts already avoid the paths that failed before. {@link #report} gives what this node
 * measured in the shape the control plane's link inventory takes.
 */
public final class RouteHealth {

    /** Outcomes and round trips remembered per route; older ones stop counting. */
    static final int WINDOW = 32;

    private final Map<Route, Entry> entries = new HashMap<>();

    public synchronized void success(Route route, long rttMicros, Instant at) {
        entry(route).success(rttMicros, at);
    }

    public synchronized void failure(Route route, Instant at) {
        entry(route).failure(at);
    }

    /**
     * Starts the routes this node has not measured yet from the saved route cache (the previous
     * run's figures), so that path and peer choices rank them as before the restart. A route
     * measured already keeps its figures; of two cached entries for one route the first counts.
     *
     * <p>The cache keeps figures, not samples, so a seeded route is an approximation in the same
     * sliding window as live outcomes: {@code attempts} outcomes (at most {@link #WINDOW}; a larger
     * count is scaled down to it at the same loss), the successes first and the failures last, so
     * the latest outcomes are the failures the streak counts; one round-trip sample per success (at
     * least one when the cache has a median), all at the cached median except one at the cached
     * 99th percentile (with a single sample that tail is lost); the failure streak and the last
     * success and failure as cached. Live outcomes then push the seeded ones out like any older
     * outcome: the first success ends the streak, {@value #WINDOW} attempts later no seeded outcome
     * is left, and {@value #WINDOW} successes later no seeded round trip.
     *
     * <p>A seeded route is not {@linkplain #report() reported} until this node measures it again
     * (the link inventory gets what this run measured; the agent keeps the cache itself). Cached
     * entries that name no route this fabric makes (a relay to itself) are skipped.
     *
     * @return how many routes were seeded
     */
    public synchronized int seed(List<LinkReport.LinkHealth> cached) {
        int seeded = 0;
        for (LinkReport.LinkHealth link : cached) {
            if (link.peer().equals(link.via())) {
                continue;
            }
            if (entries.putIfAbsent(new Route(link.peer(), link.via()), Entry.seeded(link)) == null) {
                seeded++;
            }
        }
        return seeded;
    }

    /**
     * Routes known only from the seed whose last known attempt failed: guesses until this node
     * tries them. The echo workload tries the direct ones at its first measurement, so that a
     * failure that no longer holds ends with the first success instead of keeping a peer out of
     * the active set (the peers it measures) for the whole run.
     */
    public synchronized List<Route> seededFailures() {
        List<Route> routes = new ArrayList<>();
        entries.forEach((route, entry) -> {
            if (!entry.measured && entry.consecutiveFailures > 0) {
                routes.add(route);
            }
        });
        routes.sort(Comparator.comparing(Route::toString));
        return routes;
    }

    public synchronized Optional<Stats> stats(Route route) {
        Entry entry = entries.get(route);
        return entry == null ? Optional.empty() : Optional.of(entry.stats());
    }

    /**
     * The routes this node measured, by destination and relay; a route measured again after a
     * {@linkplain #seed seed} carries its seeded history within the window.
     */
    public synchronized List<LinkReport.LinkHealth> report() {
        List<LinkReport.LinkHealth> links = new ArrayList<>();
        entries.forEach((route, entry) -> {
            if (!entry.measured) {
                return; // only seeded: nothing this node measured
            }
            Stats s = entry.stats();
            links.add(new LinkReport.LinkHealth(route.destination(), route.via(), s.attempts(), s.failures(),
                    s.rttMedianMicros(), s.rttP99Micros(), s.consecutiveFailures(), s.lastSuccessAt(), s.lastFailureAt()));
        });
        links.sort((a, b) -> (a.peer() + "/" + a.via()).compareTo(b.peer() + "/" + b.via()));
        return links;
    }

    private Entry entry(Route route) {
        return entries.computeIfAbsent(route, r -> new Entry());
    }

    /**
     * @param attempts the recent outcomes counted (at most {@link #WINDOW})
     * @param failures failures among them
     */
    public record Stats(int attempts, int failures, Long rttMedianMicros, Long rttP99Micros, int consecutiveFailures,
                        Instant lastSuccessAt, Instant lastFailureAt) {

        /** Share of recent attempts that failed, 0 to 1. */
        public double loss() {
            return attempts == 0 ? 0 : (double) failures / attempts;
        }

        /**
         * The failure streak, or 0 once its last failure is older than {@code forgivenBefore}: an old
         * streak no longer decides, so the route or peer is tried again and its next outcome ends the
         * streak or renews it.
         */
        public int recentFailures(Instant forgivenBefore) {
            return lastFailureAt != null && lastFailureAt.isBefore(forgivenBefore) ? 0 : consecutiveFailures;
        }
    }

    private static final class Entry {
        private final long[] rtts = new long[WINDOW];
        private int rttCount;
        private int rttNext;
        private final boolean[] outcomes = new boolean[WINDOW];
        private int outcomeCount;
        private int outcomeNext;
        private int consecutiveFailures;
        private Instant lastSuccess;
        private Instant lastFailure;
        /** An outcome was measured by this node, not only seeded from the cache. */
        private boolean measured;

        /** See {@link RouteHealth#seed}. */
        static Entry seeded(LinkReport.LinkHealth cached) {
            Entry entry = new Entry();
            int attempts = Math.min(cached.attempts(), WINDOW);
            // A longer window than ours (not one this agent wrote) keeps its loss, not its oldest outcomes.
            int failures = cached.attempts() <= WINDOW ? cached.failures()
                    : (int) Math.round((double) cached.failures() * WINDOW / cached.attempts());
            for (int i = 0; i < attempts - failures; i++) {
                entry.outcome(true);
            }
            for (int i = 0; i < failures; i++) {
                entry.outcome(false);
            }
            Long median = cached.rttMedianMicros();
            if (median != null) {
                int samples = Math.max(1, attempts - failures);
                Long p99 = cached.rttP99Micros();
                if (samples > 1 && p99 != null && p99 > median) {
                    entry.rtt(p99);
                    samples--;
                }
                for (int i = 0; i < samples; i++) {
                    entry.rtt(median);
                }
            }
            entry.consecutiveFailures = cached.consecutiveFailures();
            entry.lastSuccess = cached.lastSuccessAt();
            entry.lastFailure = cached.lastFailureAt();
            return entry;
        }

        void success(long rttMicros, Instant at) {
            rtt(rttMicros);
            outcome(true);
            consecutiveFailures = 0;
            lastSuccess = at;
            measured = true;
        }

        void failure(Instant at) {
            measured = true;
            outcome(false);
            consecutiveFailures++;
            lastFailure = at;
        }

        private void rtt(long micros) {
            rtts[rttNext] = micros;
            rttNext = (rttNext + 1) % WINDOW;
            rttCount = Math.min(rttCount + 1, WINDOW);
        }

        private void outcome(boolean ok) {
            outcomes[outcomeNext] = ok;
            outcomeNext = (outcomeNext + 1) % WINDOW;
            outcomeCount = Math.min(outcomeCount + 1, WINDOW);
        }

        Stats stats() {
            int failures = 0;
            for (int i = 0; i < outcomeCount; i++) {
                if (!outcomes[i]) {
                    failures++;
                }
            }
            Long median = null;
            Long p99 = null;
            if (rttCount > 0) {
                long[] sorted = Arrays.copyOf(rtts, rttCount);
                Arrays.sort(sorted);
                median = sorted[(rttCount - 1) / 2];
                p99 = sorted[(int) Math.ceil(rttCount * 0.99) - 1];
            }
            return new Stats(outcomeCount, failures, median, p99, consecutiveFailures, lastSuccess, lastFailure);
        }
    }

    /** For peer scoring: the direct route's figures to {@code peer}, if it was used. */
    public synchronized Optional<Stats> direct(UUID peer) {
        return stats(Route.direct(peer));
    }
}
