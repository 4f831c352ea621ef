package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.trust.CertificateFilter;
import io.rap.fabric.domain.trust.CertificateView;
import io.rap.fabric.domain.trust.NodeCertificateService;
import io.rap.fabric.domain.trust.RotationRequests;
import io.rap.fabric.domain.trust.RotationRequestView;
import io.rap.fabric.domain.trust.TrustOverviewService;
import io.rap.fabric.protocol.CertificateIssued;
import io.rap.fabric.protocol.CertificateRenewal;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * The owner asks a node to rotate a certificate now: the request (high-risk, guarded, audited),
 * its delivery in the heartbeat answer over real HTTP with real proofs, its fulfilment by the
 * node's rotation over the node API, cancellation, withdrawal by revocation, and every refusal
 * changing nothing.
 */
@ExtendWith(ArquillianExtension.class)
class RotationRequestIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(RotationRequestIT.class, TrustFixtures.class, OrgFixtures.class,
                OrgFixtures.Tenant.class, OrgFixtures.EnrolledNode.class);
    }

    @Inject ClusterService clusters;
    @Inject JoinTokenService tokens;
    @Inject EnrollmentService enrollments;
    @Inject NodeService nodes;
    @Inject NodeCertificateService certificates;
    @Inject TrustOverviewService trust;
    @Inject AuditService audit;
    @Inject OrgFixtures fixtures;
    @Inject RotationRequests rotationRequests;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Caller owner = TrustFixtures.owner();

    private record Enrolled(UUID clusterId, UUID nodeId, KeyPair key) {
    }

    private record Reply(int status, String body) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    // ---- fixtures ----

    private Enrolled enrolled(String name) {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "rrq");
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        UUID requestId = enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name, List.of(), List.of()))
                .requestId();
        return new Enrolled(cluster.id(), enrollments.approve(owner, requestId).approvedNodeId(), key);
    }

    /** This server's own HTTP listener (the test stack runs WildFly with a port offset). */
    private static URI api(String path) {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return URI.create("http://127.0.0.1:" + port + "/node-api/v1" + path);
    }

    private Reply post(URI uri, KeyPair key, byte[] body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
                .header(NodeProof.HEADER, NodeProof.create(key, "POST", uri, body, Instant.now())).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    private HeartbeatAck heartbeat(Enrolled node, KeyPair key) throws Exception {
        byte[] body = new Heartbeat(node.clusterId(), "healthy", "it", Instant.now(), List.of(), null).toJson()
                .toString().getBytes(StandardCharsets.UTF_8);
        Reply reply = post(api("/nodes/" + node.nodeId() + "/heartbeats"), key, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return HeartbeatAck.fromJson(reply.json());
    }

    /** What the agent does: a CSR for a new key, proven with the key it holds. */
    private CertificateIssued rotate(Enrolled node, KeyPair proofKey, KeyPair newKey) throws Exception {
        byte[] body = new CertificateRenewal(node.clusterId(), Csr.create(newKey, "rotated")).toJson().toString()
                .getBytes(StandardCharsets.UTF_8);
        Reply reply = post(api("/nodes/" + node.nodeId() + "/certificates"), proofKey, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return CertificateIssued.fromJson(reply.json());
    }

    private String activeSerial(Enrolled node) {
        return active(node).serial();
    }

    private CertificateView active(Enrolled node) {
        return certificates.certificates(owner, node.nodeId()).stream().filter(c -> c.status().equals("active"))
                .findFirst().orElseThrow();
    }

    private List<AuditView> events(UUID clusterId, String type) {
        return audit.list(owner, AuditFilter.none().withCluster(clusterId).withEventType(type), PageRequest.first(100))
                .items();
    }

    private List<String> requestStatuses(Enrolled node) throws Exception {
        List<String> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select request_status from certificate_rotation_requests where node_id = ? order by created_at")) {
            s.setObject(1, node.nodeId());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }

    private String text(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
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

    // ---- the flow ----

    @Test
    void aRequestIsAnnouncedInTheHeartbeatAnswerUntilTheNodeRotates() throws Exception {
        Enrolled node = enrolled("rrq-flow");
        String oldSerial = activeSerial(node);
        assertThat(heartbeat(node, node.key()).rotateCertificate()).isFalse();

        RotationRequestView request = certificates.requestRotation(owner, node.clusterId(), oldSerial.toUpperCase(),
                "key may have been copied");

        assertThat(request.requestedBy()).isEqualTo("it-owner");
        assertThat(requestStatuses(node)).containsExactly("open");
        assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUESTED_EVENT)).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("it-owner");
                    assertThat(e.nodeId()).isEqualTo(node.nodeId());
                    assertThat(e.details()).containsEntry("serial", oldSerial)
                            .containsEntry("reason", "key may have been copied");
                });
        // the owner's views mark the certificate
        assertThat(active(node).rotationRequest()).isNotNull()
                .satisfies(r -> assertThat(r.id()).isEqualTo(request.id()));
        assertThat(active(node).rotationRequestable()).isFalse();
        assertThat(trust.certificates(owner, CertificateFilter.all().inCluster(node.clusterId()),
                PageRequest.first(10)).items()).singleElement().satisfies(row -> {
                    assertThat(row.certificate().rotationRequest().requestedBy()).isEqualTo("it-owner");
                    assertThat(row.certificate().rotationRequest().requestedAt())
                            .isCloseTo(request.requestedAt(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MILLIS));
                });

        HeartbeatAck ack = heartbeat(node, node.key());
        assertThat(ack.rotateCertificate()).isTrue();
        assertThat(ack.rotationRequestedAt()).isCloseTo(request.requestedAt(),
                org.assertj.core.api.Assertions.within(1, ChronoUnit.MILLIS));
        assertThat(heartbeat(node, node.key()).rotateCertificate()).as("repeated while open").isTrue();

        KeyPair newKey = Keys.generateP256();
        CertificateIssued issued = rotate(node, node.key(), newKey);

        assertThat(requestStatuses(node)).containsExactly("fulfilled");
        assertThat(text("select fulfilled_by_identity_id from certificate_rotation_requests where id = ?",
                request.id())).isEqualTo(text("select id from node_identities where certificate_serial = ?"
                + " and cluster_id = ?", issued.serial(), node.clusterId()));
        assertThat(text("select closed_by from certificate_rotation_requests where id = ?", request.id()))
                .isEqualTo("node:" + node.nodeId());
        assertThat(heartbeat(node, newKey).rotateCertificate()).isFalse();
        // the old key still works in its overlap, and its answer no longer asks either
        assertThat(heartbeat(node, node.key()).rotateCertificate()).isFalse();
        assertThat(events(node.clusterId(), "certificate.rotated")).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("oldSerial", oldSerial).containsEntry("newSerial", issued.serial())
                    .containsEntry("rotationRequestId", request.id().toString())
                    .containsEntry("requestedBy", "it-owner");
        });
        assertThat(certificates.certificates(owner, node.nodeId())).allSatisfy(c ->
                assertThat(c.rotationRequest()).isNull());
        // the new certificate can be asked to rotate again
        assertThat(active(node).rotationRequestable()).isTrue();
    }

    @Test
    void aRotationOnTheNodesOwnScheduleAlsoFulfilsTheRequest() throws Exception {
        Enrolled node = enrolled("rrq-own");
        RotationRequestView request = certificates.requestRotation(owner, node.clusterId(), activeSerial(node), "x");
        // e.g. rap-node-agent rotate --force on the host, before the next heartbeat
        rotate(node, node.key(), Keys.generateP256());
        assertThat(requestStatuses(node)).containsExactly("fulfilled");
        assertThat(events(node.clusterId(), "certificate.rotated")).singleElement().satisfies(e ->
                assertThat(e.details()).containsEntry("rotationRequestId", request.id().toString()));
    }

    // ---- refusals ----

    @Test
    void refusalsChangeNothing() throws Exception {
        Enrolled node = enrolled("rrq-refused");
        String serial = activeSerial(node);
        String clusterAdmin = "ca-rrq-" + UUID.randomUUID().toString().substring(0, 6);
        fixtures.grantCluster(clusterAdmin, node.clusterId());

        assertThatThrownBy(() -> certificates.requestRotation(TrustFixtures.ownerWithoutStepUp(), node.clusterId(),
                serial, "x")).isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> certificates.requestRotation(OrgFixtures.clusterAdmin(clusterAdmin), node.clusterId(),
                serial, "x")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> certificates.requestRotation(null, node.clusterId(), serial, "x"))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> certificates.requestRotation(owner, UUID.randomUUID(), serial, "x"))
                .as("another cluster's id").isInstanceOf(NotFoundException.class);
        Enrolled other = enrolled("rrq-other");
        assertThatThrownBy(() -> certificates.requestRotation(owner, other.clusterId(), serial, "x"))
                .as("the serial through a cluster it does not belong to").isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> certificates.requestRotation(owner, node.clusterId(), serial, " "))
                .isInstanceOf(io.rap.fabric.domain.shared.ValidationException.class);
        assertThatThrownBy(() -> certificates.requestRotation(owner, node.clusterId(), "zz", "x"))
                .isInstanceOf(io.rap.fabric.domain.shared.ValidationException.class);

        clusters.changeAuthority(owner, node.clusterId(), "minority_partition", "lost quorum");
        assertThatThrownBy(() -> certificates.requestRotation(owner, node.clusterId(), serial, "x"))
                .isInstanceOf(AuthorityNotHealthyException.class);
        clusters.changeAuthority(owner, node.clusterId(), "healthy", "quorum back");

        assertThat(requestStatuses(node)).isEmpty();
        assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUESTED_EVENT)).isEmpty();
        assertThat(heartbeat(node, node.key()).rotateCertificate()).isFalse();
        assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUEST_REFUSED_EVENT))
                .extracting(e -> e.details().get("code"))
                .containsExactlyInAnyOrder("step_up_required", "access_denied", "authority_not_healthy");
        assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUEST_REFUSED_EVENT))
                .filteredOn(e -> "access_denied".equals(e.details().get("code")))
                .extracting(AuditView::actor).containsExactly(clusterAdmin);
    }

    @Test
    void aSecondRequestIsAClearConflictAndTwoOwnersAtOnceGetOneRequest() throws Exception {
        Enrolled node = enrolled("rrq-race");
        String serial = activeSerial(node);
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Throwable>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String reason = "owner " + i;
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return catchThrowable(() -> certificates.requestRotation(owner, node.clusterId(), serial, reason));
                }));
            }
            start.countDown();
            List<Throwable> results = new ArrayList<>();
            for (Future<Throwable> outcome : outcomes) {
                results.add(outcome.get());
            }
            assertThat(results).filteredOn(t -> t == null).hasSize(1);
            assertThat(results).filteredOn(t -> t != null).hasSize(threads - 1).allSatisfy(t ->
                    assertThat(t).isInstanceOf(ConflictException.class)
                            .hasFieldOrPropertyWithValue("code", "rotation_already_requested")
                            .hasMessageContaining("it-owner"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(requestStatuses(node)).containsExactly("open");
        assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUESTED_EVENT)).hasSize(1);
    }

    @Test
    void onlyTheActiveCertificateOfAnActiveMembershipCanBeAskedToRotate() throws Exception {
        // rotated: superseded, the node no longer presents it
        Enrolled rotatedNode = enrolled("rrq-rotated");
        String rotatedSerial = activeSerial(rotatedNode);
        rotate(rotatedNode, rotatedNode.key(), Keys.generateP256());
        assertThatThrownBy(() -> certificates.requestRotation(owner, rotatedNode.clusterId(), rotatedSerial, "x"))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "certificate_not_active")
                .hasMessageContaining("rotated");

        Enrolled revokedNode = enrolled("rrq-revoked");
        String revokedSerial = activeSerial(revokedNode);
        certificates.revokeCertificate(owner, revokedNode.clusterId(), revokedSerial, "lost");
        assertThatThrownBy(() -> certificates.requestRotation(owner, revokedNode.clusterId(), revokedSerial, "x"))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "certificate_not_active")
                .hasMessageContaining("revoked");

        Enrolled expiredNode = enrolled("rrq-expired");
        String expiredSerial = activeSerial(expiredNode);
        execute("update node_identities set certificate_not_after = now() - interval '1 minute'"
                + " where node_id = ?", expiredNode.nodeId());
        assertThatThrownBy(() -> certificates.requestRotation(owner, expiredNode.clusterId(), expiredSerial, "x"))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "certificate_not_active")
                .hasMessageContaining("expired");

        Enrolled disabledNode = enrolled("rrq-disabled");
        String disabledSerial = activeSerial(disabledNode);
        nodes.disableMembership(owner, disabledNode.nodeId(), disabledNode.clusterId(), "maintenance");
        assertThatThrownBy(() -> certificates.requestRotation(owner, disabledNode.clusterId(), disabledSerial, "x"))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "membership_not_active");

        for (Enrolled node : List.of(rotatedNode, revokedNode, expiredNode, disabledNode)) {
            assertThat(requestStatuses(node)).isEmpty();
            assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUESTED_EVENT)).isEmpty();
        }
    }

    // ---- cancel and withdrawal ----

    @Test
    void theOwnerCancelsAnOpenRequestAndTheAnswerStopsAsking() throws Exception {
        Enrolled node = enrolled("rrq-cancel");
        String serial = activeSerial(node);
        RotationRequestView request = certificates.requestRotation(owner, node.clusterId(), serial, "x");
        String clusterAdmin = "ca-rrq-" + UUID.randomUUID().toString().substring(0, 6);
        fixtures.grantCluster(clusterAdmin, node.clusterId());

        assertThatThrownBy(() -> certificates.cancelRotationRequest(OrgFixtures.clusterAdmin(clusterAdmin),
                node.clusterId(), request.id())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> certificates.cancelRotationRequest(owner, UUID.randomUUID(), request.id()))
                .isInstanceOf(NotFoundException.class);
        assertThat(requestStatuses(node)).containsExactly("open");

        // not high-risk: a level-1 owner session may withdraw it
        certificates.cancelRotationRequest(TrustFixtures.ownerWithoutStepUp(), node.clusterId(), request.id());

        assertThat(requestStatuses(node)).containsExactly("cancelled");
        assertThat(heartbeat(node, node.key()).rotateCertificate()).isFalse();
        assertThat(active(node).rotationRequest()).isNull();
        assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUEST_CANCELLED_EVENT)).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("it-owner");
                    assertThat(e.details()).containsEntry("serial", serial).containsEntry("cause", "cancelled")
                            .containsEntry("requestedBy", "it-owner");
                });
        assertThatThrownBy(() -> certificates.cancelRotationRequest(owner, node.clusterId(), request.id()))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "rotation_request_closed");

        // a new request is possible once the old one is closed, and the answer asks again
        RotationRequestView again = certificates.requestRotation(owner, node.clusterId(), serial, "after all");
        assertThat(again.id()).isNotEqualTo(request.id());
        assertThat(heartbeat(node, node.key()).rotateCertificate()).isTrue();
        assertThat(requestStatuses(node)).containsExactly("cancelled", "open");
    }

    @Test
    void revokingTheCertificateWithdrawsItsRequest() throws Exception {
        Enrolled node = enrolled("rrq-revoke");
        String serial = activeSerial(node);
        certificates.requestRotation(owner, node.clusterId(), serial, "x");

        certificates.revokeCertificate(owner, node.clusterId(), serial, "host lost");

        assertThat(requestStatuses(node)).containsExactly("cancelled");
        assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUEST_CANCELLED_EVENT)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("serial", serial)
                        .containsEntry("cause", "certificate_revoked"));

        Enrolled identityNode = enrolled("rrq-identity");
        certificates.requestRotation(owner, identityNode.clusterId(), activeSerial(identityNode), "x");
        nodes.revokeIdentity(owner, identityNode.nodeId(), identityNode.clusterId(), "host stolen");
        assertThat(requestStatuses(identityNode)).containsExactly("cancelled");
    }

    @Test
    void disablingTheMembershipWithdrawsItsRequest() throws Exception {
        Enrolled node = enrolled("rrq-disable");
        String serial = activeSerial(node);
        certificates.requestRotation(owner, node.clusterId(), serial, "x");

        nodes.disableMembership(owner, node.nodeId(), node.clusterId(), "quarantine");

        assertThat(requestStatuses(node)).containsExactly("cancelled");
        assertThat(events(node.clusterId(), NodeCertificateService.ROTATION_REQUEST_CANCELLED_EVENT)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("serial", serial)
                        .containsEntry("cause", "membership_disabled"));
    }

    @Test
    void theSweepWithdrawsTheRequestOfAnExpiredCertificateAndNothingElse() throws Exception {
        Enrolled expiring = enrolled("rrq-lapsed");
        String serial = activeSerial(expiring);
        certificates.requestRotation(owner, expiring.clusterId(), serial, "x");
        Enrolled current = enrolled("rrq-current");
        certificates.requestRotation(owner, current.clusterId(), activeSerial(current), "x");
        execute("update node_identities set certificate_not_after = now() - interval '1 minute'"
                + " where certificate_serial = ?", serial);

        // (the server's own five-minute sweep may get there first: either way it is withdrawn once)
        rotationRequests.withdrawExpired(Instant.now());

        assertThat(requestStatuses(expiring)).containsExactly("cancelled");
        assertThat(requestStatuses(current)).as("a valid certificate's request stays").containsExactly("open");
        assertThat(events(expiring.clusterId(), NodeCertificateService.ROTATION_REQUEST_CANCELLED_EVENT))
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("system");
                    assertThat(e.details()).containsEntry("serial", serial).containsEntry("cause", "certificate_expired");
                });
        assertThat(events(current.clusterId(), NodeCertificateService.ROTATION_REQUEST_CANCELLED_EVENT)).isEmpty();

        rotationRequests.withdrawExpired(Instant.now());
        assertThat(events(expiring.clusterId(), NodeCertificateService.ROTATION_REQUEST_CANCELLED_EVENT))
                .as("a second sweep finds nothing more to do").hasSize(1);
    }
}
