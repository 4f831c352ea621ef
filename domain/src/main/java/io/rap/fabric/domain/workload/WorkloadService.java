package io.rap.fabric.domain.workload;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.node.DesiredStateVersions;
import io.rap.fabric.domain.node.Memberships;
import io.rap.fabric.domain.role.ActiveRoles;
import io.rap.fabric.domain.role.RoleAssignment;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.role.RoleDefinition;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Limits;
import io.rap.fabric.protocol.ProtocolException;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Desired service workloads per membership, as the platform owner places them, next to what the
 * nodes report. Placing or enabling a workload is a placement change: platform owner, fresh
 * step-up, healthy authority. Whether the node may run it is still decided by its roles: see
 * {@link DesiredStateService}.
 */
@ApplicationScoped
@Transactional
public class WorkloadService {

    static final String CHANGE_REFUSED = "workload.change_refused";

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    RefusalAudit refusals;

    @Inject
    ClusterService clusters;

    @Inject
    Memberships memberships;

    @Inject
    ActiveRoles activeRoles;

    @Inject
    DesiredStateVersions versions;

    @Inject
    Clock clock;

    /**
     * High-risk: creates the named workload of the membership (enabled) or changes its type and
     * settings (an existing one keeps its enabled/disabled choice). The type must be one some role of the catalog authorizes; name and settings must
     * fit the desired-state message, so what is stored can always be delivered.
     */
    public WorkloadView setWorkload(Caller caller, UUID clusterId, UUID nodeId, String name, String type,
                                    Map<String, String> settings) {
        requireOwnerWithStepUp(caller, clusterId, "node", nodeId);
        RoleDefinition authorizer = RoleCatalog.all().stream().filter(r -> r.authorizes(type)).findFirst()
                .orElseThrow(() -> new ValidationException("type", "No role authorizes the workload type '" + type
                        + "'; known types: " + knownTypes()));
        DesiredWorkload checked;
        try {
            checked = new DesiredWorkload(name, type, authorizer.name(), settings);
        } catch (ProtocolException e) {
            throw new ValidationException(e.field(), e.getMessage());
        }
        memberships.lockActive(clusterId, nodeId);
        clusters.requireHealthyAuthority(caller, clusterId, CHANGE_REFUSED, "node", nodeId);
        Instant now = clock.instant();
        String settingsJson = JsonText.ofMap(checked.settings());
        ServiceInstance instance = em.createQuery("select s from ServiceInstance s where s.clusterId = :c"
                        + " and s.nodeId = :n and s.name = :name", ServiceInstance.class)
                .setParameter("c", clusterId).setParameter("n", nodeId).setParameter("name", checked.name())
                .getResultStream().findFirst().orElse(null);
        boolean created = instance == null;
        if (created) {
            long existing = em.createQuery("select count(s) from ServiceInstance s where s.clusterId = :c"
                    + " and s.nodeId = :n", Long.class).setParameter("c", clusterId).setParameter("n", nodeId)
                    .getSingleResult();
            // The desired-state message carries at most this many workloads.
            if (existing >= Limits.MAX_WORKLOADS) {
                throw new ConflictException("too_many_workloads", "A node can have at most " + Limits.MAX_WORKLOADS
                        + " workloads in one cluster");
            }
            instance = new ServiceInstance(clusterId, nodeId, checked.name(), type, settingsJson, caller.username(),
                    now);
            em.persist(instance);
        } else {
            instance.change(type, settingsJson, now);
        }
        long version = versions.bump(clusterId, nodeId);
        audit.record(AuditEntry.byPerson(caller, "workload.desired_set").cluster(clusterId).node(nodeId)
                .target("service_instance", instance.id()).detail("name", instance.name()).detail("type", type)
                .detail("settings", settingsJson).detail("created", created).detail("desired", instance.desired())
                .detail("desiredStateVersion", version).build());
        return describe(instance);
    }

    /** High-risk, a placement change that widens what the node runs: healthy authority required. */
    public WorkloadView enable(Caller caller, UUID clusterId, UUID workloadId) {
        requireClusterAdminWithStepUp(caller, clusterId, "service_instance", workloadId);
        ServiceInstance instance = lock(clusterId, workloadId);
        if (instance.isEnabled()) {
            throw new ConflictException("workload_already_enabled", "The workload '" + instance.name()
                    + "' is already enabled");
        }
        memberships.lockActive(clusterId, instance.nodeId());
        clusters.requireHealthyAuthority(caller, clusterId, CHANGE_REFUSED, "service_instance", workloadId);
        return changeDesired(caller, instance, ServiceInstance.ENABLED, "workload.enabled");
    }

    /**
     * High-risk, but allowed whatever the authority state and membership status: stopping a
     * workload only narrows what the node runs.
     */
    public WorkloadView disable(Caller caller, UUID clusterId, UUID workloadId) {
        requireClusterAdminWithStepUp(caller, clusterId, "service_instance", workloadId);
        ServiceInstance instance = lock(clusterId, workloadId);
        if (!instance.isEnabled()) {
            throw new ConflictException("workload_already_disabled", "The workload '" + instance.name()
                    + "' is already disabled");
        }
        return changeDesired(caller, instance, ServiceInstance.DISABLED, "workload.disabled");
    }

    /** Desired vs reported for every workload of the cluster, by node and name. */
    public Page<WorkloadView> listForCluster(Caller caller, UUID clusterId, PageRequest page) {
        access.requireClusterAdmin(caller, clusterId);
        return list("s.clusterId = :c", clusterId, null, page);
    }

