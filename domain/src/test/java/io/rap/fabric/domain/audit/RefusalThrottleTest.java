package io.rap.fabric.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RefusalThrottleTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void writesUpToTheLimitPerKeyThenCountsAndReportsWhatItLeftOut() {
        RefusalThrottle throttle = new RefusalThrottle(3, 100, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.admit("10.0.0.1")).isEqualTo(OptionalLong.of(0));
        }
        assertThat(throttle.admit("10.0.0.1")).isEmpty();
        assertThat(throttle.admit("10.0.0.1")).isEmpty();
        assertThat(throttle.admit("10.0.0.2")).as("another source has its own budget").isEqualTo(OptionalLong.of(0));

        clock.now = clock.now.plusSeconds(61);
        assertThat(throttle.admit("10.0.0.1")).as("the next window reports the two left out").isEqualTo(OptionalLong.of(2));
        assertThat(throttle.admit("10.0.0.1")).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void theOverallLimitBoundsManySources() {
        RefusalThrottle throttle = new RefusalThrottle(2, 5, Duration.ofMinutes(1), clock);
        int written = 0;
        for (int i = 0; i < 50; i++) {
            if (throttle.admit("source-" + i).isPresent()) {
                written++;
            }
        }
        assertThat(written).isEqualTo(5);
        clock.now = clock.now.plusSeconds(60);
        assertThat(throttle.admit("source-49")).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void refusesNonsenseLimits() {
        assertThatThrownBy(() -> new RefusalThrottle(0, 5, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RefusalThrottle(10, 5, Duration.ofMinutes(1), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
