package io.rap.fabric.domain.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.HashMap;

/**
 * Bounds how many refusals of unauthenticated requests reach the audit log: each source key
 * (address, else what the request claimed) gets {@code perKey} events per window and all keys
 * together {@code overall}. Anything above is counted, not written, and the next written event
 * of that key says how many were left out, so a flood costs memory counters, not audit rows,
 * and the log still shows that it happened. In memory, per server, like the enrollment limit.
 */
final class RefusalThrottle {

    /** Above this many keys, windows that ended are dropped so distinct keys cannot grow the map. */
    private static final int PRUNE_ABOVE = 10_000;

    private static final class Window {
        Instant start;
        int written;
        long suppressed;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final int perKey;
    private final int overall;
    private final Duration window;
    private final Clock clock;
    /** Guarded by {@code total}. */
    private final Map<String, Window> windows = new HashMap<>();
    private final Window total;

    RefusalThrottle(int perKey, int overall, Duration window, Clock clock) {
        if (perKey < 1 || overall < perKey || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("limits and window must be positive, overall at least perKey");
        }
        this.perKey = perKey;
        this.overall = overall;
        this.window = window;
        this.clock = clock;
        this.total = new Window(clock.instant());
    }

    /**
     * Counts one refusal of {@code key}. Empty when it must not be written; otherwise how many of
     * this key's refusals were left out since its last written one (usually 0).
     */
    OptionalLong admit(String key) {
        Instant now = clock.instant();
        synchronized (total) {
            if (windows.size() > PRUNE_ABOVE) {
                // only under a flood of distinct keys; their left-out counts are then lost
                windows.values().removeIf(w -> ended(w, now));
            }
            if (ended(total, now)) {
                total.start = now;
                total.written = 0;
            }
            Window own = windows.computeIfAbsent(key == null ? "" : key, k -> new Window(now));
            if (ended(own, now)) {
                own.start = now;
                own.written = 0;
            }
            if (own.written >= perKey || total.written >= overall) {
                own.suppressed++;
                return OptionalLong.empty();
            }
            own.written++;
            total.written++;
            long left = own.suppressed;
            own.suppressed = 0;
            return OptionalLong.of(left);
        }
    }

    private boolean ended(Window w, Instant now) {
        return !w.start.plus(window).isAfter(now);
    }
}
