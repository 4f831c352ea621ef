package io.rap.fabric.domain.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        return recordAll(List.of(entry)).get(0);
    }

    /**
     * Appends several events of one change in order, taking the chain head once: the head stays
     * locked until the transaction ends, so every statement after taking it delays every other
     * writer (the enrollment benchmark's approvals queue there).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> recordAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        // Serialized before the head is taken: the JSON is the same whoever wins the lock.
        List<String> details = entries.stream().map(AuditChain::canonicalDetails).toList();
        Object[] head = (Object[]) em.createNativeQuery(
                        "select last_sequence_no, last_hash from audit_chain_head where id = 1 for update")
                .getSingleResult();
        AuditChain chain = new AuditChain(((Number) head[0]).longValue(), (String) head[1]);
        Instant occurredAt = clock.instant();
        List<UUID> ids = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            AuditEntry entry = entries.get(i);
            AuditChain.Link link = chain.append(entry, details.get(i), occurredAt);
            UUID id = UUID.randomUUID();
            em.persist(new AuditEvent(id, link.sequenceNo(), link.occurredAt(), entry, link.details(),
                    link.previousHash(), link.eventHash()));
            ids.add(id);
        }
        em.createNativeQuery("update audit_chain_head set last_sequence_no = ?1, last_hash = ?2 where id = 1")
                .setParameter(1, chain.lastSequenceNo())
                .setParameter(2, chain.lastHash())
                .executeUpdate();
        return ids;
    }
}
