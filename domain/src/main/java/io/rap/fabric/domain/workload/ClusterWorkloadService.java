package io.rap.fabric.domain.workload;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.node.Health;
import io.rap.fabric.domain.role.ActiveRoles;
import io.rap.fabric.domain.role.RoleAssignment;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The owner console's service workload page: desired against reported for every workload of a
 * cluster, filtered, sorted and paged in SQL. Changes go through {@link WorkloadService#enable}
 * and {@link WorkloadService#disable}, the same methods the node page uses.
 */
@ApplicationScoped
@Transactional
public class ClusterWorkloadService {

    /** Sort keys of {@link WorkloadFilter} to columns; never a caller's string in the query. */
    private static final Map<String, String> SORT_COLUMNS = Map.of("node", "n.name", "name", "s.name",
            "type", "s.workloadType", "desired", "s.desired", "reported", "s.reportedState",
            "reportedAt", "s.reportedAt");

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    ActiveRoles activeRoles;

    @Inject
    Clock clock;

    public Page<ClusterWorkloadView> list(Caller caller, WorkloadFilter filter, PageRequest page) {
        access.requirePlatformOwner(caller);
        StringBuilder where = new StringBuilder(" where s.clusterId = :c");
        if (WorkloadFilter.UNREPORTED.equals(filter.reportedState())) {
            where.append(" and s.reportedState is null");
        } else if (filter.reportedState() != null) {
            where.append(" and s.reportedState = :state");
        }
        if (filter.type() != null) {
            where.append(" and s.workloadType = :type");
        }
        if (filter.desired() != null) {
            where.append(" and s.desired = :desired");
        }
        String direction = filter.ascending() ? " asc" : " desc";
        TypedQuery<Object[]> query = em.createQuery("select s, n.name, l.health, l.lastHeartbeatAt"
                + " from ServiceInstance s join Node n on n.id = s.nodeId"
                + " left join NodeLatestState l on l.nodeId = s.nodeId and l.clusterId = s.clusterId" + where
                + " order by " + SORT_COLUMNS.get(filter.sortBy()) + direction + " nulls last, n.name, s.nodeId, s.name",
                Object[].class);
        TypedQuery<Long> count = em.createQuery("select count(s) from ServiceInstance s" + where, Long.class);
        bind(query, filter);
        bind(count, filter);
        List<Object[]> rows = query.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
        // One query for the roles of every node on the page, as the node page does.
        Map<UUID, List<RoleAssignment>> roles = activeRoles.ofNodes(filter.clusterId(),
                rows.stream().map(r -> ((ServiceInstance) r[0]).nodeId()).distinct().toList());
        Instant now = clock.instant();
        List<ClusterWorkloadView> items = rows.stream().map(r -> {
            ServiceInstance s = (ServiceInstance) r[0];
            Map<String, String> authorized = ActiveRoles.authorizedTypes(roles.getOrDefault(s.nodeId(), List.of()));
            WorkloadView workload = new WorkloadView(s.id(), s.clusterId(), s.nodeId(), (String) r[1], s.name(),
                    s.workloadType(), JsonText.toMap(s.settingsJson()), s.desired(), authorized.get(s.workloadType()),
                    s.reportedState(), s.reportedReason(), s.reportedAt());
            Instant lastHeartbeat = (Instant) r[3];
            String health = lastHeartbeat == null ? null : Health.derive((String) r[2], lastHeartbeat, now);
            return new ClusterWorkloadView(workload, health, lastHeartbeat);
        }).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    private static void bind(TypedQuery<?> query, WorkloadFilter filter) {
        query.setParameter("c", filter.clusterId());
        if (filter.reportedState() != null && !WorkloadFilter.UNREPORTED.equals(filter.reportedState())) {
            query.setParameter("state", filter.reportedState());
        }
        if (filter.type() != null) {
            query.setParameter("type", filter.type());
        }
        if (filter.desired() != null) {
            query.setParameter("desired", filter.desired());
        }
    }
}
