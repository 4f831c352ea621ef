package io.rap.fabric.it;

import io.rap.fabric.domain.access.Caller;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.enrollment.EnrollmentOutcome;
import io.rap.fabric.domain.enrollment.EnrollmentService;
import io.rap.fabric.domain.enrollment.IssuedJoinToken;
import io.rap.fabric.domain.enrollment.JoinTokenService;
import io.rap.fabric.domain.enrollment.NewJoinToken;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.role.RoleAssignmentService;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A small fleet with one of every risky state, built through the domain services where a person or
 * an agent would act, and moved in time with SQL where only time can do it (a node falling silent,
 * a certificate nearing its end, heartbeats of hours ago, a workload's failure report):
 * <ul>
 *   <li>cluster A (healthy authority): {@code a1} holds {@code core-mesh} alone and went silent 10 minutes
 *       ago (so core-mesh is a coverage gap; it joined 5 hours ago); {@code a2} is healthy, holds
 *       {@code relay} and {@code service-host}, runs {@code echo} (running) and {@code proc} (failed), and its
 *       certificate ends in 2 days; {@code a3} is degraded; one join request is pending;
 *       heartbeats 3 hours ago: a1 healthy, a2 healthy then degraded, a3 unhealthy;</li>
 *   <li>cluster B (authority {@code minority_partition}, term 2): {@code b1} healthy, no roles.</li>
 * </ul>
 */
@Dependent
public class FleetFixtures {

    private static final URI NODE_API = URI.create("https://control.example/node-api/v1");

    @Inject ClusterService clusters;
    @Inject JoinTokenService tokens;
    @Inject EnrollmentService enrollments;
    @Inject NodeService nodes;
    @Inject RoleAssignmentService roles;
    @Inject WorkloadService workloads;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    DataSource dataSource;

    public record Node(UUID id, String name) {
    }

    /** What was built, with the times the assertions need. */
    public record Fleet(ClusterView a, ClusterView b, Node a1, Node a2, Node a3, Node b1, String pendingName,
                        Instant a1LastHeartbeat, Instant a2NotAfter, Instant failedAt, Instant threeHoursAgo) {
    }

    public Fleet build(String slugPrefix) throws SQLException {
        return build(slugPrefix, false);
    }

    /**
     * @param keepFresh dates the last heartbeat of the nodes meant to be healthy or degraded 15 minutes
     *                  ahead, so they stay so while a browser test (slower than the 60 s grace period)
     *                  looks at them; the in-container tests finish well within the grace period
     */
    public Fleet build(String slugPrefix, boolean keepFresh) throws SQLException {
        Caller owner = TrustFixtures.owner();
        String marker = UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
        ClusterView a = clusters.create(owner, new io.rap.fabric.domain.cluster.NewCluster(
                "Cluster " + slugPrefix + "-a-" + marker, slugPrefix + "-a-" + marker, "eu-test", null));
        ClusterView b = clusters.create(owner, new io.rap.fabric.domain.cluster.NewCluster(
                "Cluster " + slugPrefix + "-b-" + marker, slugPrefix + "-b-" + marker, "eu-test", null));
        Node a1 = enroll(a, "a1-" + marker, List.of("can_route_mesh"), "healthy");
        Node a2 = enroll(a, "a2-" + marker, List.of("can_relay", "can_run_processes"), "healthy");
        Node a3 = enroll(a, "a3-" + marker, List.of(), "degraded");
        Node b1 = enroll(b, "b1-" + marker, List.of(), "healthy");
        roles.assign(owner, a.id(), a1.id(), "core-mesh", null);
        roles.assign(owner, a.id(), a2.id(), "relay", null);
        roles.assign(owner, a.id(), a2.id(), "service-host", null);
        workloads.setWorkload(owner, a.id(), a2.id(), "echo-" + marker, RoleCatalog.SYNTHETIC_ECHO, Map.of());
        workloads.setWorkload(owner, a.id(), a2.id(), "proc-" + marker, RoleCatalog.PROCESS, Map.of());
        String pendingName = "pending-" + marker;
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(a.id(), null, null, null, null));
        enrollments.submit(TrustFixtures.submission(token.rawToken(), Keys.generateP256(), pendingName, List.of(),
                List.of()));
        clusters.changeAuthority(owner, b.id(), "minority_partition", "fleet fixture: lost quorum");

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant a1Last = now.minus(Duration.ofMinutes(10));
        Instant notAfter = now.plus(Duration.ofDays(2));
        Instant failedAt = now.minus(Duration.ofMinutes(5));
        Instant threeHoursAgo = now.minus(Duration.ofHours(3));
        try (Connection c = dataSource.getConnection()) {
            execute(c, "update node_latest_states set last_heartbeat_at = ? where node_id = ? and cluster_id = ?",
                    ts(a1Last), a1.id(), a.id());
            execute(c, "update cluster_memberships set joined_at = ? where node_id = ? and cluster_id = ?",
                    ts(now.minus(Duration.ofHours(5))), a1.id(), a.id());
            execute(c, "update node_identities set certificate_not_after = ? where node_id = ? and cluster_id = ?"
                    + " and identity_status = 'active'", ts(notAfter), a2.id(), a.id());
            execute(c, "update node_service_instances set reported_state = 'running', reported_at = ?"
                    + " where cluster_id = ? and name = ?", ts(now), a.id(), "echo-" + marker);
            execute(c, "update node_service_instances set reported_state = 'failed', reported_at = ?,"
                    + " reported_reason = 'exited 1, restarting' where cluster_id = ? and name = ?", ts(failedAt), a.id(),
                    "proc-" + marker);
            if (keepFresh) {
                for (Node n : List.of(a2, a3)) {
                    execute(c, "update node_latest_states set last_heartbeat_at = ? where node_id = ? and cluster_id = ?",
                            ts(now.plus(Duration.ofMinutes(15))), n.id(), a.id());
                }
                execute(c, "update node_latest_states set last_heartbeat_at = ? where node_id = ? and cluster_id = ?",
                        ts(now.plus(Duration.ofMinutes(15))), b1.id(), b.id());
            }
            historicHeartbeat(c, a1.id(), a.id(), threeHoursAgo, "healthy");
            historicHeartbeat(c, a2.id(), a.id(), threeHoursAgo, "healthy");
            historicHeartbeat(c, a2.id(), a.id(), threeHoursAgo.plusSeconds(1), "degraded");
            historicHeartbeat(c, a3.id(), a.id(), threeHoursAgo, "unhealthy");
        }
        return new Fleet(a, b, a1, a2, a3, b1, pendingName, a1Last, notAfter, failedAt, threeHoursAgo);
    }

    private Node enroll(ClusterView cluster, String name, List<String> capabilities, String health) {
        Caller owner = TrustFixtures.owner();
        KeyPair key = Keys.generateP256();
        IssuedJoinToken token = tokens.issue(owner, new NewJoinToken(cluster.id(), null, null, null, null));
        EnrollmentOutcome pending = enrollments.submit(TrustFixtures.submission(token.rawToken(), key, name,
                capabilities, List.of()));
        enrollments.approve(owner, pending.requestId());
        URI poll = URI.create(NODE_API + "/enrollments/" + pending.requestId());
        EnrollmentOutcome approved = enrollments.status(pending.requestId(), new SignedRequest(
                NodeProof.create(key, "GET", poll, new byte[0], Instant.now()), "GET", poll, null));
        URI uri = URI.create(NODE_API + "/nodes/" + approved.nodeId() + "/heartbeats");
        byte[] body = ("{\"clusterId\":\"" + cluster.id() + "\"}").getBytes(StandardCharsets.UTF_8);
        nodes.recordHeartbeat(approved.nodeId(), new SignedRequest(NodeProof.create(key, "POST", uri, body,
                Instant.now()), "POST", uri, body), new HeartbeatReport(cluster.id(), health, "it", Instant.now(), "[]",
                null));
        return new Node(approved.nodeId(), name);
    }

    private static void historicHeartbeat(Connection c, UUID node, UUID cluster, Instant at, String health)
            throws SQLException {
        execute(c, "insert into node_heartbeats (id, node_id, cluster_id, received_at, sent_at, health, agent_version)"
                + " values (?, ?, ?, ?, ?, ?, 'it')", UUID.randomUUID(), node, cluster, ts(at), ts(at), health);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static void execute(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            if (s.executeUpdate() < 1) {
                throw new IllegalStateException("fixture statement changed nothing: " + sql);
            }
        }
    }
}
