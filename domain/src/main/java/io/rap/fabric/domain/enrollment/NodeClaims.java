package io.rap.fabric.domain.enrollment;

import io.rap.fabric.domain.node.ClusterMembership;
import io.rap.fabric.domain.node.NodeAuthenticationException;
import io.rap.fabric.domain.node.ProofVerifier;
import io.rap.fabric.domain.node.SignedRequest;
import io.rap.fabric.domain.shared.ConflictException;
import io.rap.fabric.domain.trust.NodeIdentity;
import io.rap.fabric.protocol.NodeClaim;
import io.rap.fabric.protocol.ProofException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The proof that an enrolling host is an existing node (see {@link NodeClaim}). Only a key the
 * control plane issued a certificate for can vouch: the key of an identity of that node that is
 * {@code active}, inside its validity, never revoked, in a membership that is itself active. Host
 * facts never count: they are whatever the host chose to report.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
class NodeClaims {

    @PersistenceContext(unitName = "rap")
    EntityManager em;

    @Inject
    ProofVerifier proofs;

    @Inject
    Clock clock;

    /**
     * Checks the claim of a submission whose CSR has key {@code csrThumbprint}, for the join token
     * {@code rawToken} of cluster {@code clusterId}; its proof id is remembered (replay refused).
     *
     * @return the claimed node
     * @throws NodeClaimRefusedException when the claim proves nothing
     * @throws ConflictException         {@code already_member}: the node is a member of this cluster already
     */
    UUID verify(EnrollmentSubmission.Claim claim, String csrThumbprint, String rawToken, UUID clusterId,
                String sourceAddress) {
        if (claim.nodeId() == null || claim.proof() == null || claim.addressedUri() == null) {
            throw new NodeClaimRefusedException(ProofException.MALFORMED, "The node claim needs a node id and a proof");
        }
        UUID nodeId = claim.nodeId();
        if (em.createQuery("select n.id from Node n where n.id = :n").setParameter("n", nodeId).getResultList().isEmpty()) {
            throw new NodeClaimRefusedException("node_unknown", "The claimed node " + nodeId + " does not exist");
        }
        List<String> keys = vouchingKeys(nodeId);
        if (keys.isEmpty()) {
            throw new NodeClaimRefusedException("no_usable_identity", "The claimed node " + nodeId + " has no active,"
                    + " unexpired and unrevoked certificate in an active membership that could vouch for it");
        }
        try {
            proofs.verifyUnaudited(new SignedRequest(claim.proof(), "POST", claim.addressedUri(),
                    NodeClaim.statement(nodeId, csrThumbprint, rawToken), sourceAddress), keys);
        } catch (NodeAuthenticationException e) {
            throw new NodeClaimRefusedException(e.code(), switch (e.code()) {
                case ProofException.BODY_MISMATCH -> "The node claim was not made for this certificate request's key"
                        + " and this join token";
                case "proof_wrong_key" -> "The node claim is not signed with the key of a usable identity of node "
                        + nodeId;
                default -> "The node claim's proof is not valid: " + e.getMessage();
            });
        }
        requireNotMember(nodeId, clusterId);
        return nodeId;
    }

    /** At approval: the node must still be able to vouch (nobody revoked or disabled it meanwhile). */
    void requireStillTrusted(UUID nodeId) {
        if (vouchingKeys(nodeId).isEmpty()) {
            throw new ConflictException("claimed_node_not_trusted", "The node this request claims to be has no"
                    + " active, unexpired and unrevoked certificate any more (revoked or disabled since the request"
                    + " was made): reject the request; the host can enroll as a new node or claim again");
        }
    }

    /** Any membership except one the node left ends the claim: a node is a member of a cluster at most once. */
    void requireNotMember(UUID nodeId, UUID clusterId) {
        Optional<String> status = membership(nodeId, clusterId).map(ClusterMembership::status);
        if (status.isPresent() && !ClusterMembership.LEFT.equals(status.get())) {
            throw new ConflictException("already_member", "The node is already a member of this cluster (membership "
                    + status.get() + ")");
        }
    }

    Optional<ClusterMembership> membership(UUID nodeId, UUID clusterId) {
        return em.createQuery("select m from ClusterMembership m where m.nodeId = :n and m.clusterId = :c",
                        ClusterMembership.class)
                .setParameter("n", nodeId).setParameter("c", clusterId).getResultStream().findFirst();
    }

    private List<String> vouchingKeys(UUID nodeId) {
        Instant now = clock.instant();
        return em.createQuery("select i.keyThumbprint from NodeIdentity i join ClusterMembership m"
                        + " on m.nodeId = i.nodeId and m.clusterId = i.clusterId where i.nodeId = :n"
                        + " and i.status = :active and i.revokedAt is null and i.certificateNotBefore <= :now"
                        + " and i.certificateNotAfter > :now and m.status = :memberActive", String.class)
                .setParameter("n", nodeId).setParameter("active", NodeIdentity.ACTIVE).setParameter("now", now)
                .setParameter("memberActive", ClusterMembership.ACTIVE).getResultList();
    }
}
