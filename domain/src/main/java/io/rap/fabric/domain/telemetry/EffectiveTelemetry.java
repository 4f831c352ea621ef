package io.rap.fabric.domain.telemetry;

import io.rap.fabric.protocol.TelemetryFlag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The flags in effect for node memberships: the node's own flags, its cluster's, and those of the
 * organizations it serves there (an active role assignment restricted to the organization). One
 * query whatever the number of memberships or flags; no authorization here: the callers
 * ({@link TelemetryService}, the desired state answered to a proven node) have checked it.
 */
@ApplicationScoped
public class EffectiveTelemetry {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    /** Per cluster of the node (only clusters with flags), ordered by flag name then source. */
    public Map<UUID, List<EffectiveFlag>> of(UUID nodeId, UUID clusterIdOrAll, Instant now) {
        var query = em.createQuery("select m.clusterId, f, o.name from ClusterMembership m"
                        + " join TelemetryFlagSetting f on f.clusterId = m.clusterId"
                        + " left join Organization o on o.id = f.organizationId"
                        + " where m.nodeId = :node" + (clusterIdOrAll == null ? "" : " and m.clusterId = :cluster")
                        + " and f.closedAt is null and f.expiresAt > :now"
                        + " and (f.scopeType = 'cluster'"
                        + " or (f.scopeType = 'node' and f.nodeId = m.nodeId)"
                        + " or (f.scopeType = 'organization' and exists (select 1 from RoleAssignment r"
                        + " where r.clusterId = m.clusterId and r.nodeId = m.nodeId and r.status = 'active'"
                        + " and r.organizationId = f.organizationId)))"
                        + " order by m.clusterId, f.flag, f.scopeType, f.expiresAt desc", Object[].class)
                .setParameter("node", nodeId).setParameter("now", now);
        if (clusterIdOrAll != null) {
            query.setParameter("cluster", clusterIdOrAll);
        }
        Map<UUID, List<EffectiveFlag>> byCluster = new LinkedHashMap<>();
        for (Object[] row : query.getResultList()) {
            TelemetryFlagSetting f = (TelemetryFlagSetting) row[1];
            byCluster.computeIfAbsent((UUID) row[0], c -> new ArrayList<>()).add(new EffectiveFlag(f.id(), f.flag(),
                    f.scopeType(), (String) row[2], f.expiresAt()));
        }
        return byCluster;
    }

    /**
     * What the agent gets with its desired state: one entry per flag name, with the latest expiry
     * among the scopes that switch it on (it stays on while any of them applies).
     */
    public List<TelemetryFlag> forAgent(UUID clusterId, UUID nodeId, Instant now) {
        Map<String, Instant> latest = new LinkedHashMap<>();
        of(nodeId, clusterId, now).getOrDefault(clusterId, List.of())
                .forEach(f -> latest.merge(f.flag(), f.expiresAt(), (a, b) -> a.isAfter(b) ? a : b));
        return latest.entrySet().stream().map(e -> new TelemetryFlag(e.getKey(), e.getValue())).toList();
    }
}
