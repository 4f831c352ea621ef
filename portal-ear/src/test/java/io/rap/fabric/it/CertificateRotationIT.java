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
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.NodeAuthenticationException;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.domain.trust.CertificateRotationService;
import io.rap.fabric.domain.trust.CertificateView;
import io.rap.fabric.domain.trust.IssuedCertificate;
import io.rap.fabric.domain.trust.NodeCertificateService;
import io.rap.fabric.domain.trust.RevocationList;
import io.rap.fabric.domain.trust.RevokedCertificate;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.protocol.CertificateRenewal;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Keys;
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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
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
 * Certificate rotation and per-certificate revocation inside the deployed application: the overlap,
 * the refusals (each changing nothing), the authority guard, idempotent retries, concurrent
 * rotations, and the revocation list peers will use.
 */
@ExtendWith(ArquillianExtension.class)
class CertificateRotationIT {

    private static final URI BASE = URI.create("https://control.example/node-api/v1");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(CertificateRotationIT.class, TrustFixtures.class);
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
    CertificateRotationService rotations;

    @Inject
    NodeCertificateService certificates;

    @Inject
    AuditService audit;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final Caller owner = TrustFixtures.owner();

    /** An approved node with its enrollment key, in a fresh cluster. */
    private record Enrolled(UUID clusterId, UUID nodeId, KeyPair key) {
    }

