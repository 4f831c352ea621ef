package io.rap.fabric.it;

import io.rap.fabric.domain.cluster.ClusterService;
import io.rap.fabric.domain.cluster.ClusterView;
import io.rap.fabric.domain.node.HeartbeatReport;
import io.rap.fabric.domain.node.NodeService;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.RuntimeDetail;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Test-only (helper WAR of {@link OwnerTelemetryBrowserIT}): a cluster with one healthy node whose
 * latest heartbeat carried a runtime block (as an agent under heartbeat_detail sends it).
 */
@WebServlet("/telemetry-seed")
public class TelemetrySeedServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final URI NODE_API = URI.create("https://control.example/node-api/v1");

    @Inject
    transient OrgFixtures fixtures;

    @Inject
    transient ClusterService clusters;

    @Inject
    transient NodeService nodes;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toLowerCase(Locale.ROOT);
        ClusterView cluster = TrustFixtures.newCluster(clusters, "tl" + suffix);
        OrgFixtures.EnrolledNode node = fixtures.enrollHealthyNode(cluster, "traced-" + suffix);
        URI uri = URI.create(NODE_API + "/nodes/" + node.nodeId() + "/heartbeats");
        byte[] body = ("{\"clusterId\":\"" + cluster.id() + "\"}").getBytes(StandardCharsets.UTF_8);
        String runtime = new RuntimeDetail(48_234_496, 268_435_456L, 27, 5_400, 63L, 1).toJson().toString();
        nodes.recordHeartbeat(node.nodeId(), new SignedRequest(NodeProof.create(node.key(), "POST", uri, body,
                Instant.now()), "POST", uri, body), new HeartbeatReport(cluster.id(), "healthy", "it", Instant.now(),
                "[]", null, runtime));
        response.setContentType("application/json");
        response.getWriter().write(Json.createObjectBuilder()
                .add("clusterId", cluster.id().toString())
                .add("clusterName", cluster.name())
                .add("nodeId", node.nodeId().toString())
                .add("node", node.name())
                .build().toString());
    }
}
