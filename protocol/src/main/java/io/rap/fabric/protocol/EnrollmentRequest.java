package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.util.List;

/**
 * {@code POST /node-api/v1/enrollments}: a join request authenticated by the join token.
 * The CSR is only checked for shape here; {@link Csr#parseAndVerify} checks its content.
 * {@code nodeClaim} (optional) asks to join as an existing node rather than a new one.
 */
public record EnrollmentRequest(String joinToken, String csrPem, String nodeName, HostFacts facts,
                                List<String> capabilities, List<String> requestedRoles, String agentVersion,
                                NodeClaim nodeClaim) {

    /** An enrollment of a new node (no claim). */
    public EnrollmentRequest(String joinToken, String csrPem, String nodeName, HostFacts facts,
                             List<String> capabilities, List<String> requestedRoles, String agentVersion) {
        this(joinToken, csrPem, nodeName, facts, capabilities, requestedRoles, agentVersion, null);
    }

    public EnrollmentRequest {
        Check.line("joinToken", joinToken, Limits.MAX_JOIN_TOKEN_LENGTH);
        Check.required("csrPem", csrPem);
        Check.optionalText("csrPem", csrPem, Limits.MAX_CSR_PEM_LENGTH);
        Check.name("nodeName", nodeName, Limits.MAX_NODE_NAME_LENGTH);
        Check.required("facts", facts);
        capabilities = Check.identifiers("capabilities", capabilities, Limits.MAX_CAPABILITIES);
        requestedRoles = Check.identifiers("requestedRoles", requestedRoles, Limits.MAX_ROLES);
        Check.line("agentVersion", agentVersion, Limits.MAX_SHORT_TEXT_LENGTH);
    }

    public JsonObject toJson() {
        var json = Json.objectBuilder()
                .add("joinToken", joinToken)
                .add("csrPem", csrPem)
                .add("nodeName", nodeName)
                .add("facts", facts.toJson())
                .add("capabilities", Json.stringArray(capabilities))
                .add("requestedRoles", Json.stringArray(requestedRoles))
                .add("agentVersion", agentVersion);
        if (nodeClaim != null) {
            json.add("nodeClaim", nodeClaim.toJson());
        }
        return json.build();
    }

    public static EnrollmentRequest fromJson(JsonObject json) {
        return new EnrollmentRequest(
                Json.requireString(json, "joinToken", Limits.MAX_JOIN_TOKEN_LENGTH),
                Json.requireString(json, "csrPem", Limits.MAX_CSR_PEM_LENGTH),
                Json.requireString(json, "nodeName", Limits.MAX_NODE_NAME_LENGTH),
                HostFacts.fromJson(Json.requireObject(json, "facts"), "facts"),
                Json.stringList(json, "capabilities", Limits.MAX_CAPABILITIES, Limits.MAX_IDENTIFIER_LENGTH),
                Json.stringList(json, "requestedRoles", Limits.MAX_ROLES, Limits.MAX_IDENTIFIER_LENGTH),
                Json.requireString(json, "agentVersion", Limits.MAX_SHORT_TEXT_LENGTH),
                nodeClaim(Json.optionalObject(json, "nodeClaim")));
    }

    private static NodeClaim nodeClaim(JsonObject claim) {
        return claim == null ? null : NodeClaim.fromJson(claim);
    }

    /** The join token is a secret: keep it out of logs. */
    @Override
    public String toString() {
        return "EnrollmentRequest[nodeName=" + nodeName + ", facts=" + facts + ", capabilities=" + capabilities
                + ", requestedRoles=" + requestedRoles + ", agentVersion=" + agentVersion
                + (nodeClaim == null ? "" : ", claimedNode=" + nodeClaim.nodeId()) + "]";
    }
}
