package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.rap.fabric.protocol.JsonTest.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagesTest {

    private static final String FINGERPRINT = "a".repeat(64);
    private static final UUID REQUEST = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID NODE = UUID.fromString("00000000-0000-4000-8000-000000000002");
    private static final UUID CLUSTER = UUID.fromString("00000000-0000-4000-8000-000000000003");
    private static final Instant T = Instant.parse("2025-06-01T08:30:00Z");

    static HostFacts facts() {
        return new HostFacts("edge-1.example", "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "amd64", 4,
                8_000_000_000L, List.of("192.0.2.10", "2001:db8::10"), FINGERPRINT);
    }

    static EnrollmentRequest enrollmentRequest() {
        return new EnrollmentRequest("join-token-secret", "-----BEGIN CERTIFICATE REQUEST-----\nAA==\n-----END CERTIFICATE REQUEST-----\n",
                "edge-1", facts(), List.of("synthetic.echo", "quic"), List.of("relay"), "0.1.0");
    }

    @Test
    void everyMessageSurvivesARoundTrip() {
        roundTrip(facts(), HostFacts::toJson, HostFacts::fromJson);
        roundTrip(enrollmentRequest(), EnrollmentRequest::toJson, EnrollmentRequest::fromJson);
        roundTrip(new EnrollmentAccepted(REQUEST, "pending"), EnrollmentAccepted::toJson, EnrollmentAccepted::fromJson);
        roundTrip(EnrollmentStatus.pending(REQUEST), EnrollmentStatus::toJson, EnrollmentStatus::fromJson);
        roundTrip(EnrollmentStatus.rejected(REQUEST, "unknown host"), EnrollmentStatus::toJson, EnrollmentStatus::fromJson);
        roundTrip(EnrollmentStatus.expired(REQUEST), EnrollmentStatus::toJson, EnrollmentStatus::fromJson);
        roundTrip(EnrollmentStatus.approved(REQUEST, NODE, CLUSTER, "cert", "ca"),
                EnrollmentStatus::toJson, EnrollmentStatus::fromJson);
        roundTrip(new WorkloadState("echo-1", "synthetic.echo", "degraded", "not supported here"),
                WorkloadState::toJson, WorkloadState::fromJson);
        roundTrip(new Heartbeat(CLUSTER, "healthy", "0.1.0", T,
                        List.of(new WorkloadState("echo-1", "synthetic.echo", "running", null)), facts()),
                Heartbeat::toJson, Heartbeat::fromJson);
        roundTrip(new Heartbeat(CLUSTER, "degraded", "0.1.0", T, List.of(), null), Heartbeat::toJson, Heartbeat::fromJson);
        roundTrip(new HeartbeatAck(T, 7, "active"), HeartbeatAck::toJson, HeartbeatAck::fromJson);
        roundTrip(new HeartbeatAck(T, 7, "active", T.minusSeconds(60)), HeartbeatAck::toJson, HeartbeatAck::fromJson);
        roundTrip(new DesiredState(NODE, CLUSTER, 3, List.of(new RoleGrant("relay", null), new RoleGrant("service-host", REQUEST)),
                        List.of(new DesiredWorkload("echo", "synthetic.echo", "relay", Map.of("port", "7443")),
                                new DesiredWorkload("worker", "process", "service-host",
                                        Map.of("executable", "/usr/bin/sleep", "arguments", "60")))),
                DesiredState::toJson, DesiredState::fromJson);
        roundTrip(new WorkloadReport(CLUSTER, List.of(new WorkloadState("echo", "synthetic.echo", "running", null),
                        new WorkloadState("worker", "process", "failed", "exit code 3"))),
                WorkloadReport::toJson, WorkloadReport::fromJson);
        roundTrip(new WorkloadReport(CLUSTER, List.of()), WorkloadReport::toJson, WorkloadReport::fromJson);
        roundTrip(Problem.of("node_revoked", 401, "Node revoked", "the node was revoked"), Problem::toJson, Problem::fromJson);
        roundTrip(new CertificateRenewal(CLUSTER, "-----BEGIN CERTIFICATE REQUEST-----\nAA==\n-----END CERTIFICATE REQUEST-----\n"),
                CertificateRenewal::toJson, CertificateRenewal::fromJson);
        roundTrip(new CertificateIssued("7f3a09", "cert", "ca", T, T.plusSeconds(86_400)),
                CertificateIssued::toJson, CertificateIssued::fromJson);
        roundTrip(new Revocations(CLUSTER, T, List.of(new Revocation("7f3a09", T, T.plusSeconds(3600)),
                new Revocation("1b", T.plusSeconds(5), T.plusSeconds(7200)))), Revocations::toJson, Revocations::fromJson);
        roundTrip(new Revocations(CLUSTER, T, List.of()), Revocations::toJson, Revocations::fromJson);
    }

    @Test
    void rotationMessagesAreChecked() {
        JsonObject renewal = new CertificateRenewal(CLUSTER, "csr").toJson();
        assertField(() -> CertificateRenewal.fromJson(without(renewal, "csrPem")), "csrPem", "csrPem is required");
        assertField(() -> CertificateRenewal.fromJson(with(renewal, "csrPem", "x".repeat(Limits.MAX_CSR_PEM_LENGTH + 1))),
                "csrPem", "csrPem must be at most 8192 characters");
        assertField(() -> CertificateRenewal.fromJson(with(renewal, "clusterId", "cluster-1")), "clusterId",
                "clusterId must be a UUID");

        assertField(() -> new CertificateIssued("7F3A", "cert", "ca", T, T.plusSeconds(1)), "serial",
                "serial must be lower-case hexadecimal");
        assertField(() -> new CertificateIssued("7f3a", "cert", "ca", T, T), "notAfter",
                "notAfter must be after notBefore");
        JsonObject issued = new CertificateIssued("7f3a", "cert", "ca", T, T.plusSeconds(1)).toJson();
        assertField(() -> CertificateIssued.fromJson(without(issued, "certificatePem")), "certificatePem",
                "certificatePem is required");
        assertField(() -> CertificateIssued.fromJson(with(issued, "notAfter", "tomorrow")), "notAfter",
                "notAfter must be an ISO-8601 date-time with offset");
    }

    @Test
    void revocationListsAreCheckedAndAnswerBySerial() {
        Revocation revoked = new Revocation("7f3a", T, T.plusSeconds(60));
        Revocations list = new Revocations(CLUSTER, T, List.of(revoked));

        assertThat(list.isRevoked("7f3a")).isTrue();
        assertThat(list.isRevoked("7f3b")).isFalse();
        assertField(() -> new Revocations(CLUSTER, T, List.of(revoked, revoked)), "revoked",
                "revoked lists serial 7f3a twice");
        assertField(() -> Revocations.fromJson(JsonTest.parse("{\"clusterId\":\"" + CLUSTER
                        + "\",\"generatedAt\":\"2025-01-01T00:00:00Z\",\"revoked\":[{\"serial\":\"zz\","
                        + "\"revokedAt\":\"2025-01-01T00:00:00Z\",\"notAfter\":\"2025-01-02T00:00:00Z\"}]}")),
                "revoked[0].serial", "revoked[0].serial must be lower-case hexadecimal");
        List<Revocation> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i <= Limits.MAX_REVOKED_CERTIFICATES; i++) {
            tooMany.add(new Revocation(Integer.toHexString(i + 1), T, T.plusSeconds(60)));
        }
        assertField(() -> new Revocations(CLUSTER, T, tooMany), "revoked", "revoked must have at most 400 items");
    }

    @Test
    void aFullRevocationListFitsInOneBody() {
        List<Revocation> full = new java.util.ArrayList<>();
        for (int i = 0; i < Limits.MAX_REVOKED_CERTIFICATES; i++) {
            String serial = "f".repeat(24) + String.format("%08x", i);
            full.add(new Revocation(serial, Instant.parse("2025-06-01T08:30:00.123456Z").plusSeconds(i),
                    Instant.parse("2025-07-01T08:30:00Z")));
        }

        assertThat(Json.toBytes(new Revocations(CLUSTER, T, full).toJson()).length).isLessThan(Limits.MAX_BODY_BYTES);
    }

    @Test
    void telemetryFlagsAndTheRuntimeBlockSurviveARoundTripAndAreAbsentWhenNone() {
        DesiredState withFlags = new DesiredState(NODE, CLUSTER, 4, List.of(), List.of(), List.of(
                new TelemetryFlag(TelemetryFlag.LINK_TRACE, T.plusSeconds(3600)),
                new TelemetryFlag(TelemetryFlag.HEARTBEAT_DETAIL, T.plusSeconds(60))));
        roundTrip(withFlags, DesiredState::toJson, DesiredState::fromJson);
        assertThat(new DesiredState(NODE, CLUSTER, 4, List.of(), List.of()).toJson()).doesNotContainKey("telemetry");
        assertThat(withFlags.telemetryAt(T)).containsExactlyInAnyOrder("link_trace", "heartbeat_detail");
        assertThat(withFlags.telemetryAt(T.plusSeconds(60))).as("expired at expiresAt").containsExactly("link_trace");

        Heartbeat detailed = new Heartbeat(CLUSTER, "healthy", "0.1.0", T, List.of(), null,
                new RuntimeDetail(1_000, 4_000L, 12, 300, 40L, 2));
        roundTrip(detailed, Heartbeat::toJson, Heartbeat::fromJson);
        roundTrip(new Heartbeat(CLUSTER, "healthy", "0.1.0", T, List.of(), null,
                new RuntimeDetail(1_000, null, 12, 300, null, 0)), Heartbeat::toJson, Heartbeat::fromJson);
        assertThat(new Heartbeat(CLUSTER, "healthy", "0.1.0", T, List.of(), null).toJson()).doesNotContainKey("runtime");

        assertThatThrownBy(() -> new DesiredState(NODE, CLUSTER, 1, List.of(), List.of(), List.of(
                new TelemetryFlag("link_trace", T), new TelemetryFlag("link_trace", T.plusSeconds(1)))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'link_trace' twice");
        assertThatThrownBy(() -> new RuntimeDetail(-1, null, 1, 1, null, 0)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void desiredStateRefusesDuplicateWorkloadsAndBadSettings() {
        DesiredWorkload echo = new DesiredWorkload("echo", "synthetic.echo", "relay", Map.of());

        assertThatThrownBy(() -> new DesiredState(NODE, CLUSTER, 1, List.of(), List.of(echo, echo)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'echo' twice");
        assertThatThrownBy(() -> new DesiredWorkload("w", "process", "service-host", Map.of("executable", "a\nb")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("single line");
        assertThatThrownBy(() -> new DesiredWorkload("w", "process", "service-host", Map.of("bad key", "x")))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void workloadReportRefusesDuplicatesAndNamesTheBadEntry() {
        WorkloadState echo = new WorkloadState("echo", "synthetic.echo", "running", null);
        assertThatThrownBy(() -> new WorkloadReport(CLUSTER, List.of(echo, echo)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("'echo' twice");
        JsonObject badState = Json.objectBuilder().add("clusterId", CLUSTER.toString())
                .add("workloads", Json.arrayBuilder().add(Json.objectBuilder().add("name", "echo")
                        .add("type", "synthetic.echo").add("state", "sleeping"))).build();
        assertThatThrownBy(() -> WorkloadReport.fromJson(badState)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).field()).isEqualTo("workloads[0].state");
        JsonObject noCluster = Json.objectBuilder().add("workloads", Json.arrayBuilder()).build();
        assertThatThrownBy(() -> WorkloadReport.fromJson(noCluster)).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).field()).isEqualTo("clusterId");
    }

    @Test
    void nullableFieldsAreAbsentInJson() {
        JsonObject pending = EnrollmentStatus.pending(REQUEST).toJson();

        assertThat(pending.keySet()).containsExactlyInAnyOrder("requestId", "status");
        assertThat(new Heartbeat(CLUSTER, "healthy", "0.1.0", T, List.of(), null).toJson()).doesNotContainKey("facts");
    }

    @Test
    void unknownFieldsAreIgnored() {
        JsonObject json = JsonTest.parse("{\"requestId\":\"" + REQUEST + "\",\"status\":\"pending\",\"future\":{\"x\":1}}");

        assertThat(EnrollmentAccepted.fromJson(json)).isEqualTo(new EnrollmentAccepted(REQUEST, "pending"));
    }

    @Test
    void missingAndOversizedFieldsAreNamed() {
        JsonObject request = enrollmentRequest().toJson();

        assertField(() -> EnrollmentRequest.fromJson(without(request, "joinToken")), "joinToken", "joinToken is required");
        assertField(() -> EnrollmentRequest.fromJson(with(request, "nodeName", "x".repeat(Limits.MAX_NODE_NAME_LENGTH + 1))),
                "nodeName", "nodeName must be at most 64 characters");
        assertField(() -> EnrollmentRequest.fromJson(with(request, "nodeName", "edge 1; rm")), "nodeName",
                "nodeName may contain only letters, digits, '.', '_' and '-', starting with a letter or digit");
        assertField(() -> EnrollmentRequest.fromJson(with(request, "csrPem", "x".repeat(Limits.MAX_CSR_PEM_LENGTH + 1))),
                "csrPem", "csrPem must be at most 8192 characters");
    }

    @Test
    void nestedErrorsNameThePath() {
        JsonObject request = enrollmentRequest().toJson();
        JsonObject badFacts = with(request.getJsonObject("facts"), "hostname", "evil\nhost");

        assertField(() -> EnrollmentRequest.fromJson(with(request, "facts", badFacts)), "facts.hostname",
                "facts.hostname must be a single line");

        JsonObject heartbeat = JsonTest.parse("{\"clusterId\":\"" + CLUSTER + "\",\"health\":\"healthy\","
                + "\"agentVersion\":\"1\",\"sentAt\":\"2025-01-01T00:00:00Z\","
                + "\"workloads\":[{\"name\":\"w\",\"type\":\"t\",\"state\":\"dancing\"}]}");
        assertField(() -> Heartbeat.fromJson(heartbeat), "workloads[0].state",
                "workloads[0].state must be one of degraded, failed, running, starting, stopped, stopping");
    }

    @Test
    void badUuidsAndEnumsAreRefused() {
        JsonObject accepted = new EnrollmentAccepted(REQUEST, "pending").toJson();

        assertField(() -> EnrollmentAccepted.fromJson(with(accepted, "requestId", "not-a-uuid")), "requestId",
                "requestId must be a UUID");
        assertField(() -> EnrollmentAccepted.fromJson(with(accepted, "status", "maybe")), "status",
                "status must be one of approved, expired, pending, rejected");
        assertField(() -> new Heartbeat(CLUSTER, "fine", "1", T, List.of(), null), "health",
                "health must be one of degraded, healthy, unhealthy");
    }

    @Test
    void approvedStatusCarriesTheIdentityAndOthersDoNot() {
        assertField(() -> EnrollmentStatus.approved(REQUEST, NODE, CLUSTER, null, "ca"), "certificatePem",
                "certificatePem is required when status is approved");
        assertField(() -> new EnrollmentStatus(REQUEST, "pending", null, NODE, null, null, null), "nodeId",
                "nodeId must be absent when status is pending");
    }

    @Test
    void factsAreChecked() {
        assertField(() -> new HostFacts("h", "os", "k", "amd64", 0, 1, List.of(), FINGERPRINT), "cpuCount",
                "cpuCount must be between 1 and 65536");
        assertField(() -> new HostFacts("h", "os", "k", "amd64", 1, 1, List.of("<script>"), FINGERPRINT), "addresses",
                "addresses must hold IPv4 or IPv6 literals");
        assertField(() -> new HostFacts("h", "os", "k", "amd64", 1, 1, List.of(), "ABC"), "hostFingerprint",
                "hostFingerprint must be a lowercase hex SHA-256 (64 characters)");
    }

    @Test
    void capabilitiesAndRolesAreDistinctIdentifiers() {
        assertField(() -> new EnrollmentRequest("t", "csr", "n", facts(), List.of("quic", "quic"), List.of(), "1"),
                "capabilities", "capabilities lists 'quic' twice");
        assertField(() -> new EnrollmentRequest("t", "csr", "n", facts(), List.of(), List.of("ro le"), "1"),
                "requestedRoles",
                "requestedRoles may contain only letters, digits, '.', '_', ':' and '-', starting with a letter or digit");
    }

    @Test
    void theJoinTokenStaysOutOfToString() {
        assertThat(enrollmentRequest().toString()).doesNotContain("join-token-secret").contains("edge-1");
    }

    @Test
    void problemsAreLenientWhenRead() {
        Problem problem = Problem.fromJson(JsonTest.parse("{\"title\":\"Bad Gateway\"}"));

        assertThat(problem).isEqualTo(new Problem("about:blank", "Bad Gateway", 0, null));
        assertThat(problem.code()).isNull();
        assertThat(Problem.of("node_revoked", 401, "t", null).code()).isEqualTo("node_revoked");
    }

    @Test
    void protocolExceptionsBecomeProblems() {
        Problem invalid = Problem.of(ProtocolException.invalidField("nodeName", "nodeName is required"));
        Problem tooLarge = Problem.of(new ProtocolException(ProtocolException.BODY_TOO_LARGE, null, "too large"));
        Problem proof = Problem.of(new ProofException(ProofException.STALE, "old"));

        assertThat(invalid).isEqualTo(new Problem("urn:rap:problem:invalid_field", "Invalid request", 400,
                "nodeName is required"));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(proof.status()).isEqualTo(401);
        assertThat(proof.type()).isEqualTo("urn:rap:problem:proof_stale");
    }

    @Test
    void pathsAreResolvedAgainstTheBaseUrl() {
        assertThat(NodeApiPaths.resolve(java.net.URI.create("https://cp.example:8443/"), NodeApiPaths.heartbeats(NODE)))
                .hasToString("https://cp.example:8443/node-api/v1/nodes/" + NODE + "/heartbeats");
        assertThat(NodeApiPaths.resolve(java.net.URI.create("https://cp.example/rap"), NodeApiPaths.enrollment(REQUEST)))
                .hasToString("https://cp.example/rap/node-api/v1/enrollments/" + REQUEST);
        assertThat(NodeApiPaths.resolve(java.net.URI.create("https://cp.example/"), NodeApiPaths.revocations(NODE, CLUSTER)))
                .hasToString("https://cp.example/node-api/v1/nodes/" + NODE + "/revocations?cluster=" + CLUSTER);
        assertThat(NodeApiPaths.certificates(NODE)).isEqualTo("/node-api/v1/nodes/" + NODE + "/certificates");
    }

    private static <T> void roundTrip(T message, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
        byte[] wire = Json.toBytes(toJson.apply(message));
        T back = fromJson.apply(Json.parse(wire));
        assertThat(back).isEqualTo(message);
        assertThat(new String(Json.toBytes(toJson.apply(back)), StandardCharsets.UTF_8))
                .isEqualTo(new String(wire, StandardCharsets.UTF_8));
    }

    private static JsonObject without(JsonObject obj, String field) {
        return Json.provider().createObjectBuilder(obj).remove(field).build();
    }

    private static JsonObject with(JsonObject obj, String field, String value) {
        return Json.provider().createObjectBuilder(obj).add(field, value).build();
    }

    private static JsonObject with(JsonObject obj, String field, JsonObject value) {
        return Json.provider().createObjectBuilder(obj).add(field, value).build();
    }

    @Test
    void heartbeatAckWithoutARotationRequestLooksAsBefore() {
        // an older agent or server: the field is simply absent, in both directions
        JsonObject plain = new HeartbeatAck(T, 7, "active").toJson();
        assertThat(plain.containsKey("rotationRequestedAt")).isFalse();
        assertThat(HeartbeatAck.fromJson(plain).rotateCertificate()).isFalse();

        HeartbeatAck requested = HeartbeatAck.fromJson(new HeartbeatAck(T, 7, "active", T).toJson());
        assertThat(requested.rotateCertificate()).isTrue();
        assertThat(requested.rotationRequestedAt()).isEqualTo(T);
        assertThatThrownBy(() -> HeartbeatAck.fromJson(Json.provider().createObjectBuilder(plain)
                .add("rotationRequestedAt", "yesterday").build())).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("rotationRequestedAt");
    }

    @Test
    void constructorsRefuseNullRequiredFields() {
        assertThatThrownBy(() -> new HeartbeatAck(null, 1, "active")).isInstanceOf(ProtocolException.class)
                .hasMessage("receivedAt is required");
    }
}
