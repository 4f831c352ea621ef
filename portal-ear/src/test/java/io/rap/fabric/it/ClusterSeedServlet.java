package io.rap.fabric.it;

import io.rap.fabric.domain.access.AdminGrantService;
import io.rap.fabric.domain.access.AdminGrantView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.group.NodeGroupView;
import io.rap.fabric.domain.shared.PageRequest;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Test-only (deployed in the helper WAR of {@link ClusterPortalBrowserIT}). With
 * {@code action=reset} it revokes every active grant of {@code admin}. Otherwise it seeds clusters
 * X and Y with recognizable markers (a healthy node with a workload and a pending join request
 * each — three in X — and a node group holding the node), grants the person named {@code admin} cluster X, and
 * answers what X's pages must show
 * and what they must never show: Y's names and ids, and X's trust material.
 */
@WebServlet("/cluster-seed")
public class ClusterSeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient OrgFixtures fixtures;

    @Inject
    transient ClusterService clusters;

    @Inject
    transient AdminGrantService grants;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    transient DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String admin = request.getParameter("admin");
        if ("reset".equals(request.getParameter("action"))) {
            for (AdminGrantView grant : grants.list(TrustFixtures.owner(), false, PageRequest.first(200)).items()) {
                if (grant.username().equals(admin)) {
                    grants.revoke(TrustFixtures.owner(), grant.id());
                }
            }
            response.setContentType("application/json");
            response.getWriter().write("{}");
            return;
        }
        if ("pending".equals(request.getParameter("action"))) { // how many requests of a cluster still wait
            long pending;
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "select count(*) from node_join_requests where cluster_id = ? and status = 'pending'")) {
                s.setObject(1, UUID.fromString(request.getParameter("cluster")));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    pending = rs.getLong(1);
                }
            } catch (SQLException e) {
                throw new IOException(e);
            }
            response.setContentType("application/json");
            response.getWriter().write(Json.createObjectBuilder().add("pending", pending).build().toString());
            return;
        }
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        ClusterView x = TrustFixtures.newCluster(clusters, "cx" + suffix.toLowerCase(Locale.ROOT));
        ClusterView y = TrustFixtures.newCluster(clusters, "cy" + suffix.toLowerCase(Locale.ROOT));
        OrgFixtures.EnrolledNode nodeX = fixtures.enrollHealthyNodeRunning(x, "nodex-" + suffix.toLowerCase(Locale.ROOT),
                OrgFixtures.DEFAULT_ADDRESS, "echo-x");
        OrgFixtures.EnrolledNode nodeY = fixtures.enrollHealthyNodeRunning(y, "nodey-" + suffix.toLowerCase(Locale.ROOT),
                OrgFixtures.DEFAULT_ADDRESS, "echo-y" + suffix.toLowerCase(Locale.ROOT));
        String pendingX = "pendx-" + suffix.toLowerCase(Locale.ROOT);
        fixtures.pendingJoinRequest(x, pendingX);
        fixtures.pendingJoinRequest(x, pendingX + "-b"); // two more for "approve selected"
        fixtures.pendingJoinRequest(x, pendingX + "-c");
        fixtures.pendingJoinRequest(y, "pendy-" + suffix.toLowerCase(Locale.ROOT));
        NodeGroupView groupX = fixtures.groupHolding(x, "groupx-" + suffix.toLowerCase(Locale.ROOT), nodeX.nodeId());
        NodeGroupView groupY = fixtures.groupHolding(y, "groupy-" + suffix.toLowerCase(Locale.ROOT), nodeY.nodeId());
        fixtures.grantCluster(admin, x.id());

        JsonArrayBuilder forbidden = Json.createArrayBuilder().add(y.name()).add(y.id().toString())
                .add(nodeY.nodeId().toString()).add(nodeY.name()).add("pendy-" + suffix.toLowerCase(Locale.ROOT))
                .add("echo-y" + suffix.toLowerCase(Locale.ROOT)).add(groupY.name()).add(groupY.id().toString());
        try (Connection c = dataSource.getConnection()) {
            for (String value : strings(c, "select certificate_serial from cluster_certificate_authorities"
                    + " where cluster_id in (?, ?)", x.id(), y.id())) {
                forbidden.add(value);
            }
            for (String value : strings(c, "select certificate_serial from node_identities where node_id in (?, ?)",
                    nodeX.nodeId(), nodeY.nodeId())) {
                forbidden.add(value);
            }
            for (String value : strings(c, "select key_thumbprint from node_identities where node_id in (?, ?)",
                    nodeX.nodeId(), nodeY.nodeId())) {
                forbidden.add(value);
            }
            for (String value : strings(c, "select host_fingerprint from nodes where id in (?, ?)",
                    nodeX.nodeId(), nodeY.nodeId())) {
                forbidden.add(value);
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("clusterX", x.name())
                .add("clusterXId", x.id().toString())
                .add("nodeX", nodeX.name())
                .add("nodeXId", nodeX.nodeId().toString())
                .add("pendingX", pendingX)
                .add("nodeYId", nodeY.nodeId().toString())
                .add("groupX", groupX.name())
                .add("groupYId", groupY.id().toString())
                .add("forbidden", forbidden);
        response.setContentType("application/json");
        response.getWriter().write(json.build().toString());
    }

    private static List<String> strings(Connection c, String sql, UUID a, UUID b) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, a);
            s.setObject(2, b);
            List<String> values = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
