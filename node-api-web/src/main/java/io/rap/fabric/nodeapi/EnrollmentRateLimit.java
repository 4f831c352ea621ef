package io.rap.fabric.nodeapi;

import io.rap.fabric.protocol.Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits enrollment attempts per join token and per source address, before anything reaches the
 * database: guessing tokens or flooding the review queue costs the attacker time, not us rows.
 */
@ApplicationScoped
class EnrollmentRateLimit {

    static final int PER_TOKEN_PER_MINUTE = 10;
    static final int PER_ADDRESS_PER_MINUTE = 30;

    private final AttemptLimiter perToken;
    private final AttemptLimiter perAddress;

    EnrollmentRateLimit() {
        this(Clock.systemUTC());
    }

    EnrollmentRateLimit(Clock clock) {
        perToken = new AttemptLimiter(PER_TOKEN_PER_MINUTE, Duration.ofMinutes(1), clock);
        perAddress = new AttemptLimiter(PER_ADDRESS_PER_MINUTE, Duration.ofMinutes(1), clock);
    }

    /** Counts one attempt from this address, before the body is even read. */
    void checkAddress(String sourceAddress) {
        refuseIfPresent(perAddress.attempt(sourceAddress == null ? "" : sourceAddress));
    }

    /** Counts one attempt with this token. Keyed by its hash, so raw tokens are not kept in memory. */
    void checkToken(String rawToken) {
        refuseIfPresent(perToken.attempt(Keys.fingerprintSha256Hex(
                (rawToken == null ? "" : rawToken).getBytes(StandardCharsets.UTF_8))));
    }

    private static void refuseIfPresent(Optional<Duration> wait) {
        if (wait.isPresent()) {
            throw new RateLimitedException(wait.get());
        }
    }
}
