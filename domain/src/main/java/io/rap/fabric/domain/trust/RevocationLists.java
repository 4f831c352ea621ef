package io.rap.fabric.domain.trust;

import io.rap.fabric.domain.shared.ConflictException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The one query behind every revocation list of a cluster: the node API serves it today and the
 * signed snapshot will carry the same. Internal to the domain (no caller): the services that use
 * it authenticate first and hold the transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RevocationLists {

    /** Keeps the list inside one node API body; see docs/architecture.md. */
    public static final int MAX_ENTRIES = io.rap.fabric.protocol.Limits.MAX_REVOKED_CERTIFICATES;

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    Clock clock;

    /** An expired certificate is refused anyway, so it leaves the list when it expires. */
    public RevocationList current(UUID clusterId) {
        return current(clusterId, MAX_ENTRIES);
    }

    /** The same list with another bound: a signed snapshot carries far more than one API body. */
    public RevocationList current(UUID clusterId, int maxEntries) {
        Instant now = clock.instant();
        List<RevokedCertificate> revoked = em.createQuery("select i.certificateSerial, i.revokedAt,"
                        + " i.certificateNotAfter from NodeIdentity i where i.clusterId = :c and i.status = :revoked"
                        + " and i.certificateNotAfter > :now order by i.revokedAt, i.certificateSerial", Object[].class)
                .setParameter("c", clusterId).setParameter("revoked", NodeIdentity.REVOKED).setParameter("now", now)
                .setMaxResults(maxEntries + 1).getResultStream()
                .map(row -> new RevokedCertificate((String) row[0], (Instant) row[1], (Instant) row[2])).toList();
        if (revoked.size() > maxEntries) {
            // Cutting the list would silently trust a revoked certificate; refuse instead.
            throw new ConflictException("revocation_list_too_large", "The cluster has more than " + maxEntries
                    + " revoked certificates that have not expired");
        }
        return new RevocationList(clusterId, now, revoked);
    }
}
