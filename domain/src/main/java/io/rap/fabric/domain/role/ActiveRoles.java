package io.rap.fabric.domain.role;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The active role assignments of a membership and what they authorize: the one answer desired
 * state and the workload views both use, so what the owner sees as "authorized" is exactly what
 * the node is sent.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ActiveRoles {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    /** In a stable order (role, then organization, unscoped first), so answers compare equal. */
    public List<RoleAssignment> of(UUID clusterId, UUID nodeId) {
        return em.createQuery("select a from RoleAssignment a where a.clusterId = :c and a.nodeId = :n"
                        + " and a.status = :active order by a.role, a.organizationId nulls first, a.id",
                        RoleAssignment.class)
                .setParameter("c", clusterId).setParameter("n", nodeId).setParameter("active", RoleAssignment.ACTIVE)
                .getResultList();
    }

    /** {@link #of} for several nodes of one cluster at once (one query for a page of rows). */
    public Map<UUID, List<RoleAssignment>> ofNodes(UUID clusterId, Collection<UUID> nodeIds) {
        Map<UUID, List<RoleAssignment>> byNode = new HashMap<>();
        if (nodeIds.isEmpty()) {
            return byNode;
        }
        em.createQuery("select a from RoleAssignment a where a.clusterId = :c and a.nodeId in :nodes"
                        + " and a.status = :active order by a.role, a.organizationId nulls first, a.id",
                        RoleAssignment.class)
                .setParameter("c", clusterId).setParameter("nodes", nodeIds)
                .setParameter("active", RoleAssignment.ACTIVE).getResultList()
                .forEach(a -> byNode.computeIfAbsent(a.nodeId(), n -> new ArrayList<>()).add(a));
        return byNode;
    }

    /** Workload type → the first active role (in {@link #of} order) that authorizes it. */
    public static Map<String, String> authorizedTypes(Collection<RoleAssignment> active) {
        Map<String, String> types = new LinkedHashMap<>();
        for (RoleAssignment assignment : active) {
            Optional<RoleDefinition> definition = RoleCatalog.find(assignment.role());
            // A role dropped from the catalog authorizes nothing any more, even if still assigned.
            definition.ifPresent(d -> d.workloadTypes().forEach(t -> types.putIfAbsent(t, d.name())));
        }
        return types;
    }
}
