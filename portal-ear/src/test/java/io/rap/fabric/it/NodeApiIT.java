package io.rap.fabric.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.EnrollmentRequest;
import io.rap.fabric.protocol.HostFacts;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.NodeProof;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The node API over HTTP: every bad input gets a clear problem+json refusal with a stable type. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NodeApiIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    private static URI api(String path) {
        return URI.create(TestStack.portalUrl() + "/node-api/v1" + path);
    }

    private HttpResponse<String> post(URI uri, byte[] body, String proof) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (proof != null) {
            request.header(NodeProof.HEADER, proof);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject problem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static byte[] enrollment(String token) {
        HostFacts facts = new HostFacts("it-host", "Linux", "6.1", "amd64", 2, 1 << 30, List.of("192.0.2.1"),
                "0".repeat(64));
        return new EnrollmentRequest(token, Csr.create(Keys.generateP256(), "it-node"), "it-node", facts, List.of(),
                List.of(), "it").toJson().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unknownTokenIsRefusedWith401() throws Exception {
        HttpResponse<String> response = post(api("/enrollments"), enrollment("rapjt_" + "B".repeat(43)), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(problem(response).getString("type")).isEqualTo("urn:rap:problem:token_invalid");
    }

    @Test
    void malformedAndOversizedBodiesAreRefused() throws Exception {
        HttpResponse<String> malformed = post(api("/enrollments"), "{not json".getBytes(StandardCharsets.UTF_8), null);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(problem(malformed).getString("type")).isEqualTo("urn:rap:problem:malformed_json");

        HttpResponse<String> missing = post(api("/enrollments"), "{}".getBytes(StandardCharsets.UTF_8), null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(problem(missing).getString("type")).isEqualTo("urn:rap:problem:invalid_field");

        byte[] huge = ("{\"joinToken\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLarge = post(api("/enrollments"), huge, null);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(problem(tooLarge).getString("type")).isEqualTo("urn:rap:problem:body_too_large");
    }

    @Test
    void heartbeatsNeedAValidProofOfAKnownNode() throws Exception {
        UUID nodeId = UUID.randomUUID();
        URI uri = api("/nodes/" + nodeId + "/heartbeats");
        byte[] body = ("{\"clusterId\":\"" + UUID.randomUUID() + "\",\"health\":\"healthy\",\"agentVersion\":\"it\","
                + "\"sentAt\":\"" + Instant.now() + "\",\"workloads\":[]}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> unknownNode = post(uri, body, NodeProof.create(Keys.generateP256(), "POST", uri, body,
                Instant.now()));
        assertThat(unknownNode.statusCode()).isEqualTo(401);
        assertThat(problem(unknownNode).getString("type")).isEqualTo("urn:rap:problem:node_unknown");
        assertThat(unknownNode.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("DPoP"));

        HttpResponse<String> notAUuid = post(api("/nodes/not-a-uuid/heartbeats"), body, null);
        assertThat(notAUuid.statusCode()).isEqualTo(404);
        assertThat(problem(notAUuid).getString("type")).isEqualTo("urn:rap:problem:not_found");
    }

    @Test
    void rotationAndRevocationListAreRefusedWithProblemsForUnknownNodesAndBadInput() throws Exception {
        UUID nodeId = UUID.randomUUID();
        URI certificates = api("/nodes/" + nodeId + "/certificates");
        byte[] renewal = ("{\"clusterId\":\"" + UUID.randomUUID() + "\",\"csrPem\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> unknown = post(certificates, renewal, NodeProof.create(Keys.generateP256(), "POST",
                certificates, renewal, Instant.now()));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(problem(unknown).getString("type")).isEqualTo("urn:rap:problem:node_unknown");

        HttpResponse<String> noCsr = post(certificates, ("{\"clusterId\":\"" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8), null);
        assertThat(noCsr.statusCode()).isEqualTo(400);
        assertThat(problem(noCsr).getString("detail")).isEqualTo("csrPem is required");

        HttpResponse<String> noCluster = http.send(HttpRequest.newBuilder(api("/nodes/" + nodeId + "/revocations"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noCluster.statusCode()).isEqualTo(400);
        assertThat(problem(noCluster).getString("type")).isEqualTo("urn:rap:problem:invalid_field");

        URI revocations = api("/nodes/" + nodeId + "/revocations?cluster=" + UUID.randomUUID());
        HttpResponse<String> unknownNode = http.send(HttpRequest.newBuilder(revocations).header(NodeProof.HEADER,
                        NodeProof.create(Keys.generateP256(), "GET", revocations, null, Instant.now())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknownNode.statusCode()).isEqualTo(401);
        assertThat(problem(unknownNode).getString("type")).isEqualTo("urn:rap:problem:node_unknown");
    }

    @Test
    void pollingAnUnknownRequestIs404() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(api("/enrollments/" + UUID.randomUUID()))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(problem(response).getString("type")).isEqualTo("urn:rap:problem:not_found");
    }
}
