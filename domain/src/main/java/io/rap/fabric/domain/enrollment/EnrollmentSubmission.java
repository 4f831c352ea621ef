package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.node.HostFactsRecord;
import java.util.List;

/** An agent's enrollment request as the API layer parsed it. */
public record EnrollmentSubmission(String rawToken, String csrPem, String nodeName, HostFactsRecord facts,
                                   List<String> capabilities, List<String> requestedRoles, String agentVersion,
                                   String sourceAddress) {
}
