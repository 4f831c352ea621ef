package io.rap.fabric.domain.role;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.node.DesiredStateVersions;
import io.rap.fabric.domain.node.Memberships;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.protocol.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.List;
import java.util.UUID;

/**
 * Role assignments: what a node is authorized to do in one cluster. Capabilities the node
 * reported are a prerequisite, never the permission: only an explicit assignment by the
 * platform owner or the cluster's admin is.
 */
@ApplicationScoped
@Transactional
public class RoleAssignmentService {

    static final String ASSIGNMENT_REFUSED = "role.assignment_refused";
    static final String REMOVAL_REFUSED = "role.removal_refused";

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
    DesiredStateVersions versions;

    @Inject
    Clock clock;

    /**
     * High-risk: assigns {@code role} to the node in the cluster, optionally limited to one
     * organization (only for organization-scoped roles). Needs the platform owner with a fresh
     * step-up, a healthy cluster authority, an active membership and the role's capability among
     * those the node reported.
     */
    public RoleAssignmentView assign(Caller caller, UUID clusterId, UUID nodeId, String role, UUID organizationId) {
        requireClusterAdminWithStepUp(caller, ASSIGNMENT_REFUSED, clusterId, "node", nodeId);
        RoleDefinition definition = RoleCatalog.find(role).orElseThrow(() -> new ValidationException("role",
                "Unknown role '" + role + "'"));
        if (organizationId != null && !definition.organizationScoped()) {
            throw new ValidationException("organizationId", "The role '" + role + "' applies to the whole cluster"
                    + " and cannot be limited to an organization");
        }
        // An organization of another cluster is "not found": a cluster admin must not probe other tenants.
        if (organizationId != null && em.createQuery("select o.id from Organization o where o.id = :o"
                + " and o.clusterId = :c", UUID.class).setParameter("o", organizationId).setParameter("c", clusterId)
                .getResultList().isEmpty()) {
            throw new NotFoundException("Organization");
        }
        memberships.lockActive(clusterId, nodeId);
        clusters.requireHealthyAuthority(caller, clusterId, ASSIGNMENT_REFUSED, "node", nodeId);
        if (!memberships.reportsCapability(nodeId, definition.requiredCapability())) {
            throw new ConflictException("capability_missing", "The node does not report the capability '"
                    + definition.requiredCapability() + "' that the role '" + role + "' needs");
        }
        var active = em.createQuery("select a from RoleAssignment a where a.clusterId = :c and a.nodeId = :n"
                        + " and a.status = :active", RoleAssignment.class)
                .setParameter("c", clusterId).setParameter("n", nodeId).setParameter("active", RoleAssignment.ACTIVE)
                .getResultList();
        if (active.stream().anyMatch(a -> a.role().equals(role) && Objects.equals(a.organizationId(), organizationId))) {
            throw new ConflictException("role_already_assigned", "The node already has the role '" + role + "'"
                    + (organizationId == null ? "" : " for this organization") + " in this cluster");
        }
        // The desired-state message carries at most this many roles; refuse here, not at the node's next poll.
        if (active.size() >= Limits.MAX_ROLES) {
            throw new ConflictException("too_many_roles", "A node can hold at most " + Limits.MAX_ROLES
                    + " active role assignments in one cluster");
        }
        Instant now = clock.instant();
        RoleAssignment assignment = new RoleAssignment(clusterId, nodeId, role, organizationId, caller.username(), now);
        em.persist(assignment);
        long version = versions.bump(clusterId, nodeId);
        audit.record(AuditEntry.byPerson(caller, "role.assigned").cluster(clusterId).node(nodeId)
                .organization(organizationId).target("role_assignment", assignment.id()).detail("role", role)
                .detail("organizationId", organizationId).detail("desiredStateVersion", version).build());
        return RoleAssignmentView.of(assignment, nodeName(nodeId));
    }

