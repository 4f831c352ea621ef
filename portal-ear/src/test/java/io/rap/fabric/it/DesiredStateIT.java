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
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.role.RoleAssignmentService;
import io.rap.fabric.domain.role.RoleAssignmentView;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.shared.ValidationException;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.domain.workload.WorkloadView;
import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.WorkloadReport;
import io.rap.fabric.protocol.WorkloadState;
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
 * Role assignments, desired workloads and the desired-state node API inside the deployed
 * application: people change desired state through the domain (with its guards and audit), nodes
 * read it and report over real HTTP with real proofs, from inside the server so the test can
 * enroll nodes and read the database.
 */
@ExtendWith(ArquillianExtension.class)
class DesiredStateIT {

    private static final List<String> RELAY_AND_PROCESSES = List.of("can_relay", "can_run_processes");

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.earWithTestWar(DesiredStateIT.class, TrustFixtures.class);
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
    private final Caller ownerWithoutStepUp = TrustFixtures.ownerWithoutStepUp();
    private final Caller clusterAdmin = TrustFixtures.personWithRole(Caller.CLUSTER_ADMIN, "it-cluster-admin");

    private record Enrolled(UUID nodeId, UUID clusterId, KeyPair key) {
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
        return TrustFixtures.newCluster(clusters, "ds");
    }

