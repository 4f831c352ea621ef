package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.access.StepUpRequiredException;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.ClusterService;
import java.util.Optional;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.cluster.NewCluster;
import io.rap.fabric.domain.enrollment.EnrollmentOutcome;
import io.rap.fabric.domain.enrollment.EnrollmentRefusedException;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.EnrollmentSubmission;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinRequestView;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.NodeAuthenticationException;
import io.rap.fabric.domain.node.NodeDetail;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.Pem;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
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
 * The node-trust flow through the real domain services, inside the deployed application, on
 * the real PostgreSQL: every refusal changes nothing, every change leaves its audit event.
 */
@ExtendWith(ArquillianExtension.class)
class EnrollmentFlowIT {

    private static final URI BASE = URI.create("https://control.example/node-api/v1");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(EnrollmentFlowIT.class, TrustFixtures.class);
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

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final Caller owner = TrustFixtures.owner();
    private final Caller ownerWithoutStepUp = TrustFixtures.ownerWithoutStepUp();
    private final Caller orgAdmin = TrustFixtures.personWithRole(Caller.ORG_ADMIN, "it-org");

    private ClusterView newCluster() {
        return TrustFixtures.newCluster(clusters, "it");
    }

    private EnrollmentOutcome submit(String rawToken, KeyPair key, String name) {
        return enrollments.submit(TrustFixtures.submission(rawToken, key, name, List.of("can_route_mesh"), List.of()));
    }

    private List<String> eventTypes(UUID clusterId) {
        return audit.list(owner, AuditFilter.none().withCluster(clusterId), PageRequest.first(100)).items().stream()
                .map(AuditView::eventType).toList();
    }

    /** Pages through the cluster list the way the console does, so the joined list query is exercised. */
    private ClusterView listedCluster(UUID clusterId) {
        for (int offset = 0; ; offset += 50) {
            Page<ClusterView> page = clusters.list(owner, new PageRequest(offset, 50));
            Optional<ClusterView> found = page.items().stream().filter(c -> c.id().equals(clusterId)).findFirst();
            if (found.isPresent() || offset + 50 >= page.total()) {
                return found.orElseThrow();
            }
        }
    }

