package io.rap.fabric.agent.control;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void delaysGrowExponentiallyUpToTheCapWithJitter() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(42));

        for (int failure = 1; failure <= 12; failure++) {
            long ceiling = Math.min(60_000, 1000L << (failure - 1));
            assertThat(backoff.nextDelay().toMillis()).isBetween(0L, ceiling);
        }
        assertThat(backoff.failures()).isEqualTo(12);
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff backoff = new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(60), new Random(7));

        long distinct = java.util.stream.IntStream.range(0, 20).mapToLong(i -> backoff.nextDelay().toMillis())
                .distinct().count();

        assertThat(distinct).isGreaterThan(15);
    }

    @Test
    void resetStartsOver() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(60), new Random(1));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelay();
        }

        backoff.reset();

        assertThat(backoff.nextDelay().toMillis()).isBetween(0L, 100L);
    }

    @Test
    void heartbeatIntervalIsJitteredWithinTenPercent() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(3));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long millis = backoff.jittered(Duration.ofSeconds(15)).toMillis();
            assertThat(millis).isBetween(13_500L, 16_500L);
            min = Math.min(min, millis);
            max = Math.max(max, millis);
        }
        // it really varies, both ways
        assertThat(min).isLessThan(14_000L);
        assertThat(max).isGreaterThan(16_000L);
        assertThat(backoff.failures()).isZero();
    }

    @Test
    void tinyIntervalsAreKept() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(3));

        assertThat(backoff.jittered(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(5));
    }
}
