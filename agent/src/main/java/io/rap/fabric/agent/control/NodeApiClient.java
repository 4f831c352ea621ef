package io.rap.fabric.agent.control;

import io.rap.fabric.agent.config.AgentDefaults;
import io.rap.fabric.agent.config.AgentVersion;
import io.rap.fabric.agent.config.ServerUrl;
import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.CertificateIssued;
import io.rap.fabric.protocol.CertificateRenewal;
import io.rap.fabric.protocol.EnrollmentAccepted;
import io.rap.fabric.protocol.SignedSnapshot;
import io.rap.fabric.protocol.MembershipLeave;
import io.rap.fabric.protocol.EnrollmentRequest;
import io.rap.fabric.protocol.EnrollmentStatus;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.Limits;
import io.rap.fabric.protocol.NodeApiPaths;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.Problem;
import io.rap.fabric.protocol.ProtocolException;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * Client of the node API ({@code <server>/node-api/v1}). Requests after enrollment
 * carry a {@code DPoP} proof signed with the node key over the exact method, URI and
 * body bytes sent. Redirects are not followed: a proof is bound to one URI and the
 * join token must not travel to another host.
 */
public final class NodeApiClient {

    private static final String JSON = "application/json";

    private final ServerUrl server;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final ServerTrust trust;

    /** A client trusting the JVM's default certificate authorities. */
    public NodeApiClient(ServerUrl server, Clock clock) {
        this(server, ServerTrust.defaults(), clock);
    }

    public NodeApiClient(ServerUrl server, ServerTrust trust, Clock clock) {
        this(server, trust, AgentDefaults.CONNECT_TIMEOUT, AgentDefaults.REQUEST_TIMEOUT, clock);
    }

