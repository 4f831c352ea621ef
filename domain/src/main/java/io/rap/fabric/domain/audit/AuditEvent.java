package io.rap.fabric.domain.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/** One row of the append-only, hash-chained audit log. Created only by {@link AuditLog}. */
@Entity
@Immutable
@Table(name = "cluster_audit_events")
public class AuditEvent {

    @Id
    private UUID id;

    @Column(name = "sequence_no", nullable = false)
    private long sequenceNo;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false)
    private String actor;

    @Column(name = "actor_kind", nullable = false)
    private String actorKind;

    @Column(name = "event_type", nullable = false)
    private String eventType;

    @Column(name = "cluster_id")
    private UUID clusterId;

    @Column(name = "node_id")
    private UUID nodeId;

    @Column(name = "organization_id")
    private UUID organizationId;

    @Column(name = "target_type")
    private String targetType;

    @Column(name = "target_id")
    private String targetId;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String details;

    @Column(name = "previous_hash", nullable = false)
    private String previousHash;

    @Column(name = "event_hash", nullable = false)
    private String eventHash;

    protected AuditEvent() {
    }

    AuditEvent(UUID id, long sequenceNo, Instant occurredAt, AuditEntry entry, String details,
               String previousHash, String eventHash) {
        this.id = id;
        this.sequenceNo = sequenceNo;
        this.occurredAt = occurredAt;
        this.actor = entry.actor();
        this.actorKind = entry.actorKind().dbValue();
        this.eventType = entry.eventType();
        this.clusterId = entry.clusterId();
        this.nodeId = entry.nodeId();
        this.organizationId = entry.organizationId();
        this.targetType = entry.targetType();
        this.targetId = entry.targetId();
        this.details = details;
        this.previousHash = previousHash;
        this.eventHash = eventHash;
    }

    public UUID id() { return id; }
    public long sequenceNo() { return sequenceNo; }
    public Instant occurredAt() { return occurredAt; }
    public String actor() { return actor; }
    public String actorKind() { return actorKind; }
    public String eventType() { return eventType; }
    public UUID clusterId() { return clusterId; }
    public UUID nodeId() { return nodeId; }
    public UUID organizationId() { return organizationId; }
    public String targetType() { return targetType; }
    public String targetId() { return targetId; }
    public String details() { return details; }
    public String previousHash() { return previousHash; }
    public String eventHash() { return eventHash; }
}
