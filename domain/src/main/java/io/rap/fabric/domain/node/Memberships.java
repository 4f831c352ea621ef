package io.rap.fabric.domain.node;

import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Memberships as other aggregates of the domain need them (role assignment, desired workloads). */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Memberships {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    /**
     * The node's membership in the cluster, locked until commit, and only if active. The lock
     * serializes the changes of one membership's desired state, so checks like "not assigned
     * yet" or "at most n workloads" hold when two people act at once.
     */
    public ClusterMembership lockActive(UUID clusterId, UUID nodeId) {
        ClusterMembership membership = em.createQuery("select m from ClusterMembership m where m.clusterId = :c"
                        + " and m.nodeId = :n", ClusterMembership.class)
                .setParameter("c", clusterId).setParameter("n", nodeId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Node membership"));
        if (!membership.isActive()) {
            throw new ConflictException("membership_not_active", "The node's membership in this cluster is "
                    + membership.status());
        }
        return membership;
    }

    /** Whether the node reported the capability (at enrollment); never a permission by itself. */
    public boolean reportsCapability(UUID nodeId, String capability) {
        return !em.createQuery("select c.id from NodeCapability c where c.nodeId = :n and c.capability = :c")
                .setParameter("n", nodeId).setParameter("c", capability).setMaxResults(1).getResultList().isEmpty();
    }
}
