package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentOutcome;
import io.rap.fabric.domain.enrollment.EnrollmentRefusedException;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinRequestReview;
import io.rap.fabric.domain.enrollment.JoinRequestView;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.node.HostFactsRecord;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.protocol.Keys;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The join-request review inside the deployed application: roles must exist in the catalog, and
 * the review view compares requested roles with the token's allow-list and the reported
 * capabilities, and flags keys and hosts that are already enrolled.
 */
@ExtendWith(ArquillianExtension.class)
class JoinRequestReviewIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(JoinRequestReviewIT.class, TrustFixtures.class);
    }

    @Inject
    ClusterService clusters;

    @Inject
    JoinTokenService tokens;

    @Inject
    EnrollmentService enrollments;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final Caller owner = TrustFixtures.owner();

    private ClusterView newCluster() {
        return TrustFixtures.newCluster(clusters, "rv");
    }

    private IssuedJoinToken token(ClusterView cluster, List<String> allowedRoles) {
        return tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 5, allowedRoles));
    }

    private EnrollmentOutcome submit(IssuedJoinToken token, KeyPair key, String name, HostFactsRecord facts,
                                     List<String> capabilities, List<String> roles) {
        return enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name, facts, capabilities, roles,
                TrustFixtures.uniqueSourceAddress()));
    }

    private JoinRequestView listed(UUID clusterId, UUID requestId) {
        return enrollments.list(owner, clusterId, null, PageRequest.first(50)).items().stream()
                .filter(r -> r.id().equals(requestId)).findFirst().orElseThrow();
    }

    private long count(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    @Test
    void aTokenNamingAnUnknownRoleIsRefusedNotStoredAndTheAttemptAudited() throws Exception {
        ClusterView cluster = newCluster();
        assertThatThrownBy(() -> token(cluster, List.of("relay", "relay-node")))
                .isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("code", "invalid_input")
                .hasMessageContaining("relay-node").hasMessageContaining("core-mesh");
        assertThat(count("select count(*) from node_join_tokens where cluster_id = ?", cluster.id())).isZero();
        assertThat(count("select count(*) from cluster_audit_events where cluster_id = ?"
                + " and event_type = 'join_token.created'", cluster.id())).isZero();
        assertThat(count("select count(*) from cluster_audit_events where cluster_id = ?"
                + " and event_type = 'join_token.creation_refused' and actor = 'it-owner'"
                + " and details->>'code' = 'invalid_input' and details->>'unknownRoles' = 'relay-node'", cluster.id()))
                .isEqualTo(1);

        // every role of the catalog is accepted
        assertThat(token(cluster, List.of("core-mesh", "relay", "entry-node", "service-host")).id()).isNotNull();
    }

    @Test
    void aRequestNamingAnUnknownRoleIsRefusedWithRoleUnknownAndConsumesNothing() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken anyRole = token(cluster, null);
        assertThatThrownBy(() -> submit(anyRole, Keys.generateP256(), "node-unknown-role",
                TrustFixtures.facts("node-unknown-role"), List.of(), List.of("relay", "teleporter")))
                .isInstanceOf(EnrollmentRefusedException.class)
                .hasFieldOrPropertyWithValue("code", "role_unknown")
                .hasMessageContaining("teleporter");
        assertThat(count("select count(*) from node_join_requests where cluster_id = ?", cluster.id())).isZero();
        assertThat(count("select used_count from node_join_tokens where id = ?", anyRole.id())).isZero();
        assertThat(count("select count(*) from cluster_audit_events where cluster_id = ?"
                + " and event_type = 'join_request.refused' and details->>'code' = 'role_unknown'"
                + " and target_type = 'join_token' and target_id = ?", cluster.id(), anyRole.id().toString()))
                .as("role_unknown audited with the token").isEqualTo(1);
    }

    @Test
    void reviewComparesRolesWithTheAllowListNowAndCapabilitiesWithTheCatalog() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = token(cluster, List.of("core-mesh", "relay"));
        EnrollmentOutcome pending = submit(token, Keys.generateP256(), "node-review",
                TrustFixtures.facts("node-review"), List.of("can_route_mesh"), List.of("core-mesh", "relay"));

        JoinRequestReview review = listed(cluster.id(), pending.requestId()).review();
        assertThat(review.roles()).containsExactly(
                new JoinRequestReview.RoleCheck("core-mesh", true, true, "can_route_mesh", true),
                new JoinRequestReview.RoleCheck("relay", true, true, "can_relay", false));
        assertThat(review.missingCapabilities()).containsExactly("can_relay");
        assertThat(review.tokenAllowedRoles()).containsExactly("core-mesh", "relay");
        assertThat(review.rolesOutsideAllowList()).isFalse();
        assertThat(review.keyAlreadyEnrolled()).isFalse();
        assertThat(review.hostAlreadyEnrolled()).isFalse();
        assertThat(review.needsAttention()).isTrue();

        // The allow-list is read when the page asks, not copied at submission: narrowed (as an
        // operator fixing a token in the database would) and revoked, the review says so.
        execute("update node_join_tokens set allowed_roles = '[\"core-mesh\"]'::jsonb where id = ?", token.id());
        tokens.revoke(owner, token.id());
        JoinRequestReview now = listed(cluster.id(), pending.requestId()).review();
        assertThat(now.roles()).extracting(r -> r.role() + "/" + r.allowed())
                .containsExactly("core-mesh/true", "relay/false");
        assertThat(now.rolesOutsideAllowList()).isTrue();
        assertThat(now.tokenStatus()).isEqualTo("revoked");
        assertThat(now.tokenRevoked()).isTrue();
    }

    @Test
    void reviewFlagsAKeyAndAHostThatAreAlreadyEnrolledAndNamesTheNodes() {
        ClusterView first = newCluster();
        ClusterView second = newCluster();
        KeyPair key = Keys.generateP256();
        HostFactsRecord host = TrustFixtures.facts("host-" + UUID.randomUUID());
        EnrollmentOutcome original = submit(token(first, null), key, "node-original", host, List.of(), List.of());
        UUID nodeId = enrollments.approve(owner, original.requestId()).approvedNodeId();

        IssuedJoinToken secondToken = token(second, null);
        EnrollmentOutcome sameKey = submit(secondToken, key, "node-same-key",
                TrustFixtures.facts("other-" + UUID.randomUUID()), List.of(), List.of());
        EnrollmentOutcome sameHost = submit(secondToken, Keys.generateP256(), "node-same-host", host, List.of(),
                List.of());
        EnrollmentOutcome fresh = submit(secondToken, Keys.generateP256(), "node-fresh",
                TrustFixtures.facts("fresh-" + UUID.randomUUID()), List.of(), List.of());

        // one page holds all three; each gets its own findings
        List<JoinRequestView> page = enrollments.list(owner, second.id(), "pending", PageRequest.first(10)).items();
        assertThat(page).hasSize(3);
        JoinRequestReview keyReview = page.stream().filter(r -> r.id().equals(sameKey.requestId())).findFirst()
                .orElseThrow().review();
        assertThat(keyReview.keyAlreadyEnrolled()).isTrue();
        assertThat(keyReview.keyEnrolledAs()).singleElement().satisfies(n -> {
            assertThat(n.nodeId()).isEqualTo(nodeId);
            assertThat(n.nodeName()).isEqualTo("node-original");
            assertThat(n.clusterId()).isEqualTo(first.id());
            assertThat(n.clusterName()).isEqualTo(first.name());
            assertThat(n.status()).isEqualTo("active");
        });
        assertThat(keyReview.hostAlreadyEnrolled()).isFalse();

        JoinRequestReview hostReview = page.stream().filter(r -> r.id().equals(sameHost.requestId())).findFirst()
                .orElseThrow().review();
        assertThat(hostReview.hostAlreadyEnrolled()).isTrue();
        assertThat(hostReview.hostMatches()).isEqualTo(1);
        assertThat(hostReview.hostEnrolledAs()).singleElement().satisfies(n -> {
            assertThat(n.nodeName()).isEqualTo("node-original");
            assertThat(n.clusterName()).isEqualTo(first.name());
        });
        assertThat(hostReview.keyAlreadyEnrolled()).isFalse();

        JoinRequestReview freshReview = page.stream().filter(r -> r.id().equals(fresh.requestId())).findFirst()
                .orElseThrow().review();
        assertThat(freshReview.needsAttention()).isFalse();

        // the approved request is not flagged by the node its own approval created
        JoinRequestReview approvedReview = listed(first.id(), original.requestId()).review();
        assertThat(approvedReview.keyAlreadyEnrolled()).isFalse();
        assertThat(approvedReview.hostAlreadyEnrolled()).isFalse();

        // approving stays possible: the owner decides, the flags only inform
        assertThat(enrollments.approve(owner, sameHost.requestId()).status()).isEqualTo("approved");
    }

    @Test
    void theListFiltersByClusterAndStatusInSqlAndRefusesAnUnknownStatus() {
        ClusterView a = newCluster();
        ClusterView b = newCluster();
        IssuedJoinToken tokenA = token(a, null);
        EnrollmentOutcome pendingA = submit(tokenA, Keys.generateP256(), "filter-pending-a",
                TrustFixtures.facts("fa-" + UUID.randomUUID()), List.of(), List.of());
        EnrollmentOutcome rejectedA = submit(tokenA, Keys.generateP256(), "filter-rejected-a",
                TrustFixtures.facts("fr-" + UUID.randomUUID()), List.of(), List.of());
        enrollments.reject(owner, rejectedA.requestId(), "not ours");
        EnrollmentOutcome pendingB = submit(token(b, null), Keys.generateP256(), "filter-pending-b",
                TrustFixtures.facts("fb-" + UUID.randomUUID()), List.of(), List.of());

        assertThat(enrollments.list(owner, a.id(), "pending", PageRequest.first(10)).items())
                .extracting(JoinRequestView::id).containsExactly(pendingA.requestId());
        assertThat(enrollments.list(owner, a.id(), "rejected", PageRequest.first(10)).items())
                .extracting(JoinRequestView::id).containsExactly(rejectedA.requestId());
        assertThat(enrollments.list(owner, a.id(), " ", PageRequest.first(10)).total()).isEqualTo(2);
        assertThat(enrollments.list(owner, b.id(), "pending", PageRequest.first(10)).items())
                .extracting(JoinRequestView::id).containsExactly(pendingB.requestId());
        assertThat(enrollments.list(owner, b.id(), "approved", PageRequest.first(10)).total()).isZero();
        // the owner's all-cluster list narrows by status too (its first page belongs to the whole suite)
        assertThat(enrollments.list(owner, null, "rejected", PageRequest.first(10)).items())
                .extracting(JoinRequestView::status).containsOnly("rejected");

        assertThatThrownBy(() -> enrollments.list(owner, a.id(), "approvedd", PageRequest.first(10)))
                .isInstanceOf(ValidationException.class)
                .hasFieldOrPropertyWithValue("code", "invalid_input")
                .hasFieldOrPropertyWithValue("field", "status")
                .hasMessageContaining("pending, approved, rejected, expired");
        // scope comes first: someone without a grant is refused whatever the filter says
        Caller stranger = TrustFixtures.personWithRole("cluster-admin", "filter-" + UUID.randomUUID().toString().substring(0, 6));
        assertThatThrownBy(() -> enrollments.list(stranger, a.id(), "approvedd", PageRequest.first(10)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> enrollments.list(stranger, null, "pending", PageRequest.first(10)))
                .isInstanceOf(AccessDeniedException.class);
    }
}