    /** A node enrolled and approved in the cluster, reporting {@code capabilities}. */
    private Enrolled enrolled(ClusterView cluster, List<String> capabilities) {
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        String name = "ds-node-" + UUID.randomUUID().toString().substring(0, 8);
        UUID requestId = enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name, capabilities,
                List.of())).requestId();
        return new Enrolled(enrollments.approve(owner, requestId).approvedNodeId(), cluster.id(), key);
    }

    private List<AuditView> events(UUID clusterId, String type) {
        return audit.list(owner, AuditFilter.none().withCluster(clusterId).withEventType(type), PageRequest.first(200))
                .items();
    }

    private long version(Enrolled node) throws Exception {
        return number("select desired_state_version from cluster_memberships where node_id = ? and cluster_id = ?",
                node.nodeId(), node.clusterId());
    }

    private long number(String sql, Object... parameters) throws Exception {
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

    /** An organization row served by the cluster (the organization services have their own ITs). */
    private UUID organizationServedBy(UUID clusterId) throws Exception {
        UUID id = UUID.randomUUID();
        String slug = "ds-org-" + id.toString().substring(0, 8);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into organizations (id, name, slug, cluster_id, status, created_at, updated_at)"
                        + " values (?, ?, ?, ?, 'active', now(), now())")) {
            s.setObject(1, id);
            s.setString(2, "Org " + slug);
            s.setString(3, slug);
            s.setObject(4, clusterId);
            s.executeUpdate();
        }
        return id;
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

    // ---- the node API over HTTP ----

    /** This server's own HTTP listener (the test stack runs WildFly with a port offset). */
    private static URI api(String path) {
        int port = 8080 + Integer.getInteger("jboss.socket.binding.port-offset", 0);
        return URI.create("http://127.0.0.1:" + port + "/node-api/v1" + path);
    }

    private static URI desiredStateUri(UUID pathNodeId, String cluster) {
        return api("/nodes/" + pathNodeId + "/desired-state" + (cluster == null ? "" : "?cluster=" + cluster));
    }

    private Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private Reply get(URI uri, KeyPair key) throws Exception {
        return send(HttpRequest.newBuilder(uri).GET()
                .header(NodeProof.HEADER, NodeProof.create(key, "GET", uri, new byte[0], Instant.now())));
    }

    private Reply post(URI uri, KeyPair key, byte[] body) throws Exception {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header(NodeProof.HEADER, NodeProof.create(key, "POST", uri, body, Instant.now())));
    }

    private DesiredState desiredState(Enrolled node) throws Exception {
        Reply reply = get(desiredStateUri(node.nodeId(), node.clusterId().toString()), node.key());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return DesiredState.fromJson(reply.json());
    }

    private HeartbeatAck heartbeat(Enrolled node, List<WorkloadState> states) throws Exception {
        byte[] body = new Heartbeat(node.clusterId(), "healthy", "it", Instant.now(), states, null).toJson().toString()
                .getBytes(StandardCharsets.UTF_8);
        Reply reply = post(api("/nodes/" + node.nodeId() + "/heartbeats"), node.key(), body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return HeartbeatAck.fromJson(reply.json());
    }

    private Reply report(Enrolled node, List<WorkloadState> states) throws Exception {
        byte[] body = new WorkloadReport(node.clusterId(), states).toJson().toString().getBytes(StandardCharsets.UTF_8);
        return post(api("/nodes/" + node.nodeId() + "/workload-reports"), node.key(), body);
    }

    // ---- role assignment ----

    @Test
    void assignmentIsRefusedWithoutStepUpForOthersAndWithoutTheCapabilityAndChangesNothing() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster, List.of("can_relay"));

        assertThatThrownBy(() -> roles.assign(ownerWithoutStepUp, cluster.id(), node.nodeId(), "relay", null))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> roles.assign(clusterAdmin, cluster.id(), node.nodeId(), "relay", null))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> roles.assign(owner, cluster.id(), node.nodeId(), "core-mesh", null))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "capability_missing")
                .hasMessageContaining("can_route_mesh");
        assertThatThrownBy(() -> roles.assign(owner, cluster.id(), node.nodeId(), "no-such-role", null))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> roles.assign(owner, cluster.id(), node.nodeId(), "relay", UUID.randomUUID()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("whole cluster");
        assertThatThrownBy(() -> roles.assign(owner, newCluster().id(), node.nodeId(), "relay", null))
                .hasFieldOrPropertyWithValue("code", "not_found");

        assertThat(number("select count(*) from node_role_assignments where node_id = ?", node.nodeId())).isZero();
        assertThat(version(node)).isZero();
        assertThat(events(cluster.id(), "role.assigned")).isEmpty();
        assertThat(events(cluster.id(), "role.assignment_refused")).extracting(e -> e.actor() + "/" + e.details().get("code"))
                .containsExactlyInAnyOrder("it-owner/step_up_required", "it-cluster-admin/access_denied");
        assertThat(desiredState(node).roles()).isEmpty();
    }

    @Test
    void assignmentUnderAMinorityPartitionIsRefusedAndAuditedWhileRemovalStaysAllowed() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster, RELAY_AND_PROCESSES);
        RoleAssignmentView relay = roles.assign(owner, cluster.id(), node.nodeId(), "relay", null);
        clusters.changeAuthority(owner, cluster.id(), "minority_partition", "lost quorum");

        assertThatThrownBy(() -> roles.assign(owner, cluster.id(), node.nodeId(), "service-host", null))
                .isInstanceOf(AuthorityNotHealthyException.class)
                .hasFieldOrPropertyWithValue("code", "authority_not_healthy");
        assertThatThrownBy(() -> workloads.setWorkload(owner, cluster.id(), node.nodeId(), "echo", "synthetic.echo",
                Map.of())).isInstanceOf(AuthorityNotHealthyException.class);
        assertThat(events(cluster.id(), "role.assignment_refused")).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("code", "authority_not_healthy");
            assertThat(e.targetId()).isEqualTo(node.nodeId().toString());
        });
        assertThat(events(cluster.id(), "workload.change_refused")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("code", "authority_not_healthy"));
        assertThat(number("select count(*) from node_role_assignments where node_id = ?", node.nodeId())).isEqualTo(1);
        assertThat(number("select count(*) from node_service_instances where node_id = ?", node.nodeId())).isZero();
        assertThat(version(node)).isEqualTo(1);

        // taking a role away only narrows what the node may do: allowed in a partition
        assertThat(roles.disable(owner, cluster.id(), relay.id()).status()).isEqualTo("disabled");
        assertThat(version(node)).isEqualTo(2);
        assertThat(events(cluster.id(), "role.removed")).hasSize(1);
        assertThat(audit.verifyChain(owner).intact()).isTrue();
    }

    @Test
    void assignmentIsAuditedBumpsTheVersionAndRefusesDuplicates() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster, RELAY_AND_PROCESSES);
        UUID organization = organizationServedBy(cluster.id());
        assertThatThrownBy(() -> roles.assign(owner, cluster.id(), node.nodeId(), "service-host", UUID.randomUUID()))
                .hasFieldOrPropertyWithValue("code", "not_found");
        assertThatThrownBy(() -> roles.assign(owner, cluster.id(), node.nodeId(), "service-host",
                organizationServedBy(newCluster().id())))
                .as("another cluster's organization is not found from here")
                .hasFieldOrPropertyWithValue("code", "not_found");

        RoleAssignmentView relay = roles.assign(owner, cluster.id(), node.nodeId(), "relay", null);
        assertThat(relay.status()).isEqualTo("active");
        assertThat(relay.assignedBy()).isEqualTo("it-owner");
        assertThat(version(node)).isEqualTo(1);
        assertThat(events(cluster.id(), "role.assigned")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("it-owner");
            assertThat(e.nodeId()).isEqualTo(node.nodeId());
            assertThat(e.targetId()).isEqualTo(relay.id().toString());
            assertThat(e.details()).containsEntry("role", "relay").containsEntry("desiredStateVersion", "1");
        });

        assertThatThrownBy(() -> roles.assign(owner, cluster.id(), node.nodeId(), "relay", null))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "role_already_assigned");
        // an organization-scoped role: once per organization, and once unscoped
        roles.assign(owner, cluster.id(), node.nodeId(), "service-host", organization);
        roles.assign(owner, cluster.id(), node.nodeId(), "service-host", null);
        assertThatThrownBy(() -> roles.assign(owner, cluster.id(), node.nodeId(), "service-host", organization))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "role_already_assigned");
        assertThat(version(node)).isEqualTo(3);
        assertThat(events(cluster.id(), "role.assigned")).filteredOn(e -> organization.toString().equals(e.details().get("organizationId")))
                .hasSize(1);

        assertThat(roles.listForCluster(owner, cluster.id(), PageRequest.first(2))).satisfies(page -> {
            assertThat(page.total()).isEqualTo(3);
            assertThat(page.items()).hasSize(2);
        });
        assertThat(roles.listForNode(owner, node.nodeId(), cluster.id(), PageRequest.first(10)).items())
                .extracting(a -> a.role() + "/" + a.organizationId())
                .containsExactly("relay/null", "service-host/null", "service-host/" + organization);
        assertThatThrownBy(() -> roles.listForCluster(clusterAdmin, cluster.id(), PageRequest.first(10)))
                .isInstanceOf(AccessDeniedException.class);

        assertThat(desiredState(node).roles()).containsExactly(new RoleGrant("relay", null),
                new RoleGrant("service-host", null), new RoleGrant("service-host", organization));
    }

    @Test
    void removalNeedsStepUpIsAuditedAndHappensOnce() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster, RELAY_AND_PROCESSES);
        RoleAssignmentView relay = roles.assign(owner, cluster.id(), node.nodeId(), "relay", null);

        assertThatThrownBy(() -> roles.disable(ownerWithoutStepUp, cluster.id(), relay.id()))
                .isInstanceOf(StepUpRequiredException.class);
        assertThatThrownBy(() -> roles.disable(owner, newCluster().id(), relay.id()))
                .hasFieldOrPropertyWithValue("code", "not_found");
        assertThat(events(cluster.id(), "role.removal_refused")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("code", "step_up_required"));
        assertThat(version(node)).isEqualTo(1);

        roles.disable(owner, cluster.id(), relay.id());
        assertThatThrownBy(() -> roles.disable(owner, cluster.id(), relay.id()))
                .isInstanceOf(ConflictException.class).hasFieldOrPropertyWithValue("code", "role_not_active");
        assertThat(events(cluster.id(), "role.removed")).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("role", "relay").containsEntry("desiredStateVersion", "2"));
        // assigning it again after removal is a new assignment, not a duplicate
        roles.assign(owner, cluster.id(), node.nodeId(), "relay", null);
        assertThat(version(node)).isEqualTo(3);
    }

    // ---- desired state over the node API ----

    @Test
    void desiredStateCarriesOnlyWorkloadsAnActiveRoleAuthorizes() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster, RELAY_AND_PROCESSES);
        assertThat(desiredState(node)).satisfies(s -> {
            assertThat(s.version()).isZero();
            assertThat(s.roles()).isEmpty();
            assertThat(s.workloads()).isEmpty();
            assertThat(s.nodeId()).isEqualTo(node.nodeId());
            assertThat(s.clusterId()).isEqualTo(cluster.id());
        });

        RoleAssignmentView relay = roles.assign(owner, cluster.id(), node.nodeId(), "relay", null);
        workloads.setWorkload(owner, cluster.id(), node.nodeId(), "echo", "synthetic.echo", Map.of("port", "7443"));
        WorkloadView worker = workloads.setWorkload(owner, cluster.id(), node.nodeId(), "worker", "process",
                Map.of("executable", "/usr/bin/sleep", "arguments", "60"));
        assertThat(worker.authorizedBy()).isNull(); // service-host is not assigned
        assertThat(events(cluster.id(), "workload.desired_set")).hasSize(2);

        DesiredState first = desiredState(node);
        assertThat(first.roles()).containsExactly(new RoleGrant("relay", null));
        assertThat(first.workloads()).containsExactly(
                new DesiredWorkload("echo", "synthetic.echo", "relay", Map.of("port", "7443")));
        assertThat(first.version()).isEqualTo(3).isEqualTo(version(node));
        assertThat(heartbeat(node, List.of()).desiredStateVersion()).isEqualTo(first.version());

        roles.disable(owner, cluster.id(), relay.id());
        DesiredState second = desiredState(node);
        assertThat(second.roles()).isEmpty();
        assertThat(second.workloads()).isEmpty();
        assertThat(second.version()).isGreaterThan(first.version());
        assertThat(heartbeat(node, List.of()).desiredStateVersion()).isEqualTo(second.version());

        // the process workload appears once a role authorizes it; the echo one stays off
        roles.assign(owner, cluster.id(), node.nodeId(), "service-host", null);
        assertThat(desiredState(node).workloads()).extracting(w -> w.name() + "/" + w.role())
                .containsExactly("worker/service-host");
    }

    @Test
    void disabledWorkloadsAreOmittedAndEnablingIsGuarded() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster, RELAY_AND_PROCESSES);
        roles.assign(owner, cluster.id(), node.nodeId(), "relay", null);
        WorkloadView echo = workloads.setWorkload(owner, cluster.id(), node.nodeId(), "echo", "synthetic.echo", null);
        assertThat(echo.desired()).isEqualTo("enabled");
        assertThat(echo.authorizedBy()).isEqualTo("relay");

        assertThatThrownBy(() -> workloads.disable(ownerWithoutStepUp, cluster.id(), echo.id()))
                .isInstanceOf(StepUpRequiredException.class);
        assertThat(workloads.disable(owner, cluster.id(), echo.id()).desired()).isEqualTo("disabled");
        assertThatThrownBy(() -> workloads.disable(owner, cluster.id(), echo.id()))
                .hasFieldOrPropertyWithValue("code", "workload_already_disabled");
        DesiredState off = desiredState(node);
        assertThat(off.workloads()).isEmpty();
        assertThat(off.version()).isEqualTo(3);

        clusters.changeAuthority(owner, cluster.id(), "fenced", "maintenance");
        assertThatThrownBy(() -> workloads.enable(owner, cluster.id(), echo.id()))
                .isInstanceOf(AuthorityNotHealthyException.class);
        clusters.changeAuthority(owner, cluster.id(), "healthy", "back");
        workloads.enable(owner, cluster.id(), echo.id());
        assertThat(desiredState(node).workloads()).extracting(DesiredWorkload::name).containsExactly("echo");
        assertThat(events(cluster.id(), "workload.disabled")).hasSize(1);
        assertThat(events(cluster.id(), "workload.enabled")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("name", "echo")
                        .containsEntry("desiredStateVersion", "4"));
        assertThat(events(cluster.id(), "workload.change_refused")).extracting(e -> e.details().get("code"))
                .containsExactlyInAnyOrder("step_up_required", "authority_not_healthy");

        // changing the settings keeps the row (one per name) and is audited as such
        WorkloadView changed = workloads.setWorkload(owner, cluster.id(), node.nodeId(), "echo", "synthetic.echo",
                Map.of("port", "9000"));
        assertThat(changed.id()).isEqualTo(echo.id());
        assertThat(events(cluster.id(), "workload.desired_set")).extracting(e -> e.details().get("created"))
                .containsExactlyInAnyOrder("true", "false");
        assertThat(desiredState(node).workloads()).singleElement()
                .satisfies(w -> assertThat(w.settings()).containsEntry("port", "9000"));
    }

    @Test
    void badWorkloadsAreRefusedBeforeAnythingIsWritten() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster, RELAY_AND_PROCESSES);
        assertThatThrownBy(() -> workloads.setWorkload(owner, cluster.id(), node.nodeId(), "x", "bitcoin-miner",
                Map.of())).isInstanceOf(ValidationException.class).hasMessageContaining("synthetic.echo");
        assertThatThrownBy(() -> workloads.setWorkload(owner, cluster.id(), node.nodeId(), "bad name", "process",
                Map.of())).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> workloads.setWorkload(owner, cluster.id(), node.nodeId(), "w", "process",
                Map.of("executable", "a\nb"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> workloads.setWorkload(clusterAdmin, cluster.id(), node.nodeId(), "w", "process",
                Map.of())).isInstanceOf(AccessDeniedException.class);
        nodes.disableMembership(owner, node.nodeId(), cluster.id(), "suspicious");
        assertThatThrownBy(() -> workloads.setWorkload(owner, cluster.id(), node.nodeId(), "w", "process", Map.of()))
                .hasFieldOrPropertyWithValue("code", "membership_not_active");
        assertThat(number("select count(*) from node_service_instances where node_id = ?", node.nodeId())).isZero();
        assertThat(events(cluster.id(), "workload.desired_set")).isEmpty();
    }

    @Test
    void theNodeApiRefusesWrongProofsOtherNodesAndOtherClusters() throws Exception {
        ClusterView cluster = newCluster();
        ClusterView other = newCluster();
        Enrolled node = enrolled(cluster, RELAY_AND_PROCESSES);
        Enrolled neighbour = enrolled(cluster, RELAY_AND_PROCESSES);
        Enrolled elsewhere = enrolled(other, RELAY_AND_PROCESSES);
        URI own = desiredStateUri(node.nodeId(), cluster.id().toString());

        Reply strangerKey = get(own, Keys.generateP256());
        assertThat(strangerKey.status()).isEqualTo(401);
        assertThat(strangerKey.problemType()).isEqualTo("urn:rap:problem:proof_wrong_key");

        Reply neighboursPath = get(desiredStateUri(neighbour.nodeId(), cluster.id().toString()), node.key());
        assertThat(neighboursPath.status()).isEqualTo(401);
        assertThat(neighboursPath.problemType()).isEqualTo("urn:rap:problem:proof_wrong_key");

        Reply otherCluster = get(desiredStateUri(node.nodeId(), other.id().toString()), node.key());
        assertThat(otherCluster.status()).isEqualTo(401);
        assertThat(otherCluster.problemType()).isEqualTo("urn:rap:problem:node_unknown");
        Reply notAMember = get(desiredStateUri(elsewhere.nodeId(), cluster.id().toString()), elsewhere.key());
        assertThat(notAMember.problemType()).isEqualTo("urn:rap:problem:node_unknown");

        // a proof made for another resource does not open this one
        URI heartbeats = api("/nodes/" + node.nodeId() + "/heartbeats");
        Reply wrongUri = send(HttpRequest.newBuilder(own).GET().header(NodeProof.HEADER,
                NodeProof.create(node.key(), "GET", heartbeats, new byte[0], Instant.now())));
        assertThat(wrongUri.status()).isEqualTo(401);
        assertThat(wrongUri.problemType()).isEqualTo("urn:rap:problem:proof_wrong_uri");
        Reply noProof = send(HttpRequest.newBuilder(own).GET());
        assertThat(noProof.status()).isEqualTo(401);

        Reply missingCluster = get(desiredStateUri(node.nodeId(), null), node.key());
        assertThat(missingCluster.status()).isEqualTo(400);
        assertThat(missingCluster.problemType()).isEqualTo("urn:rap:problem:invalid_field");
        Reply badCluster = get(desiredStateUri(node.nodeId(), "not-a-uuid"), node.key());
        assertThat(badCluster.status()).isEqualTo(400);
        assertThat(badCluster.problemType()).isEqualTo("urn:rap:problem:invalid_field");

        nodes.disableMembership(owner, node.nodeId(), cluster.id(), "suspicious");
        Reply disabled = get(own, node.key());
        assertThat(disabled.status()).isEqualTo(401);
        assertThat(disabled.problemType()).isEqualTo("urn:rap:problem:membership_disabled");
        assertThat(desiredState(neighbour).nodeId()).isEqualTo(neighbour.nodeId());
    }

    // ---- reported workloads ----

    @Test
    void workloadReportsAndHeartbeatsLandInTheReportedColumns() throws Exception {
        ClusterView cluster = newCluster();
        Enrolled node = enrolled(cluster, RELAY_AND_PROCESSES);
        roles.assign(owner, cluster.id(), node.nodeId(), "relay", null);
        WorkloadView echo = workloads.setWorkload(owner, cluster.id(), node.nodeId(), "echo", "synthetic.echo", null);
        assertThat(echo.reportedState()).isNull();

        Reply reported = report(node, List.of(new WorkloadState("echo", "synthetic.echo", "running", null),
                new WorkloadState("ghost", "process", "running", null)));
        assertThat(reported.status()).as(reported.body()).isEqualTo(204);
        assertThat(text("select reported_state from node_service_instances where id = ?", echo.id()))
                .isEqualTo("running");
        assertThat(number("select count(*) from node_service_instances where node_id = ?", node.nodeId()))
                .as("a report never creates a desired workload").isEqualTo(1);

        heartbeat(node, List.of(new WorkloadState("echo", "synthetic.echo", "degraded", "no QUIC here"),
                new WorkloadState("ghost", "process", "running", null)));
        assertThat(workloads.listForNode(owner, node.nodeId(), cluster.id(), PageRequest.first(10)).items())
                .singleElement().satisfies(w -> {
                    assertThat(w.reportedState()).isEqualTo("degraded");
                    assertThat(w.reportedReason()).isEqualTo("no QUIC here");
                    assertThat(w.reportedAt()).isNotNull();
                    assertThat(w.authorizedBy()).isEqualTo("relay");
                    assertThat(w.delivered()).isTrue();
                });
        assertThat(workloads.unrequested(owner, node.nodeId(), cluster.id())).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("ghost");
            assertThat(w.id()).isNull();
            assertThat(w.reportedState()).isEqualTo("running");
        });
        assertThat(workloads.listForCluster(owner, cluster.id(), PageRequest.first(10)).items())
                .extracting(WorkloadView::nodeName).containsExactly(text("select name from nodes where id = ?",
                        node.nodeId()));

        // a report about another type under the same name does not make the desired one look fine
        report(node, List.of(new WorkloadState("echo", "process", "running", null)));
        assertThat(text("select reported_state from node_service_instances where id = ?", echo.id()))
                .isEqualTo("degraded");

        Reply malformed = post(api("/nodes/" + node.nodeId() + "/workload-reports"), node.key(),
                ("{\"clusterId\":\"" + cluster.id() + "\",\"workloads\":[{\"name\":\"echo\",\"type\":\"synthetic.echo\","
                        + "\"state\":\"sleeping\"}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().getString("detail")).contains("state");
        Reply stranger = post(api("/nodes/" + node.nodeId() + "/workload-reports"), Keys.generateP256(),
                new WorkloadReport(cluster.id(), List.of()).toJson().toString().getBytes(StandardCharsets.UTF_8));
        assertThat(stranger.status()).isEqualTo(401);
        assertThat(text("select reported_state from node_service_instances where id = ?", echo.id()))
                .isEqualTo("degraded");
    }
}
