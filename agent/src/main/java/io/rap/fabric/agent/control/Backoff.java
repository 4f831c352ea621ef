package io.rap.fabric.agent.control;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th consecutive failure wait a
 * uniformly random time in [0, min(cap, base * 2^(n-1))], so that many nodes losing the
 * control plane at once do not come back in lockstep.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    public Duration nextDelay() {
        failures = Math.min(failures + 1, 62);
        long ceiling = base.toMillis();
        for (int i = 1; i < failures && ceiling < cap.toMillis(); i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, cap.toMillis());
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** Fraction by which {@link #jittered} varies a regular interval either way. */
    public static final double INTERVAL_JITTER = 0.10;

    /**
     * A regular interval varied uniformly by up to ±10 %, so that nodes started together
     * (e.g. after a power cut) spread their heartbeats instead of arriving in lockstep.
     */
    public Duration jittered(Duration interval) {
        long millis = interval.toMillis();
        long spread = (long) (millis * INTERVAL_JITTER);
        if (spread == 0) {
            return interval;
        }
        return Duration.ofMillis(millis - spread + random.nextLong(2 * spread + 1));
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
