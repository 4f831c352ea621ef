package io.rap.fabric.domain.enrollment;

import java.util.UUID;

/**
 * What an agent polling its request may learn: status, and once approved its identity and
 * certificate chain. Certificate fields are null unless approved.
 */
public record EnrollmentOutcome(UUID requestId, String status, String reason, UUID nodeId, UUID clusterId,
                                String certificatePem, String caCertificatePem) {
}
