package io.rap.fabric.domain.trust;

import java.time.Instant;
import java.util.UUID;

/**
 * A cluster's certificate authority as the owner console shows it: the public certificate's
 * facts (never the key), which key-encryption key wraps its private key, and the cluster's
 * authority state, since a CA of a cluster that is not {@code healthy} issues nothing.
 */
public record AuthorityView(UUID caId, UUID clusterId, String clusterName, String subject, String serial,
                            String fingerprintSha256, String keyAlgorithm, String kekId, Instant notBefore,
                            Instant notAfter, String status, String authorityState, long authorityTerm) {
}
