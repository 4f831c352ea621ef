package io.rap.fabric.domain.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The chain hash of an audit row: SHA-256 over the previous hash and the row's fields in a fixed
 * order, each length-prefixed so no two different rows serialize alike.
 */
final class AuditHash {

    private AuditHash() {
    }

    static String of(String previousHash, long sequenceNo, Instant occurredAt, String actor, String actorKind,
                     String eventType, UUID clusterId, UUID nodeId, UUID organizationId, String targetType,
                     String targetId, String canonicalDetails) {
        StringBuilder text = new StringBuilder();
        for (Object part : new Object[] {previousHash, sequenceNo, occurredAt, actor, actorKind, eventType, clusterId,
                nodeId, organizationId, targetType, targetId, canonicalDetails}) {
            String value = part == null ? "" : part.toString();
            text.append(value.length()).append(':').append(value).append(';');
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static String of(AuditEvent e, String canonicalDetails) {
        return of(e.previousHash(), e.sequenceNo(), e.occurredAt(), e.actor(), e.actorKind(), e.eventType(),
                e.clusterId(), e.nodeId(), e.organizationId(), e.targetType(), e.targetId(), canonicalDetails);
    }
}
