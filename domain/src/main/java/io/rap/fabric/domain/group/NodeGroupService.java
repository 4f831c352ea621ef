package io.rap.fabric.domain.group;

import io.rap.fabric.domain.access.AccessPolicy;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.AuditLog;
import io.rap.fabric.domain.node.ClusterMembership;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.Inputs;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The node group tree of one cluster: folders people use to find nodes in a large fleet. A group
 * is never a permission, so nothing here is high-risk (no step-up); each call still needs the
 * platform owner or the cluster's admin, and every change is audited.
 *
 * <p>Every change of a cluster's tree first locks the cluster's row ({@link #lockTree}). That makes
 * the checks race-free: two moves at once cannot build a cycle between them, a node cannot be put
 * into a group that is being deleted, and of two people renaming the same group from the same form
 * the second is told that it changed meanwhile ({@code stale_version}) instead of overwriting it.
 */
@ApplicationScoped
@Transactional
public class NodeGroupService {

    /** Levels of the tree, roots included: enough for region / site / room / rack / ring. */
    public static final int MAX_DEPTH = 8;
    /** The tree is read whole (one query for the page), so it must stay small. */
    public static final int MAX_GROUPS_PER_CLUSTER = 1000;
    public static final int MAX_NAME_LENGTH = 120;

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    AccessPolicy access;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** The whole tree, parents before their children, siblings by name, each with its member count. */
    public List<NodeGroupView> tree(Caller caller, UUID clusterId) {
        access.requireClusterAdmin(caller, clusterId);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        with recursive t (id, depth, path) as (
                            select g.id, 0, array[lower(g.name)::text, g.id::text]
                              from node_groups g where g.cluster_id = ?1 and g.parent_id is null
                            union all
                            select g.id, t.depth + 1, t.path || array[lower(g.name)::text, g.id::text]
                              from node_groups g join t on g.parent_id = t.id
                             where t.depth < ?2
                        )
                        select g.id, g.parent_id, g.name, t.depth, g.version,
                               (select count(*) from cluster_memberships m
                                 where m.cluster_id = g.cluster_id and m.node_group_id = g.id)
                          from t join node_groups g on g.id = t.id
                         order by t.path""")
                .setParameter(1, clusterId).setParameter(2, MAX_DEPTH).getResultList();
        return rows.stream().map(r -> new NodeGroupView((UUID) r[0], clusterId, (UUID) r[1], (String) r[2],
                ((Number) r[3]).intValue(), ((Number) r[5]).longValue(), ((Number) r[4]).longValue())).toList();
    }

    /** A new group under {@code parentId}, or a root when it is null. */
    public NodeGroupView create(Caller caller, UUID clusterId, UUID parentId, String name) {
        access.requireClusterAdmin(caller, clusterId);
        String clean = name(name);
        lockTree(clusterId);
        if (parentId != null) {
            NodeGroup parent = require(clusterId, parentId, "Parent group");
            if (levelsAbove(parent.id()) + 1 > MAX_DEPTH) {
                throw tooDeep();
            }
        }
        long groups = em.createQuery("select count(g) from NodeGroup g where g.clusterId = :c", Long.class)
                .setParameter("c", clusterId).getSingleResult();
        if (groups >= MAX_GROUPS_PER_CLUSTER) {
            throw new ConflictException("too_many_groups", "A cluster can have at most " + MAX_GROUPS_PER_CLUSTER
                    + " node groups");
        }
        requireFreeName(clusterId, parentId, clean, null);
        NodeGroup group = new NodeGroup(clusterId, parentId, clean, caller.username(), clock.instant());
        em.persist(group);
        em.flush(); // the version the view carries is the one stored
        audit.record(AuditEntry.byPerson(caller, "node_group.created").cluster(clusterId)
                .target("node_group", group.id()).detail("name", clean).detail("parentId", parentId).build());
        return view(group, 0L);
    }

    /** Renames the group; {@code expectedVersion} is the version the person's form showed. */
    public NodeGroupView rename(Caller caller, UUID clusterId, UUID groupId, long expectedVersion, String name) {
        access.requireClusterAdmin(caller, clusterId);
        String clean = name(name);
        lockTree(clusterId);
        NodeGroup group = require(clusterId, groupId, "Node group");
        requireVersion(group, expectedVersion);
        if (group.name().equals(clean)) {
            return view(group, members(clusterId, groupId));
        }
        requireFreeName(clusterId, group.parentId(), clean, groupId);
        String previous = group.name();
        group.rename(clean, clock.instant());
        em.flush();
        audit.record(AuditEntry.byPerson(caller, "node_group.renamed").cluster(clusterId)
                .target("node_group", groupId).detail("from", previous).detail("to", clean).build());
        return view(group, members(clusterId, groupId));
    }

    /**
     * Moves the group with its subgroups and members under {@code newParentId} (a root when null).
     * A parent of another cluster is "not found"; the group itself or one of its subgroups as the
     * new parent is refused ({@code group_cycle}).
     */
    public NodeGroupView move(Caller caller, UUID clusterId, UUID groupId, long expectedVersion, UUID newParentId) {
        access.requireClusterAdmin(caller, clusterId);
        lockTree(clusterId);
        NodeGroup group = require(clusterId, groupId, "Node group");
        requireVersion(group, expectedVersion);
        if (Objects.equals(group.parentId(), newParentId)) {
            return view(group, members(clusterId, groupId));
        }
        if (newParentId != null) {
            require(clusterId, newParentId, "Parent group");
            if (newParentId.equals(groupId) || inSubtree(groupId, newParentId)) {
                throw new ConflictException("group_cycle",
                        "A group cannot be moved under itself or one of its own subgroups");
            }
            if (levelsAbove(newParentId) + height(groupId) > MAX_DEPTH) {
                throw tooDeep();
            }
        }
        requireFreeName(clusterId, newParentId, group.name(), groupId);
        UUID previous = group.parentId();
        group.moveUnder(newParentId, clock.instant());
        em.flush();
        audit.record(AuditEntry.byPerson(caller, "node_group.moved").cluster(clusterId).target("node_group", groupId)
                .detail("name", group.name()).detail("fromParentId", previous).detail("toParentId", newParentId)
                .build());
        return view(group, members(clusterId, groupId));
    }

    /**
     * Deletes an empty group. One with subgroups or members is refused ({@code group_not_empty}):
     * deleting never moves nodes or groups somewhere the person did not choose.
     */
    public void delete(Caller caller, UUID clusterId, UUID groupId, long expectedVersion) {
        access.requireClusterAdmin(caller, clusterId);
        lockTree(clusterId);
        NodeGroup group = require(clusterId, groupId, "Node group");
        requireVersion(group, expectedVersion);
        long children = em.createQuery("select count(g) from NodeGroup g where g.parentId = :g", Long.class)
                .setParameter("g", groupId).getSingleResult();
        long members = members(clusterId, groupId);
        if (children > 0 || members > 0) {
            throw new ConflictException("group_not_empty", "The group still has " + children + " subgroup(s) and "
                    + members + " node(s): move or remove them first");
        }
        em.remove(group);
        em.flush();
        audit.record(AuditEntry.byPerson(caller, "node_group.deleted").cluster(clusterId)
                .target("node_group", groupId).detail("name", group.name()).detail("parentId", group.parentId())
                .build());
    }

    /**
     * Puts the node's membership in this cluster into the group, out of the group it was in (a
     * membership is in at most one group of its cluster). Putting it where it already is changes
     * nothing and writes nothing.
     */
    public void assign(Caller caller, UUID clusterId, UUID nodeId, UUID groupId) {
        access.requireClusterAdmin(caller, clusterId);
        if (groupId == null) {
            throw new ValidationException("groupId", "Choose a group");
        }
        lockTree(clusterId);
        NodeGroup group = require(clusterId, groupId, "Node group");
        ClusterMembership membership = lockMembership(clusterId, nodeId);
        UUID previous = currentGroup(membership.id());
        if (groupId.equals(previous)) {
            return;
        }
        setGroup(membership.id(), groupId);
        audit.record(AuditEntry.byPerson(caller, "node.group_assigned").cluster(clusterId).node(nodeId)
                .target("cluster_membership", membership.id()).detail("groupId", groupId)
                .detail("group", group.name()).detail("previousGroupId", previous).build());
    }

    /** Takes the node's membership in this cluster out of its group; one in no group changes nothing. */
    public void unassign(Caller caller, UUID clusterId, UUID nodeId) {
        access.requireClusterAdmin(caller, clusterId);
        lockTree(clusterId);
        ClusterMembership membership = lockMembership(clusterId, nodeId);
        UUID previous = currentGroup(membership.id());
        if (previous == null) {
            return;
        }
        setGroup(membership.id(), null);
        audit.record(AuditEntry.byPerson(caller, "node.group_unassigned").cluster(clusterId).node(nodeId)
                .target("cluster_membership", membership.id()).detail("previousGroupId", previous).build());
    }

    /**
     * Serializes the changes of one cluster's tree (see the class comment). {@code no key update}
     * rather than {@code update}: rows that merely reference the cluster (heartbeats, audit events)
     * take a key-share lock on it, and they must not wait for a folder to be renamed.
     */
    private void lockTree(UUID clusterId) {
        if (em.createNativeQuery("select id from clusters where id = ?1 for no key update")
                .setParameter(1, clusterId).getResultList().isEmpty()) {
            throw new NotFoundException("Cluster");
        }
    }

    /** By cluster and id together: another cluster's group is "not found", whether or not it exists. */
    private NodeGroup require(UUID clusterId, UUID groupId, String what) {
        if (groupId == null) {
            throw new NotFoundException(what);
        }
        return em.createQuery("select g from NodeGroup g where g.id = :id and g.clusterId = :c", NodeGroup.class)
                .setParameter("id", groupId).setParameter("c", clusterId).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundException(what));
    }

    private static void requireVersion(NodeGroup group, long expectedVersion) {
        if (group.version() != expectedVersion) {
            throw new ConflictException("stale_version",
                    "Someone else changed this group meanwhile: reload the page and apply your change again");
        }
    }

    private static String name(String name) {
        String clean = Inputs.required("name", name, MAX_NAME_LENGTH);
        if (clean.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException("name", "The name must not contain control characters");
        }
        return clean;
    }

    /** Sibling names are unique regardless of case; the unique indexes of V0033 back this up. */
    private void requireFreeName(UUID clusterId, UUID parentId, String name, UUID except) {
        TypedQuery<Long> query = em.createQuery("select count(g) from NodeGroup g where g.clusterId = :c"
                + (parentId == null ? " and g.parentId is null" : " and g.parentId = :p")
                + " and lower(g.name) = lower(:n)" + (except == null ? "" : " and g.id <> :except"), Long.class)
                .setParameter("c", clusterId).setParameter("n", name);
        if (parentId != null) {
            query.setParameter("p", parentId);
        }
        if (except != null) {
            query.setParameter("except", except);
        }
        if (query.getSingleResult() > 0) {
            throw new ConflictException("group_name_taken", "There already is a group named '" + name + "' here");
        }
    }

    /** Whether {@code candidate} is below {@code groupId} in the tree. */
    private boolean inSubtree(UUID groupId, UUID candidate) {
        // union, not union all: even a damaged tree with a cycle cannot make this run forever
        return ((Number) em.createNativeQuery("""
                        with recursive sub (id) as (
                            select id from node_groups where id = ?1
                            union
                            select g.id from node_groups g join sub on g.parent_id = sub.id
                        )
                        select count(*) from sub where id = ?2""")
                .setParameter(1, groupId).setParameter(2, candidate).getSingleResult()).longValue() > 0;
    }

    /** Levels from the root down to this group, both included (a root is 1). */
    private int levelsAbove(UUID groupId) {
        return ((Number) em.createNativeQuery("""
                        with recursive up (id, parent_id, n) as (
                            select id, parent_id, 1 from node_groups where id = ?1
                            union all
                            select g.id, g.parent_id, up.n + 1 from node_groups g join up on g.id = up.parent_id
                             where up.n <= ?2
                        )
                        select max(n) from up""")
                .setParameter(1, groupId).setParameter(2, MAX_DEPTH).getSingleResult()).intValue();
    }

    /** Levels of the subtree below and including this group (a group without subgroups is 1). */
    private int height(UUID groupId) {
        return ((Number) em.createNativeQuery("""
                        with recursive sub (id, n) as (
                            select id, 1 from node_groups where id = ?1
                            union all
                            select g.id, sub.n + 1 from node_groups g join sub on g.parent_id = sub.id
                             where sub.n <= ?2
                        )
                        select max(n) from sub""")
                .setParameter(1, groupId).setParameter(2, MAX_DEPTH).getSingleResult()).intValue();
    }

    private static ConflictException tooDeep() {
        return new ConflictException("group_too_deep", "Node groups can be nested at most " + MAX_DEPTH
                + " levels deep");
    }

    private long members(UUID clusterId, UUID groupId) {
        return em.createQuery("select count(m) from ClusterMembership m where m.clusterId = :c"
                + " and m.nodeGroupId = :g", Long.class).setParameter("c", clusterId).setParameter("g", groupId)
                .getSingleResult();
    }

    private ClusterMembership lockMembership(UUID clusterId, UUID nodeId) {
        return Optional.ofNullable(nodeId).flatMap(n -> em.createQuery("select m from ClusterMembership m"
                        + " where m.clusterId = :c and m.nodeId = :n", ClusterMembership.class)
                .setParameter("c", clusterId).setParameter("n", n).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst())
                .orElseThrow(() -> new NotFoundException("Node"));
    }

    private UUID currentGroup(UUID membershipId) {
        // Read in SQL: the entity maps the column read-only (see ClusterMembership.nodeGroupId).
        return (UUID) em.createNativeQuery("select node_group_id from cluster_memberships where id = ?1")
                .setParameter(1, membershipId).getSingleResult();
    }

    /**
     * An SQL update of this one column, without touching the membership's version: a heartbeat that
     * loaded the membership meanwhile must not fail on its optimistic lock because a person
     * filed the node into a folder.
     */
    private void setGroup(UUID membershipId, UUID groupId) {
        // A null group is written as a literal: an untyped null parameter is not reliably a uuid.
        if (groupId == null) {
            em.createNativeQuery("update cluster_memberships set node_group_id = null, updated_at = ?1 where id = ?2")
                    .setParameter(1, clock.instant()).setParameter(2, membershipId).executeUpdate();
        } else {
            em.createNativeQuery("update cluster_memberships set node_group_id = ?1, updated_at = ?2 where id = ?3")
                    .setParameter(1, groupId).setParameter(2, clock.instant()).setParameter(3, membershipId)
                    .executeUpdate();
        }
    }

    private NodeGroupView view(NodeGroup group, long members) {
        return new NodeGroupView(group.id(), group.clusterId(), group.parentId(), group.name(),
                levelsAbove(group.id()) - 1, members, group.version());
    }
}
