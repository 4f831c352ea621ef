package io.rap.fabric.domain.audit;

import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Appends audit events inside the caller's transaction, so an event exists exactly when the
 * change it describes was committed. Appends serialize on the chain head row.
 */
@ApplicationScoped
public class AuditLog {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(AuditEntry entry) {
        Object[] head = (Object[]) em.createNativeQuery(
                        "select last_sequence_no, last_hash from audit_chain_head where id = 1 for update")
                .getSingleResult();
        long sequenceNo = ((Number) head[0]).longValue() + 1;
        String previousHash = (String) head[1];
        // PostgreSQL keeps microseconds: hash exactly what is stored.
        Instant occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String details = JsonText.ofMap(entry.details());
        String hash = AuditHash.of(previousHash, sequenceNo, occurredAt, entry.actor(), entry.actorKind().dbValue(),
                entry.eventType(), entry.clusterId(), entry.nodeId(), entry.organizationId(), entry.targetType(),
                entry.targetId(), details);
        UUID id = UUID.randomUUID();
        em.persist(new AuditEvent(id, sequenceNo, occurredAt, entry, details, previousHash, hash));
        em.createNativeQuery("update audit_chain_head set last_sequence_no = ?1, last_hash = ?2 where id = 1")
                .setParameter(1, sequenceNo)
                .setParameter(2, hash)
                .executeUpdate();
        return id;
    }
}
