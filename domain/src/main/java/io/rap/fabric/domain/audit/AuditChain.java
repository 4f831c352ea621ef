package io.rap.fabric.domain.audit;

import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Links audit rows onto the chain: sequence number, previous hash and the row's own hash. The one
 * place that decides what a row hashes, so {@link AuditLog} and anything that writes audit rows in
 * bulk (the dev fleet seeder) produce rows that {@link AuditService#verifyChain} accepts.
 * Not thread-safe: one writer holds the chain head while it links.
 */
public final class AuditChain {

    /** The previous hash of the first row. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /** One linked row, ready to insert into {@code cluster_audit_events}. */
    public record Link(long sequenceNo, Instant occurredAt, String actorKind, String details, String previousHash,
                       String eventHash) {
    }

    private long sequenceNo;
    private String lastHash;

    /** Continues after the row {@code lastSequenceNo} whose hash is {@code lastHash} (the chain head). */
    public AuditChain(long lastSequenceNo, String lastHash) {
        this.sequenceNo = lastSequenceNo;
        this.lastHash = lastHash;
    }

    /** The details as the row stores and hashes them: a flat JSON object with sorted keys. */
    public static String canonicalDetails(AuditEntry entry) {
        return JsonText.ofMap(entry.details());
    }

    public Link append(AuditEntry entry, Instant occurredAt) {
        return append(entry, canonicalDetails(entry), occurredAt);
    }

    /** {@code details} must be {@link #canonicalDetails(AuditEntry)} of the entry. */
    public Link append(AuditEntry entry, String details, Instant occurredAt) {
        // PostgreSQL keeps microseconds: hash exactly what is stored.
        Instant stored = occurredAt.truncatedTo(ChronoUnit.MICROS);
        long next = sequenceNo + 1;
        String hash = AuditHash.of(lastHash, next, stored, entry.actor(), entry.actorKind().dbValue(),
                entry.eventType(), entry.clusterId(), entry.nodeId(), entry.organizationId(), entry.targetType(),
                entry.targetId(), details);
        Link link = new Link(next, stored, entry.actorKind().dbValue(), details, lastHash, hash);
        sequenceNo = next;
        lastHash = hash;
        return link;
    }

    public long lastSequenceNo() {
        return sequenceNo;
    }

    public String lastHash() {
        return lastHash;
    }
}
