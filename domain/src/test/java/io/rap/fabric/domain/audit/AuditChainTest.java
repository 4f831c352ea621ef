package io.rap.fabric.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The linking both AuditLog and the dev fleet seeder use: what verifyChain recomputes, row by row. */
class AuditChainTest {

    private static final UUID CLUSTER = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static AuditEntry entry(String type, Map<String, String> details) {
        return new AuditEntry(type, "owner", ActorKind.PERSON, CLUSTER, null, null, "cluster", CLUSTER.toString(),
                details);
    }

    @Test
    void linksEachRowToThePreviousOneFromTheHead() {
        AuditChain chain = new AuditChain(41, "a".repeat(64));
        Instant at = Instant.parse("2026-11-25T10:00:00.123456789Z");
        AuditChain.Link first = chain.append(entry("cluster.created", Map.of("name", "x")), at);
        AuditChain.Link second = chain.append(entry("trust.ca_created", Map.of()), at);

        assertThat(first.sequenceNo()).isEqualTo(42);
        assertThat(first.previousHash()).isEqualTo("a".repeat(64));
        assertThat(second.sequenceNo()).isEqualTo(43);
        assertThat(second.previousHash()).isEqualTo(first.eventHash());
        assertThat(chain.lastSequenceNo()).isEqualTo(43);
        assertThat(chain.lastHash()).isEqualTo(second.eventHash());
        // Stored and hashed with PostgreSQL's microseconds, so a row read back verifies.
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123456Z"));
        assertThat(first.actorKind()).isEqualTo("person");
        assertThat(first.eventHash()).isEqualTo(AuditHash.of("a".repeat(64), 42, first.occurredAt(), "owner",
                "person", "cluster.created", CLUSTER, null, null, "cluster", CLUSTER.toString(), "{\"name\":\"x\"}"));
    }

    @Test
    void detailsAreCanonicalWhateverTheirOrderAndKeepNulls() {
        Map<String, String> details = new TreeMap<>();
        details.put("b", "2");
        details.put("a", null);
        AuditChain.Link link = new AuditChain(0, AuditChain.GENESIS_HASH).append(entry("x.y", details),
                Instant.EPOCH);
        assertThat(link.details()).isEqualTo("{\"a\":null,\"b\":\"2\"}");
        assertThat(link.previousHash()).isEqualTo("0".repeat(64));
    }
}
