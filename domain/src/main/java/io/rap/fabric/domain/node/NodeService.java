package io.rap.fabric.domain.node;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.cluster.Cluster;
import io.rap.fabric.domain.infrastructure.jpa.JsonText;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.trust.NodeIdentity;
import io.rap.fabric.domain.trust.RotationRequests;
import io.rap.fabric.domain.workload.WorkloadReports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Nodes as the control plane knows them: heartbeats in from agents, fleet views out to people. */
@ApplicationScoped
@Transactional
public class NodeService {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    NodeAuthenticator authenticator;

    @Inject
    DesiredStateVersions versions;

    @Inject
    WorkloadReports workloadReports;

    @Inject
    RefusalAudit refusals;

    @Inject
    RotationRequests rotationRequests;

    @Inject
    Clock clock;

    /**
     * Authenticates the node by its proof against a usable identity of the reported cluster
     * membership, records the heartbeat and the reported workload states, and answers with the
     * membership's current desired-state version and whether the owner asked the node to rotate the
     * certificate it proved this heartbeat with.
     */
    public HeartbeatResult recordHeartbeat(UUID nodeId, SignedRequest request, HeartbeatReport report) {
        Instant now = clock.instant();
        AuthenticatedNode node = authenticator.authenticate(nodeId, report.clusterId(), request);
        ClusterMembership membership = node.membership();

        em.persist(new NodeHeartbeat(nodeId, report.clusterId(), now, report.sentAt(), report.health(),
                report.agentVersion(), report.workloadsJson()));
        Optional<NodeLatestState> existing = latestState(nodeId, report.clusterId());
        String previousHealth = existing.map(s -> Health.derive(s.health(), s.lastHeartbeatAt(), now))
                .orElse(Health.UNKNOWN);
        NodeLatestState latest = existing.orElseGet(() -> new NodeLatestState(nodeId, report.clusterId()));
        latest.observe(report.health(), report.agentVersion(), report.workloadsJson(), report.runtimeJson(), now);
        if (existing.isEmpty()) {
            em.persist(latest);
        }
        membership.seen(now);
        if (report.facts() != null) {
            em.find(Node.class, nodeId).updateFacts(report.facts(), now);
        }
        if (!Objects.equals(previousHealth, report.health())) {
            audit.record(AuditEntry.byNode(nodeActor(nodeId), "node.health_changed").cluster(report.clusterId())
                    .node(nodeId).target("node", nodeId).detail("from", previousHealth)
                    .detail("to", report.health()).build());
        }
        workloadReports.record(nodeId, report.clusterId(), report.workloadsJson(), now);
        // Read after the writes above: a change committed meanwhile is announced now, not one beat later.
        // Asked of the proving identity, not the membership: once the node proves with its new key the
        // answer stops saying "rotate", even while an older key is still in its overlap.
        return new HeartbeatResult(now, versions.current(report.clusterId(), nodeId), membership.status(),
                rotationRequests.requestedAt(node.identity().id()).orElse(null));
    }

    /**
     * High-risk: revokes every identity of the node in this cluster that could still authenticate
     * (the active one and rotated ones inside their overlap). Takes effect at once on the node API
     * (the next request is refused with {@code certificate_revoked}) and the serials appear in the
     * cluster's revocation list. Allowed whatever the cluster's authority state: revoking only
     * ever narrows trust.
     */
    public void revokeIdentity(Caller caller, UUID nodeId, UUID clusterId, String reason) {
        requireOwnerWithStepUp(caller, "node.identity_revocation_refused", nodeId, clusterId);
        String why = Inputs.required("reason", reason, 500);
        Instant now = clock.instant();
        List<NodeIdentity> live = liveIdentities(nodeId, clusterId, now);
        if (live.isEmpty()) {
            membership(nodeId, clusterId).orElseThrow(() -> new NotFoundException("Node membership"));
            throw new ConflictException("identity_not_active", "The node has no active identity in this cluster");
        }
        for (NodeIdentity identity : live) {
            identity.revoke(why, now);
            audit.record(AuditEntry.byPerson(caller, "node.identity_revoked").cluster(clusterId).node(nodeId)
                    .target("node_identity", identity.id()).detail("serial", identity.certificateSerial())
                    .detail("keyThumbprint", identity.keyThumbprint()).detail("reason", why).build());
        }
        rotationRequests.withdrawRevoked(live, caller.username(), type -> AuditEntry.byPerson(caller, type), now);
    }

