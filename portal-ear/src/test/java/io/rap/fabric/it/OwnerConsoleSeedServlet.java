package io.rap.fabric.it;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.role.RoleCatalog;
import io.rap.fabric.domain.workload.WorkloadService;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.WorkloadState;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Test-only (helper WAR of {@link OwnerConsoleBrowserIT}): one cluster with two healthy nodes,
 * an echo workload the first node reports running and a remote access workload the second never
 * reported; answers the names, ids, serials and the CA fingerprint the pages must show.
 */
@WebServlet("/owner-console-seed")
public class OwnerConsoleSeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    transient OrgFixtures fixtures;

    @Inject
    transient ClusterService clusters;

    @Inject
    transient WorkloadService workloads;

    @Resource(lookup = "java:jboss/datasources/RapDS")
    transient DataSource dataSource;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
        ClusterView cluster = TrustFixtures.newCluster(clusters, "oc" + suffix);
        OrgFixtures.EnrolledNode alpha = fixtures.enrollHealthyNode(cluster, "alpha-" + suffix);
        OrgFixtures.EnrolledNode beta = fixtures.enrollHealthyNode(cluster, "beta-" + suffix);
        String echo = "echo-" + suffix;
        String desk = "desk-" + suffix;
        workloads.setWorkload(TrustFixtures.owner(), cluster.id(), alpha.nodeId(), echo, RoleCatalog.SYNTHETIC_ECHO,
                Map.of());
        workloads.setWorkload(TrustFixtures.owner(), cluster.id(), beta.nodeId(), desk, "remote-access", Map.of());
        String report = Json.createArrayBuilder().add(new WorkloadState(echo, RoleCatalog.SYNTHETIC_ECHO, "running",
                null).toJson()).build().toString();
        fixtures.heartbeat(alpha.nodeId(), cluster.id(), alpha.key(), "healthy", report);
        try (Connection c = dataSource.getConnection()) {
            var json = Json.createObjectBuilder()
                    .add("clusterId", cluster.id().toString())
                    .add("clusterName", cluster.name())
                    .add("alpha", alpha.name())
                    .add("alphaId", alpha.nodeId().toString())
                    .add("beta", beta.name())
                    .add("alphaSerial", string(c, "select certificate_serial from node_identities where node_id = ?",
                            alpha.nodeId()))
                    .add("betaSerial", string(c, "select certificate_serial from node_identities where node_id = ?",
                            beta.nodeId()))
                    .add("caFingerprint", Keys.fingerprintSha256Hex(Pem.parseCertificate(string(c,
                            "select certificate_pem from cluster_certificate_authorities where cluster_id = ?",
                            cluster.id())).getEncoded()))
                    .add("echo", echo)
                    .add("desk", desk);
            response.setContentType("application/json");
            response.getWriter().write(json.build().toString());
        } catch (SQLException | CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    private static String string(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