    private Enrolled enrolled(String name) {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "rot");
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        UUID requestId = enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name, List.of(), List.of()))
                .requestId();
        return new Enrolled(cluster.id(), enrollments.approve(owner, requestId).approvedNodeId(), key);
    }

    private IssuedCertificate rotate(Enrolled node, KeyPair proofKey, String csrPem) {
        URI uri = URI.create(BASE + "/nodes/" + node.nodeId() + "/certificates");
        byte[] body = Json.toBytes(new CertificateRenewal(node.clusterId(), csrPem).toJson());
        return rotations.rotate(node.nodeId(), node.clusterId(),
                new SignedRequest(NodeProof.create(proofKey, "POST", uri, body, Instant.now()), "POST", uri, body),
                csrPem);
    }

    private IssuedCertificate rotate(Enrolled node, KeyPair proofKey, KeyPair newKey) {
        return rotate(node, proofKey, Csr.create(newKey, "rotated"));
    }

    private void heartbeat(Enrolled node, KeyPair key) {
        URI uri = URI.create(BASE + "/nodes/" + node.nodeId() + "/heartbeats");
        byte[] body = ("{\"clusterId\":\"" + node.clusterId() + "\"}").getBytes(StandardCharsets.UTF_8);
        nodes.recordHeartbeat(node.nodeId(), new SignedRequest(NodeProof.create(key, "POST", uri, body, Instant.now()),
                "POST", uri, body), new HeartbeatReport(node.clusterId(), "healthy", "it", Instant.now(), "[]", null));
    }

    private RevocationList revocations(Enrolled node, String proof) {
        URI uri = URI.create(BASE + "/nodes/" + node.nodeId() + "/revocations?cluster=" + node.clusterId());
        return certificates.revocations(node.nodeId(), node.clusterId(), new SignedRequest(proof, "GET", uri, null));
    }

    private RevocationList revocations(Enrolled node, KeyPair key) {
        URI uri = URI.create(BASE + "/nodes/" + node.nodeId() + "/revocations?cluster=" + node.clusterId());
        return revocations(node, NodeProof.create(key, "GET", uri, new byte[0], Instant.now()));
    }

    private List<AuditView> events(UUID clusterId, String type) {
        return audit.list(owner, AuditFilter.none().withCluster(clusterId).withEventType(type), PageRequest.first(100))
                .items();
    }

    private List<String> statuses(Enrolled node) throws Exception {
        List<String> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select identity_status from node_identities where node_id = ? order by created_at")) {
            s.setObject(1, node.nodeId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }

    private void execute(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    private static String serialOf(Enrolled node, NodeCertificateService service, Caller caller, String status) {
        return service.certificates(caller, node.nodeId()).stream().filter(c -> c.status().equals(status))
                .map(CertificateView::serial).findFirst().orElseThrow();
    }

    @Test
    void rotationIssuesACertificateForTheNewKeyAndTheOldOneOverlapsUntilItExpires() throws Exception {
        Enrolled node = enrolled("rot-happy");
        String oldSerial = serialOf(node, certificates, owner, "active");
        KeyPair newKey = Keys.generateP256();

        IssuedCertificate issued = rotate(node, node.key(), newKey);

        X509Certificate certificate = Pem.parseCertificate(issued.certificatePem());
        X509Certificate ca = Pem.parseCertificate(issued.caCertificatePem());
        certificate.verify(ca.getPublicKey());
        assertThat(Keys.thumbprint(certificate.getPublicKey())).isEqualTo(Keys.thumbprint(newKey.getPublic()));
        assertThat(certificate.getSerialNumber().toString(16)).isEqualTo(issued.serialHex()).isNotEqualTo(oldSerial);
        assertThat(statuses(node)).containsExactly("rotated", "active");
        assertThat(certificates.certificates(owner, node.nodeId())).extracting(CertificateView::serial,
                CertificateView::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(issued.serialHex(), "active"),
                org.assertj.core.groups.Tuple.tuple(oldSerial, "rotated"));
        assertThat(events(node.clusterId(), "certificate.rotated")).singleElement().satisfies(e -> {
            assertThat(e.actorKind()).isEqualTo("node");
            assertThat(e.actor()).isEqualTo("node:" + node.nodeId());
            assertThat(e.nodeId()).isEqualTo(node.nodeId());
            assertThat(e.details()).containsEntry("oldSerial", oldSerial).containsEntry("newSerial", issued.serialHex())
                    .containsEntry("keyThumbprint", Keys.thumbprint(newKey.getPublic()));
        });

        // overlap: both keys authenticate
        heartbeat(node, newKey);
        heartbeat(node, node.key());

        // once the old certificate has expired, only the new key works
        execute("update node_identities set certificate_not_after = now() - interval '1 minute'"
                + " where node_id = ? and certificate_serial = ?", node.nodeId(), oldSerial);
        assertThatThrownBy(() -> heartbeat(node, node.key())).isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_expired");
        heartbeat(node, newKey);
        assertThat(audit.verifyChain(owner).intact()).isTrue();
    }

    @Test
    void aProofByAForeignKeyIsRefusedAndChangesNothing() throws Exception {
        Enrolled node = enrolled("rot-foreign");

        assertThatThrownBy(() -> rotate(node, Keys.generateP256(), Keys.generateP256()))
                .isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "proof_wrong_key");
        assertThatThrownBy(() -> rotations.rotate(node.nodeId(), node.clusterId(), new SignedRequest(null, "POST",
                URI.create(BASE + "/nodes/" + node.nodeId() + "/certificates"), null),
                Csr.create(Keys.generateP256(), "x")))
                .isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "proof_missing");
        assertThat(statuses(node)).containsExactly("active");
        assertThat(events(node.clusterId(), "certificate.rotated")).isEmpty();
    }

    @Test
    void aCsrForAKeyTheNodeAlreadyHadIsRefused() throws Exception {
        Enrolled node = enrolled("rot-reuse");

        assertThatThrownBy(() -> rotate(node, node.key(), node.key()))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "key_reused");

        KeyPair second = Keys.generateP256();
        rotate(node, node.key(), second);
        // back to the first key, proven with the second: still a reused key
        assertThatThrownBy(() -> rotate(node, second, node.key()))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "key_reused");
        // the current key, proven with itself, is not a repeat of a lost answer either
        assertThatThrownBy(() -> rotate(node, second, second))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "key_reused");
        assertThat(statuses(node)).containsExactly("rotated", "active");
        assertThat(events(node.clusterId(), "certificate.rotated")).hasSize(1);
    }

    @Test
    void aMalformedCsrIsAValidationErrorAndChangesNothing() throws Exception {
        Enrolled node = enrolled("rot-malformed");
        String validCsr = Csr.create(Keys.generateP256(), "x");
        String tampered = validCsr.replace(validCsr.substring(80, 84), "AAAA");

        for (String csr : List.of("not a csr", tampered, "-----BEGIN CERTIFICATE REQUEST-----\nAA==\n"
                + "-----END CERTIFICATE REQUEST-----\n")) {
            assertThatThrownBy(() -> rotate(node, node.key(), csr)).isInstanceOf(ValidationException.class)
                    .hasFieldOrPropertyWithValue("code", "invalid_input")
                    .hasFieldOrPropertyWithValue("field", "csr");
        }
        assertThat(statuses(node)).containsExactly("active");
        assertThat(events(node.clusterId(), "certificate.rotated")).isEmpty();
        heartbeat(node, node.key());
    }

    @Test
    void rotationIsRefusedAndAuditedWhileTheAuthorityIsAMinorityPartition() throws Exception {
        Enrolled node = enrolled("rot-partition");
        clusters.changeAuthority(owner, node.clusterId(), "minority_partition", "lost quorum");

        assertThatThrownBy(() -> rotate(node, node.key(), Keys.generateP256()))
                .isInstanceOf(AuthorityNotHealthyException.class)
                .hasFieldOrPropertyWithValue("code", "authority_not_healthy");

        assertThat(statuses(node)).containsExactly("active");
        assertThat(events(node.clusterId(), "certificate.rotated")).isEmpty();
        assertThat(events(node.clusterId(), "certificate.rotation_refused")).singleElement().satisfies(e -> {
            assertThat(e.actorKind()).isEqualTo("node");
            assertThat(e.actor()).isEqualTo("node:" + node.nodeId());
            assertThat(e.details()).containsEntry("code", "authority_not_healthy");
        });
        heartbeat(node, node.key());

        clusters.changeAuthority(owner, node.clusterId(), "healthy", "quorum back");
        rotate(node, node.key(), Keys.generateP256());
        assertThat(statuses(node)).containsExactly("rotated", "active");
    }

    @Test
    void aRevokedCertificateIsRefusedAtOnceWhileTheOtherKeepsWorkingAndPeersAreTold() throws Exception {
        Enrolled node = enrolled("rot-revoke");
        String oldSerial = serialOf(node, certificates, owner, "active");
        KeyPair newKey = Keys.generateP256();
        IssuedCertificate issued = rotate(node, node.key(), newKey);
        heartbeat(node, node.key());

        CertificateView revoked = certificates.revokeCertificate(owner, node.clusterId(), oldSerial.toUpperCase(),
                "old key copied");

        assertThat(revoked.status()).isEqualTo("revoked");
        assertThatThrownBy(() -> heartbeat(node, node.key())).isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_revoked");
        heartbeat(node, newKey);
        assertThat(events(node.clusterId(), "certificate.revoked")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("it-owner");
            assertThat(e.nodeId()).isEqualTo(node.nodeId());
            assertThat(e.details()).containsEntry("serial", oldSerial).containsEntry("previousStatus", "rotated")
                    .containsEntry("reason", "old key copied");
        });
        assertThat(revocations(node, newKey).revoked()).extracting(RevokedCertificate::serial).containsExactly(oldSerial);
        assertThat(serialOf(node, certificates, owner, "active")).isEqualTo(issued.serialHex());

        assertThatThrownBy(() -> certificates.revokeCertificate(owner, node.clusterId(), oldSerial, "again"))
                .isInstanceOf(ConflictException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_already_revoked");
        assertThatThrownBy(() -> certificates.revokeCertificate(owner, node.clusterId(), "not-hex", "x"))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> certificates.revokeCertificate(owner, UUID.randomUUID(), issued.serialHex(), "x"))
                .isInstanceOf(io.rap.fabric.domain.shared.NotFoundException.class);
        // revoking still works while the authority is not healthy: it only narrows trust
        clusters.changeAuthority(owner, node.clusterId(), "fenced", "maintenance");
        certificates.revokeCertificate(owner, node.clusterId(), issued.serialHex(), "host lost");
        assertThatThrownBy(() -> heartbeat(node, newKey)).isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_revoked");
        assertThat(statuses(node)).containsExactly("revoked", "revoked");
    }

    @Test
    void revokingTheIdentityAlsoRevokesTheRotatedCertificateInItsOverlap() throws Exception {
        Enrolled node = enrolled("rot-identity");
        KeyPair newKey = Keys.generateP256();
        rotate(node, node.key(), newKey);

        nodes.revokeIdentity(owner, node.nodeId(), node.clusterId(), "host stolen");

        assertThat(statuses(node)).containsExactly("revoked", "revoked");
        assertThatThrownBy(() -> heartbeat(node, node.key())).isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_revoked");
        assertThatThrownBy(() -> heartbeat(node, newKey)).isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_revoked");
        assertThat(events(node.clusterId(), "node.identity_revoked")).hasSize(2);
    }

    @Test
    void theRevocationListHoldsRevokedUnexpiredSerialsOfTheClusterAndNeedsANodeProof() throws Exception {
        Enrolled node = enrolled("rot-list");
        Enrolled other = enrolled("rot-list-other"); // another cluster: its revocations are not listed here
        KeyPair second = Keys.generateP256();
        KeyPair third = Keys.generateP256();
        String first = serialOf(node, certificates, owner, "active");
        String secondSerial = rotate(node, node.key(), second).serialHex();
        String thirdSerial = rotate(node, second, third).serialHex();
        certificates.revokeCertificate(owner, node.clusterId(), first, "expired soon anyway");
        certificates.revokeCertificate(owner, node.clusterId(), secondSerial, "leaked");
        certificates.revokeCertificate(owner, other.clusterId(), serialOf(other, certificates, owner, "active"), "x");
        execute("update node_identities set certificate_not_after = now() - interval '1 minute'"
                + " where node_id = ? and certificate_serial = ?", node.nodeId(), first);

        RevocationList list = revocations(node, third);

        assertThat(list.clusterId()).isEqualTo(node.clusterId());
        assertThat(list.generatedAt()).isBefore(Instant.now().plusSeconds(1));
        assertThat(list.revoked()).singleElement().satisfies(r -> {
            assertThat(r.serial()).isEqualTo(secondSerial);
            assertThat(r.revokedAt()).isBefore(Instant.now().plusSeconds(1));
            assertThat(r.notAfter()).isAfter(Instant.now());
        });
        assertThat(list.revoked()).extracting(RevokedCertificate::serial).doesNotContain(thirdSerial, first);

        assertThatThrownBy(() -> revocations(node, (String) null)).isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "proof_missing");
        assertThatThrownBy(() -> revocations(node, Keys.generateP256())).isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "proof_wrong_key");
        assertThatThrownBy(() -> revocations(node, second)).isInstanceOf(NodeAuthenticationException.class)
                .hasFieldOrPropertyWithValue("code", "certificate_revoked");
    }

    @Test
    void revokingACertificateNeedsThePlatformOwnerWithStepUp() throws Exception {
        Enrolled node = enrolled("rot-stepup");
        String serial = serialOf(node, certificates, owner, "active");

        assertThatThrownBy(() -> certificates.revokeCertificate(TrustFixtures.ownerWithoutStepUp(), node.clusterId(),
                serial, "x")).isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> certificates.revokeCertificate(TrustFixtures.personWithRole(Caller.CLUSTER_ADMIN,
                "it-cluster-admin"), node.clusterId(), serial, "x")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> certificates.certificates(TrustFixtures.personWithRole(Caller.ORG_ADMIN,
                "it-org-admin"), node.nodeId())).isInstanceOf(AccessDeniedException.class);

        assertThat(statuses(node)).containsExactly("active");
        assertThat(events(node.clusterId(), "certificate.revoked")).isEmpty();
        heartbeat(node, node.key());
    }

    @Test
    void repeatingTheSameCsrAfterALostAnswerReturnsTheSameCertificate() throws Exception {
        Enrolled node = enrolled("rot-retry");
        KeyPair newKey = Keys.generateP256();
        String csr = Csr.create(newKey, "rotated");

        IssuedCertificate first = rotate(node, node.key(), csr);
        IssuedCertificate again = rotate(node, node.key(), csr);

        assertThat(again).isEqualTo(first);
        assertThat(statuses(node)).containsExactly("rotated", "active");
        assertThat(events(node.clusterId(), "certificate.rotated")).hasSize(1);
    }

    @Test
    void concurrentRotationsLeaveExactlyOneActiveIdentity() throws Exception {
        Enrolled node = enrolled("rot-race");
        List<String> csrs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            csrs.add(Csr.create(Keys.generateP256(), "rotated"));
        }

        List<String> serials = rotateConcurrently(node, csrs);

        List<String> statuses = statuses(node);
        assertThat(statuses).filteredOn("active"::equals).hasSize(1);
        assertThat(statuses).hasSize(1 + 4).filteredOn("rotated"::equals).hasSize(4);
        assertThat(serials).doesNotHaveDuplicates();
        assertThat(events(node.clusterId(), "certificate.rotated")).hasSize(4);
        heartbeat(node, node.key());
    }

    @Test
    void aRetryRacingTheOriginalGetsTheSameCertificate() throws Exception {
        Enrolled node = enrolled("rot-race-retry");
        String csr = Csr.create(Keys.generateP256(), "rotated");

        List<String> serials = rotateConcurrently(node, List.of(csr, csr, csr, csr));

        assertThat(serials).containsOnly(serials.get(0));
        assertThat(statuses(node)).containsExactly("rotated", "active");
        assertThat(events(node.clusterId(), "certificate.rotated")).hasSize(1);
    }

    /** Starts one rotation per CSR at the same moment, each proven with the enrollment key. */
    private List<String> rotateConcurrently(Enrolled node, List<String> csrs) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(csrs.size());
        List<String> serials = new ArrayList<>();
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (String csr : csrs) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return rotate(node, node.key(), csr).serialHex();
                }));
            }
            start.countDown();
            for (Future<String> f : futures) {
                serials.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return serials;
    }
}