    public NodeApiClient(ServerUrl server, ServerTrust trust, Duration connectTimeout, Duration requestTimeout,
                         Clock clock) {
        this.server = server;
        this.trust = trust;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.http = trust.applyTo(HttpClient.newBuilder())
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public ServerUrl server() {
        return server;
    }

    /** {@code POST /enrollments}, authenticated by the join token inside the body. */
    public EnrollmentAccepted submitEnrollment(EnrollmentRequest request) {
        URI uri = NodeApiPaths.resolve(server.uri(), NodeApiPaths.ENROLLMENTS);
        return exchange("POST", uri, Json.toBytes(request.toJson()), null, EnrollmentAccepted::fromJson);
    }

    /** {@code GET /enrollments/{id}} with a proof by the key the CSR was made for. */
    public EnrollmentStatus enrollmentStatus(UUID requestId, KeyPair key) {
        URI uri = NodeApiPaths.resolve(server.uri(), NodeApiPaths.enrollment(requestId));
        return exchange("GET", uri, null, key, EnrollmentStatus::fromJson);
    }

    /** {@code POST /nodes/{nodeId}/heartbeats} with a proof by the node key. */
    public HeartbeatAck heartbeat(UUID nodeId, Heartbeat heartbeat, KeyPair key) {
        URI uri = NodeApiPaths.resolve(server.uri(), NodeApiPaths.heartbeats(nodeId));
        return exchange("POST", uri, Json.toBytes(heartbeat.toJson()), key, HeartbeatAck::fromJson);
    }

    /**
     * {@code GET /nodes/{nodeId}/desired-state?cluster=} with a proof by the node key. The
     * caller must still check that the answer is for this node and cluster.
     */
    public DesiredState desiredState(UUID nodeId, UUID clusterId, KeyPair key) {
        URI uri = NodeApiPaths.resolve(server.uri(), desiredStatePath(nodeId, clusterId));
        return exchange("GET", uri, null, key, DesiredState::fromJson);
    }

    /** Kept here rather than in {@link NodeApiPaths} until the server side shares one definition. */
    static String desiredStatePath(UUID nodeId, UUID clusterId) {
        return NodeApiPaths.BASE + "/nodes/" + nodeId + "/desired-state?cluster=" + clusterId;
    }

    /** {@code POST /nodes/{nodeId}/certificates} (rotation) with a proof by the key the node holds now. */
    public CertificateIssued renewCertificate(UUID nodeId, CertificateRenewal renewal, KeyPair currentKey) {
        URI uri = NodeApiPaths.resolve(server.uri(), NodeApiPaths.certificates(nodeId));
        return exchange("POST", uri, Json.toBytes(renewal.toJson()), currentKey, CertificateIssued::fromJson);
    }

    /**
     * {@code GET /nodes/{nodeId}/snapshot?cluster=} with a proof by the node key. Only the
     * envelope is read here; nothing in it is trusted before {@code SnapshotSigning.verify}.
     */
    public SignedSnapshot snapshot(UUID nodeId, UUID clusterId, KeyPair key) {
        URI uri = NodeApiPaths.resolve(server.uri(), NodeApiPaths.snapshot(nodeId, clusterId));
        // base64 of the largest payload, plus the envelope
        return exchange("GET", uri, null, key, SignedSnapshot::fromJson, Limits.MAX_SNAPSHOT_BYTES / 3 * 4 + 64 * 1024);
    }

    /** {@code POST /nodes/{nodeId}/links} (route health) with a proof by the node key; the answer has no body. */
    public void reportLinks(UUID nodeId, LinkReport report, KeyPair key) {
        URI uri = NodeApiPaths.resolve(server.uri(), NodeApiPaths.links(nodeId));
        exchange("POST", uri, Json.toBytes(report.toJson()), key, null);
    }

    /** {@code POST /nodes/{nodeId}/leave} with a proof by the node key; the answer has no body. */
    public void leave(UUID nodeId, UUID clusterId, KeyPair key) {
        URI uri = NodeApiPaths.resolve(server.uri(), NodeApiPaths.leave(nodeId));
        exchange("POST", uri, Json.toBytes(new MembershipLeave(clusterId).toJson()), key, null);
    }

    private <T> T exchange(String method, URI uri, byte[] body, KeyPair proofKey, Function<JsonObject, T> reader) {
        return exchange(method, uri, body, proofKey, reader, Limits.MAX_BODY_BYTES);
    }

    private <T> T exchange(String method, URI uri, byte[] body, KeyPair proofKey, Function<JsonObject, T> reader,
                           int maxAnswerBytes) {
        String what = method + " " + uri;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", JSON + ", " + Problem.MEDIA_TYPE)
                .header("User-Agent", "rap-node-agent/" + AgentVersion.get());
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", JSON).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        if (proofKey != null) {
            request.header(NodeProof.HEADER, NodeProof.create(proofKey, method, uri, body, clock.instant()));
        }
        HttpResponse<InputStream> response;
        byte[] responseBody;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                responseBody = in.readNBytes(maxAnswerBytes + 1);
            }
        } catch (IOException e) {
            throw new ControlPlaneUnreachableException("cannot reach the control plane at " + server + " ("
                    + describe(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneUnreachableException("interrupted while calling " + what, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new ControlPlaneException(what, status, problem(status, response, responseBody));
        }
        if (reader == null) {
            return null;
        }
        try {
            return reader.apply(Json.parse(responseBody, maxAnswerBytes));
        } catch (ProtocolException e) {
            throw new ControlPlaneException(what, status,
                    new Problem(Problem.ABOUT_BLANK, "Invalid response", 0,
                            "the control plane's answer breaks the node API contract: " + e.getMessage()));
        }
    }

    private static Problem problem(int status, HttpResponse<?> response, byte[] body) {
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (contentType.contains("json")) {
            try {
                return Problem.fromJson(Json.parse(body));
            } catch (ProtocolException e) {
                // fall through: describe the status instead
            }
        }
        return new Problem(Problem.ABOUT_BLANK, null, 0, "no problem document in the answer (HTTP " + status + ")");
    }

    private String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException handshake) {
                return "TLS handshake failed; the server's certificate was checked against " + trust.description()
                        + ": " + handshake.getMessage();
            }
        }
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "connection timed out";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.net.ConnectException && (e.getMessage() == null || e.getMessage().isBlank())) {
            return "connection refused";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
