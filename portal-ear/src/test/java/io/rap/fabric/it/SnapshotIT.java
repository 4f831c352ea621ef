package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.audit.AuditFilter;
import io.rap.fabric.domain.audit.AuditService;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.role.RoleAssignmentService;
import io.rap.fabric.domain.role.RoleAssignmentView;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.PeerPolicy;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.SignedSnapshot;
import io.rap.fabric.protocol.Snapshot;
import io.rap.fabric.protocol.SnapshotPeer;
import io.rap.fabric.protocol.SnapshotSigning;
import io.rap.fabric.protocol.SnapshotTrust;
import io.rap.fabric.protocol.VerifiedSnapshot;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signed need-to-know snapshots served by the deployed application over real HTTP with real node
 * proofs, and verified the way the agent verifies them: against the cluster CA it enrolled with.
 */
@ExtendWith(ArquillianExtension.class)
class SnapshotIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(SnapshotIT.class, TrustFixtures.class);
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
    RoleAssignmentService roles;

    @Inject
    WorkloadService workloads;

    @Inject
    AuditService audit;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Caller owner = TrustFixtures.owner();

    private record Enrolled(UUID nodeId, UUID clusterId, KeyPair key, String name) {
    }

    private Enrolled enrolled(ClusterView cluster, List<String> capabilities) {
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        String name = "snap-" + UUID.randomUUID().toString().substring(0, 8);
        UUID requestId = enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name, capabilities,
                List.of())).requestId();
        return new Enrolled(enrollments.approve(owner, requestId).approvedNodeId(), cluster.id(), key, name);
    }

    private static URI snapshotUri(Enrolled node) {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return URI.create("http://127.0.0.1:" + port + "/node-api/v1/nodes/" + node.nodeId() + "/snapshot?cluster="
                + node.clusterId());
    }

    private HttpResponse<String> fetch(Enrolled node, KeyPair key) throws Exception {
        URI uri = snapshotUri(node);
        return http.send(HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(30))
                        .header(NodeProof.HEADER, NodeProof.create(key, "GET", uri, new byte[0], Instant.now())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private SignedSnapshot signed(Enrolled node) throws Exception {
        HttpResponse<String> response = fetch(node, node.key());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SignedSnapshot.fromJson(Json.parse(response.body().getBytes(StandardCharsets.UTF_8)));
    }

    private SnapshotTrust trust(Enrolled node) throws Exception {
        String pem = text("select certificate_pem from cluster_certificate_authorities where cluster_id = ?"
                + " and status = 'active'", node.clusterId());
        return new SnapshotTrust(Pem.parseCertificate(pem), node.clusterId(), node.nodeId());
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

    private String serialOf(Enrolled node) throws Exception {
        return text("select certificate_serial from node_identities where node_id = ? and cluster_id = ?",
                node.nodeId(), node.clusterId());
    }

    @Test
    void eachNodeLearnsOnlyWhatItsRolesNeed() throws Exception {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "snap");
        Enrolled worker = enrolled(cluster, List.of("can_run_processes"));
        Enrolled relayA = enrolled(cluster, List.of("can_relay"));
        Enrolled relayB = enrolled(cluster, List.of("can_relay"));
        Enrolled revoked = enrolled(cluster, List.of("can_relay"));
        roles.assign(owner, cluster.id(), worker.nodeId(), "service-host", null);
        workloads.setWorkload(owner, cluster.id(), worker.nodeId(), "sleeper", "process",
                Map.of("executable", "/bin/sleep", "arguments", "600"));
        for (Enrolled relay : List.of(relayA, relayB, revoked)) {
            roles.assign(owner, cluster.id(), relay.nodeId(), "relay", null);
        }
        workloads.setWorkload(owner, cluster.id(), relayB.nodeId(), "echo", "synthetic.echo", Map.of("port", "7999"));
        nodes.revokeIdentity(owner, revoked.nodeId(), cluster.id(), "it: stolen host");

        Snapshot forWorker = SnapshotSigning.verify(signed(worker), trust(worker), Instant.now(), null).snapshot();
        Snapshot forRelay = SnapshotSigning.verify(signed(relayA), trust(relayA), Instant.now(), null).snapshot();

        assertThat(forWorker.roles()).extracting(r -> r.role()).containsExactly("service-host");
        assertThat(forWorker.workloads()).extracting(w -> w.name()).containsExactly("sleeper");
        assertThat(forWorker.peers()).as("a node without a mesh role gets no peer list").isNull();
        assertThat(forWorker.peerPolicy()).isNull();
        assertThat(forWorker.revokedSerials()).containsExactly(serialOf(revoked));

        assertThat(forRelay.roles()).extracting(r -> r.role()).containsExactly("relay");
        assertThat(forRelay.workloads()).isEmpty();
        assertThat(forRelay.peerPolicy()).isEqualTo(PeerPolicy.CORE);
        assertThat(forRelay.peers()).as("other relays that can still prove who they are, not itself, not the worker")
                .extracting(SnapshotPeer::nodeId).containsExactly(relayB.nodeId());
        assertThat(forRelay.peers().get(0).port()).isEqualTo(7999);
        assertThat(forRelay.peers().get(0).roles()).containsExactly("relay");
        assertThat(forRelay.peers().get(0).addresses()).isNotEmpty();
        assertThat(forRelay.revokedSerials()).containsExactly(serialOf(revoked));
        String text = new String(signed(worker).payload(), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(relayA.nodeId().toString(), relayB.name(), "BEGIN");

        assertThat(audit.list(owner, AuditFilter.none().withCluster(cluster.id())
                .withEventType("trust.config_signer_issued"), PageRequest.first(10)).items()).hasSize(1);
    }

    private void sql(String sql, Object... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    private UUID organization(UUID clusterId) throws Exception {
        UUID id = UUID.randomUUID();
        String slug = "org-" + id.toString().substring(0, 8);
        sql("insert into organizations (id, name, slug, cluster_id, status, created_at, updated_at)"
                + " values (?, ?, ?, ?, 'active', now(), now())", id, "Org " + slug, slug, clusterId);
        return id;
    }

    private UUID entryPoint(UUID organizationId, String hostname) throws Exception {
        UUID id = UUID.randomUUID();
        sql("insert into entry_points (id, organization_id, name, public_hostname, public_port, status, created_at,"
                + " updated_at) values (?, ?, ?, ?, 443, 'active', now(), now())", id, organizationId, hostname, hostname);
        return id;
    }

    /** A pool of the organization backed by {@code node}, and one resource behind it. */
    private UUID resourceBehind(UUID organizationId, Enrolled node, String host) throws Exception {
        UUID pool = UUID.randomUUID();
        sql("insert into egress_pools (id, organization_id, name, region, created_at, updated_at)"
                + " values (?, ?, ?, 'eu', now(), now())", pool, organizationId, "pool " + host);
        sql("insert into egress_pool_nodes (id, egress_pool_id, cluster_id, node_id, added_by, created_at)"
                + " values (?, ?, ?, ?, 'it', now())", UUID.randomUUID(), pool, node.clusterId(), node.nodeId());
        UUID resource = UUID.randomUUID();
        sql("insert into organization_resources (id, organization_id, name, target_host, port, protocol, egress_pool_id,"
                + " created_at, updated_at) values (?, ?, ?, ?, 3389, 'rdp', ?, now(), now())",
                resource, organizationId, host, host, pool);
        return resource;
    }

    @Test
    void ingressAndEgressNodesGetOnlyTheirPartOfTheOrganizations() throws Exception {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "snapo");
        ClusterView elsewhere = TrustFixtures.newCluster(clusters, "snapx");
        UUID orgA = organization(cluster.id());
        UUID orgB = organization(cluster.id());
        UUID orgElsewhere = organization(elsewhere.id());
        UUID entryA = entryPoint(orgA, "a.example.com");
        UUID entryB = entryPoint(orgB, "b.example.com");
        entryPoint(orgElsewhere, "x.example.com");
        Enrolled ingress = enrolled(cluster, List.of("can_accept_entry"));
        Enrolled egress = enrolled(cluster, List.of("can_run_egress"));
        UUID resourceA = resourceBehind(orgA, egress, "desk-a.internal");
        resourceBehind(orgB, egress, "desk-b.internal");
        roles.assign(owner, cluster.id(), ingress.nodeId(), "entry-node", null);
        roles.assign(owner, cluster.id(), egress.nodeId(), "egress", orgA);

        Snapshot forIngress = SnapshotSigning.verify(signed(ingress), trust(ingress), Instant.now(), null).snapshot();
        Snapshot forEgress = SnapshotSigning.verify(signed(egress), trust(egress), Instant.now(), null).snapshot();

        assertThat(forIngress.entryPoints()).extracting(e -> e.id()).containsExactlyInAnyOrder(entryA, entryB);
        assertThat(forIngress.resources()).isNull();
        assertThat(forIngress.peers()).isNull();
        assertThat(forEgress.resources()).as("only the organization its egress role is assigned for")
                .extracting(r -> r.id()).containsExactly(resourceA);
        assertThat(forEgress.entryPoints()).isNull();
        assertThat(forEgress.peers()).isNull();
    }

    @Test
    void theVersionMovesOnlyWhenTheContentChanges() throws Exception {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "snapv");
        Enrolled node = enrolled(cluster, List.of("can_relay"));
        RoleAssignmentView relay = roles.assign(owner, cluster.id(), node.nodeId(), "relay", null);

        SignedSnapshot first = signed(node);
        SignedSnapshot again = signed(node);
        VerifiedSnapshot applied = SnapshotSigning.verify(first, trust(node), Instant.now(), null);

        assertThat(again.payload()).as("unchanged content: the same signed bytes").isEqualTo(first.payload());
        assertThat(SnapshotSigning.verify(again, trust(node), Instant.now(), applied).snapshot().version())
                .isEqualTo(applied.snapshot().version());

        roles.disable(owner, cluster.id(), relay.id());
        VerifiedSnapshot next = SnapshotSigning.verify(signed(node), trust(node), Instant.now(), applied);

        assertThat(next.snapshot().version()).isEqualTo(applied.snapshot().version() + 1);
        assertThat(next.snapshot().roles()).isEmpty();
        assertThat(next.snapshot().peers()).isNull();
    }

    @Test
    void onlyTheNodeItselfMayFetchItsSnapshot() throws Exception {
        ClusterView cluster = TrustFixtures.newCluster(clusters, "snapa");
        Enrolled node = enrolled(cluster, List.of());
        Enrolled other = enrolled(cluster, List.of());

        assertThat(fetch(node, Keys.generateP256()).statusCode()).isEqualTo(401);
        assertThat(fetch(node, other.key()).statusCode()).isEqualTo(401);
        assertThat(fetch(new Enrolled(node.nodeId(), UUID.randomUUID(), node.key(), node.name()), node.key())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void aClusterThatIsNotHealthyKeepsItsSignerButIssuesNoNewOne() throws Exception {
        ClusterView served = TrustFixtures.newCluster(clusters, "snaph");
        Enrolled known = enrolled(served, List.of());
        signed(known); // issues the cluster's signer while healthy
        ClusterView fresh = TrustFixtures.newCluster(clusters, "snapn");
        Enrolled first = enrolled(fresh, List.of());

        clusters.changeAuthority(owner, served.id(), "minority_partition", "it: partition");
        clusters.changeAuthority(owner, fresh.id(), "minority_partition", "it: partition");

        assertThat(fetch(known, known.key()).statusCode()).as("revocations still reach nodes").isEqualTo(200);
        HttpResponse<String> refused = fetch(first, first.key());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("authority_not_healthy");
    }
}
