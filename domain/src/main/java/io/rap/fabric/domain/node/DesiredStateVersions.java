package io.rap.fabric.domain.node;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The desired-state version of a membership. Every change to what a membership may run (role
 * assignments, desired workloads) calls {@link #bump} in its own transaction, so the new number
 * commits exactly with the change and a heartbeat answer never announces a change that rolled back.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DesiredStateVersions {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    /**
     * Increments in SQL rather than through the entity: the increment holds the row lock until
     * commit, so two changes can never hand out the same number, and it leaves the entity's
     * optimistic-lock version alone, so heartbeats running meanwhile are not refused.
     *
     * @return the new version
     */
    public long bump(UUID clusterId, UUID nodeId) {
        int updated = em.createNativeQuery("update cluster_memberships set desired_state_version"
                        + " = desired_state_version + 1 where cluster_id = ?1 and node_id = ?2")
                .setParameter(1, clusterId).setParameter(2, nodeId).executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("no membership of node " + nodeId + " in cluster " + clusterId);
        }
        return current(clusterId, nodeId);
    }

    /**
     * Every membership of the cluster, in one statement (a cluster-wide telemetry flag).
     *
     * @return how many memberships changed
     */
    public int bumpCluster(UUID clusterId) {
        return em.createNativeQuery("update cluster_memberships set desired_state_version"
                        + " = desired_state_version + 1 where cluster_id = ?1")
                .setParameter(1, clusterId).executeUpdate();
    }

    /**
     * The memberships that serve the organization in its cluster (an active role assignment
     * restricted to it), in one statement.
     *
     * @return how many memberships changed
     */
    public int bumpServing(UUID clusterId, UUID organizationId) {
        return em.createNativeQuery("update cluster_memberships set desired_state_version"
                        + " = desired_state_version + 1 where cluster_id = ?1 and node_id in (select r.node_id"
                        + " from node_role_assignments r where r.cluster_id = ?1 and r.organization_id = ?2"
                        + " and r.status = 'active')")
                .setParameter(1, clusterId).setParameter(2, organizationId).executeUpdate();
    }

    public long current(UUID clusterId, UUID nodeId) {
        return ((Number) em.createNativeQuery("select desired_state_version from cluster_memberships"
                        + " where cluster_id = ?1 and node_id = ?2")
                .setParameter(1, clusterId).setParameter(2, nodeId).getSingleResult()).longValue();
    }
}
