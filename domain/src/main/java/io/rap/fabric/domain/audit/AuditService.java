package io.rap.fabric.domain.audit;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/** Reading the audit log: filtered pages for people, and verification of the hash chain. */
@ApplicationScoped
@Transactional
public class AuditService {

    private static final int VERIFY_BATCH = 500;

    /** Recorded when the platform owner exports the log (see {@link #beginExport}). */
    public static final String EXPORTED_EVENT = "audit.exported";

    private static final String AGENT_ACTOR_PREFIX = "agent:";

    /** Detail keys that name certificates and keys: never shown outside the owner console. */
    private static final Set<String> TRUST_MATERIAL = Set.of("serial", "oldSerial", "newSerial",
            "keyThumbprint", "hostFingerprint");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog log;

    public Page<AuditView> list(Caller caller, AuditFilter filter, PageRequest page) {
        access.requirePlatformOwner(caller);
        filter.requireValidRange();
        CriteriaBuilder cb = em.getCriteriaBuilder();

        CriteriaQuery<AuditEvent> query = cb.createQuery(AuditEvent.class);
        Root<AuditEvent> root = query.from(AuditEvent.class);
        query.where(predicates(cb, root, filter)).orderBy(cb.desc(root.get("sequenceNo")));
        List<AuditView> items = em.createQuery(query)
                .setFirstResult(page.offset())
                .setMaxResults(page.limit())
                .getResultList().stream().map(AuditService::view).toList();

        return new Page<>(items, count(cb, filter), page.offset(), page.limit());
    }

    /**
     * Unfiltered, the count is the chain head's sequence number: the log is append-only and its
     * sequence has no gaps (verifyChain proves both), and counting a year of a big fleet's events
     * row by row took hundreds of milliseconds (docs/benchmarks.md, "Owner console on a big fleet").
     */
    private long count(CriteriaBuilder cb, AuditFilter filter) {
        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Root<AuditEvent> countRoot = count.from(AuditEvent.class);
        Predicate[] where = predicates(cb, countRoot, filter);
        if (where.length == 0) {
            return ((Number) em.createNativeQuery("select last_sequence_no from audit_chain_head where id = 1")
                    .getSingleResult()).longValue();
        }
        count.select(cb.count(countRoot)).where(where);
        return em.createQuery(count).getSingleResult();
    }

    /**
     * One cluster's audit for its admin: only events recorded for this cluster (the scope is in
     * the query), and without the trust-material details (certificate serials, key thumbprints, also
     * as the actor name of an agent that is not enrolled yet)
     * that only the platform owner handles. The owner may read it too.
     */
    public Page<AuditView> listForCluster(Caller caller, UUID clusterId, PageRequest page) {
        access.requireClusterAdmin(caller, clusterId);
        var items = em.createQuery("select e from AuditEvent e where e.clusterId = :c order by e.sequenceNo desc",
                        AuditEvent.class).setParameter("c", clusterId)
                .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream()
                .map(AuditService::view).map(AuditService::withoutTrustMaterial).toList();
        long total = em.createQuery("select count(e) from AuditEvent e where e.clusterId = :c", Long.class)
                .setParameter("c", clusterId).getSingleResult();
        return new Page<>(items, total, page.offset(), page.limit());
    }

    /**
     * Starts an export of the log for the platform owner: records {@value #EXPORTED_EVENT} with the
     * filter (reading the whole log out of the system is worth a trace even though it changes
     * nothing) and returns the sequence number of that event, the upper bound of the export, so
     * pages read later cannot pick up events recorded while the file streams.
     * {@link AuditExport} drives it; pages use that.
     */
    public long beginExport(Caller caller, AuditFilter filter) {
        access.requirePlatformOwner(caller);
        filter.requireValidRange();
        AuditEntry.Builder entry = AuditEntry.byPerson(caller, EXPORTED_EVENT).target("audit_log", "export");
        if (filter.clusterId() != null) {
            entry.detail("filterCluster", filter.clusterId());
        }
        if (filter.nodeId() != null) {
            entry.detail("filterNode", filter.nodeId());
        }
        if (filter.actor() != null && !filter.actor().isBlank()) {
            entry.detail("filterActor", filter.actor());
        }
        if (filter.eventType() != null && !filter.eventType().isBlank()) {
            entry.detail("filterEventType", filter.eventType());
        }
        if (filter.from() != null) {
            entry.detail("filterFrom", filter.from());
        }
        if (filter.to() != null) {
            entry.detail("filterTo", filter.to());
        }
        UUID id = log.record(entry.build());
        return em.find(AuditEvent.class, id).sequenceNo();
    }

