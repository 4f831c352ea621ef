package io.rap.fabric.domain.organization;

import io.rap.fabric.domain.node.Health;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Health of what serves an organization, as counts only. These are the only queries on the
 * organization side that touch node rows, and they return numbers grouped by pool or role, so
 * no node id, address or certificate can reach a tenant's page. A node counts as healthy when its
 * membership is active and its latest heartbeat said healthy within {@link Health#GRACE}.
 */
@ApplicationScoped
public class ServiceHealth {

    /** The VPN roles an organization may see the state of (count and status only). */
    public static final List<String> CONNECTOR_ROLES = List.of("vpn-exit", "vpn-connector");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    Clock clock;

    /** pool id → {backing nodes, healthy ones, degraded ones} for every pool of the organization that has nodes. */
    public Map<UUID, long[]> poolCounts(UUID organizationId) {
        List<?> rows = em.createNativeQuery("select p.egress_pool_id, count(*),"
                        + " count(*) filter (where m.status = 'active' and s.health = 'healthy'"
                        + " and s.last_heartbeat_at >= :fresh),"
                        + " count(*) filter (where m.status = 'active' and s.health = 'degraded'"
                        + " and s.last_heartbeat_at >= :fresh)"
                        + " from egress_pool_nodes p join egress_pools e on e.id = p.egress_pool_id"
                        + " left join cluster_memberships m on m.cluster_id = p.cluster_id and m.node_id = p.node_id"
                        + " left join node_latest_states s on s.cluster_id = p.cluster_id and s.node_id = p.node_id"
                        + " where e.organization_id = :org group by p.egress_pool_id")
                .setParameter("org", organizationId).setParameter("fresh", freshSince()).getResultList();
        Map<UUID, long[]> counts = new HashMap<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            counts.put((UUID) r[0], new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue()});
        }
        return counts;
    }

    public String poolStatus(Map<UUID, long[]> counts, UUID poolId) {
        long[] c = counts.getOrDefault(poolId, new long[] {0, 0, 0});
        return SafeStatus.of(c[0], c[1], c[2]);
    }

    /**
     * One entry per VPN role: active assignments limited to this organization (in the cluster that
     * serves it) and how many of those nodes are healthy.
     */
    public List<ConnectorStatusView> connectors(UUID organizationId) {
        List<?> rows = em.createNativeQuery("select a.role, count(*),"
                        + " count(*) filter (where m.status = 'active' and s.health = 'healthy'"
                        + " and s.last_heartbeat_at >= :fresh),"
                        + " count(*) filter (where m.status = 'active' and s.health = 'degraded'"
                        + " and s.last_heartbeat_at >= :fresh)"
                        + " from node_role_assignments a join organizations o on o.id = a.organization_id"
                        + " left join cluster_memberships m on m.cluster_id = a.cluster_id and m.node_id = a.node_id"
                        + " left join node_latest_states s on s.cluster_id = a.cluster_id and s.node_id = a.node_id"
                        + " where a.organization_id = :org and a.cluster_id = o.cluster_id and a.status = 'active'"
                        + " and a.role in (:roles) group by a.role")
                .setParameter("org", organizationId).setParameter("fresh", freshSince())
                .setParameter("roles", CONNECTOR_ROLES).getResultList();
        Map<String, long[]> byRole = new HashMap<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            byRole.put((String) r[0], new long[] {((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue()});
        }
        List<ConnectorStatusView> result = new ArrayList<>();
        for (String role : CONNECTOR_ROLES) {
            long[] c = byRole.get(role);
            result.add(c == null ? new ConnectorStatusView(role, 0, 0, SafeStatus.NOT_CONFIGURED)
                    : new ConnectorStatusView(role, c[0], c[1], SafeStatus.of(c[0], c[1], c[2])));
        }
        return result;
    }

    private Instant freshSince() {
        return clock.instant().minus(Health.GRACE);
    }
}
