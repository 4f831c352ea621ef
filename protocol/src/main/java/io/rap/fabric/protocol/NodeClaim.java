package io.rap.fabric.protocol;

import jakarta.json.JsonObject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The optional {@code nodeClaim} of an enrollment: "the host enrolling this new key is node
 * {@code nodeId}", proven by a signature of a key that node already holds in another cluster.
 * Without it the control plane creates a new node; host facts (the host fingerprint included)
 * are reported by the host itself and never prove that two memberships are one host.
 *
 * <p>The proof is a {@link NodeProof} (same JWS, same freshness window, same replay check on
 * the server) for {@code POST <enrollments URI>} whose body is the {@link #statement}: the claimed
 * node, the RFC 7638 thumbprint of the new CSR's key and the SHA-256 of the join token. It is
 * therefore worth nothing for another CSR, another join token, another node or another server,
 * and (having its own {@code jti}) only once.
 */
public record NodeClaim(UUID nodeId, String proof) {

    /** Domain separation: these bytes can never be the body of a real node API request. */
    static final String STATEMENT_TYPE = "rap-node-claim/1";

    public NodeClaim {
        Check.required("nodeClaim.nodeId", nodeId);
        Check.line("nodeClaim.proof", proof, Limits.MAX_PROOF_LENGTH);
    }

    /**
     * Signs the claim with {@code existingKey}, the key of a usable identity of {@code nodeId}.
     *
     * @param enrollmentsUri the URI the enrollment is posted to
     */
    public static NodeClaim create(KeyPair existingKey, UUID nodeId, URI enrollmentsUri, String csrKeyThumbprint,
                                   String joinToken, Instant issuedAt) {
        return new NodeClaim(nodeId, NodeProof.create(existingKey, "POST", enrollmentsUri,
                statement(nodeId, csrKeyThumbprint, joinToken), issuedAt));
    }

    /**
     * The signed statement, in canonical JSON: what the verifier recomputes from the enrollment it
     * received (the claimed node, the CSR it parsed, the join token it was given).
     */
    public static byte[] statement(UUID nodeId, String csrKeyThumbprint, String joinToken) {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(csrKeyThumbprint, "csrKeyThumbprint");
        Objects.requireNonNull(joinToken, "joinToken");
        return CanonicalJson.toBytes(Json.objectBuilder()
                .add("typ", STATEMENT_TYPE)
                .add("node", nodeId.toString())
                .add("csrKey", csrKeyThumbprint)
                .add("joinToken", Keys.base64Url(Keys.sha256(joinToken.getBytes(StandardCharsets.UTF_8))))
                .build());
    }

    public JsonObject toJson() {
        return Json.objectBuilder().add("nodeId", nodeId.toString()).add("proof", proof).build();
    }

    public static NodeClaim fromJson(JsonObject json) {
        return new NodeClaim(Json.requireUuid(json, "nodeId"),
                Json.requireString(json, "proof", Limits.MAX_PROOF_LENGTH));
    }

    /** The proof is a bearer credential for this one enrollment: keep it out of logs. */
    @Override
    public String toString() {
        return "NodeClaim[nodeId=" + nodeId + "]";
    }
}
