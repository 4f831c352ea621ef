package io.rap.fabric.nodeapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts attempts per key in fixed windows and refuses once a key used up its window. In memory:
 * each server counts for itself, which is enough for one server (several servers would each
 * allow the limit).
 */
final class AttemptLimiter {

    /** Above this many keys, windows that ended are dropped so a flood of distinct keys cannot grow the map. */
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(Instant start, int count) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    AttemptLimiter(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limit and window must be positive");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Counts one attempt for {@code key}. Empty when it is allowed; otherwise how long until the
     * key's window ends (at least one second). A refused attempt does not extend the window.
     */
    Optional<Duration> attempt(String key) {
        Instant now = clock.instant();
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
        }
        boolean[] refused = {false};
        Window current = windows.compute(key, (k, w) -> {
            if (w == null || !w.start().plus(window).isAfter(now)) {
                return new Window(now, 1);
            }
            if (w.count() >= limit) {
                refused[0] = true;
                return w;
            }
            return new Window(w.start(), w.count() + 1);
        });
        if (!refused[0]) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, current.start().plus(window));
        return Optional.of(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    }
}