    /**
     * The node leaves this cluster on its own ({@code rap-node-agent leave}), proven with its key:
     * the membership ends as {@code left} and every certificate it still holds there is revoked at
     * once, so the key that stays on the host is worth nothing. Its other memberships are untouched.
     */
    public void leave(UUID nodeId, UUID clusterId, SignedRequest request) {
        AuthenticatedNode node = authenticator.authenticate(nodeId, clusterId, request);
        Instant now = clock.instant();
        List<NodeIdentity> live = liveIdentities(nodeId, clusterId, now);
        node.membership().leave(now);
        for (NodeIdentity identity : live) {
            identity.revoke("the node left the cluster", now);
        }
        audit.record(AuditEntry.byNode(node.actor(), "node.left").cluster(clusterId).node(nodeId)
                .target("cluster_membership", node.membership().id())
                .detail("revokedSerials", String.join(",", live.stream().map(NodeIdentity::certificateSerial).toList()))
                .build());
        rotationRequests.withdrawRevoked(live, node.actor(), type -> AuditEntry.byNode(node.actor(), type), now);
    }

    /** Identities that could still authenticate (active, or rotated and unexpired), locked for revocation. */
    private List<NodeIdentity> liveIdentities(UUID nodeId, UUID clusterId, Instant now) {
        return em.createQuery("select i from NodeIdentity i where i.nodeId = :n"
                        + " and i.clusterId = :c and i.status in (:active, :rotated) and i.certificateNotAfter > :now"
                        + " order by i.createdAt", NodeIdentity.class)
                .setParameter("n", nodeId).setParameter("c", clusterId).setParameter("active", NodeIdentity.ACTIVE)
                .setParameter("rotated", NodeIdentity.ROTATED).setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    }

