package io.rap.fabric.nodeapi;

import io.rap.fabric.domain.infrastructure.config.MissingConfigurationException;
import io.rap.fabric.domain.infrastructure.config.RapConfig;
import io.rap.fabric.protocol.Keys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Limits enrollment attempts per join token and per source address, before anything reaches the
 * database: guessing tokens or flooding the review queue costs the attacker time, not us rows.
 * The limits are configurable for rollouts where many hosts enroll through one NAT address (and
 * for the enrollment benchmark); the defaults suit hosts enrolling one by one.
 */
@ApplicationScoped
class EnrollmentRateLimit {

    static final int PER_TOKEN_PER_MINUTE = 10;
    static final int PER_ADDRESS_PER_MINUTE = 30;
    static final String PER_TOKEN_SETTING = "RAP_ENROLL_MAX_PER_TOKEN_PER_MINUTE";
    static final String PER_ADDRESS_SETTING = "RAP_ENROLL_MAX_PER_ADDRESS_PER_MINUTE";
    /** Far above any real rollout, low enough that the counters stay meaningful. */
    static final int MAX_SETTING = 1_000_000;

    @Inject
    RapConfig config;

    private AttemptLimiter perToken;
    private AttemptLimiter perAddress;

    /** For CDI; the limits come from {@link #init()}. */
    EnrollmentRateLimit() {
    }

    EnrollmentRateLimit(int perTokenLimit, int perAddressLimit, Clock clock) {
        perToken = new AttemptLimiter(perTokenLimit, Duration.ofMinutes(1), clock);
        perAddress = new AttemptLimiter(perAddressLimit, Duration.ofMinutes(1), clock);
    }

    @PostConstruct
    void init() {
        perToken = new AttemptLimiter(limit(config, PER_TOKEN_SETTING, PER_TOKEN_PER_MINUTE), Duration.ofMinutes(1),
                Clock.systemUTC());
        perAddress = new AttemptLimiter(limit(config, PER_ADDRESS_SETTING, PER_ADDRESS_PER_MINUTE),
                Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** Between 1 and {@value #MAX_SETTING} a minute; anything else is a configuration error. */
    static int limit(RapConfig config, String setting, int defaultLimit) {
        int value;
        try {
            value = config.get(setting).map(Integer::parseInt).orElse(defaultLimit);
        } catch (NumberFormatException e) {
            throw new MissingConfigurationException(setting);
        }
        if (value < 1 || value > MAX_SETTING) {
            throw new MissingConfigurationException(setting);
        }
        return value;
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
