package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.access.AccessDeniedException;
import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.audit.AuditView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.link.ClusterLinkSummary;
import io.rap.fabric.domain.link.LinkInventory;
import io.rap.fabric.domain.link.NodeLinkView;
import io.rap.fabric.domain.shared.NotFoundException;
import io.rap.fabric.domain.shared.Page;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.LinkReport.LinkHealth;
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
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The link inventory inside the deployed application: nodes post route health over real HTTP with
 * real proofs ({@code POST /node-api/v1/nodes/{id}/links}), the latest state per path lands in
 * {@code node_links}, and only the platform owner reads it.
 */
@ExtendWith(ArquillianExtension.class)
class LinkInventoryIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(LinkInventoryIT.class, TrustFixtures.class, OrgFixtures.class,
                OrgFixtures.Tenant.class, OrgFixtures.EnrolledNode.class);
    }

    @Inject
    ClusterService clusters;

    @Inject
    JoinTokenService tokens;

    @Inject
    EnrollmentService enrollments;

    @Inject
    LinkInventory links;

    @Inject
    AuditService audit;

    @Inject
    OrgFixtures fixtures;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Caller owner = TrustFixtures.owner();
    /** Measurement times are whole seconds, like the JSON round trip through timestamptz keeps them. */
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private record Enrolled(UUID nodeId, UUID clusterId, KeyPair key, String name) {
    }

    private record Reply(int status, String contentType, String body) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String problemType() {
            assertThat(contentType).as(body).startsWith("application/problem+json");
            return json().getString("type");
        }
    }

    // ---- fixtures ----

    private ClusterView newCluster() {
        return TrustFixtures.newCluster(clusters, "ln");
    }

    private Enrolled enrolled(ClusterView cluster, String prefix) {
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        UUID requestId = enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name, List.of("can_relay"),
                List.of())).requestId();
        return new Enrolled(enrollments.approve(owner, requestId).approvedNodeId(), cluster.id(), key, name);
    }

    private static URI api(String path) {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return URI.create("http://127.0.0.1:" + port + "/node-api/v1" + path);
    }

    private Reply post(Enrolled node, byte[] body) throws Exception {
        URI uri = api("/nodes/" + node.nodeId() + "/links");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
                .header(NodeProof.HEADER, NodeProof.create(node.key(), "POST", uri, body, Instant.now())).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private Reply report(Enrolled node, Instant measuredAt, LinkHealth... paths) throws Exception {
        return post(node, bytes(new LinkReport(node.clusterId(), node.nodeId(), measuredAt, List.of(paths))));
    }

    private static byte[] bytes(LinkReport report) {
        return report.toJson().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static LinkHealth path(Enrolled peer, Enrolled via, int attempts, int failures, Long p50, Long p99,
                                   int streak, Instant lastSuccess) {
        return new LinkHealth(peer.nodeId(), via == null ? null : via.nodeId(), attempts, failures, p50, p99, streak,
                lastSuccess, failures > 0 ? lastSuccess == null ? Instant.now() : lastSuccess.minusSeconds(5) : null);
    }

    private long storedLinks(Enrolled node) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from node_links where node_id = ?")) {
            s.setObject(1, node.nodeId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<AuditView> events(UUID clusterId, String type) {
        return audit.list(owner, AuditFilter.none().withCluster(clusterId).withEventType(type), PageRequest.first(200))
                .items();
    }

    private long nodeEvents(Enrolled node) {
        return audit.list(owner, AuditFilter.none().withNode(node.nodeId()), PageRequest.first(1)).total();
    }

    private List<NodeLinkView> ownerView(Enrolled node) {
        return links.listForNode(owner, node.nodeId(), PageRequest.first(200)).items();
    }

    // ---- tests ----

    @Test
    void aReportIsStoredThenUpsertedAndAnOlderOneOverwritesNothingWithoutAuditEvents() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled a = enrolled(cluster, "ln-a");
        Enrolled b = enrolled(cluster, "ln-b");
        Enrolled relay = enrolled(cluster, "ln-relay");
        long eventsBefore = nodeEvents(a);

        Reply first = report(a, now.minusSeconds(60),
                path(b, null, 20, 1, 180L, 950L, 0, now.minusSeconds(61)),
                path(b, relay, 3, 3, null, null, 3, null));
        assertThat(first.status()).as(first.body()).isEqualTo(204);
        assertThat(ownerView(a)).hasSize(2);

        Reply second = report(a, now, path(b, null, 32, 0, 150L, 400L, 0, now.minusSeconds(1)));
        assertThat(second.status()).as(second.body()).isEqualTo(204);
        Reply late = report(a, now.minusSeconds(30), path(b, null, 1, 1, null, null, 1, null));
        assertThat(late.status()).as("a late report is accepted, and ignored: " + late.body()).isEqualTo(204);

        List<NodeLinkView> view = ownerView(a);
        assertThat(storedLinks(a)).isEqualTo(2);
        // failing paths first
        assertThat(view.get(0)).satisfies(l -> {
            assertThat(l.viaNodeId()).isEqualTo(relay.nodeId());
            assertThat(l.viaName()).isEqualTo(relay.name());
            assertThat(l.failing()).isTrue();
            assertThat(l.consecutiveFailures()).isEqualTo(3);
            assertThat(l.rttMedianMicros()).isNull();
            assertThat(l.measuredAt()).isEqualTo(now.minusSeconds(60));
        });
        assertThat(view.get(1)).satisfies(l -> {
            assertThat(l.direct()).isTrue();
            assertThat(l.clusterId()).isEqualTo(cluster.id());
            assertThat(l.clusterName()).isEqualTo(cluster.name());
            assertThat(l.peerNodeId()).isEqualTo(b.nodeId());
            assertThat(l.peerName()).isEqualTo(b.name());
            assertThat(l.attempts()).as("the newer report won, the late one did not").isEqualTo(32);
            assertThat(l.failures()).isZero();
            assertThat(l.rttMedianMicros()).isEqualTo(150L);
            assertThat(l.rttP99Micros()).isEqualTo(400L);
            assertThat(l.lastSuccessAt()).isEqualTo(now.minusSeconds(1));
            assertThat(l.measuredAt()).isEqualTo(now);
            assertThat(l.ageSeconds()).isBetween(0L, 60L);
        });

        // telemetry: no audit event per report, like heartbeats
        assertThat(nodeEvents(a)).isEqualTo(eventsBefore);

        Page<NodeLinkView> page = links.listForNode(owner, a.nodeId(), PageRequest.first(1));
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.items()).hasSize(1);
        ClusterLinkSummary summary = links.summary(owner, cluster.id());
        assertThat(summary.links()).isEqualTo(2);
        assertThat(summary.failing()).isEqualTo(1);
        assertThat(summary.stale()).isZero();
        assertThat(summary.reportingNodes()).isEqualTo(1);
        assertThat(summary.lastMeasuredAt()).isEqualTo(now);
        assertThat(ownerView(b)).isEmpty();
    }

    @Test
    void linksNamingNodesOutsideTheClusterAreIgnoredAndTheRestIsStored() throws Exception {
        ClusterView cluster = newCluster();
        ClusterView other = newCluster();
        Enrolled a = enrolled(cluster, "ln-a");
        Enrolled b = enrolled(cluster, "ln-b");
        Enrolled foreign = enrolled(other, "ln-foreign");
        Enrolled stranger = new Enrolled(UUID.randomUUID(), cluster.id(), null, "nobody");

        Reply reply = report(a, now,
                path(b, null, 5, 0, 100L, 200L, 0, now),
                path(foreign, null, 5, 0, 100L, 200L, 0, now),
                path(b, foreign, 5, 0, 300L, 400L, 0, now),
                path(stranger, null, 1, 1, null, null, 1, null),
                path(a, null, 1, 0, 10L, 10L, 0, now),
                path(b, a, 1, 0, 10L, 10L, 0, now));

        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        assertThat(ownerView(a)).extracting(NodeLinkView::peerNodeId, NodeLinkView::viaNodeId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(b.nodeId(), null));
        assertThat(links.summary(owner, other.id()).links()).isZero();
        assertThat(events(cluster.id(), "node.link_report_refused")).isEmpty();
    }

    @Test
    void badReportsAreRefusedWithProblemsStoreNothingAndTheNodesRefusalsAreAudited() throws Exception {
        ClusterView cluster = newCluster();
        ClusterView other = newCluster();
        Enrolled a = enrolled(cluster, "ln-a");
        Enrolled b = enrolled(cluster, "ln-b");
        enrolled(other, "ln-other");
        LinkHealth toB = path(b, null, 5, 0, 100L, 200L, 0, now);

        // a report speaking for another node of the cluster
        Reply forOther = post(a, bytes(new LinkReport(cluster.id(), b.nodeId(), now, List.of(toB))));
        assertThat(forOther.status()).isEqualTo(400);
        assertThat(forOther.problemType()).isEqualTo("urn:rap:problem:link_report_node_mismatch");
        assertThat(forOther.json().getString("detail")).contains(b.nodeId().toString());

        // a cluster the node is not a member of: the proof cannot be of a member there
        Reply foreignCluster = post(a, bytes(new LinkReport(other.id(), a.nodeId(), now, List.of(toB))));
        assertThat(foreignCluster.status()).isEqualTo(401);
        assertThat(foreignCluster.problemType()).isEqualTo("urn:rap:problem:node_unknown");

        // measured in the future: such a row would never be replaced
        Reply future = report(a, now.plus(Duration.ofHours(1)), toB);
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.problemType()).isEqualTo("urn:rap:problem:link_report_from_future");

        Reply malformed = post(a, "{\"clusterId\":".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.problemType()).isEqualTo("urn:rap:problem:malformed_json");

        Reply invalid = post(a, ("{\"clusterId\":\"" + cluster.id() + "\",\"nodeId\":\"" + a.nodeId()
                + "\",\"measuredAt\":\"" + now + "\",\"links\":[{\"peer\":\"" + b.nodeId()
                + "\",\"attempts\":1,\"failures\":2,\"consecutiveFailures\":0}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.problemType()).isEqualTo("urn:rap:problem:invalid_field");
        assertThat(invalid.json().getString("detail")).contains("failures");

        String twice = new String(bytes(new LinkReport(cluster.id(), a.nodeId(), now, List.of(toB))),
                StandardCharsets.UTF_8).replace("\"links\":[", "\"links\":[" + toB.toJson() + ",");
        Reply duplicate = post(a, twice.getBytes(StandardCharsets.UTF_8));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.problemType()).isEqualTo("urn:rap:problem:invalid_field");

        List<LinkHealth> many = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            many.add(new LinkHealth(UUID.randomUUID(), null, 1, 0, 1L, 1L, 0, now, null));
        }
        Reply oversized = post(a, bytes(new LinkReport(cluster.id(), a.nodeId(), now, many)));
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.problemType()).isEqualTo("urn:rap:problem:body_too_large");

        assertThat(storedLinks(a)).isZero();
        assertThat(storedLinks(b)).isZero();
        assertThat(events(cluster.id(), "node.link_report_refused"))
                .extracting(e -> e.actor() + "/" + e.details().get("code"))
                .containsExactlyInAnyOrder("node:" + a.nodeId() + "/link_report_node_mismatch",
                        "node:" + a.nodeId() + "/link_report_from_future");
        assertThat(events(other.id(), "node.authentication_refused")).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("code", "node_unknown").containsEntry("note", "member_of_other_cluster");
            assertThat(e.details().get("path")).endsWith("/links");
        });

        // the same node's good report still goes through
        assertThat(report(a, now, toB).status()).isEqualTo(204);
        assertThat(storedLinks(a)).isEqualTo(1);
    }

    @Test
    void onlyThePlatformOwnerReadsTheInventory() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled a = enrolled(cluster, "ln-a");
        Enrolled b = enrolled(cluster, "ln-b");
        assertThat(report(a, now, path(b, null, 5, 0, 100L, 200L, 0, now)).status()).isEqualTo(204);
        String marker = "LN" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        fixtures.grantCluster("ca-" + marker.toLowerCase(Locale.ROOT), cluster.id());
        Caller clusterAdmin = OrgFixtures.clusterAdmin("ca-" + marker.toLowerCase(Locale.ROOT));
        Caller orgAdmin = fixtures.tenant(cluster, marker).admin();
        Caller ownerWithoutStepUp = TrustFixtures.ownerWithoutStepUp();

        for (Caller refused : List.of(clusterAdmin, orgAdmin)) {
            assertThatThrownBy(() -> links.listForNode(refused, a.nodeId(), PageRequest.first(10)))
                    .as(refused.username()).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> links.summary(refused, cluster.id()))
                    .as(refused.username()).isInstanceOf(AccessDeniedException.class);
        }
        assertThatThrownBy(() -> links.listForNode(null, a.nodeId(), PageRequest.first(10)))
                .isInstanceOf(AccessDeniedException.class);
        // reading needs no step-up: it changes nothing
        assertThat(links.listForNode(ownerWithoutStepUp, a.nodeId(), PageRequest.first(10)).total()).isEqualTo(1);
        assertThatThrownBy(() -> links.listForNode(owner, UUID.randomUUID(), PageRequest.first(10)))
                .isInstanceOf(NotFoundException.class);
    }
}