    /**
     * High-risk: the node's membership in this one cluster stops working (heartbeats are refused
     * with {@code membership_disabled}); its memberships in other clusters are untouched.
     */
    public void disableMembership(Caller caller, UUID nodeId, UUID clusterId, String reason) {
        requireOwnerWithStepUp(caller, "node.membership_disable_refused", nodeId, clusterId);
        String why = Inputs.required("reason", reason, 500);
        ClusterMembership membership = em.createQuery("select m from ClusterMembership m where m.nodeId = :n"
                        + " and m.clusterId = :c", ClusterMembership.class)
                .setParameter("n", nodeId).setParameter("c", clusterId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Node membership"));
        if (!membership.isActive()) {
            throw new ConflictException("membership_not_active", "The membership is already " + membership.status());
        }
        Instant now = clock.instant();
        membership.disable(now);
        audit.record(AuditEntry.byPerson(caller, "node.membership_disabled").cluster(clusterId).node(nodeId)
                .target("cluster_membership", membership.id()).detail("reason", why).build());
        rotationRequests.withdrawForDisabledMembership(nodeId, clusterId, caller.username(),
                type -> AuditEntry.byPerson(caller, type), now);
    }

    /** One cluster's nodes (its admin or the owner), or every cluster's when {@code clusterId} is null (owner). */
    public Page<NodeSummary> list(Caller caller, UUID clusterId, PageRequest page) {
        return list(caller, clusterId, NodeFilter.none(), GroupFilter.any(), page);
    }

    /** As {@link #list(Caller, UUID, PageRequest)}, narrowed by {@code filter} in the query itself. */
    public Page<NodeSummary> list(Caller caller, UUID clusterId, NodeFilter filter, PageRequest page) {
        return list(caller, clusterId, filter, GroupFilter.any(), page);
    }

    /**
     * As above, filtered by node group in the query (never after paging). A group is looked up in
     * the given cluster (any cluster for the owner's all-cluster list), so another cluster's group
     * is "not found".
     */
    public Page<NodeSummary> list(Caller caller, UUID clusterId, GroupFilter groups, PageRequest page) {
        return list(caller, clusterId, NodeFilter.none(), groups, page);
    }

    /** The node list: one cluster's or, for the owner, all; narrowed by both filters in SQL, then paged. */
    public Page<NodeSummary> list(Caller caller, UUID clusterId, NodeFilter filter, GroupFilter groups,
                                  PageRequest page) {
        access.requireClusterScope(caller, clusterId);
        GroupFilter g = groups == null ? GroupFilter.any() : groups;
        List<UUID> groupIds = g.groupId() == null ? null : subtree(clusterId, g.groupId());
        Instant now = clock.instant();
        NodeFilter f = filter == null ? NodeFilter.none() : filter;
        String where = " where 1 = 1" + (clusterId == null ? "" : " and m.clusterId = :cluster") + filterClause(f)
                + (groupIds == null ? "" : " and m.nodeGroupId in :groups") + (g.ungrouped() ? " and m.nodeGroupId is null" : "");
        String latest = " left join NodeLatestState s on s.nodeId = m.nodeId and s.clusterId = m.clusterId";
        // The page's memberships first, sorted and paged on names and ids only; then those rows whole.
        // Sorting the joined wide rows (host facts, reported workloads) of 10 000 nodes spilled to disk
        // and took most of the Nodes page's time (docs/benchmarks.md, "Owner console on a big fleet").
        String stateJoin = f.health() == null ? "" : latest;
        TypedQuery<UUID> ids = em.createQuery("select m.id from ClusterMembership m"
                + " join Node n on n.id = m.nodeId join Cluster c on c.id = m.clusterId" + stateJoin + where
                + " order by c.name, n.name, n.id", UUID.class);
        TypedQuery<Long> count = em.createQuery("select count(m) from ClusterMembership m" + stateJoin + where,
                Long.class);
        for (TypedQuery<?> q : List.of(ids, count)) {
            if (clusterId != null) {
                q.setParameter("cluster", clusterId);
            }
            bindFilter(q, f, now);
            if (groupIds != null) {
                q.setParameter("groups", groupIds);
            }
        }
        List<UUID> pageIds = ids.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList();
        Map<UUID, NodeSummary> rows = new HashMap<>();
        if (!pageIds.isEmpty()) {
            em.createQuery("select m, n, c, s, g.name from ClusterMembership m join Node n on n.id = m.nodeId"
                            + " join Cluster c on c.id = m.clusterId" + latest
                            + " left join NodeGroup g on g.id = m.nodeGroupId where m.id in :ids", Object[].class)
                    .setParameter("ids", pageIds).getResultList()
                    .forEach(row -> rows.put(((ClusterMembership) row[0]).id(), summary((ClusterMembership) row[0],
                            (Node) row[1], (Cluster) row[2], (NodeLatestState) row[3], (String) row[4], now)));
        }
        // A membership deleted between the two queries is left out rather than shown as a gap.
        List<NodeSummary> items = pageIds.stream().map(rows::get).filter(Objects::nonNull).toList();
        return new Page<>(items, count.getSingleResult(), page.offset(), page.limit());
    }

    /** The node list's filters as JPQL over {@code m} (membership) and {@code s} (latest state, outer joined). */
    private static String filterClause(NodeFilter f) {
        StringBuilder where = new StringBuilder();
        if (f.health() != null) {
            where.append(switch (f.health()) {
                case Health.UNKNOWN -> " and s.id is null";
                case Health.SILENT -> " and s.lastHeartbeatAt < :cutoff";
                default -> " and s.health = :health and s.lastHeartbeatAt >= :cutoff";
            });
        }
        if (f.status() != null) {
            where.append(" and m.status = :status");
        }
        if (f.role() != null) {
            where.append(" and exists (select 1 from RoleAssignment r where r.clusterId = m.clusterId"
                    + " and r.nodeId = m.nodeId and r.role = :role and r.status = 'active')");
        }
        return where.toString();
    }

    private static void bindFilter(TypedQuery<?> q, NodeFilter f, Instant now) {
        if (f.health() != null && !Health.UNKNOWN.equals(f.health())) {
            q.setParameter("cutoff", now.minus(Health.GRACE));
            if (!Health.SILENT.equals(f.health())) {
                q.setParameter("health", f.health());
            }
        }
        if (f.status() != null) {
            q.setParameter("status", f.status());
        }
        if (f.role() != null) {
            q.setParameter("role", f.role());
        }
    }

    /** The group and every group below it; bounded by the per-cluster group limit of NodeGroupService. */
    @SuppressWarnings("unchecked")
    private List<UUID> subtree(UUID clusterId, UUID groupId) {
        var query = em.createNativeQuery("with recursive sub (id) as ("
                + " select id from node_groups where id = ?1" + (clusterId == null ? "" : " and cluster_id = ?2")
                + " union select g.id from node_groups g join sub on g.parent_id = sub.id)"
                + " select id from sub");
        query.setParameter(1, groupId);
        if (clusterId != null) {
            query.setParameter(2, clusterId);
        }
        List<UUID> ids = query.getResultList();
        if (ids.isEmpty()) {
            throw new NotFoundException("Node group");
        }
        return ids;
    }

    public NodeDetail detail(Caller caller, UUID nodeId) {
        access.requirePlatformOwner(caller);
        Node node = Optional.ofNullable(nodeId == null ? null : em.find(Node.class, nodeId))
                .orElseThrow(() -> new NotFoundException("Node"));
        Instant now = clock.instant();
        List<NodeDetail.Membership> memberships = em.createQuery("select m, c from ClusterMembership m"
                        + " join Cluster c on c.id = m.clusterId where m.nodeId = :node order by c.name", Object[].class)
                .setParameter("node", nodeId).getResultList().stream()
                .map(row -> membershipDetail((ClusterMembership) row[0], (Cluster) row[1], now)).toList();
        List<String> capabilities = em.createQuery("select c.capability from NodeCapability c where c.nodeId = :node"
                + " order by c.capability", String.class).setParameter("node", nodeId).getResultList();
        List<String> addresses = JsonText.object(node.factsJson()).containsKey("addresses")
                ? JsonText.toStrings(JsonText.object(node.factsJson()).getJsonArray("addresses").toString())
                : List.of();
        return new NodeDetail(node.id(), node.name(), node.enrollmentStatus(), node.hostname(), node.os(),
                node.kernel(), node.arch(), node.cpuCount(), node.memoryBytes(), node.hostFingerprint(), addresses,
                capabilities, node.createdAt(), memberships);
    }

    /**
     * The node as one cluster sees it, for that cluster's admin: only this membership (a node's
     * other clusters are none of this cluster's business), and without trust material (host
     * fingerprint, certificate serial), which only the platform owner handles. A node that is not
     * a member of the cluster is "not found", whether or not it exists elsewhere.
     */
    public NodeDetail detail(Caller caller, UUID clusterId, UUID nodeId) {
        access.requireClusterAdmin(caller, clusterId);
        Object[] row = em.createQuery("select m, c, n from ClusterMembership m join Cluster c on c.id = m.clusterId"
                        + " join Node n on n.id = m.nodeId where m.nodeId = :node and m.clusterId = :cluster",
                        Object[].class)
                .setParameter("node", nodeId).setParameter("cluster", clusterId).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException("Node"));
        Node node = (Node) row[2];
        NodeDetail.Membership full = membershipDetail((ClusterMembership) row[0], (Cluster) row[1], clock.instant());
        NodeDetail.Membership membership = new NodeDetail.Membership(full.clusterId(), full.clusterName(),
                full.status(), full.joinedAt(), full.health(), full.lastHeartbeatAt(), full.agentVersion(),
                full.heartbeatCount(), null, full.certificateNotAfter(), full.identityStatus(), full.groupId(),
                full.groupName());
        List<String> capabilities = em.createQuery("select c.capability from NodeCapability c where c.nodeId = :node"
                + " order by c.capability", String.class).setParameter("node", nodeId).getResultList();
        return new NodeDetail(node.id(), node.name(), node.enrollmentStatus(), node.hostname(), node.os(),
                node.kernel(), node.arch(), node.cpuCount(), node.memoryBytes(), null, addresses(node), capabilities,
                node.createdAt(), List.of(membership));
    }