    /**
     * High-risk: the assignment stops authorizing anything; the node stops the workloads it
     * authorized after its next desired-state poll. Allowed whatever the cluster's authority
     * state: like revoking an identity it only narrows what a node may do, and a partitioned
     * cluster must still be able to take a role away from a node it no longer trusts.
     */
    public RoleAssignmentView disable(Caller caller, UUID clusterId, UUID assignmentId) {
        requireClusterAdminWithStepUp(caller, REMOVAL_REFUSED, clusterId, "role_assignment", assignmentId);
        RoleAssignment assignment = em.createQuery("select a from RoleAssignment a where a.id = :id"
                        + " and a.clusterId = :c", RoleAssignment.class)
                .setParameter("id", assignmentId).setParameter("c", clusterId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Role assignment"));
        if (!assignment.isActive()) {
            throw new ConflictException("role_not_active", "The role assignment is already " + assignment.status());
        }
        assignment.disable(clock.instant());
        long version = versions.bump(clusterId, assignment.nodeId());
        audit.record(AuditEntry.byPerson(caller, "role.removed").cluster(clusterId).node(assignment.nodeId())
                .organization(assignment.organizationId()).target("role_assignment", assignment.id())
                .detail("role", assignment.role()).detail("organizationId", assignment.organizationId())
                .detail("desiredStateVersion", version).build());
        return RoleAssignmentView.of(assignment, nodeName(assignment.nodeId()));
    }

    /** Every assignment in the cluster, active first, then by node and role. */
    public Page<RoleAssignmentView> listForCluster(Caller caller, UUID clusterId, PageRequest page) {
        access.requireClusterAdmin(caller, clusterId);
        return list("a.clusterId = :c", clusterId, null, page);
    }

    /** The node's assignments in one cluster, or in all its clusters when {@code clusterId} is null. */
    public Page<RoleAssignmentView> listForNode(Caller caller, UUID nodeId, UUID clusterId, PageRequest page) {
        access.requireClusterScope(caller, clusterId);
        return list(clusterId == null ? "a.nodeId = :n" : "a.nodeId = :n and a.clusterId = :c", clusterId, nodeId,
                page);
    }

    private Page<RoleAssignmentView> list(String where, UUID clusterId, UUID nodeId, PageRequest page) {
        TypedQuery<Object[]> query = em.createQuery("select a, n.name from RoleAssignment a join Node n"
                + " on n.id = a.nodeId where " + where + " order by case when a.status = 'active' then 0 else 1 end,"
                + " n.name, a.role, a.organizationId nulls first, a.assignedAt desc, a.id", Object[].class);
        TypedQuery<Long> count = em.createQuery("select count(a) from RoleAssignment a where " + where, Long.class);
        if (clusterId != null) {
            query.setParameter("c", clusterId);
            count.setParameter("c", clusterId);
        }
        if (nodeId != null) {
            query.setParameter("n", nodeId);
            count.setParameter("n", nodeId);
        }
        var items = query.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream()
                .map(row -> RoleAssignmentView.of((RoleAssignment) row[0], (String) row[1])).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    private String nodeName(UUID nodeId) {
        return em.createQuery("select n.name from Node n where n.id = :n", String.class).setParameter("n", nodeId)
                .getSingleResult();
    }

    /**
     * The authorization check, with the refused attempt audited (it outlives this transaction's
     * rollback). The cluster's admin may change roles in that cluster only; what a role is
     * allowed to authorize (the catalog, the authority guard) stays the same for everyone.
     */
    private void requireClusterAdminWithStepUp(Caller caller, String refusalEvent, UUID clusterId,
                                               String targetType, UUID targetId) {
        try {
            access.requireClusterAdminWithStepUp(caller, clusterId);
        } catch (DomainException refusal) {
            refusals.record(caller, refusalEvent, clusterId, targetType, targetId, refusal);
            throw refusal;
        }
    }
}
