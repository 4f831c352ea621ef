package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.AdminGrant;
import io.rap.fabric.domain.access.AdminGrantService;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.access.NewAdminGrant;
import io.rap.fabric.domain.access.StepUpRequiredException;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.cluster.NewCluster;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinRequestView;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.link.LinkInventory;
import io.rap.fabric.domain.group.NodeGroupService;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.node.GroupFilter;
import io.rap.fabric.domain.node.NodeDetail;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.NodeSummary;
import io.rap.fabric.domain.role.RoleAssignmentService;
import io.rap.fabric.domain.role.RoleAssignmentView;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.trust.NodeCertificateService;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.domain.workload.WorkloadView;
import io.rap.fabric.protocol.Keys;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cluster isolation per domain service method, against the real database: the admin of cluster X
 * reads and changes X only (Y's objects through X are "not found", Y itself is refused), people
 * without a cluster grant and organization admins are refused, the platform owner is allowed,
 * owner-only methods stay owner-only, and every mutation is audited with the person as actor.
 * Each outcome is also written as a row of the isolation matrix report
 * ({@code cluster-isolation-matrix.txt} in the server's log directory).
 */
@ExtendWith(ArquillianExtension.class)
class ClusterAdminIsolationIT {

    private static final PageRequest PAGE = PageRequest.first(200);

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(ClusterAdminIsolationIT.class, TrustFixtures.class, OrgFixtures.class,
                OrgFixtures.Tenant.class, OrgFixtures.EnrolledNode.class, Side.class, DomainMatrix.class);
    }

    @Inject OrgFixtures fixtures;
    @Inject ClusterService clusters;
    @Inject NodeService nodes;
    @Inject EnrollmentService enrollments;
    @Inject JoinTokenService tokens;
    @Inject RoleAssignmentService roles;
    @Inject WorkloadService workloads;
    @Inject AuditService audit;
    @Inject LinkInventory links;
    @Inject NodeGroupService groups;
    @Inject AdminGrantService grants;
    @Inject NodeCertificateService certificates;

    /** One cluster with everything a cluster admin can see or touch, names carrying a marker. */
    record Side(String marker, ClusterView cluster, UUID nodeId, KeyPair key, UUID requestId, UUID assignmentId,
                UUID workloadId, UUID groupId, Caller admin) {
    }

    private static Caller owner() {
        return TrustFixtures.owner();
    }

    private Side side(String prefix) {
        String marker = prefix + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        ClusterView cluster = TrustFixtures.newCluster(clusters, marker.toLowerCase(Locale.ROOT));
        KeyPair key = Keys.generateP256();
        UUID nodeId = enrollments.approve(owner(), submit(cluster, key, "node-" + marker)).approvedNodeId();
        fixtures.heartbeat(nodeId, cluster.id(), key, "healthy");
        UUID assignmentId = roles.assign(owner(), cluster.id(), nodeId, "relay", null).id();
        UUID workloadId = workloads.setWorkload(owner(), cluster.id(), nodeId, "echo-" + marker.toLowerCase(Locale.ROOT),
                RoleCatalog.SYNTHETIC_ECHO, Map.of()).id();
        UUID requestId = submit(cluster, Keys.generateP256(), "pending-" + marker);
        UUID groupId = groups.create(owner(), cluster.id(), null, "group-" + marker).id();
        groups.assign(owner(), cluster.id(), nodeId, groupId);
        String username = "ca-" + marker.toLowerCase(Locale.ROOT);
        fixtures.grantCluster(username, cluster.id());
        return new Side(marker, cluster, nodeId, key, requestId, assignmentId, workloadId, groupId,
                OrgFixtures.clusterAdmin(username));
    }

    private UUID submit(ClusterView cluster, KeyPair key, String name) {
        IssuedJoinToken token = tokens.issue(owner(), new NewJoinToken(cluster.id(), null, null, null, null));
        return enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name, List.of("can_relay"),
                List.of())).requestId();
    }

    /** Every cluster-scoped read and mutation a cluster admin may use, aimed at {@code s}. */
    private Map<String, ThrowingCallable> clusterMethods(Caller caller, Side s) {
        UUID c = s.cluster().id();
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("clusters.get", () -> clusters.get(caller, c));
        calls.put("nodes.list", () -> nodes.list(caller, c, PAGE));
        calls.put("nodes.detail", () -> nodes.detail(caller, c, s.nodeId()));
        calls.put("nodes.healthCounts", () -> nodes.healthCounts(caller, c));
        calls.put("enrollments.list", () -> enrollments.list(caller, c, null, PAGE));
        calls.put("roles.listForCluster", () -> roles.listForCluster(caller, c, PAGE));
        calls.put("roles.listForNode", () -> roles.listForNode(caller, s.nodeId(), c, PAGE));
        calls.put("workloads.listForCluster", () -> workloads.listForCluster(caller, c, PAGE));
        calls.put("workloads.listForNode", () -> workloads.listForNode(caller, s.nodeId(), c, PAGE));
        calls.put("workloads.unrequested", () -> workloads.unrequested(caller, s.nodeId(), c));
        calls.put("audit.listForCluster", () -> audit.listForCluster(caller, c, PAGE));
        calls.put("enrollments.reject", () -> enrollments.reject(caller, c, s.requestId(), "intruder"));
        calls.put("enrollments.approve", () -> enrollments.approve(caller, c, s.requestId()));
        calls.put("enrollments.approveAll", () -> enrollments.approveAll(caller, c, List.of(s.requestId())));
        calls.put("roles.disable", () -> roles.disable(caller, c, s.assignmentId()));
        calls.put("roles.assign", () -> roles.assign(caller, c, s.nodeId(), "core-mesh", null));
        calls.put("workloads.disable", () -> workloads.disable(caller, c, s.workloadId()));
        calls.put("workloads.enable", () -> workloads.enable(caller, c, s.workloadId()));
        calls.put("groups.tree", () -> groups.tree(caller, c));
        calls.put("nodes.list (by group)", () -> nodes.list(caller, c, GroupFilter.within(s.groupId()), PAGE));
        calls.put("groups.create", () -> groups.create(caller, c, s.groupId(), "sub"));
        calls.put("groups.rename", () -> groups.rename(caller, c, s.groupId(), 0, "renamed"));
        calls.put("groups.move", () -> groups.move(caller, c, s.groupId(), 0, null));
        calls.put("groups.delete", () -> groups.delete(caller, c, s.groupId(), 0));
        calls.put("groups.assign", () -> groups.assign(caller, c, s.nodeId(), s.groupId()));
        calls.put("groups.unassign", () -> groups.unassign(caller, c, s.nodeId()));
        return calls;
    }

    /** Methods that stay with the platform owner even inside the admin's own cluster. */
    private Map<String, ThrowingCallable> ownerOnlyMethods(Caller caller, Side s) {
        UUID c = s.cluster().id();
        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("clusters.list (all)", () -> clusters.list(caller, PAGE));
        calls.put("clusters.changeAuthority", () -> clusters.changeAuthority(caller, c, "degraded", "x"));
        calls.put("nodes.list (all clusters)", () -> nodes.list(caller, null, PAGE));
        calls.put("nodes.detail (every membership)", () -> nodes.detail(caller, s.nodeId()));
        calls.put("nodes.revokeIdentity", () -> nodes.revokeIdentity(caller, s.nodeId(), c, "x"));
        calls.put("nodes.disableMembership", () -> nodes.disableMembership(caller, s.nodeId(), c, "x"));
        calls.put("enrollments.list (all clusters)", () -> enrollments.list(caller, null, null, PAGE));
        calls.put("enrollments.approve (owner console)", () -> enrollments.approve(caller, s.requestId()));
        calls.put("enrollments.approveAll (owner console)", () -> enrollments.approveAll(caller,
                List.of(s.requestId())));
        calls.put("enrollments.reject (owner console)", () -> enrollments.reject(caller, s.requestId(), "x"));
        calls.put("roles.listForNode (all clusters)", () -> roles.listForNode(caller, s.nodeId(), null, PAGE));
        calls.put("workloads.setWorkload", () -> workloads.setWorkload(caller, c, s.nodeId(), "new", "process",
                Map.of()));
        calls.put("tokens.issue", () -> tokens.issue(caller, new NewJoinToken(c, null, null, null, null)));
        calls.put("audit.list (unscoped)", () -> audit.list(caller, AuditFilter.none().withCluster(c), PAGE));
        calls.put("audit.verifyChain", () -> audit.verifyChain(caller));
        // route health is core mesh topology: the owner's only, even for the cluster's own admin
        calls.put("links.listForNode", () -> links.listForNode(caller, s.nodeId(), PAGE));
        calls.put("links.summary", () -> links.summary(caller, c));
        calls.put("clusters.create", () -> clusters.create(caller, new NewCluster("Mine", "mine-" + s.marker()
                .toLowerCase(Locale.ROOT), "eu", null)));
        calls.put("tokens.list", () -> tokens.list(caller, c, PAGE));
        calls.put("tokens.revoke", () -> tokens.revoke(caller, UUID.randomUUID()));
        calls.put("grants.list", () -> grants.list(caller, true, PAGE));
        calls.put("grants.grant", () -> grants.grant(caller, new NewAdminGrant(caller.username(), AdminGrant.CLUSTER,
                UUID.randomUUID())));
        calls.put("grants.revoke", () -> grants.revoke(caller, UUID.randomUUID()));
        // asking a node to rotate leads to issuing a certificate: trust material, the owner's only
        String serial = certificates.certificates(owner(), s.nodeId()).get(0).serial();
        calls.put("certificates.requestRotation", () -> certificates.requestRotation(caller, c, serial, "x"));
        calls.put("certificates.cancelRotationRequest", () -> certificates.cancelRotationRequest(caller, c,
                UUID.randomUUID()));
        return calls;
    }

    private static void report(String who, String what, String expected, String got) {
        DomainMatrix.row(DomainMatrix.CLUSTER, who, what, expected, got);
    }

    private static void expectDenied(String who, Map<String, ThrowingCallable> calls,
                                     Class<? extends Throwable> expected) {
        DomainMatrix.expectDenied(DomainMatrix.CLUSTER, who, calls, expected);
    }

    private void assertUnchanged(Side s) {
        assertThat(enrollments.list(owner(), s.cluster().id(), null, PAGE).items())
                .filteredOn(r -> r.id().equals(s.requestId())).extracting(JoinRequestView::status)
                .containsExactly("pending");
        assertThat(roles.listForCluster(owner(), s.cluster().id(), PAGE).items())
                .extracting(RoleAssignmentView::id, RoleAssignmentView::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(s.assignmentId(), "active"));
        assertThat(workloads.listForCluster(owner(), s.cluster().id(), PAGE).items())
                .extracting(WorkloadView::desired).containsExactly("enabled");
        assertThat(groups.tree(owner(), s.cluster().id())).extracting(NodeGroupView::id, NodeGroupView::name,
                        NodeGroupView::memberCount, NodeGroupView::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(s.groupId(), "group-" + s.marker(), 1L, 0L));
    }

    @Test
    void aClusterAdminIsRefusedEveryMethodOfAnotherClusterAndNothingChanges() {
        Side x = side("CX");
        Side y = side("CY");
        long before = audit.listForCluster(owner(), y.cluster().id(), PAGE).total();

        expectDenied("cluster admin of X on Y", clusterMethods(x.admin(), y), AccessDeniedException.class);

        assertUnchanged(y);
        // only the refused mutations (audited in their own transaction) were added to Y's log
        List<AuditView> added = audit.listForCluster(owner(), y.cluster().id(), PageRequest.first(50)).items()
                .subList(0, (int) (audit.listForCluster(owner(), y.cluster().id(), PAGE).total() - before));
        assertThat(added).isNotEmpty().allSatisfy(e -> {
            assertThat(e.eventType()).endsWith("_refused");
            assertThat(e.actor()).isEqualTo(x.admin().username());
        });
    }

    @Test
    void anotherClustersIdsThroughOnesOwnClusterAreNotFound() {
        Side x = side("CX");
        Side y = side("CY");
        UUID cx = x.cluster().id();
        Caller admin = x.admin();

        Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
        calls.put("nodes.detail with Y's node", () -> nodes.detail(admin, cx, y.nodeId()));
        calls.put("enrollments.approve with Y's request", () -> enrollments.approve(admin, cx, y.requestId()));
        calls.put("enrollments.approveAll with Y's request", () -> enrollments.approveAll(admin, cx,
                List.of(x.requestId(), y.requestId())));
        calls.put("enrollments.reject with Y's request", () -> enrollments.reject(admin, cx, y.requestId(), "x"));
        calls.put("roles.disable with Y's assignment", () -> roles.disable(admin, cx, y.assignmentId()));
        calls.put("roles.assign to Y's node", () -> roles.assign(admin, cx, y.nodeId(), "relay", null));
        calls.put("workloads.disable with Y's workload", () -> workloads.disable(admin, cx, y.workloadId()));
        calls.put("workloads.enable with Y's workload", () -> workloads.enable(admin, cx, y.workloadId()));
        calls.put("groups.create under Y's group", () -> groups.create(admin, cx, y.groupId(), "x"));
        calls.put("groups.rename of Y's group", () -> groups.rename(admin, cx, y.groupId(), 0, "x"));
        calls.put("groups.move of Y's group", () -> groups.move(admin, cx, y.groupId(), 0, null));
        calls.put("groups.move under Y's group", () -> groups.move(admin, cx, x.groupId(), 0, y.groupId()));
        calls.put("groups.delete of Y's group", () -> groups.delete(admin, cx, y.groupId(), 0));
        calls.put("groups.assign to Y's group", () -> groups.assign(admin, cx, x.nodeId(), y.groupId()));
        calls.put("groups.assign of Y's node", () -> groups.assign(admin, cx, y.nodeId(), x.groupId()));
        calls.put("groups.unassign of Y's node", () -> groups.unassign(admin, cx, y.nodeId()));
        calls.put("nodes.list by Y's group", () -> nodes.list(admin, cx, GroupFilter.within(y.groupId()), PAGE));
        expectDenied("cluster admin of X, Y's ids in X", calls, NotFoundException.class);

        // reads by X with Y's node id: empty, never Y's rows
        assertThat(roles.listForNode(admin, y.nodeId(), cx, PAGE).items()).isEmpty();
        assertThat(workloads.listForNode(admin, y.nodeId(), cx, PAGE).items()).isEmpty();
        assertThat(workloads.unrequested(admin, y.nodeId(), cx)).isEmpty();
        report("cluster admin of X, Y's ids in X", "list reads with Y's node id", "empty", "empty");
        assertUnchanged(y);
    }

    @Test
    void peopleWithoutAGrantForTheClusterAreRefused() {
        Side x = side("CX");
        Caller noGrant = OrgFixtures.clusterAdmin("ca-nogrant-" + UUID.randomUUID().toString().substring(0, 6));
        expectDenied("cluster-admin role without grant", clusterMethods(noGrant, x), AccessDeniedException.class);

        // a grant without the cluster-admin realm role counts for nothing
        String username = "oa-" + UUID.randomUUID().toString().substring(0, 6);
        fixtures.grantCluster(username, x.cluster().id());
        Caller orgAdmin = OrgFixtures.orgAdmin(username);
        expectDenied("org admin (with a cluster grant row)", clusterMethods(orgAdmin, x), AccessDeniedException.class);

        Caller plain = new Caller("plain-sub", "plain", Set.of(), Optional.of(Instant.now()));
        expectDenied("logged-in user without grant", clusterMethods(plain, x), AccessDeniedException.class);
        expectDenied("anonymous", clusterMethods(null, x), AccessDeniedException.class);

        assertThat(clusters.listAdministered(noGrant, PAGE).total()).isZero();
        assertThat(clusters.listAdministered(orgAdmin, PAGE).total()).isZero();
        assertThatThrownBy(() -> clusters.listAdministered(null, PAGE)).isInstanceOf(AccessDeniedException.class);
        assertUnchanged(x);
    }

    @Test
    void ownerOnlyMethodsStayOwnerOnlyForTheClustersOwnAdmin() {
        Side x = side("CX");
        expectDenied("cluster admin of X on owner-only methods", ownerOnlyMethods(x.admin(), x),
                AccessDeniedException.class);
        assertUnchanged(x);
        assertThat(clusters.get(owner(), x.cluster().id()).authorityState()).isEqualTo("healthy");
        assertThat(certificates.certificates(owner(), x.nodeId())).allSatisfy(c ->
                assertThat(c.rotationRequest()).isNull());
    }

    @Test
    void theClusterAdminSeesExactlyTheirClusterAndNoTrustMaterial() {
        Side x = side("CX");
        Side y = side("CY");
        Caller admin = x.admin();
        UUID cx = x.cluster().id();
        UUID shared = x.nodeId();

        assertThat(clusters.listAdministered(admin, PAGE).items()).extracting(ClusterView::id).containsExactly(cx);
        assertThat(nodes.list(admin, cx, PAGE).items()).extracting(NodeSummary::nodeId).containsExactly(shared);
        NodeDetail detail = nodes.detail(admin, cx, shared);
        assertThat(detail.memberships()).extracting(NodeDetail.Membership::clusterId).containsExactly(cx);
        assertThat(detail.hostFingerprint()).isNull();
        assertThat(detail.memberships().get(0).certificateSerial()).isNull();
        assertThat(detail.memberships().get(0).health()).isEqualTo("healthy");
        assertThat(nodes.healthCounts(admin, cx)).containsExactly(Map.entry("healthy", 1L));
        assertThat(enrollments.list(admin, cx, "pending", PAGE).items()).extracting(JoinRequestView::id)
                .containsExactly(x.requestId());
        assertThat(roles.listForCluster(admin, cx, PAGE).items()).extracting(RoleAssignmentView::id)
                .containsExactly(x.assignmentId());
        assertThat(workloads.listForCluster(admin, cx, PAGE).items()).extracting(WorkloadView::id)
                .containsExactly(x.workloadId());
        assertThat(groups.tree(admin, cx)).extracting(NodeGroupView::id).containsExactly(x.groupId());
        assertThat(nodes.list(admin, cx, GroupFilter.within(x.groupId()), PAGE).items())
                .extracting(NodeSummary::nodeId, NodeSummary::groupName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(shared, "group-" + x.marker()));

        List<AuditView> events = audit.listForCluster(admin, cx, PAGE).items();
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.clusterId()).isEqualTo(cx);
            assertThat(e.details()).doesNotContainKeys("serial", "keyThumbprint", "oldSerial", "newSerial");
            assertThat(e.actor()).doesNotStartWith("agent:");
            assertThat(e.details().values()).noneMatch(v -> v != null && v.contains(y.marker()));
        });
        assertThat(events).extracting(AuditView::eventType).contains("node.certificate_issued", "role.assigned",
                "join_request.received");

        // the owner reads X through the same methods
        assertThatCode(() -> clusterMethods(owner(), x).entrySet().stream().limit(11)
                .forEach(e -> {
                    try {
                        e.getValue().call();
                        report("platform owner", e.getKey(), "allow", "allowed");
                    } catch (Throwable t) {
                        throw new AssertionError(e.getKey(), t);
                    }
                })).doesNotThrowAnyException();
        report("cluster admin of X on X", "every read", "allow, X only", "X only");
    }

    @Test
    void theClusterAdminsMutationsNeedStepUpAndAreAuditedWithThePersonAsActor() {
        Side x = side("CX");
        UUID cx = x.cluster().id();
        Caller admin = x.admin();
        Caller withoutStepUp = new Caller(admin.subject(), admin.username(), Set.of(Caller.CLUSTER_ADMIN),
                Optional.empty());

        Map<String, ThrowingCallable> mutations = new LinkedHashMap<>(clusterMethods(withoutStepUp, x));
        mutations.keySet().retainAll(Set.of("enrollments.reject", "enrollments.approve", "roles.disable",
                "roles.assign", "workloads.disable", "workloads.enable"));
        expectDenied("cluster admin of X without step-up", mutations, StepUpRequiredException.class);
        assertUnchanged(x);
        assertThat(events(cx, "join_request.approval_refused")).extracting(AuditView::actor)
                .containsExactly(admin.username());

        JoinRequestView approved = enrollments.approve(admin, cx, x.requestId());
        assertThat(approved.status()).isEqualTo("approved");
        assertThat(approved.reviewedBy()).isEqualTo(admin.username());
        UUID second = submit(x.cluster(), Keys.generateP256(), "second-" + x.marker());
        assertThat(enrollments.reject(admin, cx, second, "unknown host").status()).isEqualTo("rejected");
        assertThat(roles.disable(admin, cx, x.assignmentId()).status()).isNotEqualTo("active");
        assertThat(roles.assign(admin, cx, x.nodeId(), "relay", null).status()).isEqualTo("active");
        assertThat(workloads.disable(admin, cx, x.workloadId()).desired()).isEqualTo("disabled");
        assertThat(workloads.enable(admin, cx, x.workloadId()).desired()).isEqualTo("enabled");

        for (String type : List.of("join_request.approved", "join_request.rejected", "role.removed",
                "role.assigned", "workload.disabled", "workload.enabled")) {
            List<AuditView> found = events(cx, type).stream().filter(e -> e.actor().equals(admin.username())).toList();
            report("cluster admin of X on X", type, "allow, audited as the person",
                    found.isEmpty() ? "NOT AUDITED" : "audited");
            assertThat(found).as(type).hasSize(1);
            assertThat(found.get(0).actorKind()).isEqualTo("person");
        }
    }

    private List<AuditView> events(UUID clusterId, String type) {
        return audit.list(owner(), AuditFilter.none().withCluster(clusterId).withEventType(type), PAGE).items();
    }
}