    /** How many of the cluster's memberships are in each derived health state (overview pages). */
    public Map<String, Long> healthCounts(Caller caller, UUID clusterId) {
        access.requireClusterAdmin(caller, clusterId);
        Instant now = clock.instant();
        Map<String, Long> counts = new TreeMap<>();
        em.createQuery("select s.health, s.lastHeartbeatAt from ClusterMembership m left join NodeLatestState s"
                        + " on s.nodeId = m.nodeId and s.clusterId = m.clusterId where m.clusterId = :c", Object[].class)
                .setParameter("c", clusterId).getResultStream()
                .map(row -> Health.derive((String) row[0], (Instant) row[1], now))
                .forEach(health -> counts.merge(health, 1L, Long::sum));
        return counts;
    }

    private static List<String> addresses(Node node) {
        return JsonText.object(node.factsJson()).containsKey("addresses")
                ? JsonText.toStrings(JsonText.object(node.factsJson()).getJsonArray("addresses").toString())
                : List.of();
    }

    private NodeDetail.Membership membershipDetail(ClusterMembership m, Cluster c, Instant now) {
        Optional<NodeLatestState> latest = latestState(m.nodeId(), m.clusterId());
        Optional<NodeIdentity> identity = em.createQuery("select i from NodeIdentity i where i.nodeId = :n"
                        + " and i.clusterId = :c order by i.createdAt desc", NodeIdentity.class)
                .setParameter("n", m.nodeId()).setParameter("c", m.clusterId()).setMaxResults(1)
                .getResultStream().findFirst();
        return new NodeDetail.Membership(c.id(), c.name(), m.status(), m.joinedAt(),
                Health.derive(latest.map(NodeLatestState::health).orElse(null),
                        latest.map(NodeLatestState::lastHeartbeatAt).orElse(null), now),
                latest.map(NodeLatestState::lastHeartbeatAt).orElse(null),
                latest.map(NodeLatestState::agentVersion).orElse(null),
                latest.map(NodeLatestState::heartbeatCount).orElse(0L),
                identity.map(NodeIdentity::certificateSerial).orElse(null),
                identity.map(NodeIdentity::certificateNotAfter).orElse(null),
                identity.map(NodeIdentity::status).orElse(null),
                m.nodeGroupId(), m.nodeGroupId() == null ? null : em.createQuery("select g.name from NodeGroup g"
                        + " where g.id = :g", String.class).setParameter("g", m.nodeGroupId()).getSingleResult());
    }

