package io.rap.fabric.domain.workload;

import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.role.ActiveRoles;
import io.rap.fabric.domain.role.RoleAssignment;
import io.rap.fabric.protocol.DesiredWorkload;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The enabled workloads of a membership whose type one of its active roles authorizes, each
 * named with that role: the one answer the desired state and the signed snapshot both carry.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuthorizedWorkloads {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    /** @param activeRoles the membership's active assignments, as {@link ActiveRoles#of} returns them */
    public List<DesiredWorkload> of(UUID clusterId, UUID nodeId, List<RoleAssignment> activeRoles) {
        Map<String, String> authorized = ActiveRoles.authorizedTypes(activeRoles);
        return em.createQuery("select s from ServiceInstance s where s.clusterId = :c"
                        + " and s.nodeId = :n and s.desired = :enabled order by s.name", ServiceInstance.class)
                .setParameter("c", clusterId).setParameter("n", nodeId).setParameter("enabled", ServiceInstance.ENABLED)
                .getResultStream().filter(s -> authorized.containsKey(s.workloadType()))
                .map(s -> new DesiredWorkload(s.name(), s.workloadType(), authorized.get(s.workloadType()),
                        JsonText.toMap(s.settingsJson())))
                .toList();
    }

    /** The settings of the enabled workloads of {@code type} on several nodes of a cluster (one query). */
    public Map<UUID, Map<String, String>> settingsOfType(UUID clusterId, Collection<UUID> nodeIds, String type) {
        Map<UUID, Map<String, String>> byNode = new HashMap<>();
        if (nodeIds.isEmpty()) {
            return byNode;
        }
        em.createQuery("select s from ServiceInstance s where s.clusterId = :c and s.nodeId in :nodes"
                        + " and s.workloadType = :type and s.desired = :enabled order by s.name", ServiceInstance.class)
                .setParameter("c", clusterId).setParameter("nodes", nodeIds).setParameter("type", type)
                .setParameter("enabled", ServiceInstance.ENABLED).getResultStream()
                .forEach(s -> byNode.putIfAbsent(s.nodeId(), JsonText.toMap(s.settingsJson())));
        return byNode;
    }
}