    @Test
    void clusterComesWithItsOwnEncryptedCaAndAudit() throws Exception {
        ClusterView cluster = newCluster();
        assertThat(cluster.authorityState()).isEqualTo("healthy");
        assertThat(eventTypes(cluster.id())).containsExactlyInAnyOrder("cluster.created", "trust.ca_created");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select encrypted_private_key, certificate_pem from cluster_certificate_authorities where cluster_id = ?")) {
            s.setObject(1, cluster.id());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                byte[] wrapped = rs.getBytes(1);
                // nonce + ciphertext + tag, and nothing a key parser accepts
                assertThat(wrapped.length).isGreaterThan(12 + 16 + 60);
                assertThatThrownBy(() -> java.security.KeyFactory.getInstance("EC")
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(wrapped))).isNotNull();
                X509Certificate ca = Pem.parseCertificate(rs.getString(2));
                assertThat(ca.getBasicConstraints()).isZero();
            }
        }
        assertThatThrownBy(() -> clusters.create(orgAdmin, new NewCluster("x", "x-" + UUID.randomUUID().toString().substring(0, 6), null, null)))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void joinTokenIsStoredOnlyAsItsHash() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken issued = tokens.issue(owner, new NewJoinToken(cluster.id(), "it token", Duration.ofMinutes(30), 2, List.of()));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select token_hash, max_uses, used_count from node_join_tokens where id = ?")) {
            s.setObject(1, issued.id());
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBytes(1)).isEqualTo(MessageDigest.getInstance("SHA-256")
                        .digest(issued.rawToken().getBytes(StandardCharsets.US_ASCII)));
                assertThat(rs.getInt(2)).isEqualTo(2);
                assertThat(rs.getInt(3)).isZero();
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from cluster_audit_events where details::text like ?")) {
            s.setString(1, "%" + issued.rawToken() + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("raw token never reaches the audit log").isZero();
            }
        }
        assertThat(eventTypes(cluster.id())).contains("join_token.created");
        assertThat(tokens.list(owner, cluster.id(), PageRequest.first(10)).items().get(0).status()).isEqualTo("active");
    }

    @Test
    void wholeTrustFlowWithRefusalsThatChangeNothing() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        KeyPair key = Keys.generateP256();

        EnrollmentOutcome pending = submit(token.rawToken(), key, "node-a");
        assertThat(pending.status()).isEqualTo("pending");
        // the same key again (agent crashed and re-ran): same request, no second use consumed
        assertThat(submit(token.rawToken(), key, "node-a").requestId()).isEqualTo(pending.requestId());
        // the single use is gone for anyone else
        assertThatThrownBy(() -> submit(token.rawToken(), Keys.generateP256(), "node-b"))
                .isInstanceOf(EnrollmentRefusedException.class).hasFieldOrPropertyWithValue("code", "token_exhausted");
        assertThatThrownBy(() -> submit("rapjt_" + "A".repeat(43), Keys.generateP256(), "node-c"))
                .isInstanceOf(EnrollmentRefusedException.class).hasFieldOrPropertyWithValue("code", "token_invalid");

        // approval is high-risk
        assertThatThrownBy(() -> enrollments.approve(ownerWithoutStepUp, pending.requestId()))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> enrollments.approve(orgAdmin, pending.requestId()))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(eventTypes(cluster.id())).doesNotContain("join_request.approved");

        // polling needs the CSR's key
        URI pollUri = URI.create(BASE + "/enrollments/" + pending.requestId());
        assertThatThrownBy(() -> enrollments.status(pending.requestId(), new SignedRequest(
                NodeProof.create(Keys.generateP256(), "GET", pollUri, new byte[0], Instant.now()), "GET", pollUri, null)))
                .isInstanceOf(NodeAuthenticationException.class).hasFieldOrPropertyWithValue("code", "proof_wrong_key");
        assertThat(enrollments.status(pending.requestId(), new SignedRequest(
                NodeProof.create(key, "GET", pollUri, new byte[0], Instant.now()), "GET", pollUri, null)).status())
                .isEqualTo("pending");

        JoinRequestView approved = enrollments.approve(owner, pending.requestId());
        assertThat(approved.status()).isEqualTo("approved");
        assertThat(approved.reviewedBy()).isEqualTo("it-owner");
        assertThatThrownBy(() -> enrollments.approve(owner, pending.requestId()))
                .isInstanceOf(ConflictException.class);

        String proof = NodeProof.create(key, "GET", pollUri, new byte[0], Instant.now());
        EnrollmentOutcome outcome = enrollments.status(pending.requestId(), new SignedRequest(proof, "GET", pollUri, null));
        assertThatThrownBy(() -> enrollments.status(pending.requestId(), new SignedRequest(proof, "GET", pollUri, null)))
                .isInstanceOf(NodeAuthenticationException.class).hasFieldOrPropertyWithValue("code", "proof_replayed");
        X509Certificate certificate = Pem.parseCertificate(outcome.certificatePem());
        X509Certificate ca = Pem.parseCertificate(outcome.caCertificatePem());
        certificate.verify(ca.getPublicKey());
        assertThat(certificate.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(
                List.of(6, "urn:rap:cluster:" + cluster.id() + ":node:" + outcome.nodeId()));
        assertThat(certificate.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(64);
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(30), Duration.ofDays(30).plusMinutes(10));

        // heartbeat signed with the node key
        UUID nodeId = outcome.nodeId();
        URI heartbeatUri = URI.create(BASE + "/nodes/" + nodeId + "/heartbeats");
        byte[] body = "{\"clusterId\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        HeartbeatReport report = new HeartbeatReport(cluster.id(), "healthy", "it-1", Instant.now(), "[]", null);
        nodes.recordHeartbeat(nodeId, new SignedRequest(NodeProof.create(key, "POST", heartbeatUri, body, Instant.now()),
                "POST", heartbeatUri, body), report);
        assertThatThrownBy(() -> nodes.recordHeartbeat(nodeId, new SignedRequest(
                NodeProof.create(key, "POST", heartbeatUri, body, Instant.now().minusSeconds(120)), "POST", heartbeatUri, body), report))
                .isInstanceOf(NodeAuthenticationException.class).hasFieldOrPropertyWithValue("code", "proof_stale");
        assertThatThrownBy(() -> nodes.recordHeartbeat(nodeId, new SignedRequest(
                NodeProof.create(Keys.generateP256(), "POST", heartbeatUri, body, Instant.now()), "POST", heartbeatUri, body), report))
                .isInstanceOf(NodeAuthenticationException.class).hasFieldOrPropertyWithValue("code", "proof_wrong_key");

        NodeDetail detail = nodes.detail(owner, nodeId);
        assertThat(detail.hostname()).isEqualTo("node-a");
        assertThat(detail.capabilities()).containsExactly("can_route_mesh");
        assertThat(detail.memberships()).singleElement().satisfies(m -> {
            assertThat(m.health()).isEqualTo("healthy");
            assertThat(m.heartbeatCount()).isEqualTo(1);
            assertThat(m.certificateSerial()).isEqualTo(certificate.getSerialNumber().toString(16));
        });
        assertThat(listedCluster(cluster.id())).satisfies(c -> {
            assertThat(c.activeMembers()).isEqualTo(1);
            assertThat(c.authorityState()).isEqualTo("healthy");
            assertThat(c.authorityTerm()).isEqualTo(1);
        });
        assertThat(eventTypes(cluster.id())).contains("join_request.received", "join_request.approved",
                "node.certificate_issued", "node.health_changed");
        assertThat(audit.verifyChain(owner).intact()).isTrue();
    }

    @Test
    void rejectNeedsStepUpAndAReason() {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        EnrollmentOutcome pending = submit(token.rawToken(), Keys.generateP256(), "node-r");
        assertThatThrownBy(() -> enrollments.reject(ownerWithoutStepUp, pending.requestId(), "no"))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> enrollments.reject(owner, pending.requestId(), " "))
                .hasFieldOrPropertyWithValue("code", "invalid_input");
        assertThat(enrollments.reject(owner, pending.requestId(), "unknown host").status()).isEqualTo("rejected");
        assertThat(eventTypes(cluster.id())).contains("join_request.rejected");
    }

    @Test
    void revokedAndRoleRestrictedTokensRefuse() {
        ClusterView cluster = newCluster();
        IssuedJoinToken revoked = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 5, null));
        tokens.revoke(owner, revoked.id());
        assertThatThrownBy(() -> submit(revoked.rawToken(), Keys.generateP256(), "node-x"))
                .hasFieldOrPropertyWithValue("code", "token_revoked");
        IssuedJoinToken relayOnly = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 5, List.of("relay")));
        assertThatThrownBy(() -> enrollments.submit(new EnrollmentSubmission(relayOnly.rawToken(),
                Csr.create(Keys.generateP256(), "node-y"), "node-y", TrustFixtures.facts("node-y"), List.of(), List.of("entry-node"),
                "it", "127.0.0.1"))).hasFieldOrPropertyWithValue("code", "role_not_allowed");
        assertThat(tokens.list(owner, cluster.id(), PageRequest.first(10)).items())
                .extracting(t -> t.status() + "/" + t.usedCount())
                .containsExactlyInAnyOrder("revoked/0", "active/0");
        assertThatThrownBy(() -> enrollments.submit(new EnrollmentSubmission(relayOnly.rawToken(),
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", "node-z", TrustFixtures.facts("node-z"),
                List.of(), List.of(), "it", "127.0.0.1"))).hasFieldOrPropertyWithValue("code", "invalid_input");
    }

    @Test
    void concurrentEnrollmentsNeverExceedMaxUses() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 3, null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "race-" + i;
                attempts.add(() -> {
                    try {
                        return submit(token.rawToken(), Keys.generateP256(), name).status();
                    } catch (EnrollmentRefusedException e) {
                        return e.code();
                    }
                });
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(attempts)) {
                results.add(f.get());
            }
            assertThat(results).filteredOn("pending"::equals).hasSize(3);
            assertThat(results).filteredOn("token_exhausted"::equals).hasSize(5);
        } finally {
            pool.shutdownNow();
        }
        assertThat(tokens.list(owner, cluster.id(), PageRequest.first(1)).items().get(0).usedCount()).isEqualTo(3);
    }

    @Test
    void twoAdminsApprovingAtOnceGetOneApproval() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        UUID requestId = submit(token.rawToken(), Keys.generateP256(), "node-race").requestId();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<String> approve = () -> {
                try {
                    return enrollments.approve(owner, requestId).status();
                } catch (ConflictException e) {
                    return e.code();
                }
            };
            List<String> results = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(List.of(approve, approve))) {
                results.add(f.get());
            }
            assertThat(results).containsExactlyInAnyOrder("approved", "request_not_pending");
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventTypes(cluster.id())).filteredOn("node.certificate_issued"::equals).hasSize(1);
    }

    @Test
    void bulkApprovalIsAllOrNothingAndAuditsEachRequest() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 10, null));
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(submit(token.rawToken(), Keys.generateP256(), "bulk-" + i).requestId());
        }
        ClusterView other = newCluster();
        IssuedJoinToken otherToken = tokens.issue(owner, new NewJoinToken(other.id(), null, null, null, null));
        UUID foreign = submit(otherToken.rawToken(), Keys.generateP256(), "bulk-other").requestId();
        long identitiesBefore = count("select count(*) from node_identities where cluster_id = ?", cluster.id());

        // refusals change nothing: no step-up, not an owner, nothing selected, too many, one already decided
        assertThatThrownBy(() -> enrollments.approveAll(ownerWithoutStepUp, ids))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> enrollments.approveAll(orgAdmin, ids)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> enrollments.approveAll(owner, List.of()))
                .hasFieldOrPropertyWithValue("code", "invalid_input");
        List<UUID> tooMany = new ArrayList<>();
        for (int i = 0; i <= EnrollmentService.MAX_BULK_APPROVALS; i++) {
            tooMany.add(UUID.randomUUID());
        }
        assertThatThrownBy(() -> enrollments.approveAll(owner, tooMany))
                .hasFieldOrPropertyWithValue("code", "invalid_input");
        enrollments.reject(owner, ids.get(3), "not ours");
        assertThatThrownBy(() -> enrollments.approveAll(owner, ids))
                .hasFieldOrPropertyWithValue("code", "request_not_pending");
        assertThat(count("select count(*) from node_identities where cluster_id = ?", cluster.id()))
                .isEqualTo(identitiesBefore);
        assertThat(count("select count(*) from node_join_requests where cluster_id = ? and status = 'pending'",
                cluster.id())).isEqualTo(3);

        // another cluster's request in the batch: nothing approved (the cluster portal's variant,
        // with another cluster's request, is in ClusterAdminIsolationIT)
        List<UUID> pending = ids.subList(0, 3);
        List<UUID> withForeign = new ArrayList<>(pending);
        withForeign.add(foreign);
        enrollments.reject(owner, foreign, "not in this batch");
        assertThatThrownBy(() -> enrollments.approveAll(owner, withForeign))
                .hasFieldOrPropertyWithValue("code", "request_not_pending");
        assertThat(count("select count(*) from node_join_requests where cluster_id = ? and status = 'pending'",
                cluster.id())).isEqualTo(3);

        // the owner approves the three pending ones (a duplicate id counts once)
        List<UUID> withDuplicate = new ArrayList<>(pending);
        withDuplicate.add(pending.get(0));
        List<JoinRequestView> approved = enrollments.approveAll(owner, withDuplicate);
        assertThat(approved).extracting(JoinRequestView::status).containsOnly("approved").hasSize(3);
        assertThat(approved).extracting(JoinRequestView::approvedNodeId).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(count("select count(*) from node_identities where cluster_id = ? and identity_status = 'active'",
                cluster.id())).isEqualTo(identitiesBefore + 3);
        assertThat(eventTypes(cluster.id())).filteredOn("node.certificate_issued"::equals).hasSize(3);
        assertThat(eventTypes(cluster.id())).filteredOn("join_request.approved"::equals).hasSize(3);
        assertThat(audit.verifyChain(owner).intact()).isTrue();
    }

    private long count(String sql, UUID parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
