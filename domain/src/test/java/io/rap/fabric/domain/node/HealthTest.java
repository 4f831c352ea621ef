package io.rap.fabric.domain.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void derivesFromTheLatestHeartbeat() {
        assertThat(Health.derive(null, null, NOW)).isEqualTo(Health.UNKNOWN);
        assertThat(Health.derive("healthy", NOW.minusSeconds(10), NOW)).isEqualTo("healthy");
        assertThat(Health.derive("degraded", NOW.minusSeconds(10), NOW)).isEqualTo("degraded");
        assertThat(Health.derive("healthy", NOW.minus(Health.GRACE).minusSeconds(1), NOW)).isEqualTo(Health.SILENT);
    }
}
