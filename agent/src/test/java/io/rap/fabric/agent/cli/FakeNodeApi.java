package io.rap.fabric.agent.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rap.fabric.protocol.CertificateIssued;
import io.rap.fabric.protocol.CertificateRenewal;
import io.rap.fabric.protocol.Csr;
import io.rap.fabric.protocol.DesiredState;
import io.rap.fabric.protocol.DesiredWorkload;
import io.rap.fabric.protocol.EnrollmentAccepted;
import io.rap.fabric.protocol.EnrollmentRequest;
import io.rap.fabric.protocol.EnrollmentStatus;
import io.rap.fabric.protocol.Heartbeat;
import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.Keys;
import io.rap.fabric.protocol.LinkReport;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.ParsedCsr;
import io.rap.fabric.protocol.PeerPolicy;
import io.rap.fabric.protocol.Pem;
import io.rap.fabric.protocol.Problem;
import io.rap.fabric.protocol.ProofException;
import io.rap.fabric.protocol.ProtocolException;
import io.rap.fabric.protocol.SignedSnapshot;
import io.rap.fabric.protocol.Snapshot;
import io.rap.fabric.protocol.SnapshotPeer;
import io.rap.fabric.protocol.SnapshotSigning;
import io.rap.fabric.protocol.RoleGrant;
import io.rap.fabric.protocol.TelemetryFlag;
import io.rap.fabric.protocol.VerifiedProof;
import jakarta.json.JsonObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A node API on 127.0.0.1 that checks what the real control plane must check: the CSR's
 * proof of possession, and on every later call a node proof bound to method, URI, body
 * and the enrolled key, never replayed.
 */
final class FakeNodeApi implements AutoCloseable {

    static final String TOKEN = "join-token-for-tests";
    private static final Duration PROOF_WINDOW = Duration.ofSeconds(60);
    private static final Pattern ENROLLMENT = Pattern.compile("/node-api/v1/enrollments/([0-9a-f-]{36})");
    private static final Pattern HEARTBEATS = Pattern.compile("/node-api/v1/nodes/([0-9a-f-]{36})/heartbeats");
    private static final Pattern DESIRED_STATE = Pattern.compile("/node-api/v1/nodes/([0-9a-f-]{36})/desired-state");
    static final UUID CLUSTER_ID = UUID.nameUUIDFromBytes("cluster".getBytes());
    private static final Pattern SNAPSHOT = Pattern.compile("/node-api/v1/nodes/([0-9a-f-]{36})/snapshot");
    private static final Pattern CERTIFICATES = Pattern.compile("/node-api/v1/nodes/([0-9a-f-]{36})/certificates");
    private static final Pattern LINKS = Pattern.compile("/node-api/v1/nodes/([0-9a-f-]{36})/links");

    enum Decision { APPROVE, REJECT }

    /** {@code claimedNode}: the node a verified node claim named (approval keeps its id), else null. */
    record Enrollment(UUID requestId, EnrollmentRequest request, ParsedCsr csr, UUID claimedNode) {
    }

    /** Certificates issued to enrollments that claimed an existing node, by request. */
    private final Map<UUID, X509Certificate> claimedCertificates = new ConcurrentHashMap<>();
    /** Node claims refused, with the reason. */
    final List<String> refusedClaims = Collections.synchronizedList(new ArrayList<>());

