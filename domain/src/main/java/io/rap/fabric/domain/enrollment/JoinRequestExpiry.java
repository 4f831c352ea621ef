package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.infrastructure.config.MissingConfigurationException;
import io.rap.fabric.domain.infrastructure.config.RapConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Pending join requests nobody decided on within {@code RAP_JOIN_REQUEST_TTL_HOURS} become
 * {@code expired}: an old request's host facts and key may no longer describe the host, so it
 * must be submitted again rather than approved. The system does this, not a person, so these
 * methods take no caller; each expiry is audited as {@code join_request.expired}.
 */
@ApplicationScoped
public class JoinRequestExpiry {

    public static final String TTL_SETTING = "RAP_JOIN_REQUEST_TTL_HOURS";
    public static final Duration DEFAULT_TTL = Duration.ofHours(72);

    /** One sweep handles at most this many; the next sweep takes the rest. */
    private static final int SWEEP_BATCH = 200;

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    RapConfig config;

    @Inject
    Clock clock;

    /** Between 1 hour and 365 days. */
    public Duration ttl() {
        long hours;
        try {
            hours = config.get(TTL_SETTING).map(Long::parseLong).orElse(DEFAULT_TTL.toHours());
        } catch (NumberFormatException e) {
            throw new MissingConfigurationException(TTL_SETTING);
        }
        if (hours < 1 || hours > 24 * 365) {
            throw new MissingConfigurationException(TTL_SETTING);
        }
        return Duration.ofHours(hours);
    }

    /**
     * Whether the request is pending and past the TTL, asked in the caller's transaction without
     * loading the entity: a fresh request (nearly always) then costs no transaction of its own.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean isStale(UUID requestId) {
        return requestId != null && !em.createQuery("select r.id from JoinRequest r where r.id = :id"
                        + " and r.status = :pending and r.createdAt <= :cutoff")
                .setParameter("id", requestId).setParameter("pending", JoinRequest.PENDING)
                .setParameter("cutoff", clock.instant().minus(ttl())).getResultList().isEmpty();
    }

    /**
     * Expires one request if it is stale, committed on its own so that the approval or rejection
     * that asked (and is then refused) cannot roll the expiry back. Call it before the caller's
     * transaction locks the request or records audit events.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void expireIfStale(UUID requestId) {
        JoinRequest request = requestId == null ? null : em.find(JoinRequest.class, requestId);
        Instant now = clock.instant();
        if (request == null || !request.isStaleAt(now, ttl())) {
            return;
        }
        em.refresh(request, LockModeType.PESSIMISTIC_WRITE); // an approval may have won meanwhile
        expireHeld(request, now);
    }

    /** Expires every stale pending request (up to a batch); rows another transaction holds are left for later. */
    @Transactional
    public int sweep() {
        Instant now = clock.instant();
        List<JoinRequest> stale = em.createQuery("select r from JoinRequest r where r.status = :pending"
                        + " and r.createdAt <= :cutoff order by r.createdAt", JoinRequest.class)
                .setParameter("pending", JoinRequest.PENDING).setParameter("cutoff", now.minus(ttl()))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2) // SKIP LOCKED
                .setMaxResults(SWEEP_BATCH).getResultList();
        int expired = 0;
        for (JoinRequest request : stale) {
            if (expireHeld(request, now)) {
                expired++;
            }
        }
        return expired;
    }

    /** Inside the caller's transaction, for a request it already holds. */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean expireHeld(JoinRequest request, Instant now) {
        if (!request.isStaleAt(now, ttl())) {
            return false;
        }
        request.expire(now);
        audit.record(AuditEntry.bySystem("join_request.expired").cluster(request.clusterId())
                .target("join_request", request.id()).detail("createdAt", request.createdAt())
                .detail("ttlHours", ttl().toHours()).build());
        return true;
    }
}
