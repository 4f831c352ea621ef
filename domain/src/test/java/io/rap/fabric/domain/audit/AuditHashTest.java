package io.rap.fabric.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditHashTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00.123456Z");
    private static final UUID CLUSTER = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static String hash(String actor, String targetId, String details) {
        return AuditHash.of("0".repeat(64), 1, AT, actor, "person", "cluster.created", CLUSTER, null, null,
                "cluster", targetId, details);
    }

    @Test
    void isStableAndSensitiveToEveryField() {
        String base = hash("owner", "x", "{}");
        assertThat(base).hasSize(64).isEqualTo(hash("owner", "x", "{}"));
        assertThat(hash("owner2", "x", "{}")).isNotEqualTo(base);
        assertThat(hash("owner", "y", "{}")).isNotEqualTo(base);
        assertThat(hash("owner", "x", "{\"a\":\"b\"}")).isNotEqualTo(base);
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        assertThat(hash("ab", "c", "{}")).isNotEqualTo(hash("a", "bc", "{}"));
    }
}
