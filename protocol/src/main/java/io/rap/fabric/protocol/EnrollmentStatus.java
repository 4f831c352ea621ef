package io.rap.fabric.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /node-api/v1/enrollments/{id}}. An {@code approved} status carries the node
 * id, cluster id, the node certificate and the CA certificate (or chain); the other
 * statuses carry none of them. Null fields are absent in JSON.
 */
public record EnrollmentStatus(UUID requestId, String status, String reason, UUID nodeId, UUID clusterId,
                               String certificatePem, String caCertificatePem) {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
    public static final Set<String> STATUSES = Set.of(PENDING, APPROVED, REJECTED, EXPIRED);

    public EnrollmentStatus {
        Check.required("requestId", requestId);
        Check.oneOf("status", status, STATUSES);
        Check.optionalText("reason", reason, Limits.MAX_REASON_LENGTH);
        Check.optionalText("certificatePem", certificatePem, Limits.MAX_CERTIFICATE_PEM_LENGTH);
        Check.optionalText("caCertificatePem", caCertificatePem, Limits.MAX_CERTIFICATE_CHAIN_PEM_LENGTH);
        boolean approved = APPROVED.equals(status);
        requireIff(approved, "nodeId", nodeId, status);
        requireIff(approved, "clusterId", clusterId, status);
        requireIff(approved, "certificatePem", certificatePem, status);
        requireIff(approved, "caCertificatePem", caCertificatePem, status);
    }

    public static EnrollmentStatus pending(UUID requestId) {
        return new EnrollmentStatus(requestId, PENDING, null, null, null, null, null);
    }

    public static EnrollmentStatus rejected(UUID requestId, String reason) {
        return new EnrollmentStatus(requestId, REJECTED, reason, null, null, null, null);
    }

    public static EnrollmentStatus expired(UUID requestId) {
        return new EnrollmentStatus(requestId, EXPIRED, null, null, null, null, null);
    }

    public static EnrollmentStatus approved(UUID requestId, UUID nodeId, UUID clusterId,
                                            String certificatePem, String caCertificatePem) {
        return new EnrollmentStatus(requestId, APPROVED, null, nodeId, clusterId, certificatePem, caCertificatePem);
    }

    public boolean isApproved() {
        return APPROVED.equals(status);
    }

    /** Rejected and expired requests never change again: the node must enroll anew. */
    public boolean isFinalRefusal() {
        return REJECTED.equals(status) || EXPIRED.equals(status);
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Json.objectBuilder()
                .add("requestId", requestId.toString())
                .add("status", status);
        Json.addOptional(json, "reason", reason);
        Json.addOptional(json, "nodeId", nodeId);
        Json.addOptional(json, "clusterId", clusterId);
        Json.addOptional(json, "certificatePem", certificatePem);
        Json.addOptional(json, "caCertificatePem", caCertificatePem);
        return json.build();
    }

    public static EnrollmentStatus fromJson(JsonObject json) {
        return new EnrollmentStatus(
                Json.requireUuid(json, "requestId"),
                Json.requireString(json, "status", Limits.MAX_IDENTIFIER_LENGTH),
                Json.optionalString(json, "reason", Limits.MAX_REASON_LENGTH),
                Json.optionalUuid(json, "nodeId"),
                Json.optionalUuid(json, "clusterId"),
                Json.optionalString(json, "certificatePem", Limits.MAX_CERTIFICATE_PEM_LENGTH),
                Json.optionalString(json, "caCertificatePem", Limits.MAX_CERTIFICATE_CHAIN_PEM_LENGTH));
    }

    private static void requireIff(boolean approved, String field, Object value, String status) {
        if (approved && value == null) {
            throw ProtocolException.invalidField(field, field + " is required when status is approved");
        }
        if (!approved && value != null) {
            throw ProtocolException.invalidField(field, field + " must be absent when status is " + status);
        }
    }
}
