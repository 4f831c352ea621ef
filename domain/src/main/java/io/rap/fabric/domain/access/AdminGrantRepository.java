package io.rap.fabric.domain.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Grant queries in SQL, so access checks see exactly what is committed. */
@ApplicationScoped
public class AdminGrantRepository implements GrantLookup {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Override
    public boolean hasActiveGrant(String username, String scopeKind, UUID targetId) {
        if (username == null || targetId == null) {
            return false;
        }
        String target = AdminGrant.CLUSTER.equals(scopeKind) ? "g.clusterId" : "g.organizationId";
        return em.createQuery("select count(g) from AdminGrant g where g.subject = :u and g.scopeKind = :k"
                        + " and " + target + " = :t and g.revokedAt is null", Long.class)
                .setParameter("u", normalize(username)).setParameter("k", scopeKind).setParameter("t", targetId)
                .getSingleResult() > 0;
    }

    @Override
    public Set<UUID> activeTargets(String username, String scopeKind) {
        if (username == null) {
            return Set.of();
        }
        String target = AdminGrant.CLUSTER.equals(scopeKind) ? "g.clusterId" : "g.organizationId";
        return new HashSet<>(em.createQuery("select " + target + " from AdminGrant g where g.subject = :u"
                        + " and g.scopeKind = :k and g.revokedAt is null", UUID.class)
                .setParameter("u", normalize(username)).setParameter("k", scopeKind).getResultList());
    }

    /** Keycloak stores usernames in lower case; grants are kept the same way. */
    public static String normalize(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }
}