    /** Desired vs reported for the workloads of one membership, by name. */
    public Page<WorkloadView> listForNode(Caller caller, UUID nodeId, UUID clusterId, PageRequest page) {
        access.requireClusterAdmin(caller, clusterId);
        return list("s.clusterId = :c and s.nodeId = :n", clusterId, nodeId, page);
    }

    /**
     * Workloads the node listed in its latest heartbeat in this cluster that nobody desired
     * (no row of that name): shown so an agent running something unasked is visible, never stored
     * as desired.
     */
    public List<WorkloadView> unrequested(Caller caller, UUID nodeId, UUID clusterId) {
        access.requireClusterAdmin(caller, clusterId);
        List<?> rows = em.createNativeQuery("select cast(workloads as text), last_heartbeat_at from node_latest_states"
                        + " where node_id = ?1 and cluster_id = ?2")
                .setParameter(1, nodeId).setParameter(2, clusterId).getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        Object[] row = (Object[]) rows.get(0);
        Instant at = row[1] instanceof Instant i ? i : ((java.sql.Timestamp) row[1]).toInstant();
        Set<String> desired = new HashSet<>(em.createQuery("select s.name from ServiceInstance s where"
                        + " s.clusterId = :c and s.nodeId = :n", String.class)
                .setParameter("c", clusterId).setParameter("n", nodeId).getResultList());
        return WorkloadReports.parse((String) row[0]).stream().filter(w -> !desired.contains(w.name()))
                .map(w -> unrequestedView(clusterId, nodeId, w, at)).toList();
    }

    private WorkloadView changeDesired(Caller caller, ServiceInstance instance, String desired, String eventType) {
        instance.setDesired(desired, clock.instant());
        long version = versions.bump(instance.clusterId(), instance.nodeId());
        audit.record(AuditEntry.byPerson(caller, eventType).cluster(instance.clusterId()).node(instance.nodeId())
                .target("service_instance", instance.id()).detail("name", instance.name())
                .detail("type", instance.workloadType()).detail("desiredStateVersion", version).build());
        return describe(instance);
    }

    private ServiceInstance lock(UUID clusterId, UUID workloadId) {
        return em.createQuery("select s from ServiceInstance s where s.id = :id and s.clusterId = :c",
                        ServiceInstance.class)
                .setParameter("id", workloadId).setParameter("c", clusterId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Workload"));
    }

    private Page<WorkloadView> list(String where, UUID clusterId, UUID nodeId, PageRequest page) {
        var query = em.createQuery("select s, n.name from ServiceInstance s join Node n on n.id = s.nodeId where "
                + where + " order by n.name, s.nodeId, s.name", Object[].class).setParameter("c", clusterId);
        var count = em.createQuery("select count(s) from ServiceInstance s where " + where, Long.class)
                .setParameter("c", clusterId);
        if (nodeId != null) {
            query.setParameter("n", nodeId);
            count.setParameter("n", nodeId);
        }
        List<Object[]> rows = query.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
        Map<UUID, List<RoleAssignment>> roles = activeRoles.ofNodes(clusterId,
                rows.stream().map(r -> ((ServiceInstance) r[0]).nodeId()).distinct().toList());
        List<WorkloadView> items = rows.stream().map(r -> {
            ServiceInstance s = (ServiceInstance) r[0];
            return view(s, (String) r[1], ActiveRoles.authorizedTypes(roles.getOrDefault(s.nodeId(), List.of())));
        }).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    private WorkloadView describe(ServiceInstance s) {
        String nodeName = em.createQuery("select n.name from Node n where n.id = :n", String.class)
                .setParameter("n", s.nodeId()).getSingleResult();
        return view(s, nodeName, ActiveRoles.authorizedTypes(activeRoles.of(s.clusterId(), s.nodeId())));
    }

    private static WorkloadView view(ServiceInstance s, String nodeName, Map<String, String> authorizedTypes) {
        return new WorkloadView(s.id(), s.clusterId(), s.nodeId(), nodeName, s.name(), s.workloadType(),
                JsonText.toMap(s.settingsJson()), s.desired(), authorizedTypes.get(s.workloadType()),
                s.reportedState(), s.reportedReason(), s.reportedAt());
    }

    private static WorkloadView unrequestedView(UUID clusterId, UUID nodeId, WorkloadState w, Instant at) {
        return new WorkloadView(null, clusterId, nodeId, null, w.name(), w.type(), Map.of(), null, null, w.state(),
                w.reason(), at);
    }

    /** For forms: every workload type some role of the catalog authorizes, in catalog order. */
    public static List<String> knownTypes() {
        return RoleCatalog.all().stream().flatMap(r -> r.workloadTypes().stream()).distinct().toList();
    }

    /**
     * Enabling or disabling a workload that exists is the cluster admin's to do in their cluster;
     * creating or changing one ({@link #setWorkload}) stays with the platform owner.
     */
    private void requireClusterAdminWithStepUp(Caller caller, UUID clusterId, String targetType, UUID targetId) {
        try {
            access.requireClusterAdminWithStepUp(caller, clusterId);
        } catch (DomainException refusal) {
            refusals.record(caller, CHANGE_REFUSED, clusterId, targetType, targetId, refusal);
            throw refusal;
        }
    }

    private void requireOwnerWithStepUp(Caller caller, UUID clusterId, String targetType, UUID targetId) {
        try {
            access.requirePlatformOwnerWithStepUp(caller);
        } catch (DomainException refusal) {
            refusals.record(caller, CHANGE_REFUSED, clusterId, targetType, targetId, refusal);
            throw refusal;
        }
    }
}
