package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.access.StepUpRequiredException;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.AuthorityNotHealthyException;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentOutcome;
import io.rap.fabric.domain.enrollment.EnrollmentRefusedException;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinRequestExpiry;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.NodeAuthenticationException;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trust guards inside the deployed application: the authority guard, join-request expiry,
 * token use under a burst, identity revocation and disabled memberships. Every refusal changes
 * nothing but leaves an audit event where the issue asks for one.
 */
@ExtendWith(ArquillianExtension.class)
class TrustGuardsIT {

    private static final URI BASE = URI.create("https://control.example/node-api/v1");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(TrustGuardsIT.class, TrustFixtures.class);
    }

    @Inject
    ClusterService clusters;

    @Inject
    JoinTokenService tokens;

    @Inject
    EnrollmentService enrollments;

    @Inject
    JoinRequestExpiry expiry;

    @Inject
    NodeService nodes;

    @Inject
    AuditService audit;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final Caller owner = TrustFixtures.owner();
    private final Caller ownerWithoutStepUp = TrustFixtures.ownerWithoutStepUp();
    private final Caller clusterAdmin = TrustFixtures.personWithRole(Caller.CLUSTER_ADMIN, "it-cluster-admin");

    private ClusterView newCluster() {
        return TrustFixtures.newCluster(clusters, "tg");
    }

    private EnrollmentOutcome submit(String rawToken, KeyPair key, String name) {
        return enrollments.submit(TrustFixtures.submission(rawToken, key, name, List.of(), List.of()));
    }

    private EnrollmentOutcome pendingRequest(ClusterView cluster, KeyPair key, String name) {
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        return submit(token.rawToken(), key, name);
    }

    private List<AuditView> events(AuditFilter filter) {
        return audit.list(owner, filter, PageRequest.first(200)).items();
    }

    private List<String> eventTypes(UUID clusterId) {
        return events(AuditFilter.none().withCluster(clusterId)).stream().map(AuditView::eventType).toList();
    }

    private EnrollmentOutcome poll(UUID requestId, KeyPair key) {
        URI uri = URI.create(BASE + "/enrollments/" + requestId);
        return enrollments.status(requestId, new SignedRequest(NodeProof.create(key, "GET", uri, new byte[0],
                Instant.now()), "GET", uri, null));
    }

    private void heartbeat(UUID nodeId, UUID clusterId, KeyPair key) {
        URI uri = URI.create(BASE + "/nodes/" + nodeId + "/heartbeats");
        byte[] body = ("{\"clusterId\":\"" + clusterId + "\"}").getBytes(StandardCharsets.UTF_8);
        nodes.recordHeartbeat(nodeId, new SignedRequest(NodeProof.create(key, "POST", uri, body, Instant.now()), "POST",
                uri, body), new HeartbeatReport(clusterId, "healthy", "it", Instant.now(), "[]", null));
    }

    private long count(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
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
    void minorityPartitionRefusesApprovalAuditsTheAttemptAndChangesNothingElse() throws Exception {
        ClusterView cluster = newCluster();
        KeyPair key = Keys.generateP256();
        EnrollmentOutcome pending = pendingRequest(cluster, key, "node-partition");

        ClusterView partitioned = clusters.changeAuthority(owner, cluster.id(), "minority_partition", "lost quorum");
        assertThat(partitioned.authorityState()).isEqualTo("minority_partition");
        assertThat(partitioned.authorityTerm()).isEqualTo(2);

        assertThatThrownBy(() -> enrollments.approve(owner, pending.requestId()))
                .isInstanceOf(AuthorityNotHealthyException.class)
                .hasFieldOrPropertyWithValue("code", "authority_not_healthy");

        assertThat(poll(pending.requestId(), key).status()).isEqualTo("pending");
        assertThat(count("select count(*) from node_identities where cluster_id = ?", cluster.id())).isZero();
        assertThat(count("select count(*) from cluster_memberships where cluster_id = ?", cluster.id())).isZero();
        List<AuditView> refused = events(AuditFilter.none().withCluster(cluster.id())
                .withEventType("join_request.approval_refused"));
        assertThat(refused).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("it-owner");
            assertThat(e.targetId()).isEqualTo(pending.requestId().toString());
            assertThat(e.details()).containsEntry("code", "authority_not_healthy");
        });
        assertThat(eventTypes(cluster.id())).doesNotContain("join_request.approved", "node.certificate_issued")
                .contains("cluster.authority_changed");

        // recovery by the owner starts a new term; then approval works again
        ClusterView recovered = clusters.changeAuthority(owner, cluster.id(), "healthy", "quorum back");
        assertThat(recovered.authorityTerm()).isEqualTo(3);
        assertThat(enrollments.approve(owner, pending.requestId()).status()).isEqualTo("approved");
        assertThat(audit.verifyChain(owner).intact()).isTrue();
    }

    @Test
    void rejectStaysAllowedWhileNotHealthy() {
        ClusterView cluster = newCluster();
        EnrollmentOutcome pending = pendingRequest(cluster, Keys.generateP256(), "node-fenced");
        clusters.changeAuthority(owner, cluster.id(), "fenced", "maintenance");
        assertThat(enrollments.reject(owner, pending.requestId(), "not ours").status()).isEqualTo("rejected");
    }

    @Test
    void authorityChangeNeedsThePlatformOwnerWithStepUp() {
        ClusterView cluster = newCluster();
        assertThatThrownBy(() -> clusters.changeAuthority(ownerWithoutStepUp, cluster.id(), "degraded", "x"))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> clusters.changeAuthority(clusterAdmin, cluster.id(), "degraded", "x"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> clusters.changeAuthority(owner, cluster.id(), "elected", "x"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> clusters.changeAuthority(owner, cluster.id(), "healthy", "x"))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "authority_unchanged");
        ClusterView unchanged = clusters.get(owner, cluster.id());
        assertThat(unchanged.authorityState()).isEqualTo("healthy");
        assertThat(unchanged.authorityTerm()).isEqualTo(1);
        assertThat(eventTypes(cluster.id())).doesNotContain("cluster.authority_changed");

        clusters.changeAuthority(owner, cluster.id(), "degraded", "one zone down");
        assertThat(events(AuditFilter.none().withCluster(cluster.id()).withEventType("cluster.authority_changed")))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("from", "healthy")
                        .containsEntry("to", "degraded").containsEntry("term", "2")
                        .containsEntry("reason", "one zone down"));
    }

    @Test
    void approvalWithoutStepUpIsRefusedAndTheAttemptAudited() {
        ClusterView cluster = newCluster();
        EnrollmentOutcome pending = pendingRequest(cluster, Keys.generateP256(), "node-stepup");
        assertThatThrownBy(() -> enrollments.approve(ownerWithoutStepUp, pending.requestId()))
                .isInstanceOf(StepUpRequiredException.class);
        assertThat(events(AuditFilter.none().withEventType("join_request.approval_refused")))
                .filteredOn(e -> pending.requestId().toString().equals(e.targetId()))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("code", "step_up_required"));
    }

    @Test
    void twentyParallelEnrollmentsOnASingleUseTokenMakeExactlyOneRequest() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 1, null));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<String> results = new ArrayList<>();
        try {
            List<Callable<String>> attempts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "burst-" + i;
                KeyPair key = Keys.generateP256();
                attempts.add(() -> {
                    try {
                        return submit(token.rawToken(), key, name).status();
                    } catch (EnrollmentRefusedException e) {
                        return e.code();
                    }
                });
            }
            for (Future<String> f : pool.invokeAll(attempts)) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(results).filteredOn("pending"::equals).hasSize(1);
        assertThat(results).filteredOn("token_exhausted"::equals).hasSize(19);
        assertThat(count("select count(*) from node_join_requests where cluster_id = ?", cluster.id())).isEqualTo(1);
        assertThat(count("select used_count from node_join_tokens where id = ?", token.id())).isEqualTo(1);
    }

    @Test
    void staleRequestExpiresCannotBeApprovedAndTheAgentSeesExpired() throws Exception {
        ClusterView cluster = newCluster();
        KeyPair key = Keys.generateP256();
        EnrollmentOutcome pending = pendingRequest(cluster, key, "node-stale");
        long hours = expiry.ttl().toHours() + 1;
        execute("update node_join_requests set created_at = created_at - make_interval(hours => ?) where id = ?",
                (int) hours, pending.requestId());

        assertThatThrownBy(() -> enrollments.approve(owner, pending.requestId()))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "request_expired");
        assertThat(poll(pending.requestId(), key).status()).isEqualTo("expired");
        assertThat(count("select count(*) from cluster_memberships where cluster_id = ?", cluster.id())).isZero();
        assertThat(events(AuditFilter.none().withCluster(cluster.id()).withEventType("join_request.expired")))
                .singleElement().satisfies(e -> {
                    assertThat(e.actorKind()).isEqualTo("system");
                    assertThat(e.targetId()).isEqualTo(pending.requestId().toString());
                });
    }

    @Test
    void sweepExpiresStaleRequestsNobodyLooksAt() throws Exception {
        ClusterView cluster = newCluster();
        KeyPair key = Keys.generateP256();
        EnrollmentOutcome stale = pendingRequest(cluster, key, "node-swept");
        EnrollmentOutcome fresh = pendingRequest(cluster, Keys.generateP256(), "node-fresh");
        execute("update node_join_requests set created_at = created_at - make_interval(hours => ?) where id = ?",
                (int) expiry.ttl().toHours(), stale.requestId());
        assertThat(expiry.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(enrollments.list(owner, cluster.id(), null, PageRequest.first(10)).items())
                .extracting(r -> r.nodeName() + "/" + r.status())
                .containsExactlyInAnyOrder("node-swept/expired", "node-fresh/pending");
        assertThat(fresh.status()).isEqualTo("pending");
        assertThat(eventTypes(cluster.id())).filteredOn("join_request.expired"::equals).hasSize(1);
    }

    @Test
    void revokedIdentityIsRefusedAtTheNextHeartbeat() throws Exception {
        ClusterView cluster = newCluster();
        KeyPair key = Keys.generateP256();
        EnrollmentOutcome pending = pendingRequest(cluster, key, "node-revoke");
        UUID nodeId = enrollments.approve(owner, pending.requestId()).approvedNodeId();
        heartbeat(nodeId, cluster.id(), key);

        assertThatThrownBy(() -> nodes.revokeIdentity(ownerWithoutStepUp, nodeId, cluster.id(), "stolen"))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> nodes.revokeIdentity(clusterAdmin, nodeId, cluster.id(), "stolen"))
                .isInstanceOf(AccessDeniedException.class);
        heartbeat(nodeId, cluster.id(), key);

        nodes.revokeIdentity(owner, nodeId, cluster.id(), "host decommissioned");
        assertThatThrownBy(() -> heartbeat(nodeId, cluster.id(), key))
                .isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_revoked");
        assertThat(count("select count(*) from node_identities where node_id = ? and identity_status = 'revoked'"
                + " and revoked_at is not null", nodeId)).isEqualTo(1);
        assertThat(nodes.detail(owner, nodeId).memberships()).singleElement()
                .satisfies(m -> assertThat(m.identityStatus()).isEqualTo("revoked"));
        assertThat(events(AuditFilter.none().withNode(nodeId).withEventType("node.identity_revoked")))
                .singleElement().satisfies(e -> assertThat(e.details()).containsEntry("reason", "host decommissioned"));
        assertThatThrownBy(() -> nodes.revokeIdentity(owner, nodeId, cluster.id(), "again"))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void disabledMembershipIsRefusedWhileTheOtherClusterKeepsWorking() throws Exception {
        ClusterView first = newCluster();
        ClusterView second = newCluster();
        KeyPair key = Keys.generateP256();
        UUID nodeId = enrollments.approve(owner, pendingRequest(first, key, "node-two-clusters").requestId())
                .approvedNodeId();
        // The same node (same key) as a member of a second cluster. The enrollment flow makes a new
        // node per approval, so the second membership and its identity are written directly.
        execute("insert into cluster_memberships (id, cluster_id, node_id, status, joined_at, created_at, updated_at)"
                + " values (gen_random_uuid(), ?, ?, 'active', now(), now(), now())", second.id(), nodeId);
        execute("insert into node_identities (id, node_id, cluster_id, public_key_pem, key_thumbprint, certificate_pem,"
                + " certificate_serial, certificate_not_before, certificate_not_after, identity_status, created_at,"
                + " updated_at) select gen_random_uuid(), node_id, ?, public_key_pem, key_thumbprint, certificate_pem,"
                + " certificate_serial, certificate_not_before, certificate_not_after, 'active', now(), now()"
                + " from node_identities where node_id = ?", second.id(), nodeId);
        heartbeat(nodeId, first.id(), key);
        heartbeat(nodeId, second.id(), key);

        assertThatThrownBy(() -> nodes.disableMembership(ownerWithoutStepUp, nodeId, first.id(), "suspicious"))
                .isInstanceOf(StepUpRequiredException.class);
        nodes.disableMembership(owner, nodeId, first.id(), "suspicious");

        assertThatThrownBy(() -> heartbeat(nodeId, first.id(), key))
                .isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "membership_disabled");
        heartbeat(nodeId, second.id(), key);
        assertThat(nodes.detail(owner, nodeId).memberships())
                .extracting(m -> m.clusterId() + "/" + m.status())
                .containsExactlyInAnyOrder(first.id() + "/disabled", second.id() + "/active");
        assertThat(eventTypes(first.id())).contains("node.membership_disabled");
        assertThat(eventTypes(second.id())).doesNotContain("node.membership_disabled");
    }

    @Test
    void aNodeThatLeavesIsRefusedAtOnceAndOnlyItsProofCanMakeItLeave() throws Exception {
        ClusterView cluster = newCluster();
        KeyPair key = Keys.generateP256();
        UUID nodeId = enrollments.approve(owner, pendingRequest(cluster, key, "node-leave").requestId())
                .approvedNodeId();
        heartbeat(nodeId, cluster.id(), key);
        URI uri = URI.create(BASE + "/nodes/" + nodeId + "/leave");
        byte[] body = ("{\"clusterId\":\"" + cluster.id() + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> nodes.leave(nodeId, cluster.id(), new SignedRequest(NodeProof.create(
                Keys.generateP256(), "POST", uri, body, Instant.now()), "POST", uri, body)))
                .isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "proof_wrong_key");
        heartbeat(nodeId, cluster.id(), key);

        nodes.leave(nodeId, cluster.id(), new SignedRequest(NodeProof.create(key, "POST", uri, body, Instant.now()),
                "POST", uri, body));

        assertThatThrownBy(() -> heartbeat(nodeId, cluster.id(), key))
                .isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_revoked");
        assertThat(nodes.detail(owner, nodeId).memberships()).singleElement()
                .satisfies(m -> assertThat(m.status()).isEqualTo("left"));
        assertThat(count("select count(*) from node_identities where node_id = ? and identity_status = 'revoked'",
                nodeId)).isEqualTo(1);
        assertThat(events(AuditFilter.none().withNode(nodeId).withEventType("node.left"))).hasSize(1);
    }
}
