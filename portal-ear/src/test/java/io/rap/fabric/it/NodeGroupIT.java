package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.node.GroupFilter;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Node groups against the real database: the tree's rules (sibling names, cycles, clusters,
 * empty-only delete, one group per membership), who may change it (the owner anywhere, a cluster
 * admin in their own cluster only), an audit event for every change, nothing changed by a refusal,
 * and two people renaming the same group at once.
 */
@ExtendWith(ArquillianExtension.class)
class NodeGroupIT {

    private static final PageRequest PAGE = PageRequest.first(200);

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(NodeGroupIT.class, TrustFixtures.class, OrgFixtures.class,
                OrgFixtures.Tenant.class, OrgFixtures.EnrolledNode.class);
    }

    @Inject OrgFixtures fixtures;
    @Inject ClusterService clusters;
    @Inject NodeGroupService groups;
    @Inject NodeService nodes;
    @Inject AuditService audit;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private static Caller owner() {
        return TrustFixtures.owner();
    }

    private ClusterView cluster(String prefix) {
        return TrustFixtures.newCluster(clusters, prefix);
    }

    private NodeGroupView group(List<NodeGroupView> tree, UUID id) {
        return tree.stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theOwnerBuildsATreeAndEveryChangeIsAudited() {
        ClusterView c = cluster("grp-owner");
        NodeGroupView eu = groups.create(owner(), c.id(), null, "Europe");
        NodeGroupView fra = groups.create(owner(), c.id(), eu.id(), "Frankfurt");
        NodeGroupView rack = groups.create(owner(), c.id(), fra.id(), "Rack 1");
        NodeGroupView us = groups.create(owner(), c.id(), null, "America");
        assertThat(rack.depth()).isEqualTo(2);

        List<NodeGroupView> tree = groups.tree(owner(), c.id());
        // parents before children, siblings by name
        assertThat(tree).extracting(NodeGroupView::name).containsExactly("America", "Europe", "Frankfurt", "Rack 1");
        assertThat(tree).extracting(NodeGroupView::depth).containsExactly(0, 0, 1, 2);
        assertThat(group(tree, rack.id()).parentId()).isEqualTo(fra.id());

        NodeGroupView renamed = groups.rename(owner(), c.id(), fra.id(), fra.version(), "Frankfurt am Main");
        assertThat(renamed.name()).isEqualTo("Frankfurt am Main");
        assertThat(renamed.version()).isGreaterThan(fra.version());

        NodeGroupView moved = groups.move(owner(), c.id(), renamed.id(), renamed.version(), us.id());
        assertThat(moved.parentId()).isEqualTo(us.id());
        tree = groups.tree(owner(), c.id());
        assertThat(tree).extracting(NodeGroupView::name)
                .containsExactly("America", "Frankfurt am Main", "Rack 1", "Europe");
        assertThat(group(tree, rack.id()).depth()).isEqualTo(2); // the subtree moved along

        NodeGroupView toRoot = groups.move(owner(), c.id(), rack.id(), group(tree, rack.id()).version(), null);
        assertThat(toRoot.parentId()).isNull();
        groups.delete(owner(), c.id(), eu.id(), eu.version());
        assertThat(groups.tree(owner(), c.id())).extracting(NodeGroupView::id).doesNotContain(eu.id());

        assertThat(events(c.id(), "node_group.created")).hasSize(4).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("it-owner");
            assertThat(e.actorKind()).isEqualTo("person");
        });
        AuditView renameEvent = single(c.id(), "node_group.renamed");
        assertThat(renameEvent.targetId()).isEqualTo(fra.id().toString());
        assertThat(renameEvent.details()).containsEntry("from", "Frankfurt").containsEntry("to", "Frankfurt am Main");
        assertThat(events(c.id(), "node_group.moved")).hasSize(2);
        assertThat(events(c.id(), "node_group.moved")).anySatisfy(e -> assertThat(e.details())
                .containsEntry("fromParentId", eu.id().toString()).containsEntry("toParentId", us.id().toString()));
        assertThat(single(c.id(), "node_group.deleted").details()).containsEntry("name", "Europe");
    }

    @Test
    void aClusterAdminManagesTheirOwnClustersTreeOnly() {
        ClusterView x = cluster("grp-x");
        ClusterView y = cluster("grp-y");
        OrgFixtures.EnrolledNode nodeX = fixtures.enrollHealthyNode(x, "grp-node-x-" + UUID.randomUUID().toString()
                .substring(0, 6));
        OrgFixtures.EnrolledNode nodeY = fixtures.enrollHealthyNode(y, "grp-node-y-" + UUID.randomUUID().toString()
                .substring(0, 6));
        String username = "ca-grp-" + UUID.randomUUID().toString().substring(0, 6);
        fixtures.grantCluster(username, x.id());
        Caller admin = OrgFixtures.clusterAdmin(username);

        // allowed in X, every method, audited with the person as actor
        NodeGroupView a = groups.create(admin, x.id(), null, "Site A");
        NodeGroupView b = groups.create(admin, x.id(), a.id(), "Room B");
        b = groups.rename(admin, x.id(), b.id(), b.version(), "Room B2");
        b = groups.move(admin, x.id(), b.id(), b.version(), null);
        groups.assign(admin, x.id(), nodeX.nodeId(), a.id());
        groups.unassign(admin, x.id(), nodeX.nodeId());
        groups.delete(admin, x.id(), b.id(), b.version());
        assertThat(groups.tree(admin, x.id())).extracting(NodeGroupView::name).containsExactly("Site A");
        for (String type : List.of("node_group.created", "node_group.renamed", "node_group.moved",
                "node_group.deleted", "node.group_assigned", "node.group_unassigned")) {
            assertThat(events(x.id(), type)).as(type).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.actor()).isEqualTo(username));
        }

        // refused in Y, and so is everyone without a grant for Y; nothing changes there
        NodeGroupView gy = groups.create(owner(), y.id(), null, "Site Y");
        groups.assign(owner(), y.id(), nodeY.nodeId(), gy.id());
        long auditBefore = audit.listForCluster(owner(), y.id(), PAGE).total();
        Caller orgAdmin = OrgFixtures.orgAdmin(username); // the same person name, another realm role
        Caller plain = new Caller("plain-sub", "plain", Set.of(), Optional.of(Instant.now()));
        for (Caller refused : new Caller[] {admin, orgAdmin, plain, null}) {
            for (ThrowingCallable call : List.<ThrowingCallable>of(
                    () -> groups.tree(refused, y.id()),
                    () -> groups.create(refused, y.id(), null, "Intruder"),
                    () -> groups.create(refused, y.id(), gy.id(), "Intruder"),
                    () -> groups.rename(refused, y.id(), gy.id(), gy.version(), "Intruder"),
                    () -> groups.move(refused, y.id(), gy.id(), gy.version(), null),
                    () -> groups.delete(refused, y.id(), gy.id(), gy.version()),
                    () -> groups.assign(refused, y.id(), nodeY.nodeId(), gy.id()),
                    () -> groups.unassign(refused, y.id(), nodeY.nodeId()),
                    () -> nodes.list(refused, y.id(), GroupFilter.within(gy.id()), PAGE))) {
                assertThat(catchThrowable(call)).as(String.valueOf(refused)).isInstanceOf(AccessDeniedException.class);
            }
        }
        // Y's ids through X, the admin's own cluster: not found
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> groups.create(admin, x.id(), gy.id(), "Intruder"),
                () -> groups.rename(admin, x.id(), gy.id(), gy.version(), "Intruder"),
                () -> groups.move(admin, x.id(), gy.id(), gy.version(), null),
                () -> groups.delete(admin, x.id(), gy.id(), gy.version()),
                () -> groups.assign(admin, x.id(), nodeY.nodeId(), a.id()),
                () -> groups.assign(admin, x.id(), nodeX.nodeId(), gy.id()),
                () -> groups.unassign(admin, x.id(), nodeY.nodeId()),
                () -> nodes.list(admin, x.id(), GroupFilter.within(gy.id()), PAGE))) {
            assertThat(catchThrowable(call)).isInstanceOf(NotFoundException.class);
        }
        assertThat(groups.tree(owner(), y.id())).extracting(NodeGroupView::name, NodeGroupView::memberCount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Site Y", 1L));
        assertThat(audit.listForCluster(owner(), y.id(), PAGE).total()).isEqualTo(auditBefore);
    }

    @Test
    void aGroupCannotMoveUnderItselfOrItsSubgroupsNorIntoAnotherCluster() {
        ClusterView c = cluster("grp-cycle");
        ClusterView other = cluster("grp-other");
        NodeGroupView top = groups.create(owner(), c.id(), null, "Top");
        NodeGroupView mid = groups.create(owner(), c.id(), top.id(), "Mid");
        NodeGroupView leaf = groups.create(owner(), c.id(), mid.id(), "Leaf");
        NodeGroupView foreign = groups.create(owner(), other.id(), null, "Foreign");
        List<NodeGroupView> before = groups.tree(owner(), c.id());

        assertCode(() -> groups.move(owner(), c.id(), top.id(), top.version(), top.id()), "group_cycle");
        assertCode(() -> groups.move(owner(), c.id(), top.id(), top.version(), mid.id()), "group_cycle");
        assertCode(() -> groups.move(owner(), c.id(), top.id(), top.version(), leaf.id()), "group_cycle");
        // across clusters: the parent is not in this cluster, so it is not found, either way round
        assertCode(() -> groups.move(owner(), c.id(), mid.id(), mid.version(), foreign.id()), "not_found");
        assertCode(() -> groups.move(owner(), other.id(), foreign.id(), foreign.version(), top.id()), "not_found");
        assertCode(() -> groups.move(owner(), c.id(), foreign.id(), foreign.version(), null), "not_found");
        assertCode(() -> groups.create(owner(), c.id(), foreign.id(), "Cross"), "not_found");

        assertThat(groups.tree(owner(), c.id())).isEqualTo(before);
        assertThat(groups.tree(owner(), other.id())).extracting(NodeGroupView::parentId).containsOnlyNulls();
        assertThat(events(c.id(), "node_group.moved")).isEmpty();
    }

    @Test
    void theDatabaseItselfRefusesAParentOfAnotherCluster() throws SQLException {
        ClusterView c = cluster("grp-fk");
        ClusterView other = cluster("grp-fk-other");
        NodeGroupView child = groups.create(owner(), c.id(), null, "Child");
        NodeGroupView foreign = groups.create(owner(), other.id(), null, "Foreign");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update node_groups set parent_id = ? where id = ?")) {
            update.setObject(1, foreign.id());
            update.setObject(2, child.id());
            assertThatThrownBy(update::executeUpdate).isInstanceOf(SQLException.class)
                    .hasMessageContaining("node_groups_parent_fk");
        }
        assertThat(groups.tree(owner(), c.id())).extracting(NodeGroupView::parentId).containsOnlyNulls();
    }

    @Test
    void siblingNamesAreUniqueIgnoringCaseAtEveryLevel() {
        ClusterView c = cluster("grp-names");
        NodeGroupView a = groups.create(owner(), c.id(), null, "Racks");
        NodeGroupView b = groups.create(owner(), c.id(), null, "Spare");
        NodeGroupView inA = groups.create(owner(), c.id(), a.id(), "Row 1");
        groups.create(owner(), c.id(), b.id(), "Row 1"); // same name under another parent: fine

        assertCode(() -> groups.create(owner(), c.id(), null, "RACKS"), "group_name_taken");
        assertCode(() -> groups.create(owner(), c.id(), a.id(), "row 1"), "group_name_taken");
        assertCode(() -> groups.rename(owner(), c.id(), b.id(), b.version(), "racks"), "group_name_taken");
        // moving "Row 1" of Racks under Spare would put two "Row 1" side by side
        assertCode(() -> groups.move(owner(), c.id(), inA.id(), inA.version(), b.id()), "group_name_taken");
        // a case-only rename of the group itself is no clash
        assertThat(groups.rename(owner(), c.id(), a.id(), a.version(), "RACKS").name()).isEqualTo("RACKS");
        assertThat(groups.tree(owner(), c.id())).extracting(NodeGroupView::name)
                .containsExactly("RACKS", "Row 1", "Spare", "Row 1");
        assertThat(events(c.id(), "node_group.created")).hasSize(4);
    }

    @Test
    void badInputIsRefusedWithATypedErrorAndChangesNothing() {
        ClusterView c = cluster("grp-input");
        NodeGroupView g = groups.create(owner(), c.id(), null, "Group");
        List<NodeGroupView> before = groups.tree(owner(), c.id());
        long auditBefore = audit.listForCluster(owner(), c.id(), PAGE).total();

        assertThatThrownBy(() -> groups.create(owner(), c.id(), null, "  ")).isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("field", "name");
        assertThatThrownBy(() -> groups.create(owner(), c.id(), null, null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> groups.create(owner(), c.id(), null, "x".repeat(121)))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> groups.create(owner(), c.id(), null, "tab\there"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> groups.rename(owner(), c.id(), g.id(), g.version(), ""))
                .isInstanceOf(ValidationException.class);
        assertCode(() -> groups.create(owner(), c.id(), UUID.randomUUID(), "Orphan"), "not_found");
        assertCode(() -> groups.create(owner(), UUID.randomUUID(), null, "Nowhere"), "not_found");
        assertCode(() -> groups.rename(owner(), c.id(), UUID.randomUUID(), 0, "Ghost"), "not_found");
        assertCode(() -> groups.move(owner(), c.id(), g.id(), g.version(), UUID.randomUUID()), "not_found");
        assertCode(() -> groups.assign(owner(), c.id(), UUID.randomUUID(), g.id()), "not_found");
        assertThatThrownBy(() -> groups.assign(owner(), c.id(), UUID.randomUUID(), null))
                .isInstanceOf(ValidationException.class);
        assertCode(() -> nodes.list(owner(), c.id(), GroupFilter.within(UUID.randomUUID()), PAGE), "not_found");
        // a form built from an older version
        assertCode(() -> groups.rename(owner(), c.id(), g.id(), g.version() + 1, "Later"), "stale_version");
        assertCode(() -> groups.delete(owner(), c.id(), g.id(), g.version() + 1), "stale_version");

        assertThat(groups.tree(owner(), c.id())).isEqualTo(before);
        assertThat(audit.listForCluster(owner(), c.id(), PAGE).total()).isEqualTo(auditBefore);
    }

    @Test
    void onlyAnEmptyGroupCanBeDeleted() {
        ClusterView c = cluster("grp-delete");
        OrgFixtures.EnrolledNode node = fixtures.enrollHealthyNode(c, "grp-del-" + UUID.randomUUID().toString()
                .substring(0, 6));
        NodeGroupView parent = groups.create(owner(), c.id(), null, "Parent");
        NodeGroupView child = groups.create(owner(), c.id(), parent.id(), "Child");
        NodeGroupView filled = groups.create(owner(), c.id(), null, "Filled");
        groups.assign(owner(), c.id(), node.nodeId(), filled.id());

        assertCode(() -> groups.delete(owner(), c.id(), parent.id(), parent.version()), "group_not_empty");
        assertCode(() -> groups.delete(owner(), c.id(), filled.id(), filled.version()), "group_not_empty");
        assertThat(groups.tree(owner(), c.id())).hasSize(3);
        assertThat(events(c.id(), "node_group.deleted")).isEmpty();

        groups.delete(owner(), c.id(), child.id(), child.version());
        groups.delete(owner(), c.id(), parent.id(), parent.version());
        groups.unassign(owner(), c.id(), node.nodeId());
        groups.delete(owner(), c.id(), filled.id(), filled.version());
        assertThat(groups.tree(owner(), c.id())).isEmpty();
        assertThat(events(c.id(), "node_group.deleted")).hasSize(3);
    }

    @Test
    void aMembershipIsInAtMostOneGroupPerClusterAndTheNodeListsFilterByGroup() {
        ClusterView c = cluster("grp-member");
        ClusterView d = cluster("grp-member-d");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        OrgFixtures.EnrolledNode n1 = fixtures.enrollHealthyNode(c, "grp-m1-" + suffix);
        OrgFixtures.EnrolledNode n2 = fixtures.enrollHealthyNode(c, "grp-m2-" + suffix);
        OrgFixtures.EnrolledNode n3 = fixtures.enrollHealthyNode(c, "grp-m3-" + suffix);
        OrgFixtures.EnrolledNode inD = fixtures.enrollHealthyNode(d, "grp-md-" + suffix);
        NodeGroupView site = groups.create(owner(), c.id(), null, "Site");
        NodeGroupView rack = groups.create(owner(), c.id(), site.id(), "Rack");
        NodeGroupView other = groups.create(owner(), c.id(), null, "Other");
        NodeGroupView dGroup = groups.create(owner(), d.id(), null, "Site");

        groups.assign(owner(), c.id(), n1.nodeId(), other.id());
        groups.assign(owner(), c.id(), n1.nodeId(), rack.id()); // moves it: never in two groups
        groups.assign(owner(), c.id(), n1.nodeId(), rack.id()); // already there: no change, no event
        groups.assign(owner(), c.id(), n2.nodeId(), site.id());
        groups.assign(owner(), d.id(), inD.nodeId(), dGroup.id());

        List<NodeGroupView> tree = groups.tree(owner(), c.id());
        assertThat(group(tree, rack.id()).memberCount()).isEqualTo(1);
        assertThat(group(tree, site.id()).memberCount()).isEqualTo(1);
        assertThat(group(tree, other.id()).memberCount()).isZero();
        List<AuditView> assigned = events(c.id(), "node.group_assigned");
        assertThat(assigned).hasSize(3);
        assertThat(assigned).anySatisfy(e -> {
            assertThat(e.nodeId()).isEqualTo(n1.nodeId());
            assertThat(e.details()).containsEntry("groupId", rack.id().toString())
                    .containsEntry("previousGroupId", other.id().toString()).containsEntry("group", "Rack");
        });

        // a folder shows what is filed anywhere below it; the name column shows the group itself
        assertThat(nodes.list(owner(), c.id(), GroupFilter.within(site.id()), PAGE).items())
                .extracting(NodeSummary::name, NodeSummary::groupName)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(n1.name(), "Rack"),
                        org.assertj.core.groups.Tuple.tuple(n2.name(), "Site"));
        assertThat(nodes.list(owner(), c.id(), GroupFilter.within(rack.id()), PAGE).items())
                .extracting(NodeSummary::nodeId).containsExactly(n1.nodeId());
        assertThat(nodes.list(owner(), c.id(), GroupFilter.within(rack.id()), PAGE).total()).isEqualTo(1);
        assertThat(nodes.list(owner(), c.id(), GroupFilter.ungroupedOnly(), PAGE).items())
                .extracting(NodeSummary::nodeId).containsExactly(n3.nodeId());
        assertThat(nodes.list(owner(), c.id(), GroupFilter.within(other.id()), PAGE).items()).isEmpty();
        // the owner's all-cluster list takes a group of any cluster
        assertThat(nodes.list(owner(), null, GroupFilter.within(dGroup.id()), PAGE).items())
                .extracting(NodeSummary::nodeId, NodeSummary::groupName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(inD.nodeId(), "Site"));
        assertThat(nodes.detail(owner(), n1.nodeId()).memberships().get(0).groupName()).isEqualTo("Rack");

        groups.unassign(owner(), c.id(), n1.nodeId());
        groups.unassign(owner(), c.id(), n1.nodeId()); // in no group: no change, no event
        assertThat(events(c.id(), "node.group_unassigned")).hasSize(1)
                .allSatisfy(e -> assertThat(e.details()).containsEntry("previousGroupId", rack.id().toString()));
        assertThat(nodes.detail(owner(), c.id(), n1.nodeId()).memberships().get(0).groupId()).isNull();
        // a heartbeat (it updates the membership row) keeps the assignment
        groups.assign(owner(), c.id(), n3.nodeId(), other.id());
        fixtures.heartbeat(n3.nodeId(), c.id(), n3.key(), "healthy");
        assertThat(nodes.detail(owner(), c.id(), n3.nodeId()).memberships().get(0).groupId()).isEqualTo(other.id());
    }

    @Test
    void twoPeopleRenamingTheSameGroupAtOnceGetOneWinnerAndOneClearConflict() throws Exception {
        ClusterView c = cluster("grp-race");
        NodeGroupView g = groups.create(owner(), c.id(), null, "Original");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Object> outcomes = new ArrayList<>();
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (String name : List.of("First", "Second")) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return groups.rename(owner(), c.id(), g.id(), g.version(), name);
                    } catch (DomainException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).filteredOn(NodeGroupView.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).singleElement()
                .satisfies(e -> {
                    assertThat(((ConflictException) e).code()).isEqualTo("stale_version");
                    assertThat(((ConflictException) e).getMessage()).contains("reload the page");
                });
        String winner = outcomes.stream().filter(NodeGroupView.class::isInstance).map(o -> ((NodeGroupView) o).name())
                .findFirst().orElseThrow();
        assertThat(groups.tree(owner(), c.id())).extracting(NodeGroupView::name).containsExactly(winner);
        assertThat(events(c.id(), "node_group.renamed")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("to", winner));
    }

    private static void assertCode(ThrowingCallable call, String code) {
        assertThat(catchThrowable(call)).isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo(code));
    }

    private List<AuditView> events(UUID clusterId, String type) {
        return audit.list(owner(), AuditFilter.none().withCluster(clusterId).withEventType(type), PAGE).items();
    }

    private AuditView single(UUID clusterId, String type) {
        List<AuditView> found = events(clusterId, type);
        assertThat(found).as(type).hasSize(1);
        return found.get(0);
    }
}
