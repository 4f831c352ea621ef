package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.access.StepUpRequiredException;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentOutcome;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.EnrollmentSubmission;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.NodeAuthenticationException;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.DomainException;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every refused attempt the issue lists leaves an audit event that outlives the refusal's
 * rollback, with its code, source address, token id and key thumbprint when known, and never the
 * raw token. Each test uses a source address of its own and finds its events by it.
 */
@ExtendWith(ArquillianExtension.class)
class RefusalAuditIT {

    private static final URI BASE = URI.create("https://control.example/node-api/v1");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(RefusalAuditIT.class, TrustFixtures.class);
    }

    @Inject
    ClusterService clusters;

    @Inject
    JoinTokenService tokens;

    @Inject
    EnrollmentService enrollments;

    @Inject
    NodeService nodes;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final Caller owner = TrustFixtures.owner();
    private final Caller ownerWithoutStepUp = TrustFixtures.ownerWithoutStepUp();
    private final Caller clusterAdmin = TrustFixtures.personWithRole(Caller.CLUSTER_ADMIN, "it-cluster-admin");

    /** One audit row, as the tests read it. */
    private record Event(String type, String actor, UUID clusterId, UUID nodeId, String targetType, String targetId,
                         Map<String, String> details) {
        String code() {
            return details.get("code");
        }
    }

    private List<Event> events(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select event_type, actor, cluster_id, node_id, target_type, target_id, details::text"
                        + " from cluster_audit_events where " + sql + " order by sequence_no")) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    JsonObject details = Json.createReader(new StringReader(rs.getString(7))).readObject();
                    events.add(new Event(rs.getString(1), rs.getString(2), (UUID) rs.getObject(3),
                            (UUID) rs.getObject(4), rs.getString(5), rs.getString(6), details.keySet().stream()
                            .collect(Collectors.toMap(Function.identity(), k -> details.isNull(k) ? "" : details.getString(k)))));
                }
            }
            return events;
        }
    }

    private List<Event> fromSource(String sourceAddress) throws Exception {
        return events("details->>'sourceAddress' = ?", sourceAddress);
    }

    private ClusterView newCluster() {
        return TrustFixtures.newCluster(clusters, "ra");
    }

    private static String code(Runnable attempt) {
        try {
            attempt.run();
        } catch (DomainException e) {
            return e.code();
        }
        throw new AssertionError("expected a refusal");
    }

    private EnrollmentSubmission submission(String rawToken, KeyPair key, List<String> roles, String source) {
        return TrustFixtures.submission(rawToken, key, "node-" + UUID.randomUUID().toString().substring(0, 6),
                TrustFixtures.facts("host-" + UUID.randomUUID()), List.of(), roles, source);
    }

    @Test
    void everyRefusedEnrollmentIsAuditedWithCodeTokenAndKeyButNeverTheRawToken() throws Exception {
        ClusterView cluster = newCluster();
        String source = TrustFixtures.uniqueSourceAddress();
        KeyPair key = Keys.generateP256();
        String thumbprint = Keys.thumbprint(key.getPublic());

        String unknownToken = "rapjt_" + "B".repeat(43);
        assertThat(code(() -> enrollments.submit(submission(unknownToken, key, List.of(), source))))
                .isEqualTo("token_invalid");

        IssuedJoinToken expired = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 5, null));
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update node_join_tokens set expires_at = now() - interval '1 minute' where id = ?")) {
            s.setObject(1, expired.id());
            s.executeUpdate();
        }
        assertThat(code(() -> enrollments.submit(submission(expired.rawToken(), key, List.of(), source))))
                .isEqualTo("token_expired");

        IssuedJoinToken revoked = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 5, null));
        tokens.revoke(owner, revoked.id());
        assertThat(code(() -> enrollments.submit(submission(revoked.rawToken(), key, List.of(), source))))
                .isEqualTo("token_revoked");

        IssuedJoinToken single = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 1, null));
        enrollments.submit(submission(single.rawToken(), Keys.generateP256(), List.of(), TrustFixtures.uniqueSourceAddress()));
        assertThat(code(() -> enrollments.submit(submission(single.rawToken(), key, List.of(), source))))
                .isEqualTo("token_exhausted");

        IssuedJoinToken relayOnly = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 5, List.of("relay")));
        assertThat(code(() -> enrollments.submit(submission(relayOnly.rawToken(), key, List.of("core-mesh"), source))))
                .isEqualTo("role_not_allowed");
        assertThat(code(() -> enrollments.submit(submission(relayOnly.rawToken(), key, List.of("warp-drive"), source))))
                .isEqualTo("role_unknown");
        assertThat(code(() -> enrollments.submit(new EnrollmentSubmission(relayOnly.rawToken(),
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "node-bad-csr",
                TrustFixtures.facts("bad-csr"), List.of(), List.of(), "it", source)))).isEqualTo("invalid_input");

        List<Event> refused = fromSource(source);
        assertThat(refused).extracting(Event::type).containsOnly("join_request.refused");
        assertThat(refused).extracting(Event::code).containsExactly("token_invalid", "token_expired", "token_revoked",
                "token_exhausted", "role_not_allowed", "role_unknown", "invalid_input");
        assertThat(refused.get(0)).satisfies(e -> {
            assertThat(e.clusterId()).as("an unknown token names no cluster").isNull();
            assertThat(e.targetId()).isNull();
            assertThat(e.actor()).isEqualTo("agent:" + thumbprint);
            assertThat(e.details()).containsEntry("keyThumbprint", thumbprint);
        });
        assertThat(refused.subList(1, 6)).allSatisfy(e -> {
            assertThat(e.clusterId()).isEqualTo(cluster.id());
            assertThat(e.targetType()).isEqualTo("join_token");
            assertThat(e.details()).containsEntry("keyThumbprint", thumbprint);
        });
        assertThat(refused).extracting(Event::targetId).containsExactly(null, expired.id().toString(),
                revoked.id().toString(), single.id().toString(), relayOnly.id().toString(), relayOnly.id().toString(),
                relayOnly.id().toString());
        assertThat(refused.get(5).details()).containsEntry("requestedRoles", "warp-drive");
        assertThat(refused.get(6)).satisfies(e -> {
            assertThat(e.actor()).as("a malformed CSR proves no key").isEqualTo("agent:unverified");
            assertThat(e.details()).containsEntry("field", "csr").doesNotContainKey("keyThumbprint");
        });
        for (String raw : List.of(unknownToken, expired.rawToken(), revoked.rawToken(), single.rawToken(),
                relayOnly.rawToken())) {
            assertThat(events("details::text like ?", "%" + raw + "%")).as("raw tokens never reach the audit").isEmpty();
        }
        // nothing but the one good submission changed
        assertThat(events("cluster_id = ? and event_type = 'join_request.received'", cluster.id())).hasSize(1);
    }

    @Test
    void forgedReplayedStaleAndMissingProofsOnThePollAreAudited() throws Exception {
        ClusterView cluster = newCluster();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        KeyPair key = Keys.generateP256();
        EnrollmentOutcome pending = enrollments.submit(submission(token.rawToken(), key, List.of(),
                TrustFixtures.uniqueSourceAddress()));
        String source = TrustFixtures.uniqueSourceAddress();
        URI uri = URI.create(BASE + "/enrollments/" + pending.requestId());
        Function<String, SignedRequest> signed = proof -> new SignedRequest(proof, "GET", uri, new byte[0], source);

        String forged = NodeProof.create(Keys.generateP256(), "GET", uri, new byte[0], Instant.now());
        String valid = NodeProof.create(key, "GET", uri, new byte[0], Instant.now());
        String tampered = valid.substring(0, valid.lastIndexOf('.') + 1)
                + NodeProof.create(key, "GET", uri, new byte[0], Instant.now()).substring(valid.lastIndexOf('.') + 1);
        String stale = NodeProof.create(key, "GET", uri, new byte[0], Instant.now().minusSeconds(300));
        assertThat(code(() -> enrollments.status(pending.requestId(), signed.apply(forged)))).isEqualTo("proof_wrong_key");
        assertThat(code(() -> enrollments.status(pending.requestId(), signed.apply(tampered))))
                .isEqualTo("proof_bad_signature");
        assertThat(code(() -> enrollments.status(pending.requestId(), signed.apply(stale)))).isEqualTo("proof_stale");
        assertThat(code(() -> enrollments.status(pending.requestId(), signed.apply(null)))).isEqualTo("proof_missing");
        assertThat(enrollments.status(pending.requestId(), signed.apply(valid)).status()).isEqualTo("pending");
        assertThat(code(() -> enrollments.status(pending.requestId(), signed.apply(valid)))).isEqualTo("proof_replayed");

        List<Event> refused = fromSource(source);
        assertThat(refused).extracting(Event::type).containsOnly("node.proof_refused");
        assertThat(refused).extracting(Event::code).containsExactly("proof_wrong_key", "proof_bad_signature",
                "proof_stale", "proof_missing", "proof_replayed");
        String thumbprint = Keys.thumbprint(key.getPublic());
        assertThat(refused).allSatisfy(e -> assertThat(e.details())
                .containsEntry("path", "/node-api/v1/enrollments/" + pending.requestId())
                .containsEntry("method", "GET").containsEntry("expectedKey", thumbprint));
        assertThat(refused.get(0).details()).containsEntry("presentedKey", refused.get(0).actor().substring(6))
                .doesNotContainEntry("presentedKey", thumbprint);
        assertThat(refused.get(1).actor()).isEqualTo("agent:unverified");
        assertThat(refused.get(4).actor()).isEqualTo("agent:" + thumbprint);
    }

    @Test
    void heartbeatsWithRevokedOrExpiredCertificatesForeignClustersAndDisabledMembershipsAreAudited() throws Exception {
        ClusterView cluster = newCluster();
        ClusterView other = newCluster();
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 3, null));
        UUID nodeId = enrollments.approve(owner, enrollments.submit(submission(token.rawToken(), key, List.of(),
                TrustFixtures.uniqueSourceAddress())).requestId()).approvedNodeId();
        String source = TrustFixtures.uniqueSourceAddress();

        assertThat(code(() -> heartbeat(nodeId, other.id(), key, source))).as("a cluster it is not a member of")
                .isEqualTo("node_unknown");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update node_identities set certificate_not_after = now() - interval '1 day' where node_id = ?")) {
            s.setObject(1, nodeId);
            s.executeUpdate();
        }
        assertThat(code(() -> heartbeat(nodeId, cluster.id(), key, source))).isEqualTo("certificate_expired");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "update node_identities set certificate_not_after = now() + interval '1 day' where node_id = ?")) {
            s.setObject(1, nodeId);
            s.executeUpdate();
        }
        nodes.disableMembership(owner, nodeId, cluster.id(), "suspicious");
        assertThat(code(() -> heartbeat(nodeId, cluster.id(), key, source))).isEqualTo("membership_disabled");
        nodes.revokeIdentity(owner, nodeId, cluster.id(), "stolen");
        assertThat(code(() -> heartbeat(nodeId, cluster.id(), key, source))).isEqualTo("certificate_revoked");

        List<Event> refused = fromSource(source);
        assertThat(refused).extracting(Event::type).containsOnly("node.authentication_refused");
        assertThat(refused).extracting(Event::code).containsExactly("node_unknown", "certificate_expired",
                "membership_disabled", "certificate_revoked");
        assertThat(refused).allSatisfy(e -> assertThat(e.nodeId()).isEqualTo(nodeId));
        assertThat(refused).extracting(Event::clusterId).containsExactly(other.id(), cluster.id(), cluster.id(),
                cluster.id());
        assertThat(refused.get(0).details()).containsEntry("note", "member_of_other_cluster");
        assertThat(refused.get(2).actor()).as("the proof had verified").isEqualTo("node:" + nodeId);
        assertThat(refused.get(3).actor()).isEqualTo("agent:unverified");
        assertThat(refused.get(3).details()).containsEntry("keyThumbprint", Keys.thumbprint(key.getPublic()));
    }

    @Test
    void highRiskActionsWithoutStepUpOrByAnotherRoleAreAudited() throws Exception {
        ClusterView cluster = newCluster();
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, 2, null));
        EnrollmentOutcome first = enrollments.submit(submission(token.rawToken(), key, List.of(),
                TrustFixtures.uniqueSourceAddress()));
        EnrollmentOutcome second = enrollments.submit(submission(token.rawToken(), Keys.generateP256(), List.of(),
                TrustFixtures.uniqueSourceAddress()));
        UUID nodeId = enrollments.approve(owner, first.requestId()).approvedNodeId();

        assertThatThrownBy(() -> enrollments.reject(ownerWithoutStepUp, second.requestId(), "no"))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> nodes.revokeIdentity(ownerWithoutStepUp, nodeId, cluster.id(), "x"))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> nodes.disableMembership(ownerWithoutStepUp, nodeId, cluster.id(), "x"))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> clusters.changeAuthority(ownerWithoutStepUp, cluster.id(), "fenced", "x"))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> nodes.revokeIdentity(clusterAdmin, nodeId, cluster.id(), "x"))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(events("target_id = ? and event_type = 'join_request.rejection_refused'",
                second.requestId().toString())).singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo("step_up_required"));
        assertThat(events("node_id is null and target_id = ? and event_type like 'node.%_refused' and actor = 'it-owner'",
                nodeId.toString())).extracting(e -> e.type() + "/" + e.code() + "/" + e.clusterId())
                .containsExactly("node.identity_revocation_refused/step_up_required/" + cluster.id(),
                        "node.membership_disable_refused/step_up_required/" + cluster.id());
        assertThat(events("cluster_id = ? and event_type = 'cluster.authority_change_refused'", cluster.id()))
                .singleElement().satisfies(e -> assertThat(e.code()).isEqualTo("step_up_required"));
        assertThat(events("target_id = ? and actor = 'it-cluster-admin'", nodeId.toString())).singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo("node.identity_revocation_refused");
                    assertThat(e.code()).isEqualTo("access_denied");
                });
        // and nothing happened
        assertThat(events("cluster_id = ? and event_type in ('node.identity_revoked', 'node.membership_disabled',"
                + " 'cluster.authority_changed', 'join_request.rejected')", cluster.id())).isEmpty();
    }

    @Test
    void aFloodFromOneSourceIsBoundedInTheAuditLog() throws Exception {
        String source = TrustFixtures.uniqueSourceAddress();
        KeyPair key = Keys.generateP256();
        String csr = Csr.create(key, "flood");
        for (int i = 0; i < 30; i++) {
            EnrollmentSubmission guess = new EnrollmentSubmission("rapjt_" + String.format("%043d", i), csr, "flood",
                    TrustFixtures.facts("flood"), List.of(), List.of(), "it", source);
            assertThat(code(() -> enrollments.submit(guess))).isEqualTo("token_invalid");
        }
        assertThat(fromSource(source)).hasSize(20).allSatisfy(e -> assertThat(e.code()).isEqualTo("token_invalid"));
    }

    private void heartbeat(UUID nodeId, UUID clusterId, KeyPair key, String source) {
        URI uri = URI.create(BASE + "/nodes/" + nodeId + "/heartbeats");
        byte[] body = ("{\"clusterId\":\"" + clusterId + "\"}").getBytes(StandardCharsets.UTF_8);
        nodes.recordHeartbeat(nodeId, new SignedRequest(NodeProof.create(key, "POST", uri, body, Instant.now()), "POST",
                uri, body, source), new HeartbeatReport(clusterId, "healthy", "it", Instant.now(), "[]", null));
    }
}