    private volatile HttpServer server;
    private final SSLContext tls;
    private final int port;
    private final KeyPair caKey = Keys.generateP256();
    private final X509Certificate caCertificate;
    private final Random serials = new Random(20250601);
    private final Set<String> seenJtis = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Enrollment> enrollments = new ConcurrentHashMap<>();
    /** Every key a node may prove with: after a rotation the old one keeps working (the overlap). */
    private final Map<UUID, List<PublicKey>> nodeKeys = new ConcurrentHashMap<>();
    /** Certificates issued by rotation, by the thumbprint of their key: a repeated CSR gets the same one. */
    private final Map<String, X509Certificate> renewedByKey = new ConcurrentHashMap<>();

    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    final List<Heartbeat> heartbeats = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger submissions = new AtomicInteger();
    final AtomicInteger polls = new AtomicInteger();
    volatile int pendingPolls = 2;
    volatile Decision decision = Decision.APPROVE;
    volatile int failingHeartbeats;
    /** While set, every (properly proven) heartbeat gets this problem, e.g. {@code certificate_revoked}. */
    volatile Problem heartbeatRefusal;
    final AtomicInteger refusedHeartbeats = new AtomicInteger();
    volatile X509Certificate issued;
    final AtomicInteger desiredStateFetches = new AtomicInteger();
    /** Answers desired-state requests as if for this node instead (an answer the agent must refuse). */
    volatile UUID desiredStateForNode;
    private volatile Desired desired = new Desired(0, List.of(), List.of(), List.of());

    private record Desired(long version, List<RoleGrant> roles, List<DesiredWorkload> workloads,
                           List<TelemetryFlag> telemetry) {
    }
    /** How long before approval the enrollment certificate's 30-day validity started: old ones are due for rotation. */
    volatile Duration enrolledCertificateAge = Duration.ofMinutes(1);
    /** When set, rotation requests get this problem. */
    volatile Problem refuseRenewal;
    /** When set, rotation answers carry a certificate for a key the node never had. */
    volatile boolean renewForAnotherKey;
    final AtomicInteger renewals = new AtomicInteger();
    final List<String> heartbeatKeys = Collections.synchronizedList(new ArrayList<>());
    /** Link reports accepted (proven by the node's key), and how many to answer with 503 first. */
    final List<LinkReport> linkReports = Collections.synchronizedList(new ArrayList<>());
    final List<String> linkReportKeys = Collections.synchronizedList(new ArrayList<>());
    volatile int failingLinkReports;
    volatile X509Certificate renewed;
    /**
     * While set, heartbeat answers carry this owner's rotation request: only those proven with
     * {@link #rotationRequestedKey} (a key thumbprint), as the control plane does, or every one when
     * that is null (a server that keeps asking).
     */
    volatile Instant rotationRequestedAt;
    volatile String rotationRequestedKey;

    FakeNodeApi() throws Exception {
        this(null);
    }

    /** @param tls when given, the API answers over HTTPS with this server identity */
    FakeNodeApi(SSLContext tls) throws Exception {
        this.tls = tls;
        caCertificate = certificate(new X500Name("CN=Test Cluster CA"), caKey.getPublic(), true, null);
        server = listen(0);
        port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer listening;
        if (tls == null) {
            listening = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            listening = https;
        }
        listening.createContext("/node-api/v1/", this::handle);
        listening.start();
        return listening;
    }

    String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /** The control plane goes away: connections to its port are refused. */
    void stop() {
        server.stop(0);
    }

    /** The control plane comes back on the same port with everything it knew. */
    void restart() throws IOException {
        server = listen(port);
    }

    /** A new desired state (next version) for every node of this fake cluster. */
    synchronized long desire(List<RoleGrant> roles, List<DesiredWorkload> workloads) {
        desired = new Desired(desired.version() + 1, List.copyOf(roles), List.copyOf(workloads), desired.telemetry());
        return desired.version();
    }

    /** The same roles and workloads with these test telemetry flags (next version), as an owner's enable or disable. */
    synchronized long desireTelemetry(List<TelemetryFlag> flags) {
        desired = new Desired(desired.version() + 1, desired.roles(), desired.workloads(), List.copyOf(flags));
        return desired.version();
    }

    long desiredVersion() {
        return desired.version();
    }

    X509Certificate caCertificate() {
        return caCertificate;
    }

    /** A node certificate of this fake's cluster CA, e.g. for a test's QUIC client. */
    X509Certificate issueNodeCertificate(PublicKey key, UUID nodeId) throws Exception {
        return certificate(new X500Name("CN=test-peer"), key, false, nodeId);
    }

