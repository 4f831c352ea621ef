package io.rap.fabric.nodeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.infrastructure.config.MissingConfigurationException;
import io.rap.fabric.domain.infrastructure.config.RapConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) { now = now.plus(d); }
        @Override public Instant instant() { return now; }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void allowsTheLimitThenRefusesWithTheTimeLeft() {
        AttemptLimiter limiter = new AttemptLimiter(3, Duration.ofMinutes(1), clock);
        assertThat(limiter.attempt("a")).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.attempt("a")).isEmpty();
        assertThat(limiter.attempt("a")).isEmpty();
        assertThat(limiter.attempt("a")).contains(Duration.ofSeconds(50));
        clock.advance(Duration.ofSeconds(20));
        assertThat(limiter.attempt("a")).as("refusals do not extend the window").contains(Duration.ofSeconds(30));
    }

    @Test
    void keysAreCountedApartAndWindowsEnd() {
        AttemptLimiter limiter = new AttemptLimiter(1, Duration.ofMinutes(1), clock);
        assertThat(limiter.attempt("a")).isEmpty();
        assertThat(limiter.attempt("b")).isEmpty();
        assertThat(limiter.attempt("a")).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.attempt("a")).isEmpty();
    }

    @Test
    void neverAsksForLessThanOneSecond() {
        AttemptLimiter limiter = new AttemptLimiter(1, Duration.ofMinutes(1), clock);
        limiter.attempt("a");
        clock.advance(Duration.ofMillis(59_900));
        assertThat(limiter.attempt("a")).contains(Duration.ofSeconds(1));
    }

    @Test
    void enrollmentLimitRefusesTheEleventhAttemptPerToken() {
        EnrollmentRateLimit limit = new EnrollmentRateLimit(EnrollmentRateLimit.PER_TOKEN_PER_MINUTE,
                EnrollmentRateLimit.PER_ADDRESS_PER_MINUTE, clock);
        for (int i = 0; i < EnrollmentRateLimit.PER_TOKEN_PER_MINUTE; i++) {
            limit.checkToken("rapjt_same");
        }
        assertThatThrownBy(() -> limit.checkToken("rapjt_same")).isInstanceOfSatisfying(RateLimitedException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(60));
        limit.checkToken("rapjt_other");
    }

    @Test
    void enrollmentLimitsAreConfigurableWithinBounds() {
        RapConfig config = new RapConfig() {
            @Override
            public Optional<String> get(String name) {
                return Optional.ofNullable(Map.of(EnrollmentRateLimit.PER_ADDRESS_SETTING, "5000",
                        EnrollmentRateLimit.PER_TOKEN_SETTING, "0").get(name));
            }
        };
        assertThat(EnrollmentRateLimit.limit(config, EnrollmentRateLimit.PER_ADDRESS_SETTING, 30)).isEqualTo(5000);
        assertThat(EnrollmentRateLimit.limit(config, "RAP_UNSET", 30)).isEqualTo(30);
        assertThatThrownBy(() -> EnrollmentRateLimit.limit(config, EnrollmentRateLimit.PER_TOKEN_SETTING, 10))
                .isInstanceOf(MissingConfigurationException.class);
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThatThrownBy(() -> new AttemptLimiter(0, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
