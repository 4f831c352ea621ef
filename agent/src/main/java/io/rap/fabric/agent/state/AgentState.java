package io.rap.fabric.agent.state;

import io.rap.fabric.protocol.HeartbeatAck;
import io.rap.fabric.protocol.Json;
import io.rap.fabric.protocol.ProtocolException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The content of {@code state.json}: this node's enrollment and identity and its last
 * contact with the control plane. Derived from the control plane's answers; the
 * control plane (PostgreSQL) remains the source of truth.
 *
 * @param certificateSerial   hex serial of the node certificate
 * @param certificateNotAfter end of the node certificate's validity
 */
public record AgentState(String server, String nodeName, UUID requestId, EnrollmentState enrollment,
                         String rejectionReason, UUID nodeId, UUID clusterId, String certificatePem,
                         String caCertificatePem, String certificateSerial, Instant certificateNotAfter,
                         Instant lastHeartbeatAt, HeartbeatAck lastAck) {

    public static final int FORMAT_VERSION = 1;
    private static final int MAX_TEXT = 64 * 1024;

    public AgentState {
        Objects.requireNonNull(enrollment, "enrollment");
    }

    public static AgentState empty() {
        return new AgentState(null, null, null, EnrollmentState.NONE, null, null, null, null, null, null, null, null,
                null);
    }

    public AgentState pending(String server, String nodeName, UUID requestId) {
        return new AgentState(server, nodeName, requestId, EnrollmentState.PENDING, null, null, null, null, null, null,
                null, null, null);
    }

    public AgentState approved(UUID nodeId, UUID clusterId, String certificatePem, String caCertificatePem,
                               String certificateSerial, Instant certificateNotAfter) {
        return new AgentState(server, nodeName, requestId, EnrollmentState.APPROVED, null, nodeId, clusterId,
                certificatePem, caCertificatePem, certificateSerial, certificateNotAfter, null, null);
    }

    /** After a rotation: the new certificate; the CA and everything else stay. */
    public AgentState rotated(String newCertificatePem, String newSerial, Instant newNotAfter) {
        return new AgentState(server, nodeName, requestId, enrollment, rejectionReason, nodeId, clusterId,
                newCertificatePem, caCertificatePem, newSerial, newNotAfter, lastHeartbeatAt, lastAck);
    }

    public AgentState rejected(String reason) {
        return new AgentState(server, nodeName, requestId, EnrollmentState.REJECTED, reason, null, null, null, null,
                null, null, null, null);
    }

    public AgentState heartbeatAccepted(Instant at, HeartbeatAck ack) {
        return new AgentState(server, nodeName, requestId, enrollment, rejectionReason, nodeId, clusterId,
                certificatePem, caCertificatePem, certificateSerial, certificateNotAfter, at, ack);
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.objectBuilder()
                .add("formatVersion", FORMAT_VERSION)
                .add("enrollment", enrollment.wireName());
        Json.addOptional(json, "server", server);
        Json.addOptional(json, "nodeName", nodeName);
        Json.addOptional(json, "requestId", requestId);
        Json.addOptional(json, "rejectionReason", rejectionReason);
        Json.addOptional(json, "nodeId", nodeId);
        Json.addOptional(json, "clusterId", clusterId);
        Json.addOptional(json, "certificatePem", certificatePem);
        Json.addOptional(json, "caCertificatePem", caCertificatePem);
        Json.addOptional(json, "certificateSerial", certificateSerial);
        Json.addOptional(json, "certificateNotAfter", certificateNotAfter);
        Json.addOptional(json, "lastHeartbeatAt", lastHeartbeatAt);
        if (lastAck != null) {
            json.add("lastAck", lastAck.toJson());
        }
        return json.build();
    }

    /**
     * @throws ProtocolException   when a field is missing or malformed
     * @throws IllegalArgumentException for an unknown enrollment state or format version
     */
    public static AgentState fromJson(JsonObject json) {
        int version = Json.requireInt(json, "formatVersion", 1, Integer.MAX_VALUE);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + version + " is not supported by this agent (it reads "
                    + FORMAT_VERSION + "); was it written by a newer agent?");
        }
        JsonObject ack = Json.optionalObject(json, "lastAck");
        AgentState state = new AgentState(
                Json.optionalString(json, "server", 2048),
                Json.optionalString(json, "nodeName", 256),
                Json.optionalUuid(json, "requestId"),
                EnrollmentState.fromWireName(Json.requireString(json, "enrollment", 32)),
                Json.optionalString(json, "rejectionReason", MAX_TEXT),
                Json.optionalUuid(json, "nodeId"),
                Json.optionalUuid(json, "clusterId"),
                Json.optionalString(json, "certificatePem", MAX_TEXT),
                Json.optionalString(json, "caCertificatePem", MAX_TEXT),
                Json.optionalString(json, "certificateSerial", 128),
                Json.optionalInstant(json, "certificateNotAfter"),
                Json.optionalInstant(json, "lastHeartbeatAt"),
                ack == null ? null : HeartbeatAck.fromJson(ack));
        state.requireConsistent();
        return state;
    }

    private void requireConsistent() {
        if (enrollment != EnrollmentState.NONE && (server == null || requestId == null)) {
            throw new IllegalArgumentException("enrollment is " + enrollment.wireName() + " but server or requestId is missing");
        }
        if (enrollment == EnrollmentState.APPROVED
                && (nodeId == null || clusterId == null || certificatePem == null || caCertificatePem == null)) {
            throw new IllegalArgumentException("enrollment is approved but the node identity is incomplete");
        }
    }
}
