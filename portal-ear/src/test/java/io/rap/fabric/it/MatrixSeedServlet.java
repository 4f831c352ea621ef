package io.rap.fabric.it;

import io.rap.fabric.domain.access.AdminGrantService;
import io.rap.fabric.domain.access.AdminGrantView;
import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Test-only (helper WAR of {@link PortalIsolationMatrixIT}). Without {@code action} it seeds the
 * matrix's world through the domain: clusters X and Y, each with a healthy node (own hostname and
 * address), a workload and a pending join request; organization A served by X and B served by Y,
 * each a whole tenant whose egress pool is backed by its cluster's node; and grants cluster admin
 * of X, of Y, organization admin of A, of B (earlier grants of these people revoked first). It
 * answers the ids and, per viewer, the strings a page must never show. Each cluster also gets a
 * node group holding its node and an empty subgroup, for the group actions. With {@code action=state}
 * it answers counts of the rows a page action could change (group versions summed, so a rename or
 * move counts too), so the test proves "nothing changed".
 */
@WebServlet("/matrix-seed")
public class MatrixSeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ADDRESS_X = "192.0.2.71";
    static final String ADDRESS_Y = "198.51.100.72";

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
        response.setContentType("application/json");
        try {
            if ("state".equals(request.getParameter("action"))) {
                response.getWriter().write(state(request).build().toString());
            } else {
                response.getWriter().write(seed(request).build().toString());
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private JsonObjectBuilder seed(HttpServletRequest request) throws SQLException {
        String adminX = request.getParameter("clusterAdminX");
        String adminY = request.getParameter("clusterAdminY");
        String adminA = request.getParameter("orgAdminA");
        String adminB = request.getParameter("orgAdminB");
        List<String> people = List.of(adminX, adminY, adminA, adminB, request.getParameter("noGrant"));
        for (AdminGrantView grant : grants.list(TrustFixtures.owner(), false, PageRequest.first(200)).items()) {
            if (people.contains(grant.username())) {
                grants.revoke(TrustFixtures.owner(), grant.id());
            }
        }
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);
        String lower = suffix.toLowerCase(Locale.ROOT);
        ClusterView x = TrustFixtures.newCluster(clusters, "mcx" + lower);
        ClusterView y = TrustFixtures.newCluster(clusters, "mcy" + lower);
        OrgFixtures.EnrolledNode nodeX = fixtures.enrollHealthyNodeRunning(x, "corex-" + lower, ADDRESS_X, "echox-" + lower);
        OrgFixtures.EnrolledNode nodeY = fixtures.enrollHealthyNodeRunning(y, "corey-" + lower, ADDRESS_Y, "echoy-" + lower);
        // per cluster a group holding its node and an empty subgroup (the one the group actions rename,
        // move and delete); their names carry the cluster's marker, so they are in the forbidden lists too
        UUID groupX = fixtures.groupHolding(x, "grpx-" + lower, nodeX.nodeId()).id();
        UUID subX = fixtures.groups.create(TrustFixtures.owner(), x.id(), groupX, "subx-" + lower).id();
        UUID groupY = fixtures.groupHolding(y, "grpy-" + lower, nodeY.nodeId()).id();
        UUID subY = fixtures.groups.create(TrustFixtures.owner(), y.id(), groupY, "suby-" + lower).id();
        fixtures.pendingJoinRequest(x, "pendx-" + lower);
        fixtures.pendingJoinRequest(y, "pendy-" + lower);
        OrgFixtures.Tenant a = fixtures.tenant(x, "MA" + suffix);
        OrgFixtures.Tenant b = fixtures.tenant(y, "MB" + suffix);
        fixtures.pools.addNode(TrustFixtures.owner(), a.org().id(), a.pool().id(), nodeX.nodeId());
        fixtures.pools.addNode(TrustFixtures.owner(), b.org().id(), b.pool().id(), nodeY.nodeId());
        fixtures.grantCluster(adminX, x.id());
        fixtures.grantCluster(adminY, y.id());
        fixtures.grant(adminA, a.org().id());
        fixtures.grant(adminB, b.org().id());

        List<String> trust = trustMaterial(x.id(), y.id());
        List<String> clusterX = List.of(x.name(), x.slug(), x.id().toString(), nodeX.nodeId().toString(), nodeX.name(),
                ADDRESS_X, "pendx-" + lower, "echox-" + lower,
                "grpx-" + lower, "subx-" + lower, groupX.toString(), subX.toString());
        List<String> clusterY = List.of(y.name(), y.slug(), y.id().toString(), nodeY.nodeId().toString(), nodeY.name(),
                ADDRESS_Y, "pendy-" + lower, "echoy-" + lower,
                "grpy-" + lower, "suby-" + lower, groupY.toString(), subY.toString());
        List<String> orgA = tenantWords(a);
        List<String> orgB = tenantWords(b);
        JsonObjectBuilder forbidden = Json.createObjectBuilder()
                // a cluster admin: the other cluster and its tenant; trust material of every cluster
                .add("clusterX", array(clusterY, orgB, trust))
                .add("clusterY", array(clusterX, orgA, trust))
                // an organization admin: the other tenant and all topology, their own cluster's included
                .add("orgA", array(orgB, clusterX, clusterY, trust))
                .add("orgB", array(orgA, clusterX, clusterY, trust))
                .add("nobody", array(orgA, orgB, clusterX, clusterY, trust));
        return Json.createObjectBuilder()
                .add("clusterX", x.id().toString()).add("clusterXName", x.name())
                .add("clusterY", y.id().toString()).add("clusterYName", y.name())
                .add("nodeX", nodeX.nodeId().toString()).add("nodeY", nodeY.nodeId().toString())
                .add("orgA", a.org().id().toString()).add("orgAName", a.org().name())
                .add("orgB", b.org().id().toString()).add("orgBName", b.org().name())
                .add("poolA", a.pool().id().toString()).add("poolB", b.pool().id().toString())
                .add("userA", a.user().id().toString()).add("userB", b.user().id().toString())
                .add("groupX", groupX.toString()).add("subX", subX.toString())
                .add("groupY", groupY.toString()).add("subY", subY.toString())
                .add("resourceA", a.resource().id().toString()).add("entryA", a.entry().id().toString())
                .add("resourceB", b.resource().id().toString()).add("entryB", b.entry().id().toString())
                .add("marker", lower)
                .add("forbidden", forbidden);
    }

    /** Every name the tenant carries its marker in, in both cases, and its ids. */
    private static List<String> tenantWords(OrgFixtures.Tenant t) {
        return List.of(t.marker(), t.marker().toLowerCase(Locale.ROOT), t.org().id().toString(),
                t.pool().id().toString(), t.user().id().toString(), t.resource().id().toString(),
                t.entry().id().toString());
    }

    @SafeVarargs
    private static JsonArrayBuilder array(List<String>... lists) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (List<String> list : lists) {
            list.forEach(array::add);
        }
        return array;
    }

    private List<String> trustMaterial(UUID x, UUID y) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            values.addAll(strings(c, "select certificate_serial from cluster_certificate_authorities"
                    + " where cluster_id in (?, ?)", x, y));
            values.addAll(strings(c, "select certificate_serial from node_identities where cluster_id in (?, ?)", x, y));
            values.addAll(strings(c, "select key_thumbprint from node_identities where cluster_id in (?, ?)", x, y));
            values.addAll(strings(c, "select n.host_fingerprint from nodes n join cluster_memberships m"
                    + " on m.node_id = n.id where m.cluster_id in (?, ?)", x, y));
        }
        return values;
    }

    private JsonObjectBuilder state(HttpServletRequest request) throws SQLException {
        JsonObjectBuilder json = Json.createObjectBuilder();
        try (Connection c = dataSource.getConnection()) {
            for (String org : List.of("orgA", "orgB")) {
                UUID id = UUID.fromString(request.getParameter(org));
                json.add(org + ".users", count(c, "select count(*) from organization_users where organization_id = ?", id))
                        .add(org + ".resources", count(c,
                                "select count(*) from organization_resources where organization_id = ?", id))
                        .add(org + ".policies", count(c,
                                "select count(*) from organization_policies where organization_id = ?", id))
                        .add(org + ".activeSessions", count(c, "select count(*) from access_sessions"
                                + " where organization_id = ? and status = 'active'", id));
            }
            for (String cluster : List.of("clusterX", "clusterY")) {
                UUID id = UUID.fromString(request.getParameter(cluster));
                json.add(cluster + ".roles", count(c,
                                "select count(*) from node_role_assignments where cluster_id = ?", id))
                        .add(cluster + ".pendingJoins", count(c, "select count(*) from node_join_requests"
                                + " where cluster_id = ? and status = 'pending'", id))
                        .add(cluster + ".enabledWorkloads", count(c, "select count(*) from node_service_instances"
                                + " where cluster_id = ? and desired = 'enabled'", id))
                        .add(cluster + ".groups", count(c, "select count(*) from node_groups where cluster_id = ?", id))
                        // every rename and move bumps a group's version
                        .add(cluster + ".groupVersions", count(c,
                                "select coalesce(sum(version), 0) from node_groups where cluster_id = ?", id))
                        .add(cluster + ".groupedNodes", count(c, "select count(*) from cluster_memberships"
                                + " where cluster_id = ? and node_group_id is not null", id));
            }
            // how many policies name A's user: a policy of B naming it would be a cross-tenant link
            json.add("orgA.userPolicyLinks", count(c, "select count(*) from organization_policy_users where user_id = ?",
                    UUID.fromString(request.getParameter("userA"))));
            json.add("clusters", count(c, "select count(*) from clusters", null))
                    .add("activeGrants", count(c, "select count(*) from admin_grants where revoked_at is null", null));
        }
        return json;
    }

    private static long count(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (id != null) {
                s.setObject(1, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> strings(Connection c, String sql, UUID a, UUID b) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, a);
            s.setObject(2, b);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