    List<Enrollment> enrollments() {
        return List.copyOf(enrollments.values());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Matcher enrollment = ENROLLMENT.matcher(path);
            Matcher heartbeat = HEARTBEATS.matcher(path);
            Matcher desiredState = DESIRED_STATE.matcher(path);
            Matcher certificates = CERTIFICATES.matcher(path);
            Matcher snapshot = SNAPSHOT.matcher(path);
            Matcher links = LINKS.matcher(path);
            try {
                if (method.equals("POST") && path.equals("/node-api/v1/enrollments")) {
                    submit(exchange, body);
                } else if (method.equals("GET") && enrollment.matches()) {
                    status(exchange, UUID.fromString(enrollment.group(1)));
                } else if (method.equals("POST") && heartbeat.matches()) {
                    heartbeat(exchange, UUID.fromString(heartbeat.group(1)), body);
                } else if (method.equals("GET") && desiredState.matches()) {
                    desiredState(exchange, UUID.fromString(desiredState.group(1)));
                } else if (method.equals("GET") && snapshot.matches()) {
                    snapshot(exchange, UUID.fromString(snapshot.group(1)));
                } else if (method.equals("POST") && links.matches()) {
                    links(exchange, UUID.fromString(links.group(1)), body);
                } else if (method.equals("POST") && certificates.matches()) {
                    renew(exchange, UUID.fromString(certificates.group(1)), body);
                } else {
                    send(exchange, 404, Problem.of("not_found", 404, "Not found", null).toJson(), Problem.MEDIA_TYPE);
                }
            } catch (ProtocolException e) {
                failures.add(method + " " + path + ": " + e.code() + " " + e.getMessage());
                Problem problem = Problem.of(e);
                send(exchange, problem.status(), problem.toJson(), Problem.MEDIA_TYPE);
            } catch (Exception e) {
                failures.add(method + " " + path + ": " + e);
                send(exchange, 500, Problem.of("internal", 500, "Internal error", null).toJson(), Problem.MEDIA_TYPE);
            }
        }
    }

    private void submit(HttpExchange exchange, byte[] body) throws IOException {
        EnrollmentRequest request = EnrollmentRequest.fromJson(Json.parse(body));
        if (!request.joinToken().equals(TOKEN)) {
            send(exchange, 403, Problem.of("invalid_join_token", 403, "Join token refused",
                    "the join token is unknown, expired or used up").toJson(), Problem.MEDIA_TYPE);
            return;
        }
        ParsedCsr csr = Csr.parseAndVerify(request.csrPem());
        UUID claimed = null;
        if (request.nodeClaim() != null) {
            String refusal = claimRefusal(request, csr);
            if (refusal != null) {
                refusedClaims.add(refusal);
                send(exchange, 401, Problem.of("invalid_node_claim", 401, "Node claim refused", refusal).toJson(),
                        Problem.MEDIA_TYPE);
                return;
            }
            claimed = request.nodeClaim().nodeId();
        }
        UUID requestId = UUID.randomUUID();
        enrollments.put(requestId, new Enrollment(requestId, request, csr, claimed));
        submissions.incrementAndGet();
        send(exchange, 202, new EnrollmentAccepted(requestId, EnrollmentStatus.PENDING).toJson(), "application/json");
    }

    /** As the control plane checks a node claim: a proof by a key of that node over this CSR key and token. */
    private String claimRefusal(EnrollmentRequest request, ParsedCsr csr) {
        var claim = request.nodeClaim();
        List<PublicKey> keys = nodeKeys.get(claim.nodeId());
        if (keys == null) {
            return "unknown node " + claim.nodeId();
        }
        try {
            VerifiedProof proof = NodeProof.verify(claim.proof(), "POST", URI.create(url() + "/node-api/v1/enrollments"),
                    io.rap.fabric.protocol.NodeClaim.statement(claim.nodeId(), csr.keyThumbprint(), request.joinToken()),
                    Instant.now(), PROOF_WINDOW);
            if (keys.stream().noneMatch(k -> Keys.thumbprint(k).equals(proof.keyThumbprint()))) {
                return "not signed by a key of node " + claim.nodeId();
            }
            if (!seenJtis.add(proof.jti())) {
                return "replayed";
            }
            return null;
        } catch (ProofException e) {
            return e.code();
        }
    }

    private void status(HttpExchange exchange, UUID requestId) throws Exception {
        Enrollment enrollment = enrollments.get(requestId);
        if (enrollment == null) {
            send(exchange, 404, Problem.of("unknown_enrollment", 404, "Unknown enrollment", null).toJson(),
                    Problem.MEDIA_TYPE);
            return;
        }
        VerifiedProof proof = verifyProof(exchange, null);
        if (!proof.keyThumbprint().equals(enrollment.csr().keyThumbprint())) {
            failures.add("status poll proven by a key other than the CSR's");
            send(exchange, 401, Problem.of("proof_wrong_key", 401, "Wrong key", null).toJson(), Problem.MEDIA_TYPE);
            return;
        }
        EnrollmentStatus status;
        if (polls.incrementAndGet() <= pendingPolls) {
            status = EnrollmentStatus.pending(requestId);
        } else if (decision == Decision.REJECT) {
            status = EnrollmentStatus.rejected(requestId, "host not expected");
        } else if (enrollment.claimedNode() != null) {
            UUID nodeId = enrollment.claimedNode();
            X509Certificate certificate = claimedCertificates.computeIfAbsent(requestId, id -> {
                try {
                    return certificate(new X500Name("CN=" + enrollment.csr().commonName()),
                            enrollment.csr().publicKey(), false, nodeId, enrolledCertificateAge);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            nodeKeys.get(nodeId).add(enrollment.csr().publicKey());
            status = EnrollmentStatus.approved(requestId, nodeId, CLUSTER_ID,
                    Pem.encodeCertificate(certificate), Pem.encodeCertificate(caCertificate));
        } else {
            UUID nodeId = UUID.nameUUIDFromBytes(requestId.toString().getBytes());
            X509Certificate certificate = issued;
            if (certificate == null) {
                certificate = certificate(new X500Name("CN=" + enrollment.csr().commonName()),
                        enrollment.csr().publicKey(), false, nodeId, enrolledCertificateAge);
                issued = certificate;
            }
            nodeKeys.computeIfAbsent(nodeId, id -> new java.util.concurrent.CopyOnWriteArrayList<>(
                    List.of(enrollment.csr().publicKey())));
            status = EnrollmentStatus.approved(requestId, nodeId, CLUSTER_ID,
                    Pem.encodeCertificate(certificate), Pem.encodeCertificate(caCertificate));
        }
        send(exchange, 200, status.toJson(), "application/json");
    }

    private void heartbeat(HttpExchange exchange, UUID nodeId, byte[] body) throws IOException {
        VerifiedProof proof = verifyProof(exchange, body);
        if (!provenByNode(nodeId, proof)) {
            failures.add("heartbeat for node " + nodeId + " not proven by its key");
            send(exchange, 401, Problem.of("proof_wrong_key", 401, "Wrong key", null).toJson(), Problem.MEDIA_TYPE);
            return;
        }
        heartbeatKeys.add(proof.keyThumbprint());
        Heartbeat heartbeat = Heartbeat.fromJson(Json.parse(body));
        Problem refusal = heartbeatRefusal;
        if (refusal != null) {
            refusedHeartbeats.incrementAndGet();
            send(exchange, refusal.status(), refusal.toJson(), Problem.MEDIA_TYPE);
            return;
        }
        if (failingHeartbeats > 0) {
            failingHeartbeats--;
            send(exchange, 503, Problem.of("unavailable", 503, "Try later", "database failover in progress").toJson(),
                    Problem.MEDIA_TYPE);
            return;
        }
        heartbeats.add(heartbeat);
        Instant asked = rotationRequestedAt;
        String askedOf = rotationRequestedKey;
        boolean rotate = asked != null && (askedOf == null || askedOf.equals(proof.keyThumbprint()));
        send(exchange, 200, new HeartbeatAck(Instant.now(), desired.version(), "active", rotate ? asked : null).toJson(),
                "application/json");
    }

    private void links(HttpExchange exchange, UUID nodeId, byte[] body) throws IOException {
        VerifiedProof proof = verifyProof(exchange, body);
        if (!provenByNode(nodeId, proof)) {
            failures.add("link report for node " + nodeId + " not proven by its key");
            send(exchange, 401, Problem.of("proof_wrong_key", 401, "Wrong key", null).toJson(), Problem.MEDIA_TYPE);
            return;
        }
        LinkReport report = LinkReport.fromJson(Json.parse(body));
        if (failingLinkReports > 0) {
            failingLinkReports--;
            send(exchange, 503, Problem.of("unavailable", 503, "Try later", "database failover in progress").toJson(),
                    Problem.MEDIA_TYPE);
            return;
        }
        linkReports.add(report);
        linkReportKeys.add(proof.keyThumbprint());
        exchange.sendResponseHeaders(204, -1);
    }

    /** The next snapshot answer: what it says, and how it is (mis)signed. */
    record SnapshotPlan(long version, UUID cluster, List<String> revokedSerials, boolean tampered, boolean expired) {
    }

    volatile SnapshotPlan snapshotPlan = new SnapshotPlan(1, CLUSTER_ID, List.of(), false, false);
    /** Mesh peers the snapshot lists (with {@link #snapshotPeerPolicy}); none when null. */
    volatile List<SnapshotPeer> snapshotPeers;
    volatile PeerPolicy snapshotPeerPolicy = PeerPolicy.NORMAL;
    final AtomicInteger snapshotFetches = new AtomicInteger();
    private final KeyPair signerKey = Keys.generateP256();
    private volatile X509Certificate signerCertificate;

    private void snapshot(HttpExchange exchange, UUID nodeId) throws Exception {
        if (!requireNodeProof(exchange, nodeId, null)) {
            return;
        }
        snapshotFetches.incrementAndGet();
        SnapshotPlan plan = snapshotPlan;
        if (signerCertificate == null) {
            var builder = new JcaX509v3CertificateBuilder(caCertificate, BigInteger.valueOf(7),
                    Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(Duration.ofDays(90))),
                    new X500Name("CN=config signer"), signerKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(
                    org.bouncycastle.asn1.x509.KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(
                    GeneralName.uniformResourceIdentifier, SnapshotSigning.signerUri(CLUSTER_ID).toString())));
            signerCertificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
        }
        Instant issued = plan.expired() ? Instant.now().minus(Duration.ofHours(30)) : Instant.now();
        Snapshot snapshot = new Snapshot(plan.cluster(), nodeId, plan.version(), issued, issued.plus(Duration.ofHours(24)),
                desired.roles(), desired.workloads(), plan.revokedSerials(), snapshotPeers,
                snapshotPeers == null ? null : snapshotPeerPolicy, null, null);
        SignedSnapshot signed = SnapshotSigning.sign(snapshot, signerKey.getPrivate(),
                Pem.encodeCertificate(signerCertificate));
        if (plan.tampered()) {
            byte[] payload = signed.payload();
            payload[payload.length - 2] ^= 1;
            signed = new SignedSnapshot(payload, signed.signature(), signed.signerCertificatePem());
        }
        send(exchange, 200, signed.toJson(), "application/json");
    }

    private void desiredState(HttpExchange exchange, UUID nodeId) throws IOException {
        if (!requireNodeProof(exchange, nodeId, null)) {
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null || !query.equals("cluster=" + CLUSTER_ID)) {
            failures.add("desired state asked for with query " + query);
            send(exchange, 400, Problem.of("invalid_request", 400, "Bad query", null).toJson(), Problem.MEDIA_TYPE);
            return;
        }
        desiredStateFetches.incrementAndGet();
        Desired current = desired;
        UUID answeredNode = desiredStateForNode == null ? nodeId : desiredStateForNode;
        send(exchange, 200, new DesiredState(answeredNode, CLUSTER_ID, current.version(), current.roles(),
                current.workloads(), current.telemetry()).toJson(), "application/json");
    }

    private boolean requireNodeProof(HttpExchange exchange, UUID nodeId, byte[] body) throws IOException {
        VerifiedProof proof = verifyProof(exchange, body);
        if (!provenByNode(nodeId, proof)) {
            failures.add(exchange.getRequestMethod() + " for node " + nodeId + " not proven by its key");
            send(exchange, 401, Problem.of("proof_wrong_key", 401, "Wrong key", null).toJson(), Problem.MEDIA_TYPE);
            return false;
        }
        return true;
    }

    private boolean provenByNode(UUID nodeId, VerifiedProof proof) {
        return nodeKeys.getOrDefault(nodeId, List.of()).stream()
                .anyMatch(k -> Keys.thumbprint(k).equals(proof.keyThumbprint()));
    }

    private void renew(HttpExchange exchange, UUID nodeId, byte[] body) throws Exception {
        VerifiedProof proof = verifyProof(exchange, body);
        if (!provenByNode(nodeId, proof)) {
            failures.add("rotation for node " + nodeId + " not proven by its key");
            send(exchange, 401, Problem.of("proof_wrong_key", 401, "Wrong key", null).toJson(), Problem.MEDIA_TYPE);
            return;
        }
        CertificateRenewal renewal = CertificateRenewal.fromJson(Json.parse(body));
        ParsedCsr csr = Csr.parseAndVerify(renewal.csrPem());
        renewals.incrementAndGet();
        Problem refusal = refuseRenewal;
        if (refusal != null) {
            send(exchange, refusal.status(), refusal.toJson(), Problem.MEDIA_TYPE);
            return;
        }
        X509Certificate certificate = renewedByKey.get(csr.keyThumbprint());
        if (certificate == null) {
            if (provenByNodeKey(nodeId, csr.keyThumbprint())) {
                send(exchange, 409, Problem.of("key_reused", 409, "Conflict", "key already used").toJson(),
                        Problem.MEDIA_TYPE);
                return;
            }
            PublicKey key = renewForAnotherKey ? Keys.generateP256().getPublic() : csr.publicKey();
            certificate = certificate(new X500Name("CN=" + csr.commonName()), key, false, nodeId, Duration.ofMinutes(1));
            renewedByKey.put(csr.keyThumbprint(), certificate);
            nodeKeys.get(nodeId).add(csr.publicKey());
        }
        renewed = certificate;
        send(exchange, 200, new CertificateIssued(certificate.getSerialNumber().toString(16),
                Pem.encodeCertificate(certificate), Pem.encodeCertificate(caCertificate),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()).toJson(),
                "application/json");
    }

    private boolean provenByNodeKey(UUID nodeId, String thumbprint) {
        return nodeKeys.getOrDefault(nodeId, List.of()).stream().anyMatch(k -> Keys.thumbprint(k).equals(thumbprint));
    }

    private VerifiedProof verifyProof(HttpExchange exchange, byte[] body) {
        URI expected = URI.create(url() + exchange.getRequestURI().getRawPath());
        VerifiedProof proof = NodeProof.verify(exchange.getRequestHeaders().getFirst(NodeProof.HEADER),
                exchange.getRequestMethod(), expected, body, Instant.now(), PROOF_WINDOW);
        if (!seenJtis.add(proof.jti())) {
            throw new ProofException("proof_replayed", "proof replayed");
        }
        return proof;
    }

    private X509Certificate certificate(X500Name subject, PublicKey key, boolean ca, UUID nodeId) throws Exception {
        return certificate(subject, key, ca, nodeId, Duration.ofMinutes(1));
    }

    private X509Certificate certificate(X500Name subject, PublicKey key, boolean ca, UUID nodeId, Duration age)
            throws Exception {
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(age);
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Test Cluster CA"),
                new BigInteger(64, serials).setBit(62), Date.from(notBefore),
                Date.from(notBefore.plus(ca ? 365 : 30, ChronoUnit.DAYS)), subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (nodeId != null) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            "urn:rap:cluster:" + CLUSTER_ID + ":node:" + nodeId)));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    }

    private static void send(HttpExchange exchange, int status, JsonObject json, String contentType) throws IOException {
        byte[] bytes = Json.toBytes(json);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
