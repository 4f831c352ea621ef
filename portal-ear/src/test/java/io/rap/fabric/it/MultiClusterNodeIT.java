package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AdminGrant;
import io.rap.fabric.domain.access.AdminGrantService;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.access.NewAdminGrant;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentOutcome;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.EnrollmentSubmission;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinRequestReview;
import io.rap.fabric.domain.enrollment.JoinRequestView;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.NodeAuthenticationException;
import io.rap.fabric.domain.node.NodeDetail;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.role.RoleAssignmentService;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeClaim;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.Pem;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * One host, one node, several clusters: an enrollment that proves (with a key of an existing
 * identity) that it is an existing node becomes a further membership of that node. Inside the
 * deployed application on the real PostgreSQL; every refusal changes nothing and is audited.
 */
@ExtendWith(ArquillianExtension.class)
class MultiClusterNodeIT {

    private static final URI BASE = URI.create("https://control.example/node-api/v1");
    private static final URI ENROLLMENTS = URI.create(BASE + "/enrollments");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(MultiClusterNodeIT.class, TrustFixtures.class);
    }

    @Inject
    ClusterService clusters;

    @Inject
    JoinTokenService tokens;

    @Inject
    EnrollmentService enrollments;

    @Inject
    NodeService nodes;

    @Inject
    AuditService audit;

    @Inject
    AdminGrantService grants;

    @Inject
    RoleAssignmentService roles;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final Caller owner = TrustFixtures.owner();

    /** One membership of the host as its agent holds it. */
    private record Member(UUID nodeId, UUID clusterId, KeyPair key, X509Certificate certificate) {
    }

    private IssuedJoinToken token(ClusterView cluster, int uses) {
        return tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, uses, null));
    }

    private EnrollmentSubmission submission(String rawToken, KeyPair key, String host, List<String> capabilities,
                                            EnrollmentSubmission.Claim claim, String source) {
        return new EnrollmentSubmission(rawToken, Csr.create(key, host), host, TrustFixtures.facts(host), capabilities,
                List.of(), "it", source, claim);
    }

    /** The claim the agent sends: node {@code as} proven by {@code vouching}, for {@code key} and {@code rawToken}. */
    private static EnrollmentSubmission.Claim claim(Member as, KeyPair vouching, KeyPair key, String rawToken,
                                                    Instant issuedAt) {
        NodeClaim claim = NodeClaim.create(vouching, as.nodeId(), ENROLLMENTS, Keys.thumbprint(key.getPublic()),
                rawToken, issuedAt);
        return new EnrollmentSubmission.Claim(claim.nodeId(), claim.proof(), ENROLLMENTS);
    }

    private static EnrollmentSubmission.Claim claim(Member as, KeyPair key, String rawToken) {
        return claim(as, as.key(), key, rawToken, Instant.now());
    }

    /** Submits, approves as the owner, and polls the outcome with the new key (as the agent does). */
    private Member join(ClusterView cluster, String host, List<String> capabilities, EnrollmentSubmission.Claim claim,
                        KeyPair key, String rawToken) throws Exception {
        EnrollmentOutcome pending = enrollments.submit(submission(rawToken, key, host, capabilities, claim,
                "127.0.0.1"));
        enrollments.approve(owner, pending.requestId());
        URI poll = URI.create(ENROLLMENTS + "/" + pending.requestId());
        EnrollmentOutcome approved = enrollments.status(pending.requestId(), new SignedRequest(
                NodeProof.create(key, "GET", poll, new byte[0], Instant.now()), "GET", poll, null));
        return new Member(approved.nodeId(), cluster.id(), key, Pem.parseCertificate(approved.certificatePem()));
    }

    private Member joinNew(ClusterView cluster, String host, List<String> capabilities) throws Exception {
        KeyPair key = Keys.generateP256();
        return join(cluster, host, capabilities, null, key, token(cluster, 1).rawToken());
    }

    private Member joinAs(ClusterView cluster, Member as, String host, List<String> capabilities) throws Exception {
        KeyPair key = Keys.generateP256();
        String raw = token(cluster, 1).rawToken();
        return join(cluster, host, capabilities, claim(as, key, raw), key, raw);
    }

    private void heartbeat(Member m) {
        heartbeat(m.nodeId(), m.clusterId(), m.key());
    }

    /** A heartbeat for {@code clusterId}, proven with {@code key}, reporting the host's facts. */
    private void heartbeat(UUID nodeId, UUID clusterId, KeyPair key) {
        URI uri = URI.create(BASE + "/nodes/" + nodeId + "/heartbeats");
        byte[] body = ("{\"clusterId\":\"" + clusterId + "\"}").getBytes(StandardCharsets.UTF_8);
        nodes.recordHeartbeat(nodeId, new SignedRequest(NodeProof.create(key, "POST", uri, body, Instant.now()),
                "POST", uri, body), new HeartbeatReport(clusterId, "healthy", "it-1", Instant.now(), "[]",
                TrustFixtures.facts("shared-host")));
    }

    private static String refusal(Runnable attempt) {
        try {
            attempt.run();
        } catch (DomainException e) {
            return e.code();
        }
        throw new AssertionError("expected a refusal");
    }

    private List<AuditView> events(UUID clusterId, String type) {
        return audit.list(owner, AuditFilter.none().withCluster(clusterId).withEventType(type), PageRequest.first(100))
                .items();
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

    private Caller clusterAdminOf(ClusterView cluster) {
        String username = "mc-" + UUID.randomUUID().toString().substring(0, 8);
        grants.grant(owner, new NewAdminGrant(username, AdminGrant.CLUSTER, cluster.id()));
        return TrustFixtures.personWithRole(Caller.CLUSTER_ADMIN, username);
    }

    @Test
    void aSecondClusterWithAValidClaimIsAFurtherMembershipOfTheSameNode() throws Exception {
        ClusterView x = TrustFixtures.newCluster(clusters, "mcx");
        ClusterView y = TrustFixtures.newCluster(clusters, "mcy");
        Member inX = joinNew(x, "shared-host", List.of("can_route_mesh"));

        KeyPair keyY = Keys.generateP256();
        String rawY = token(y, 1).rawToken();
        UUID requestId = enrollments.submit(submission(rawY, keyY, "shared-host-y", List.of("can_relay"),
                claim(inX, keyY, rawY), "127.0.0.1")).requestId();

        // The owner's review names the node and its other clusters; the same host is not a warning.
        JoinRequestReview ownerReview = enrollments.list(owner, y.id(), "pending", PageRequest.first(50)).items()
                .stream().filter(r -> r.id().equals(requestId)).findFirst().orElseThrow().review();
        assertThat(ownerReview.joinsExistingNode()).isTrue();
        assertThat(ownerReview.claimedNode().nodeId()).isEqualTo(inX.nodeId());
        assertThat(ownerReview.claimedNode().nodeName()).isEqualTo("shared-host");
        assertThat(ownerReview.claimedNode().memberships()).extracting(JoinRequestReview.EnrolledNode::clusterName)
                .containsExactly(x.name());
        assertThat(ownerReview.hostAlreadyEnrolled()).isFalse();
        // Y's admin sees the node's name and that it is a member elsewhere, never which cluster.
        Caller adminY = clusterAdminOf(y);
        JoinRequestView seenByAdmin = enrollments.list(adminY, y.id(), "pending", PageRequest.first(50)).items()
                .stream().filter(r -> r.id().equals(requestId)).findFirst().orElseThrow();
        assertThat(seenByAdmin.review().claimedNode().nodeName()).isEqualTo("shared-host");
        assertThat(seenByAdmin.review().claimedNode().memberOfOtherCluster()).isTrue();
        assertThat(seenByAdmin.review().claimedNode().memberships()).isEmpty();
        assertThat(seenByAdmin.toString()).doesNotContain(x.name()).doesNotContain(x.id().toString())
                .doesNotContain(x.slug());

        JoinRequestView approved = enrollments.approve(owner, requestId);
        assertThat(approved.approvedNodeId()).isEqualTo(inX.nodeId());
        URI poll = URI.create(ENROLLMENTS + "/" + requestId);
        EnrollmentOutcome outcome = enrollments.status(requestId, new SignedRequest(
                NodeProof.create(keyY, "GET", poll, new byte[0], Instant.now()), "GET", poll, null));
        assertThat(outcome.nodeId()).isEqualTo(inX.nodeId());
        X509Certificate certificateY = Pem.parseCertificate(outcome.certificatePem());
        assertThat(certificateY.getPublicKey()).isEqualTo(keyY.getPublic());
        assertThat(certificateY.getSubjectAlternativeNames()).containsExactly(
                List.of(6, "urn:rap:cluster:" + y.id() + ":node:" + inX.nodeId()));
        Member inY = new Member(inX.nodeId(), y.id(), keyY, certificateY);

        // One node, two memberships, one identity in each cluster.
        assertThat(count("select count(*) from nodes where id = ?", inX.nodeId())).isEqualTo(1);
        assertThat(count("select count(*) from cluster_memberships where node_id = ? and status = 'active'",
                inX.nodeId())).isEqualTo(2);
        assertThat(count("select count(*) from node_identities where node_id = ? and cluster_id = ?", inX.nodeId(),
                x.id())).isEqualTo(1);
        assertThat(count("select count(*) from node_identities where node_id = ? and cluster_id = ?", inX.nodeId(),
                y.id())).isEqualTo(1);
        assertThat(count("select count(*) from node_join_requests where id = ? and claimed_node_id = ?", requestId,
                inX.nodeId())).isEqualTo(1);
        assertThat(events(y.id(), "join_request.received")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("claimedNode", inX.nodeId().toString()));
        assertThat(events(y.id(), "join_request.approved")).singleElement().satisfies(e -> {
            assertThat(e.nodeId()).isEqualTo(inX.nodeId());
            assertThat(e.details()).containsEntry("claimedNode", inX.nodeId().toString());
        });
        assertThat(events(y.id(), "node.certificate_issued")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("serial", certificateY.getSerialNumber().toString(16)));

        // Capabilities are the union of both enrollments' reports; the second did not wipe the first's.
        NodeDetail detail = nodes.detail(owner, inX.nodeId());
        assertThat(detail.capabilities()).containsExactly("can_relay", "can_route_mesh");
        assertThat(detail.name()).isEqualTo("shared-host");
        assertThat(detail.memberships()).extracting(NodeDetail.Membership::clusterId)
                .containsExactlyInAnyOrder(x.id(), y.id());

        // Each membership authenticates with its own key only.
        heartbeat(inX);
        heartbeat(inY);
        assertThat(refusal(() -> heartbeat(inX.nodeId(), y.id(), inX.key()))).isEqualTo("proof_wrong_key");
        assertThat(refusal(() -> heartbeat(inX.nodeId(), x.id(), keyY))).isEqualTo("proof_wrong_key");

        // Both agents beat at once, each reporting the host's facts: none fails the other.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> agents = new ArrayList<>();
            for (Member m : List.of(inX, inY)) {
                agents.add(() -> {
                    for (int i = 0; i < 10; i++) {
                        heartbeat(m);
                    }
                    return 10;
                });
            }
            for (Future<Integer> f : pool.invokeAll(agents)) {
                assertThat(f.get()).isEqualTo(10);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(nodes.detail(owner, inX.nodeId()).memberships()).allSatisfy(m ->
                assertThat(m.heartbeatCount()).isEqualTo(11));

        // Y's admin sees Y's membership only.
        NodeDetail seenFromY = nodes.detail(adminY, y.id(), inX.nodeId());
        assertThat(seenFromY.memberships()).singleElement().satisfies(m -> assertThat(m.clusterId()).isEqualTo(y.id()));
        assertThat(seenFromY.toString()).doesNotContain(x.name()).doesNotContain(x.id().toString());
        assertThat(nodes.list(adminY, y.id(), PageRequest.first(50)).items().toString())
                .doesNotContain(x.name()).doesNotContain(x.id().toString());
        assertThat(audit.verifyChain(owner).intact()).isTrue();
    }

    @Test
    void disablingRevokingOrLeavingInOneClusterLeavesTheOtherWorking() throws Exception {
        ClusterView x = TrustFixtures.newCluster(clusters, "mcx");
        ClusterView y = TrustFixtures.newCluster(clusters, "mcy");
        ClusterView z = TrustFixtures.newCluster(clusters, "mcz");
        Member inX = joinNew(x, "shared-host", List.of());
        Member inY = joinAs(y, inX, "shared-host", List.of());
        Member inZ = joinAs(z, inY, "shared-host", List.of()); // any membership can vouch, not only the first
        assertThat(inZ.nodeId()).isEqualTo(inX.nodeId());

        nodes.disableMembership(owner, inX.nodeId(), x.id(), "maintenance");
        assertThat(refusal(() -> heartbeat(inX))).isEqualTo("membership_disabled");
        heartbeat(inY);
        heartbeat(inZ);

        nodes.revokeIdentity(owner, inY.nodeId(), y.id(), "key leaked");
        assertThat(refusal(() -> heartbeat(inY))).isEqualTo("certificate_revoked");
        heartbeat(inZ);
        assertThat(events(y.id(), "node.identity_revoked")).hasSize(1);

        URI leaveUri = URI.create(BASE + "/nodes/" + inZ.nodeId() + "/leave");
        byte[] body = ("{\"clusterId\":\"" + z.id() + "\"}").getBytes(StandardCharsets.UTF_8);
        nodes.leave(inZ.nodeId(), z.id(), new SignedRequest(NodeProof.create(inZ.key(), "POST", leaveUri, body,
                Instant.now()), "POST", leaveUri, body));
        assertThat(refusal(() -> heartbeat(inZ))).isEqualTo("certificate_revoked");
        assertThat(events(z.id(), "node.left")).hasSize(1);
        assertThat(nodes.detail(owner, inX.nodeId()).memberships()).extracting(m -> m.clusterId() + "=" + m.status())
                .containsExactlyInAnyOrder(x.id() + "=disabled", y.id() + "=active", z.id() + "=left");
    }

    @Test
    void aNodeThatLeftRejoinsThroughAClaimWithoutItsOldRoles() throws Exception {
        ClusterView x = TrustFixtures.newCluster(clusters, "mcx");
        ClusterView y = TrustFixtures.newCluster(clusters, "mcy");
        Member inX = joinNew(x, "shared-host", List.of());
        Member inY = joinAs(y, inX, "shared-host", List.of("can_relay"));
        roles.assign(owner, y.id(), inY.nodeId(), "relay", null);
        URI leaveUri = URI.create(BASE + "/nodes/" + inY.nodeId() + "/leave");
        byte[] body = ("{\"clusterId\":\"" + y.id() + "\"}").getBytes(StandardCharsets.UTF_8);
        nodes.leave(inY.nodeId(), y.id(), new SignedRequest(NodeProof.create(inY.key(), "POST", leaveUri, body,
                Instant.now()), "POST", leaveUri, body));

        Member again = joinAs(y, inX, "shared-host", List.of());

        assertThat(again.nodeId()).isEqualTo(inX.nodeId());
        heartbeat(again);
        heartbeat(inX);
        assertThat(refusal(() -> heartbeat(inY))).isEqualTo("certificate_revoked");
        assertThat(count("select count(*) from cluster_memberships where node_id = ? and cluster_id = ?"
                + " and status = 'active'", inX.nodeId(), y.id())).isEqualTo(1);
        assertThat(count("select count(*) from node_role_assignments where node_id = ? and cluster_id = ?"
                + " and status = 'active'", inX.nodeId(), y.id())).isZero();
        assertThat(events(y.id(), "join_request.approved")).extracting(e -> e.details().get("endedRoleAssignments"))
                .containsExactlyInAnyOrder(null, "1");
    }

    @Test
    void claimsThatProveNothingAreRefusedChangeNothingAndAreAudited() throws Exception {
        ClusterView x = TrustFixtures.newCluster(clusters, "mcx");
        ClusterView y = TrustFixtures.newCluster(clusters, "mcy");
        Member inX = joinNew(x, "shared-host", List.of());
        Member revokedNode = joinNew(x, "revoked-host", List.of());
        nodes.revokeIdentity(owner, revokedNode.nodeId(), x.id(), "stolen");
        IssuedJoinToken tokenY = token(y, 10);
        String raw = tokenY.rawToken();
        String source = TrustFixtures.uniqueSourceAddress();
        KeyPair key = Keys.generateP256();

        Map<String, EnrollmentSubmission.Claim> attempts = new java.util.LinkedHashMap<>();
        attempts.put("proof_wrong_key", claim(inX, Keys.generateP256(), key, raw, Instant.now())); // forged: other key
        attempts.put("proof_body_mismatch", claim(inX, inX.key(), Keys.generateP256(), raw, Instant.now())); // other CSR key
        attempts.put("proof_stale", claim(inX, inX.key(), key, raw, Instant.now().minusSeconds(300)));
        attempts.put("no_usable_identity", claim(revokedNode, revokedNode.key(), key, raw, Instant.now()));
        attempts.put("node_unknown", claim(new Member(UUID.randomUUID(), x.id(), inX.key(), null), inX.key(), key, raw,
                Instant.now()));
        for (var attempt : attempts.entrySet()) {
            assertThat(refusal(() -> enrollments.submit(submission(raw, key, "claimer", List.of(), attempt.getValue(),
                    source)))).as(attempt.getKey()).isEqualTo("invalid_node_claim");
        }
        // A node already in the token's cluster.
        IssuedJoinToken tokenX = token(x, 1);
        KeyPair keyX = Keys.generateP256();
        assertThat(refusal(() -> enrollments.submit(submission(tokenX.rawToken(), keyX, "claimer", List.of(),
                claim(inX, keyX, tokenX.rawToken()), source)))).isEqualTo("already_member");

        // Nothing was recorded: no request, no use of either token.
        assertThat(count("select count(*) from node_join_requests where cluster_id = ?", y.id())).isZero();
        assertThat(count("select used_count from node_join_tokens where id = ?", tokenY.id())).isZero();
        assertThat(count("select used_count from node_join_tokens where id = ?", tokenX.id())).isZero();
        assertThat(count("select count(*) from node_join_requests where key_thumbprint = ?",
                Keys.thumbprint(keyX.getPublic()))).isZero();
        // Each refusal audited with its code and what failed, never with the proof.
        List<AuditView> refused = audit.list(owner, AuditFilter.none().withEventType("join_request.refused"),
                PageRequest.first(200)).items().stream()
                .filter(e -> source.equals(e.details().get("sourceAddress"))).toList();
        assertThat(refused).extracting(e -> e.details().get("code") + "/" + e.details().get("reason"))
                .containsExactlyInAnyOrder("invalid_node_claim/proof_wrong_key", "invalid_node_claim/proof_body_mismatch",
                        "invalid_node_claim/proof_stale", "invalid_node_claim/no_usable_identity",
                        "invalid_node_claim/node_unknown", "already_member/null");
        assertThat(refused).filteredOn(e -> !"node_unknown".equals(e.details().get("reason")))
                .allSatisfy(e -> assertThat(e.details()).containsKey("claimedNode"));
        assertThat(refused.toString()).doesNotContain(attempts.get("proof_stale").proof());

        // A valid claim counts once: the same claim again is a replay.
        EnrollmentSubmission.Claim valid = claim(inX, key, raw);
        assertThat(enrollments.submit(submission(raw, key, "claimer", List.of(), valid, source)).status())
                .isEqualTo("pending");
        assertThat(refusal(() -> enrollments.submit(submission(raw, key, "claimer", List.of(), valid, source))))
                .isEqualTo("invalid_node_claim");
        assertThat(count("select count(*) from node_join_requests where cluster_id = ?", y.id())).isEqualTo(1);
        assertThat(audit.list(owner, AuditFilter.none().withEventType("join_request.refused"), PageRequest.first(200))
                .items().stream().filter(e -> source.equals(e.details().get("sourceAddress")))
                .map(e -> e.details().get("reason"))).contains("proof_replayed");
    }

    @Test
    void approvalRefusesAClaimWhoseNodeWasRevokedMeanwhileAndTheRequestStaysPending() throws Exception {
        ClusterView x = TrustFixtures.newCluster(clusters, "mcx");
        ClusterView y = TrustFixtures.newCluster(clusters, "mcy");
        Member inX = joinNew(x, "shared-host", List.of());
        KeyPair key = Keys.generateP256();
        String raw = token(y, 1).rawToken();
        UUID requestId = enrollments.submit(submission(raw, key, "shared-host", List.of(), claim(inX, key, raw),
                "127.0.0.1")).requestId();

        nodes.revokeIdentity(owner, inX.nodeId(), x.id(), "compromised");

        assertThat(refusal(() -> enrollments.approve(owner, requestId))).isEqualTo("claimed_node_not_trusted");
        assertThat(count("select count(*) from node_join_requests where id = ? and status = 'pending'", requestId))
                .isEqualTo(1);
        assertThat(count("select count(*) from cluster_memberships where node_id = ? and cluster_id = ?",
                inX.nodeId(), y.id())).isZero();
        assertThat(count("select count(*) from node_identities where cluster_id = ?", y.id())).isZero();
        assertThat(events(y.id(), "join_request.approval_refused")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("code", "claimed_node_not_trusted"));
        assertThat(events(y.id(), "join_request.approved")).isEmpty();
        assertThat(enrollments.reject(owner, requestId, "its node was revoked").status()).isEqualTo("rejected");
        assertThatThrownBy(() -> heartbeat(inX)).isInstanceOf(NodeAuthenticationException.class);
    }
}
