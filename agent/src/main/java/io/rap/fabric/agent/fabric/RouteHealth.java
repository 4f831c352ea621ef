package io.rap.fabric.agent.fabric;

import io.rap.fabric.protocol.LinkReport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What this node measured on each route it used: round trips of recent successes, recent
 * outcomes (for loss), failures since the last success, and when it last worked. In memory
 * only; {@link #report} gives it the shape the control plane's link inventory takes.
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

    public synchronized Optional<Stats> stats(Route route) {
        Entry entry = entries.get(route);
        return entry == null ? Optional.empty() : Optional.of(entry.stats());
    }

    public synchronized List<LinkReport.LinkHealth> report() {
        List<LinkReport.LinkHealth> links = new ArrayList<>();
        entries.forEach((route, entry) -> {
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

        void success(long rttMicros, Instant at) {
            rtts[rttNext] = rttMicros;
            rttNext = (rttNext + 1) % WINDOW;
            rttCount = Math.min(rttCount + 1, WINDOW);
            outcome(true);
            consecutiveFailures = 0;
            lastSuccess = at;
        }

        void failure(Instant at) {
            outcome(false);
            consecutiveFailures++;
            lastFailure = at;
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
