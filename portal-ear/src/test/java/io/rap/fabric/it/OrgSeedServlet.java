package io.rap.fabric.it;

import io.rap.fabric.domain.access.AdminGrantService;
import io.rap.fabric.domain.access.AdminGrantView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.shared.PageRequest;
import io.rap.fabric.domain.cluster.ClusterView;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
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
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Test-only (deployed in the helper WAR of {@link OrganizationPortalBrowserIT}). With
 * {@code action=reset} it revokes every active grant of {@code admin}. Otherwise it seeds two tenants
 * with recognizable markers through the domain, grants the person named {@code admin} organization
 * A, lets a real enrolled node back A's pool and carry a VPN exit for A, and answers what a page
 * of A must show and must never show.
 */
@WebServlet("/org-seed")
public class OrgSeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient OrgFixtures fixtures;

    @Inject
    transient ClusterService clusters;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    transient DataSource dataSource;

    @Inject
    transient AdminGrantService grants;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String admin = request.getParameter("admin");
        if ("reset".equals(request.getParameter("action"))) {
            // other tests in this JVM may have granted the same demo person something
            for (AdminGrantView grant : grants.list(TrustFixtures.owner(), false, PageRequest.first(200)).items()) {
                if (grant.username().equals(admin)) {
                    grants.revoke(TrustFixtures.owner(), grant.id());
                }
            }
            response.setContentType("application/json");
            response.getWriter().write("{}");
            return;
        }
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);
        ClusterView cluster = TrustFixtures.newCluster(clusters, "brw");
        OrgFixtures.Tenant a = fixtures.tenant(cluster, "TA" + suffix);
        OrgFixtures.Tenant b = fixtures.tenant(cluster, "TB" + suffix);
        fixtures.grant(admin, a.org().id());
        OrgFixtures.EnrolledNode node = fixtures.enrollHealthyNode(cluster, "core-" + suffix.toLowerCase(Locale.ROOT));
        fixtures.pools.addNode(TrustFixtures.owner(), a.org().id(), a.pool().id(), node.nodeId());
        String serial;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("insert into node_role_assignments (id, cluster_id, node_id,"
                    + " role, organization_id, status, assigned_by, assigned_at, created_at, updated_at)"
                    + " values (?, ?, ?, 'vpn-exit', ?, 'active', 'it', now(), now(), now())")) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, cluster.id());
                s.setObject(3, node.nodeId());
                s.setObject(4, a.org().id());
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(
                    "select certificate_serial from node_identities where node_id = ?")) {
                s.setObject(1, node.nodeId());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    serial = rs.getString(1);
                }
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("organizationA", a.org().name())
                .add("organizationAId", a.org().id().toString())
                .add("markerA", a.marker())
                .add("resourceA", a.resource().name())
                .add("userA", a.user().username())
                .add("policyA", a.policy().name())
                .add("entryA", a.entry().name())
                .add("poolA", a.pool().name())
                .add("markerB", b.marker())
                .add("organizationB", b.org().name())
                .add("clusterId", cluster.id().toString())
                .add("clusterName", cluster.name())
                .add("nodeId", node.nodeId().toString())
                .add("nodeName", node.name())
                .add("nodeAddress", "192.0.2.10")
                .add("certificateSerial", serial);
        response.setContentType("application/json");
        response.getWriter().write(json.build().toString());
    }
}
