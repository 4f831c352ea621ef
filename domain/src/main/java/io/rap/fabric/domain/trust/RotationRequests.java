package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Open certificate rotation requests, for the services that act on certificates: the heartbeat
 * asks whether its identity has one, a rotation fulfils them, and a revocation, a disabled
 * membership or the certificate's expiry withdraws them.
 * No authorization here: every method runs inside a service method that already checked it,
 * except {@link #withdrawExpired}, which the system runs on a schedule.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RotationRequests {

    public static final String CANCELLED_EVENT = "certificate.rotation_request_cancelled";
    /** One sweep withdraws at most this many; the next sweep takes the rest. */
    static final int SWEEP_BATCH = 200;

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AuditLog audit;

    /** When the open request for this identity was made, if there is one. */
    public Optional<Instant> requestedAt(UUID identityId) {
        return em.createQuery("select r.requestedAt from CertificateRotationRequest r"
                        + " where r.nodeIdentityId = :i and r.status = 'open'", Instant.class)
                .setParameter("i", identityId).getResultStream().findFirst();
    }

    Map<UUID, CertificateRotationRequest> openFor(Collection<UUID> identityIds) {
        if (identityIds.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select r from CertificateRotationRequest r where r.nodeIdentityId in :ids"
                        + " and r.status = 'open'", CertificateRotationRequest.class)
                .setParameter("ids", identityIds).getResultStream()
                .collect(Collectors.toMap(CertificateRotationRequest::nodeIdentityId, Function.identity()));
    }

    /** The identities were replaced by {@code replacement}: their open requests are done. */
    List<CertificateRotationRequest> fulfil(Collection<NodeIdentity> replaced, UUID replacement, String nodeActor,
                                            Instant now) {
        List<CertificateRotationRequest> open = List.copyOf(openFor(replaced.stream().map(NodeIdentity::id).toList())
                .values());
        open.forEach(r -> r.fulfil(replacement, nodeActor, now));
        return open;
    }

    /**
     * The identities were revoked: the node can no longer prove with them, so nobody could fulfil
     * their requests. Each withdrawn request is audited by {@code actor} with the cause.
     *
     * @param event builds the audit entry for an event type with the right actor (person or node)
     */
    public void withdrawRevoked(Collection<NodeIdentity> revoked, String actor,
                                Function<String, AuditEntry.Builder> event, Instant now) {
        Map<UUID, CertificateRotationRequest> open = openFor(revoked.stream().map(NodeIdentity::id).toList());
        for (NodeIdentity identity : revoked) {
            CertificateRotationRequest request = open.get(identity.id());
            if (request != null) {
                withdraw(request, identity.certificateSerial(), "certificate_revoked", actor, event, now);
            }
        }
    }

    /**
     * The node's membership in the cluster was disabled: its heartbeats are refused, so the request
     * could never be delivered; leaving it open would keep a stale marker on the Trust page.
     */
    public void withdrawForDisabledMembership(UUID nodeId, UUID clusterId, String actor,
                                              Function<String, AuditEntry.Builder> event, Instant now) {
        List<Object[]> open = em.createQuery("select r, i.certificateSerial from CertificateRotationRequest r,"
                        + " NodeIdentity i where i.id = r.nodeIdentityId and r.nodeId = :n and r.clusterId = :c"
                        + " and r.status = 'open'", Object[].class)
                .setParameter("n", nodeId).setParameter("c", clusterId).getResultList();
        for (Object[] row : open) {
            withdraw((CertificateRotationRequest) row[0], (String) row[1], "membership_disabled", actor, event, now);
        }
    }

    /**
     * Withdraws open requests whose certificate has expired: the node can no longer prove with it,
     * so nobody could fulfil them (an agent past its certificate must enroll again), and an open
     * request would stay in the database for good. Run by the system (audited as {@code system},
     * cause {@code certificate_expired}); rows another transaction holds are left for the next sweep.
     *
     * @return how many were withdrawn
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public int withdrawExpired(Instant now) {
        List<CertificateRotationRequest> expired = em.createQuery("select r from CertificateRotationRequest r"
                        + " where r.status = 'open' and r.nodeIdentityId in (select i.id from NodeIdentity i"
                        + " where i.certificateNotAfter <= :now) order by r.requestedAt",
                        CertificateRotationRequest.class)
                .setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .setMaxResults(SWEEP_BATCH).getResultList();
        for (CertificateRotationRequest request : expired) {
            String serial = em.find(NodeIdentity.class, request.nodeIdentityId()).certificateSerial();
            withdraw(request, serial, "certificate_expired", "system", AuditEntry::bySystem, now);
        }
        return expired.size();
    }

    private void withdraw(CertificateRotationRequest request, String serial, String cause, String actor,
                          Function<String, AuditEntry.Builder> event, Instant now) {
        request.cancel(actor, now);
        audit.record(event.apply(CANCELLED_EVENT).cluster(request.clusterId()).node(request.nodeId())
                .target("certificate_rotation_request", request.id()).detail("serial", serial)
                .detail("cause", cause).build());
    }
}