    /**
     * One page of an export, newest first: the events matching {@code filter} with a sequence number
     * below {@code beforeSequence} (keyset paging, so a deep page costs what the first one does).
     */
    public List<AuditView> exportPage(Caller caller, AuditFilter filter, long beforeSequence, int limit) {
        access.requirePlatformOwner(caller);
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<AuditEvent> query = cb.createQuery(AuditEvent.class);
        Root<AuditEvent> root = query.from(AuditEvent.class);
        List<Predicate> where = new ArrayList<>(List.of(predicates(cb, root, filter)));
        where.add(cb.lessThan(root.get("sequenceNo"), beforeSequence));
        query.where(where.toArray(Predicate[]::new)).orderBy(cb.desc(root.get("sequenceNo")));
        List<AuditView> items = em.createQuery(query).setMaxResults(limit).getResultList().stream()
                .map(AuditService::view).toList();
        return items;
    }

    private static AuditView withoutTrustMaterial(AuditView v) {
        Map<String, String> details = new TreeMap<>(v.details());
        details.keySet().removeAll(TRUST_MATERIAL);
        // An agent that is not enrolled yet is named by its key thumbprint: show only that it was an agent.
        String actor = v.actor() != null && v.actor().startsWith(AGENT_ACTOR_PREFIX) ? "agent" : v.actor();
        return new AuditView(v.id(), v.sequenceNo(), v.occurredAt(), actor, v.actorKind(), v.eventType(),
                v.clusterId(), v.nodeId(), v.targetType(), v.targetId(), details);
    }

    /** Recomputes every row's hash in sequence order; reports the first row that does not fit. */
    public ChainStatus verifyChain(Caller caller) {
        access.requirePlatformOwner(caller);
        String expectedPrevious = "0".repeat(64);
        long expectedSequence = 1;
        long checked = 0;
        while (true) {
            TypedQuery<AuditEvent> batch = em.createQuery(
                    "select e from AuditEvent e where e.sequenceNo >= :from order by e.sequenceNo", AuditEvent.class);
            List<AuditEvent> events = batch.setParameter("from", expectedSequence).setMaxResults(VERIFY_BATCH)
                    .getResultList();
            if (events.isEmpty()) {
                return new ChainStatus(true, checked, null);
            }
            for (AuditEvent event : events) {
                String canonical = JsonText.ofMap(JsonText.toMap(event.details()));
                boolean fits = event.sequenceNo() == expectedSequence
                        && event.previousHash().equals(expectedPrevious)
                        && AuditHash.of(event, canonical).equals(event.eventHash());
                if (!fits) {
                    return new ChainStatus(false, checked, expectedSequence);
                }
                expectedPrevious = event.eventHash();
                expectedSequence++;
                checked++;
            }
            em.clear();
        }
    }

    private static Predicate[] predicates(CriteriaBuilder cb, Root<AuditEvent> root, AuditFilter filter) {
        List<Predicate> where = new ArrayList<>();
        if (filter.clusterId() != null) {
            where.add(cb.equal(root.get("clusterId"), filter.clusterId()));
        }
        if (filter.nodeId() != null) {
            where.add(cb.equal(root.get("nodeId"), filter.nodeId()));
        }
        if (filter.actor() != null && !filter.actor().isBlank()) {
            where.add(cb.equal(root.get("actor"), filter.actor()));
        }
        if (filter.eventType() != null && !filter.eventType().isBlank()) {
            where.add(cb.equal(root.get("eventType"), filter.eventType()));
        }
        if (filter.from() != null) {
            where.add(cb.greaterThanOrEqualTo(root.get("occurredAt"), filter.from()));
        }
        if (filter.to() != null) {
            where.add(cb.lessThan(root.get("occurredAt"), filter.to()));
        }
        return where.toArray(Predicate[]::new);
    }

    static AuditView view(AuditEvent e) {
        return new AuditView(e.id(), e.sequenceNo(), e.occurredAt(), e.actor(), e.actorKind(), e.eventType(),
                e.clusterId(), e.nodeId(), e.targetType(), e.targetId(), JsonText.toMap(e.details()));
    }
}
