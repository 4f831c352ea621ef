package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.shared.DomainException;
import java.time.Duration;

/** Too many attempts: answered 429 with {@code Retry-After}. */
class RateLimitedException extends DomainException {

    private final Duration retryAfter;

    RateLimitedException(Duration retryAfter) {
        super("rate_limited", "Too many enrollment attempts; try again in " + seconds(retryAfter) + " seconds");
        this.retryAfter = retryAfter;
    }

    long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
