package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.node.HostFactsRecord;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * An agent's enrollment request as the API layer parsed it; {@code claim} is null unless the agent
 * asks to join as an existing node.
 */
public record EnrollmentSubmission(String rawToken, String csrPem, String nodeName, HostFactsRecord facts,
                                   List<String> capabilities, List<String> requestedRoles, String agentVersion,
                                   String sourceAddress, Claim claim) {

    /** A new node (no claim). */
    public EnrollmentSubmission(String rawToken, String csrPem, String nodeName, HostFactsRecord facts,
                                List<String> capabilities, List<String> requestedRoles, String agentVersion,
                                String sourceAddress) {
        this(rawToken, csrPem, nodeName, facts, capabilities, requestedRoles, agentVersion, sourceAddress, null);
    }

    /**
     * The agent's node claim ({@code io.rap.fabric.protocol.NodeClaim}) and the absolute URI the
     * enrollment was posted to, which the claim's proof is bound to.
     */
    public record Claim(UUID nodeId, String proof, URI addressedUri) {
    }
}
