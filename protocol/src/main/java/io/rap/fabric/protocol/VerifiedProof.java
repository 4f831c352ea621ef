package io.rap.fabric.protocol;

import java.security.PublicKey;
import java.time.Instant;

/**
 * A node proof whose signature, method, URI, time and body hash checked out. The caller
 * still has to compare {@link #keyThumbprint()} with the key on record and refuse a
 * {@link #jti()} seen before within the time window.
 */
public record VerifiedProof(PublicKey publicKey, String keyThumbprint, String jti, Instant issuedAt) {
}
