package io.rap.fabric.domain.node;

import io.rap.fabric.domain.audit.AuditEntry;
import io.rap.fabric.domain.audit.RefusalAudit;
import io.rap.fabric.protocol.NodeProof;
import io.rap.fabric.protocol.ProofException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Checks a node proof (RFC 9449 shape) against the key the control plane has on record, and
 * accepts each proof id once per key while it could still be fresh. Every refused proof
 * (missing, malformed, forged, stale, replayed, made with another key) is audited as
 * {@code node.proof_refused} through {@link RefusalAudit}, so call {@link #verify} before the
 * caller's transaction records any audit event.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ProofVerifier {

    /** Proofs are accepted when issued at most this long before or after the server's clock. */
    public static final Duration WINDOW = Duration.ofSeconds(60);

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    RefusalAudit refusals;

    /** Verifies signature, method, URI, body, freshness; then that it was made with {@code expectedThumbprint}; then replay. */
    public io.rap.fabric.protocol.VerifiedProof verify(SignedRequest request, String expectedThumbprint) {
        return verify(request, expectedThumbprint == null ? List.of() : List.of(expectedThumbprint));
    }

    /**
     * As {@link #verify(SignedRequest, String)}, for a node that may prove with any of several keys.
     * Every refusal is audited (in a transaction of its own, throttled per source).
     */
    public io.rap.fabric.protocol.VerifiedProof verify(SignedRequest request, Collection<String> acceptedThumbprints) {
        String[] presented = {null};
        try {
            return check(request, acceptedThumbprints, presented);
        } catch (NodeAuthenticationException refusal) {
            String path = request.uri() == null ? null : request.uri().getRawPath();
            String expected = acceptedThumbprints.isEmpty() ? null : String.join(",", acceptedThumbprints);
            refusals.recordAgent(AuditEntry.byNode("agent:" + (presented[0] == null ? "unverified" : presented[0]),
                            "node.proof_refused").detail("code", refusal.code())
                    .detail("method", request.method()).detail("path", path)
                    .detail("expectedKey", expected).detail("presentedKey", presented[0])
                    .detail("sourceAddress", request.sourceAddress()).build(),
                    request.sourceAddress() != null ? request.sourceAddress() : "path:" + path);
            throw refusal;
        }
    }

    /**
     * As {@link #verify(SignedRequest, Collection)} but without auditing a refusal, for a caller that
     * audits it in its own terms (a node claim inside an enrollment is refused as the enrollment).
     * The proof id is remembered exactly as for any other proof.
     */
    public io.rap.fabric.protocol.VerifiedProof verifyUnaudited(SignedRequest request,
                                                                Collection<String> acceptedThumbprints) {
        return check(request, acceptedThumbprints, new String[1]);
    }

    /** {@code presented[0]} receives the proof's key thumbprint once its signature verified. */
    private io.rap.fabric.protocol.VerifiedProof check(SignedRequest request, Collection<String> acceptedThumbprints,
                                                       String[] presented) {
        if (request.proof() == null || request.proof().isBlank()) {
            throw new NodeAuthenticationException("proof_missing", "The request carries no " + NodeProof.HEADER + " proof");
        }
        Instant now = clock.instant();
        io.rap.fabric.protocol.VerifiedProof proof;
        try {
            proof = NodeProof.verify(request.proof(), request.method(), request.uri(), request.body(), now, WINDOW);
        } catch (ProofException e) {
            throw new NodeAuthenticationException(e.code(), e.getMessage());
        }
        presented[0] = proof.keyThumbprint();
        if (proof.jti().length() > 128) {
            throw new NodeAuthenticationException("proof_malformed", "The proof id is longer than 128 characters");
        }
        byte[] presentedKey = proof.keyThumbprint().getBytes(StandardCharsets.US_ASCII);
        if (acceptedThumbprints.stream().noneMatch(accepted -> accepted != null
                && MessageDigest.isEqual(accepted.getBytes(StandardCharsets.US_ASCII), presentedKey))) {
            throw new NodeAuthenticationException("proof_wrong_key", "The proof is not signed with this node's key");
        }
        rememberOnce(proof, now);
        return proof;
    }

    private void rememberOnce(io.rap.fabric.protocol.VerifiedProof proof, Instant now) {
        em.createNativeQuery("delete from node_proof_nonces where expires_at < ?1").setParameter(1, now).executeUpdate();
        int inserted = em.createNativeQuery("insert into node_proof_nonces (id, key_thumbprint, jti, expires_at)"
                        + " values (?1, ?2, ?3, ?4) on conflict (key_thumbprint, jti) do nothing")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, proof.keyThumbprint())
                .setParameter(3, proof.jti())
                .setParameter(4, proof.issuedAt().plus(WINDOW).plus(WINDOW))
                .executeUpdate();
        if (inserted == 0) {
            throw new NodeAuthenticationException("proof_replayed", "This proof was already used");
        }
    }
}