    private static NodeSummary summary(ClusterMembership m, Node n, Cluster c, NodeLatestState s, String groupName,
                                       Instant now) {
        return new NodeSummary(n.id(), n.name(), n.hostname(), c.id(), c.name(), m.status(),
                Health.derive(s == null ? null : s.health(), s == null ? null : s.lastHeartbeatAt(), now),
                s == null ? null : s.lastHeartbeatAt(), s == null ? null : s.agentVersion(), m.nodeGroupId(),
                groupName);
    }

    /** The authorization check of a high-risk node action, with the refused attempt audited. */
    private void requireOwnerWithStepUp(Caller caller, String refusalEvent, UUID nodeId, UUID clusterId) {
        try {
            access.requirePlatformOwnerWithStepUp(caller);
        } catch (DomainException refusal) {
            refusals.record(caller, refusalEvent, clusterId, "node", nodeId, refusal);
            throw refusal;
        }
    }

    private Optional<ClusterMembership> membership(UUID nodeId, UUID clusterId) {
        return em.createQuery("select m from ClusterMembership m where m.nodeId = :n and m.clusterId = :c",
                        ClusterMembership.class)
                .setParameter("n", nodeId).setParameter("c", clusterId).getResultStream().findFirst();
    }

    private Optional<NodeLatestState> latestState(UUID nodeId, UUID clusterId) {
        return em.createQuery("select s from NodeLatestState s where s.nodeId = :n and s.clusterId = :c",
                        NodeLatestState.class)
                .setParameter("n", nodeId).setParameter("c", clusterId).getResultStream().findFirst();
    }

    static String nodeActor(UUID nodeId) {
        return "node:" + nodeId;
    }

}
